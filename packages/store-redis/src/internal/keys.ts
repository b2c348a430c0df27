/**
 * Where everything lives in Redis, under one prefix (default `headroom:`), so that one Redis can
 * serve several Headroom deployments and `redis-cli --scan --pattern 'headroom:*'` finds it all.
 * The tenant is URI-encoded: it then holds no `:`, and the ref after it needs no escaping.
 */
export function createKeys(prefix: string) {
  return {
    /** HASH b (bytes), w (1: UTF-16LE bytes), m (meta JSON), c (created at), e (expires at). */
    original: (tenant: string, ref: string) => `${prefix}o:${encodeURIComponent(tenant)}:${ref}`,
    /** SET of the tenants that stored `ref`: `lookup` by ref alone, for the local owner. */
    holders: (ref: string) => `${prefix}r:${ref}`,
    /** STRING JSON { e: expires at, v: entry }. */
    memo: (tenant: string, key: string) => `${prefix}m:${encodeURIComponent(tenant)}:${key}`,
    /** STREAM of events, fields t (time), y (type), j (event JSON); stream ids give append order. */
    ledger: `${prefix}ledger`,
    /** HASH generation (bumped by every prune), prunedAt. */
    ledgerState: `${prefix}ledger:state`,
    /** The layout version written by the first store that used this prefix. */
    schema: `${prefix}schema`,
  };
}

export type Keys = ReturnType<typeof createKeys>;
