import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadroomError } from '../errors.js';
import { DEFAULT_PRICING } from './default-pricing.js';
import type { ModelPrice, PricingTable } from './model-price.js';

/**
 * The id a table is keyed by: lowercased, without a date snapshot suffix (`-20250929`,
 * `-2024-08-06`), `-latest`, or a cloud prefix/suffix (`us.anthropic.…-v1:0`). Only the exact
 * normalized id matches: `gpt-4o-mini` never takes `gpt-4o`'s price.
 */
export function normalizeModelId(model: string): string {
  let id = model.trim().toLowerCase();
  id = id.slice(id.lastIndexOf('/') + 1);
  id = id.replace(/^(?:[a-z]{2,4}\.)?anthropic\./, '');
  id = id.replace(/-v\d+(?::\d+)?$/, '').replace(/@\d{8}$/, '');
  id = id.replace(/-latest$/, '');
  id = id.replace(/-\d{8}$/, '').replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return id;
}

/** The price of a model, or undefined when the table does not list it. */
export function priceOf(table: PricingTable, model: string): ModelPrice | undefined {
  return table.models[normalizeModelId(model)];
}

const PRICE_FIELDS = ['input', 'output', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead'] as const;

/**
 * A table from an override file's JSON, laid over `base`:
 * `{ "version"?: string, "models": { "<model id>": { "input": 3, "output": 15, "cacheRead"?: 0.3,
 * "cacheWrite5m"?: 3.75, "cacheWrite1h"?: 6 } } }` in dollars per million tokens. A cache price left
 * out is priced as uncached input (no discount is assumed that the file does not state).
 */
export function parsePricing(json: unknown, origin: string, base: PricingTable = DEFAULT_PRICING): PricingTable {
  const fail = (why: string): never => {
    throw new HeadroomError('invalid_argument', `pricing ${origin}: ${why}`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('expected a JSON object with "models"');
  const { version, models } = json as { version?: unknown; models?: unknown };
  if (version !== undefined && typeof version !== 'string') fail('"version" must be a string');
  if (typeof models !== 'object' || models === null || Array.isArray(models)) fail('"models" must be an object keyed by model id');
  const merged: Record<string, ModelPrice> = { ...base.models };
  for (const [model, row] of Object.entries(models as Record<string, unknown>)) {
    if (typeof row !== 'object' || row === null) fail(`"${model}" must be an object`);
    const values = row as Record<string, unknown>;
    for (const field of PRICE_FIELDS) {
      const value = values[field];
      if (value === undefined && field !== 'input' && field !== 'output') continue;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(`"${model}".${field} must be a number >= 0 (dollars per million tokens)`);
    }
    const input = values.input as number;
    const provider = values.provider === 'anthropic' || values.provider === 'openai' ? values.provider : (base.models[normalizeModelId(model)]?.provider ?? 'other');
    merged[normalizeModelId(model)] = {
      provider,
      input,
      output: values.output as number,
      cacheWrite5m: (values.cacheWrite5m as number | undefined) ?? input,
      cacheWrite1h: (values.cacheWrite1h as number | undefined) ?? (values.cacheWrite5m as number | undefined) ?? input,
      cacheRead: (values.cacheRead as number | undefined) ?? input,
    };
  }
  return {
    version: typeof version === 'string' ? version : `${base.version}+${origin}`,
    sources: [...base.sources, origin],
    models: merged,
  };
}

export interface LoadPricingOptions {
  /** An override file named by the user (`--pricing`); an error when it cannot be read. */
  readonly file?: string;
  /** Headroom's folder: `pricing.json` there is used when it exists. */
  readonly home?: string;
}

/** The built-in table, overridden by `file`, else by `home/pricing.json` when that exists. */
export async function loadPricing(options: LoadPricingOptions = {}): Promise<PricingTable> {
  const path = options.file ?? (options.home ? join(options.home, 'pricing.json') : undefined);
  if (path === undefined) return DEFAULT_PRICING;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (options.file === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_PRICING;
    throw new HeadroomError('invalid_argument', `pricing ${path}: cannot read it (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HeadroomError('invalid_argument', `pricing ${path}: not JSON (${(error as Error).message})`);
  }
  return parsePricing(json, path);
}
