import { createHash } from 'node:crypto';

/** The tenant of a host with no client identity: the CLI, or a proxy whose clients send no credential. */
export const LOCAL_TENANT = 'local';

/**
 * A stable tenant id for a client credential (an API key, a bearer token, a proxy token): a
 * domain-separated SHA-256, 64 bits in hex. The same credential always maps to the same tenant;
 * the id names the client in the ledger without revealing the credential.
 */
export function tenantOf(credential: string | undefined): string {
  if (credential === undefined || credential === '') return LOCAL_TENANT;
  return `t-${createHash('sha256').update('headroom-tenant\0').update(credential, 'utf8').digest('hex').slice(0, 16)}`;
}
