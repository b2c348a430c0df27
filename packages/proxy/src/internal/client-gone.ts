import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

/** Set once the client has left before its response was finished; emits `abort` then. */
export type ClientGone = EventEmitter & { readonly aborted: boolean };

/**
 * The signal that stops the upstream call when the client leaves. undici takes an EventEmitter
 * with an `aborted` flag as a signal; an AbortController (an EventTarget, which undici listens to
 * and unlistens from on every request) costs several times more, on every request.
 */
export function clientGone(res: ServerResponse): ClientGone {
  const gone = Object.assign(new EventEmitter(), { aborted: false });
  res.once('close', () => {
    if (res.writableFinished) return;
    gone.aborted = true;
    gone.emit('abort');
  });
  return gone;
}
