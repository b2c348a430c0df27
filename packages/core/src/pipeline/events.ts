import type { CompressionMode } from '../compressor.js';
import type { FailureCode } from './outcome.js';

interface EventBase {
  readonly time: number;
  readonly toolName?: string | undefined;
}

export interface CompressedEvent extends EventBase {
  readonly type: 'compressed';
  readonly compressor: string;
  readonly contentType: string;
  readonly mode: CompressionMode;
  readonly tokensBefore: number;
  readonly tokensAfter: number;
  readonly exact: boolean;
  readonly durationMs: number;
  readonly memoHit: boolean;
}

export interface SkippedEvent extends EventBase {
  readonly type: 'skipped';
  readonly compressor?: string;
  readonly reason: string;
}

export interface OffloadedEvent extends EventBase {
  readonly type: 'offloaded';
  readonly compressor: string;
  readonly ref: string;
  readonly summary: string;
  readonly bytes: number;
}

export interface FailedEvent extends EventBase {
  readonly type: 'failed';
  readonly compressor?: string | undefined;
  readonly code: FailureCode;
  readonly reason: string;
  readonly error?: unknown;
}

export interface RetrievedEvent extends EventBase {
  readonly type: 'retrieved';
  readonly ref: string;
  readonly found: boolean;
}

export type PipelineEvent = CompressedEvent | SkippedEvent | OffloadedEvent | FailedEvent | RetrievedEvent;
export type PipelineEventType = PipelineEvent['type'];
export type PipelineListener<T extends PipelineEventType = PipelineEventType> = (
  event: Extract<PipelineEvent, { type: T }>,
) => void;

/** A tiny typed emitter: a listener that throws is isolated, never breaks a compression. */
export function createEmitter() {
  const listeners = new Map<PipelineEventType, Set<(event: PipelineEvent) => void>>();
  return {
    on<T extends PipelineEventType>(type: T, listener: PipelineListener<T>): () => void {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      const wrapped = listener as (event: PipelineEvent) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    emit(event: PipelineEvent): void {
      const set = listeners.get(event.type);
      if (!set) return;
      for (const listener of set) {
        try {
          listener(event);
        } catch {
          // A broken listener (a dashboard, a logger) must not change what the pipeline returns.
        }
      }
    },
  };
}
