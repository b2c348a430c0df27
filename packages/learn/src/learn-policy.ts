import { type LearnedRule, type LedgerEvent, mergePolicyFiles, type PolicyFile, POLICY_FILE_VERSION, stringifyPolicyFile } from '@headroom/core';
import { analyzeLedger, type ToolObservation } from './analyze-ledger.js';
import { type Proposal, proposeRule } from './propose-rules.js';

export interface LearnedPolicy {
  readonly observations: readonly ToolObservation[];
  readonly proposals: readonly Proposal[];
  /** The previous policy with every proposed rule laid over it: what `--apply` writes. */
  readonly policy: PolicyFile;
  /** Keys whose rule differs from the previous policy's. */
  readonly changed: readonly string[];
}

/** Ledger rows and the previous policy in, observations, proposals and the next policy out. Pure. */
export function learnPolicy(events: Iterable<LedgerEvent>, previous: PolicyFile): LearnedPolicy {
  const observations = analyzeLedger(events);
  const proposals = observations.map((o) => proposeRule(o, previous));
  const tools: Record<string, NonNullable<Proposal['rule']>> = {};
  for (const p of proposals) if (p.rule) tools[p.key] = p.rule;
  const policy = mergePolicyFiles(previous, { version: POLICY_FILE_VERSION, tools });
  // Compared as the file writes them (keys sorted): the order a rule was built in does not matter.
  const text = (rule: unknown) => (rule === undefined ? '' : stringifyPolicyFile({ version: POLICY_FILE_VERSION, tools: { rule: rule as LearnedRule } }));
  const changed = Object.keys(tools).filter((key) => text(previous.tools[key]) !== text(policy.tools[key]));
  return { observations, proposals, policy, changed };
}
