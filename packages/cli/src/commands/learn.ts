import { resolve } from 'node:path';
import { adviseProject, type LearnedPolicy, learnPolicy, readPolicy, readTranscripts, resetPolicy, transcriptRoots, writePolicy } from '@headroom/learn';
import type { Command } from 'commander';
import { type CliDeps, withStore } from '../cli-deps.js';
import { writeFully } from '../cli-io.js';
import { formatInteger } from '../internal/format-number.js';
import { parseSince } from '../internal/parse-since.js';
import { renderTable } from '../internal/render-table.js';

export interface LearnFlags {
  readonly since?: string;
  readonly json?: boolean;
  readonly apply?: boolean;
  readonly reset?: boolean;
  readonly writeAdvice?: boolean;
  readonly project?: string;
}

export function registerLearn(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  program
    .command('learn')
    .description('learn from what models needed: per-tool compression policy from the ledger, advice from agent transcripts')
    .option('--since <when>', 'only what happened since a duration ago (24h, 7d, 2w) or a date (2026-11-01, UTC)', '30d')
    .option('--json', 'print observations, proposals, the policy and the advice as JSON')
    .option('--apply', 'write the proposed policy to $HEADROOM_HOME/policy.json (merged with the previous one)')
    .option('--reset', 'remove the learned policy (kept as policy.json.prev): back to the defaults')
    .option('--write-advice', "merge advice from the agents' transcripts into CLAUDE.local.md / AGENTS.md of the project")
    .option('--project <dir>', 'the project whose transcripts give advice (default: the current folder)')
    .action(async (flags: LearnFlags) => setExit(await runLearn(flags, deps)));
}

export async function runLearn(flags: LearnFlags, deps: CliDeps): Promise<number> {
  const { io } = deps;
  if (flags.reset) {
    const had = resetPolicy(deps.policyPath);
    await writeFully(io.stdout, had ? `headroom: learned policy removed (kept as ${deps.policyPath}.prev)\n` : `headroom: no learned policy at ${deps.policyPath}\n`);
    return 0;
  }
  const since = parseSince(flags.since ?? '30d', Date.now());
  const previous = readPolicy(deps.policyPath);
  if (previous.problem) io.stderr.write(`headroom: warning: learned policy ${deps.policyPath} skipped: ${previous.problem}\n`);
  const events = await withStore(deps, (store) => store.ledger.read({ since }));
  const learned = learnPolicy(events, previous.policy);
  if (flags.apply && learned.changed.length > 0) writePolicy(deps.policyPath, learned.policy, previous);

  const transcripts = readTranscripts({ ...transcriptRoots(io.env), since });
  for (const problem of transcripts.problems) io.stderr.write(`headroom: warning: transcript ${problem.path} skipped: ${problem.message}\n`);
  const project = resolve(io.cwd, flags.project ?? '.');
  const advice = adviseProject(transcripts.calls, project, flags.writeAdvice === true);

  if (flags.json) {
    const json = {
      since: new Date(since).toISOString(),
      policyPath: deps.policyPath,
      observations: learned.observations,
      proposals: learned.proposals,
      policy: learned.policy,
      changed: learned.changed,
      applied: flags.apply === true && learned.changed.length > 0,
      transcripts: { files: transcripts.files, calls: transcripts.calls.length, problems: transcripts.problems },
      advice: advice.map(({ path, found, changed, text }) => ({ path, found, changed, written: flags.writeAdvice === true && changed, text })),
    };
    await writeFully(io.stdout, `${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  await writeFully(io.stdout, render(learned, flags, deps.policyPath, advice, transcripts.files, since));
  return 0;
}

function render(learned: LearnedPolicy, flags: LearnFlags, policyPath: string, advice: ReturnType<typeof adviseProject>, files: number, since: number): string {
  const out: string[] = [`Learned from the ledger since ${new Date(since).toISOString().slice(0, 10)}: ${learned.observations.length} tools`];
  if (learned.observations.length > 0) {
    const rows = learned.observations.map((o, i) => {
      const p = learned.proposals[i]!;
      return [o.key, o.compressors.join(','), formatInteger(o.results), formatInteger(o.markers), formatInteger(o.retrievals), formatInteger(o.rereads), formatInteger(o.tokensBefore - o.tokensAfter), p.change];
    });
    out.push('', renderTable(['tool', 'compressor', 'results', 'markers', 'retrievals', 're-reads', 'tokens saved', 'proposal'], rows));
    const reasons = learned.proposals.filter((p) => p.rule).map((p) => `  ${p.key}: ${p.change}: ${p.reason}`);
    if (reasons.length > 0) out.push('', 'Proposed changes:', ...reasons);
  }
  if (learned.changed.length === 0) out.push('', `Policy: nothing to change (${policyPath}).`);
  else if (flags.apply) out.push('', `Policy: wrote ${learned.changed.length} rule(s) to ${policyPath}; hosts pick it up within a second.`);
  else out.push('', `Policy: ${learned.changed.length} rule(s) would change; run with --apply to write ${policyPath}.`);
  out.push('', `Advice from ${files} transcript file(s):`);
  if (advice.length === 0) out.push('  nothing repeated went wrong in this project.');
  for (const file of advice) {
    const state = !file.changed ? 'already up to date' : flags.writeAdvice ? 'written' : 'would change; run with --write-advice';
    out.push(`  ${file.path}: ${file.found} item(s), ${state}`);
  }
  return `${out.join('\n')}\n`;
}
