import { ANTHROPIC_CACHE_MULTIPLIERS, cacheMultipliers } from './cache-multipliers.js';
import type { ModelPrice, PricingTable } from './model-price.js';

const round = (value: number) => Math.round(value * 1e6) / 1e6;

function anthropic(input: number, output: number): ModelPrice {
  const m = ANTHROPIC_CACHE_MULTIPLIERS;
  return { provider: 'anthropic', input, output, cacheWrite5m: round(input * m.write5m), cacheWrite1h: round(input * m.write1h), cacheRead: round(input * m.read) };
}

function openai(model: string, input: number, output: number): ModelPrice {
  // Every row below has a known ratio; a missing one is a bug in this table, caught by its test.
  const m = cacheMultipliers('openai', model) ?? { write5m: 1, write1h: 1, read: 1 };
  return { provider: 'openai', input, output, cacheWrite5m: round(input * m.write5m), cacheWrite1h: round(input * m.write1h), cacheRead: round(input * m.read) };
}

const OPENAI: Record<string, [number, number]> = {
  'gpt-4o': [2.5, 10],
  'gpt-4o-mini': [0.15, 0.6],
  'gpt-4.1': [2, 8],
  'gpt-4.1-mini': [0.4, 1.6],
  'gpt-4.1-nano': [0.1, 0.4],
  o3: [2, 8],
  'o4-mini': [1.1, 4.4],
  'gpt-5': [1.25, 10],
  'gpt-5-mini': [0.25, 2],
  'gpt-5-nano': [0.05, 0.4],
  'gpt-5.1': [1.25, 10],
  'gpt-5.4': [2.5, 15],
  'gpt-5.4-mini': [0.75, 4.5],
  'gpt-5.4-nano': [0.2, 1.25],
  'gpt-5.5': [5, 30],
};

/**
 * Prices per million tokens as the providers published them. Versioned here, with the date they
 * were taken: a figure in dollars is only as good as this table, so `headroom stats` and `/stats`
 * say which version they used, and `HEADROOM_HOME/pricing.json` (or `--pricing FILE`) overrides
 * any row. Models not listed have no price: their tokens are shown, never a guessed dollar figure.
 */
export const DEFAULT_PRICING: PricingTable = Object.freeze({
  version: '2026-12-03',
  sources: ['https://docs.anthropic.com/en/docs/about-claude/pricing', 'https://openai.com/api/pricing'],
  models: Object.freeze({
    'claude-opus-5': anthropic(5, 25),
    'claude-opus-4-8': anthropic(5, 25),
    'claude-opus-4-7': anthropic(5, 25),
    'claude-opus-4-6': anthropic(5, 25),
    'claude-opus-4-5': anthropic(5, 25),
    'claude-opus-4-1': anthropic(15, 75),
    'claude-opus-4': anthropic(15, 75),
    'claude-sonnet-4-6': anthropic(3, 15),
    'claude-sonnet-4-5': anthropic(3, 15),
    'claude-sonnet-4': anthropic(3, 15),
    'claude-3-7-sonnet': anthropic(3, 15),
    'claude-haiku-4-5': anthropic(1, 5),
    'claude-3-5-haiku': anthropic(0.8, 4),
    'claude-3-haiku': anthropic(0.25, 1.25),
    ...Object.fromEntries(Object.entries(OPENAI).map(([model, [input, output]]) => [model, openai(model, input, output)])),
  }),
});
