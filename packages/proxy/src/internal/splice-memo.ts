/**
 * What splicing a resent slot would otherwise redo on every turn: checking that the slot's bytes
 * decode to the text that was compressed (a UTF-8 decode and a JSON parse of most of the body) and
 * encoding the compressed text as a JSON string. Agents resend their history every turn, so the
 * same slots come back with the same bytes: remembering, per tenant, the bytes that were checked
 * for a text and the encoding of each compressed text turns both into a lookup and a byte compare.
 * Keys are the texts themselves (a Map compares them exactly; V8 hashes a long string by its
 * length, so a lookup does not scan it). Bounded by bytes held, oldest first out.
 */
export interface SpliceMemo {
  /** True when `bytes` are exactly the bytes already checked to decode to `text` for this tenant. */
  checked(tenant: string, text: string, bytes: Buffer): boolean;
  /** Records that `bytes` decode to `text` (the caller has just checked it). */
  remember(tenant: string, text: string, bytes: Buffer): void;
  /**
   * A text whose checked bytes (a whole JSON string literal) stand in `raw` from `start` on, for
   * this tenant: the reverse of `checked`, so a resent slot is found without scanning or decoding
   * it. Its literal ends at `start + length` (the bytes were compared whole). Undefined when none
   * is remembered.
   */
  textAt(tenant: string, raw: Buffer, start: number): { readonly text: string; readonly length: number } | undefined;
  /** `text` as a JSON string literal in UTF-8, encoded once. */
  encoded(tenant: string, text: string): Buffer;
  /** Tenants holding at least one entry (bounded by the entries that fit). */
  tenantCount(): number;
}

interface Entry {
  readonly bytes: Buffer;
  /** The key it is stored under (the text, for `checked` entries). */
  readonly key: string;
  /** Bytes held for the entry: the buffer plus the key, which stays alive with it. */
  readonly size: number;
}

/** Checked bytes are indexed by their first this many bytes; shorter ones are not indexed. */
export const PREFIX_BYTES = 64;

/**
 * Entries kept per prefix, newest first. The prefix is only a hint where to look (the bytes are
 * compared whole before a text is handed out); texts that share one (tool results often start
 * alike) cost each other a compare each, and past this many the oldest is only found by decoding.
 */
const PER_PREFIX = 8;

const prefixOf = (bytes: Buffer, start = 0) => bytes.toString('latin1', start, start + PREFIX_BYTES);

interface Tenant {
  readonly checked: Map<string, Entry>;
  readonly encoded: Map<string, Entry>;
  /** `checked` entries by their first `PREFIX_BYTES` bytes, newest first. */
  readonly byBytes: Map<string, Entry[]>;
}

export function createSpliceMemo(maxBytes: number): SpliceMemo {
  const byTenant = new Map<string, Tenant>();
  // Every entry in insertion order, for eviction across tenants and both maps.
  const order = new Map<Entry, { readonly map: Map<string, Entry>; readonly key: string; readonly tenant: string }>();
  let held = 0;

  const maps = (tenant: string) => {
    let found = byTenant.get(tenant);
    if (!found) byTenant.set(tenant, (found = { checked: new Map(), encoded: new Map(), byBytes: new Map() }));
    return found;
  };

  // A tenant with nothing left is forgotten: one per client key would otherwise pile up.
  const forgetIfEmpty = (tenant: string) => {
    const found = byTenant.get(tenant);
    if (found && found.checked.size === 0 && found.encoded.size === 0) byTenant.delete(tenant);
  };

  const hit = (entry: Entry, map: Map<string, Entry>, key: string, tenant: string) => {
    // Refreshes its place in the eviction order.
    order.delete(entry);
    order.set(entry, { map, key, tenant });
  };

  const unindex = (tenant: string, entry: Entry) => {
    const index = byTenant.get(tenant)?.byBytes;
    if (!index) return;
    if (entry.bytes.length < PREFIX_BYTES) return;
    const prefix = prefixOf(entry.bytes);
    const list = index.get(prefix);
    const at = list ? list.indexOf(entry) : -1;
    if (!list || at < 0) return;
    list.splice(at, 1);
    if (list.length === 0) index.delete(prefix);
  };

  const add = (tenant: string, map: Map<string, Entry>, key: string, bytes: Buffer) => {
    // A copy: the slice of a request body would keep the whole body alive.
    const entry: Entry = { bytes: Buffer.from(bytes), key, size: bytes.length + 2 * key.length };
    if (entry.size > maxBytes / 8) {
      forgetIfEmpty(tenant);
      return entry;
    }
    const old = map.get(key);
    if (old) {
      order.delete(old);
      held -= old.size;
      unindex(tenant, old);
    }
    map.set(key, entry);
    order.set(entry, { map, key, tenant });
    held += entry.size;
    for (const [oldest, where] of order) {
      if (held <= maxBytes) break;
      order.delete(oldest);
      if (where.map.get(where.key) === oldest) where.map.delete(where.key);
      held -= oldest.size;
      unindex(where.tenant, oldest);
      forgetIfEmpty(where.tenant);
    }
    return entry;
  };

  return {
    checked(tenant, text, bytes) {
      const map = byTenant.get(tenant)?.checked;
      const entry = map?.get(text);
      if (!map || !entry || !entry.bytes.equals(bytes)) return false;
      hit(entry, map, text, tenant);
      return true;
    },
    remember(tenant, text, bytes) {
      const found = maps(tenant);
      const entry = add(tenant, found.checked, text, bytes);
      if (found.checked.get(text) !== entry || entry.bytes.length < PREFIX_BYTES) return;
      const prefix = prefixOf(entry.bytes);
      const list = found.byBytes.get(prefix);
      if (!list) found.byBytes.set(prefix, [entry]);
      else if (list.unshift(entry) > PER_PREFIX) list.pop();
    },
    textAt(tenant, raw, start) {
      const found = byTenant.get(tenant);
      if (!found || start + PREFIX_BYTES > raw.length) return undefined;
      const list = found.byBytes.get(prefixOf(raw, start));
      if (!list) return undefined;
      for (const entry of list) {
        const end = start + entry.bytes.length;
        if (end > raw.length || entry.bytes.compare(raw, start, end) !== 0) continue;
        hit(entry, found.checked, entry.key, tenant);
        return { text: entry.key, length: entry.bytes.length };
      }
      return undefined;
    },
    encoded(tenant, text) {
      const map = maps(tenant).encoded;
      const entry = map.get(text);
      if (entry) {
        hit(entry, map, text, tenant);
        return entry.bytes;
      }
      return add(tenant, map, text, Buffer.from(JSON.stringify(text), 'utf8')).bytes;
    },
    tenantCount: () => byTenant.size,
  };
}
