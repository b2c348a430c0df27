import type { RequestFormat } from '@headroom/core';
import type { LocatedBody } from '../internal/locate-body.js';

/** A large request body to parse on a body thread: its bytes stay in shared memory. */
export interface BodyJob {
  readonly id: number;
  readonly buffer: SharedArrayBuffer;
  readonly length: number;
  readonly format: RequestFormat;
  /** Slot texts from this many characters on come back as stand-ins (see `locateBody`); absent: none do. */
  readonly standInChars?: number;
}

export type BodyReply = { readonly id: number; readonly located: LocatedBody } | { readonly id: number; readonly failed: string };
