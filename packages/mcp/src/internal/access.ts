import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** The token among `tokens` that `given` equals, compared in constant time. */
export function matchingToken(given: string | undefined, tokens: readonly string[]): string | undefined {
  if (given === undefined) return undefined;
  const wanted = digest(given);
  let found: string | undefined;
  // Every token is compared, so the position of a match does not show in the timing either.
  for (const token of tokens) if (timingSafeEqual(wanted, digest(token))) found = token;
  return found;
}

/** The credential of `Authorization: Bearer X`, if any. */
export function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S.*)$/i.exec(header ?? '');
  return match?.[1]?.trim() || undefined;
}
