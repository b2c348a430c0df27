import { HeadroomError, type HeadroomStore, type HeldTexts, type Pipeline, type Tokenizer } from '@headroom/core';
import { isStandIn, type SharedTexts } from './shared-texts.js';

/**
 * The store as the pipeline sees it when large slot texts reach the request thread as stand-ins
 * (see `locateBody`): the whole original of a compressed stand-in is written as the text its
 * compression thread sent back, never as the stand-in. A stand-in without its text (its request
 * was answered meanwhile) is refused, so nothing but real content is ever stored.
 */
export function storeReadingStandIns(store: HeadroomStore, texts: SharedTexts): HeadroomStore {
  const originals = Object.create(store.originals) as HeadroomStore['originals'];
  const put: HeadroomStore['originals']['put'] = (tenant, ref, original, meta, ttlMs) => {
    if (!isStandIn(original)) return store.originals.put(tenant, ref, original, meta, ttlMs);
    const text = texts.original(original);
    if (text === undefined) return Promise.reject(new HeadroomError('store_unavailable', 'the text of a large slot is no longer held (its request was answered)'));
    return store.originals.put(tenant, ref, text, meta, ttlMs);
  };
  Object.defineProperty(originals, 'put', { value: put, enumerable: true });
  const wrapped = Object.create(store) as HeadroomStore;
  Object.defineProperty(wrapped, 'originals', { value: originals, enumerable: true });
  return wrapped;
}

/**
 * The tokenizer as the pipeline (and a conversation step) sees it: a text registered in
 * `SharedTexts` (a large slot of a body in flight, or its stand-in) counts as its measure's tokens,
 * taken where the body was parsed, instead of being estimated again here (150 ms of this thread
 * for 25 MB). Only for an estimating tokenizer, where a count is the estimate (the proxy's).
 */
export function tokenizerReadingMeasures(tokenizer: Tokenizer, texts: SharedTexts): Tokenizer {
  const tokens = (text: string, of: (text: string) => number) => texts.get(text)?.measure.tokens ?? of(text);
  return { ...tokenizer, count: (text) => tokens(text, tokenizer.count), estimate: (text) => tokens(text, tokenizer.estimate) };
}

/**
 * The pipeline as first sight and a conversation step see it: `measure` answers a registered text
 * (a large slot or its stand-in) with the measure taken where its body was parsed, whatever its
 * length. The pipeline's own `measure` asks its runner only from 256 K characters on, and would
 * hash a stand-in's own characters.
 */
export function pipelineReadingMeasures(pipeline: Pipeline, texts: SharedTexts): Pipeline {
  return {
    ...pipeline,
    measure: (text) => {
      const shared = texts.get(text);
      return shared ? Promise.resolve(shared.measure) : pipeline.measure(text);
    },
  };
}

/**
 * Stand-ins as a conversation step sees them (`ConversationInput.heldTexts`): the content behind
 * one is read only for a slot the step rewrites (a reference to an earlier read, an elision at a
 * compaction point). `read` decodes it from its span of the shared body on a pool thread, so this
 * thread only receives the string (decoding 25 MB here would cost it ~56 ms of one turn); the text
 * a compression thread already sent back is reused.
 */
export function heldStandIns(texts: SharedTexts, read: (standIn: string) => Promise<string>): HeldTexts {
  return {
    has: isStandIn,
    async text(standIn) {
      const known = texts.original(standIn);
      if (known !== undefined) return known;
      if (!texts.get(standIn)) throw new HeadroomError('store_unavailable', 'the text of a large slot is no longer held (its request was answered)');
      const text = await read(standIn);
      texts.resolve(standIn, text);
      return text;
    },
  };
}
