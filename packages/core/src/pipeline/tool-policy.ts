import type { CompressionMode } from '../compressor.js';

/**
 * How the output of one tool (or one command family of a tool) is compressed, on top of the
 * pipeline's policy. `headroom learn --apply` writes these; a host may set its own too.
 */
export interface ToolPolicy {
  /** The tool's output passes through untouched (code `skipped`). */
  readonly exempt?: boolean;
  /**
   * `lossless`: re-encode only, never omit. A tool policy can only tighten the host's mode: a host
   * that asked for lossless stays lossless.
   */
  readonly mode?: CompressionMode;
  /**
   * Options per compressor name, merged over `PipelinePolicy.compressorOptions` for this tool's
   * content only: what the chosen compressor receives as `context.options`. The built-in
   * compressors honour `keepFactor` (see their READMEs); third-party ones may read what they like.
   */
  readonly compressorOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/**
 * Tool policies by key: a tool name (`get_orders`, `Bash`) or a tool name and a command family
 * separated by one space (`Bash git log`, see `commandFamily`). The more specific key wins.
 */
export type ToolPolicies = Readonly<Record<string, ToolPolicy>>;

/** The key a tool's output is learned and looked up under: `tool family`, or `tool` without a command. */
export function toolPolicyKey(toolName: string, family?: string): string {
  return family ? `${toolName} ${family}` : toolName;
}

/** The policy that applies to this tool and command family, most specific key first. */
export function findToolPolicy(
  policies: readonly (ToolPolicies | undefined)[],
  toolName: string | undefined,
  family: string | undefined,
): { readonly key: string; readonly policy: ToolPolicy } | undefined {
  if (!toolName) return undefined;
  const keys = family ? [toolPolicyKey(toolName, family), toolName] : [toolName];
  for (const key of keys) {
    // Later sources (the learned file) override earlier ones (the host's static policy) key by key.
    for (let i = policies.length - 1; i >= 0; i--) {
      const policy = policies[i]?.[key];
      if (policy && Object.hasOwn(policies[i]!, key)) return { key, policy };
    }
  }
  return undefined;
}

/** The per-compressor options for one compression: the tool policy's merged over the pipeline's. */
export function optionsForTool(
  base: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  policy: ToolPolicy | undefined,
): Readonly<Record<string, Readonly<Record<string, unknown>>>> {
  if (!policy?.compressorOptions) return base;
  const merged: Record<string, Readonly<Record<string, unknown>>> = { ...base };
  for (const [name, options] of Object.entries(policy.compressorOptions)) merged[name] = { ...base[name], ...options };
  return merged;
}
