import type { Compressor, HeadroomStore } from '@headroom/core';

export interface StartProxyOptions {
  /** Default 8787; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. Any other address requires `token`. */
  readonly host?: string;
  readonly token?: string;
  /** Default https://api.anthropic.com */
  readonly anthropicUpstream?: string;
  /** Default https://api.openai.com */
  readonly openaiUpstream?: string;
  readonly store: HeadroomStore;
  readonly compressors: readonly Compressor[];
  /** Default 32 MiB. */
  readonly maxBodyBytes?: number;
}

export interface RunningProxy {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startProxy(_options: StartProxyOptions): Promise<RunningProxy> {
  throw new Error('the proxy is not implemented yet');
}
