import { compress } from '@headroom/sdk';
import type OpenAI from 'openai';

/** Compress once, send with any client: markers say what was left out and how to get it back. */
export async function smaller(messages: OpenAI.ChatCompletionMessageParam[]) {
  const result = await compress(messages);
  console.log(`${result.tokensBefore} → ${result.tokensAfter} tokens, ${result.markers.length} markers`);
  return result.messages;
}
