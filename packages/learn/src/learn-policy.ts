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
  // Compared as the file writes them (keys sorted), without the notes: a rule whose directive did
  // not change keeps its earlier text, so a second `--apply` on the same evidence writes nothing.
  const directive = (rule: LearnedRule | undefined) => {
    if (rule === undefined) return '';
    const { because: _because, ...rest } = rule;
    return stringifyPolicyFile({ version: POLICY_FILE_VERSION, tools: { rule: rest } });
  };
  const tools: Record<string, LearnedRule> = {};
  for (const p of proposals) if (p.rule && directive(p.rule) !== directive(previous.tools[p.key])) tools[p.key] = p.rule;
  const policy = mergePolicyFiles(previous, { version: POLICY_FILE_VERSION, tools });
  const changed = Object.keys(tools);
  return { observations, proposals, policy, changed };
}
