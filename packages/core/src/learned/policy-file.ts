import type { CompressionMode } from '../compressor.js';
import { HeadroomError } from '../errors.js';
import type { ToolPolicies, ToolPolicy } from '../pipeline/tool-policy.js';

/** The file `headroom learn --apply` writes under `HEADROOM_HOME`. */
export const POLICY_FILE = 'policy.json';
export const POLICY_FILE_VERSION = 1;

/** One learned rule: a tool policy plus why it was learned, for the person reading the file. */
export interface LearnedRule extends ToolPolicy {
  /** What was observed ("retrieved 6 of 6 results"): for people, never read by Headroom. */
  readonly because?: string;
}

/**
 * `HEADROOM_HOME/policy.json`: versioned, human-readable (one rule per tool key, keys sorted, two
 * spaces of indentation), and merged rather than replaced by every `--apply`.
 */
export interface PolicyFile {
  readonly version: typeof POLICY_FILE_VERSION;
  readonly tools: Readonly<Record<string, LearnedRule>>;
}

export const EMPTY_POLICY_FILE: PolicyFile = { version: POLICY_FILE_VERSION, tools: {} };

/** Parses and validates a policy file's text; throws `invalid_argument` saying what is wrong. */
export function parsePolicyFile(text: string): PolicyFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HeadroomError('invalid_argument', `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(value)) throw new HeadroomError('invalid_argument', 'not a JSON object');
  if (value.version !== POLICY_FILE_VERSION) {
    throw new HeadroomError('invalid_argument', `version ${JSON.stringify(value.version)} is not one this Headroom reads (${POLICY_FILE_VERSION})`);
  }
  const tools = value.tools ?? {};
  if (!isRecord(tools)) throw new HeadroomError('invalid_argument', '"tools" must be an object');
  const rules: Record<string, LearnedRule> = {};
  for (const [key, rule] of Object.entries(tools)) rules[key] = parseRule(key, rule);
  return { version: POLICY_FILE_VERSION, tools: rules };
}

function parseRule(key: string, rule: unknown): LearnedRule {
  const where = `tools[${JSON.stringify(key)}]`;
  if (!isRecord(rule)) throw new HeadroomError('invalid_argument', `${where} must be an object`);
  const known = new Set(['exempt', 'mode', 'compressorOptions', 'because']);
  for (const field of Object.keys(rule)) if (!known.has(field)) throw new HeadroomError('invalid_argument', `${where} has an unknown field "${field}"`);
  if (rule.exempt !== undefined && typeof rule.exempt !== 'boolean') throw new HeadroomError('invalid_argument', `${where}.exempt must be true or false`);
  if (rule.mode !== undefined && rule.mode !== 'lossless' && rule.mode !== 'lossy') throw new HeadroomError('invalid_argument', `${where}.mode must be "lossless" or "lossy"`);
  if (rule.because !== undefined && typeof rule.because !== 'string') throw new HeadroomError('invalid_argument', `${where}.because must be a string`);
  const options = rule.compressorOptions;
  if (options !== undefined) {
    if (!isRecord(options)) throw new HeadroomError('invalid_argument', `${where}.compressorOptions must be an object`);
    for (const [name, value] of Object.entries(options)) {
      if (!isRecord(value)) throw new HeadroomError('invalid_argument', `${where}.compressorOptions.${name} must be an object`);
    }
  }
  return {
    ...(rule.exempt !== undefined ? { exempt: rule.exempt } : {}),
    ...(rule.mode !== undefined ? { mode: rule.mode as CompressionMode } : {}),
    ...(options !== undefined ? { compressorOptions: options as Record<string, Record<string, unknown>> } : {}),
    ...(rule.because !== undefined ? { because: rule.because } : {}),
  };
}

/**
 * The previous policy with `next`'s rules laid over it, tool key by tool key: a rule learned now
 * replaces the earlier rule for the same key; keys not learned now keep their earlier rule.
 */
export function mergePolicyFiles(previous: PolicyFile, next: PolicyFile): PolicyFile {
  return { version: POLICY_FILE_VERSION, tools: { ...previous.tools, ...next.tools } };
}

/** The file's text: keys sorted at every level, so the same policy is always the same bytes. */
export function stringifyPolicyFile(policy: PolicyFile): string {
  return `${JSON.stringify(sortKeys(policy), null, 2)}\n`;
}

/** The tool policies a pipeline applies (without the `because` notes). */
export function toolPoliciesOf(policy: PolicyFile): ToolPolicies {
  const out: Record<string, ToolPolicy> = {};
  for (const [key, { because: _because, ...rule }] of Object.entries(policy.tools)) out[key] = rule;
  return out;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  // `version` first: a reader sees what format the file is before anything else.
  for (const key of Object.keys(value).sort((a, b) => (a === 'version' ? -1 : b === 'version' ? 1 : a < b ? -1 : a > b ? 1 : 0))) out[key] = sortKeys(value[key]);
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
