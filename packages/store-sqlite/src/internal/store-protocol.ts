/** One store call sent to the store's worker thread. */
export interface StoreCall {
  readonly id: number;
  readonly area: 'originals' | 'memo' | 'ledger' | 'store';
  readonly method: string;
  readonly args: readonly unknown[];
  /** The caller's clock when it called (ms since the epoch): the store's `now` for this call. */
  readonly at: number;
  /** Wall-clock time past which the caller no longer waits: the worker skips the call. */
  readonly deadline: number;
}

/** Its answer. `id: 0` is the answer to opening the store. */
export type StoreReply =
  | { readonly id: number; readonly ok: true; readonly value?: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly code: string; readonly message: string } };
