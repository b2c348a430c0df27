import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Section, Target } from '../sections/section.js';
import { formatInt, formatPercent, markdownTable } from '../table.js';
import type { AgentSession } from './agent-session.js';
import { debianInventorySession, pythonMaintenanceSession } from './machine-sessions.js';
import { lineChartSvg, renderPng, writeChartsPage } from './plot.js';
import { ARMS, type Arm, type ArmResult, runChatSession } from './run-chat-session.js';
import type { SessionFormat } from './session-bodies.js';
import { sweAgentSessions } from './swe-agent-sessions.js';

const TITLE = 'Long conversations: direct vs first-sight only vs chat (two retrieve-tool settings), against a simulated prompt cache';
const COLORS: Record<Arm, string> = { direct: '#888888', 'first-sight': '#1f77b4', chat: '#d62728', 'chat-tool-when-it-pays': '#2ca02c' };

interface SessionResult {
  readonly session: string;
  readonly format: SessionFormat;
  readonly turns: number;
  readonly long: boolean;
  readonly source: string;
  readonly arms: Record<Arm, ArmResult>;
}

/** Where the bench writes files (plots): `HEADROOM_BENCH_OUT`, or `bench-out/` at the repo root. */
function outputDir(repoRoot: string): string {
  const dir = process.env.HEADROOM_BENCH_OUT?.trim() || join(repoRoot, 'bench-out');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const chatSection: Section = {
  name: 'chat',
  title: TITLE,
  async run(context) {
    context.progress('chat: building two long sessions from real commands on this machine');
    const long = [pythonMaintenanceSession(), debianInventorySession()];
    const sessions: { session: AgentSession; format: SessionFormat }[] = [
      ...long.map((session) => ({ session, format: 'anthropic-messages' as const })),
      ...sweAgentSessions(context.evaldata).map((session) => ({ session, format: 'anthropic-messages' as const })),
      // OpenAI's cache has no write premium and a smaller discount: the same sessions through Chat Completions.
      ...(context.quick ? [] : long.map((session) => ({ session, format: 'openai-chat' as const }))),
    ];
    const results: SessionResult[] = [];
    for (const { session, format } of sessions) {
      const arms = {} as Record<Arm, ArmResult>;
      for (const arm of ARMS) {
        context.progress(`chat: ${session.name} (${format}, ${session.steps.length} turns): ${arm}`);
        arms[arm] = await runChatSession(session, format, arm);
      }
      results.push({ session: session.name, format, turns: session.steps.length, long: session.long, source: session.source, arms });
    }

    const dir = outputDir(context.repoRoot);
    const svgs = results.map((r) =>
      lineChartSvg(
        `${r.session} (${r.format}): input tokens per turn`,
        'input tokens',
        ARMS.map((arm) => ({ name: arm, color: COLORS[arm], values: r.arms[arm].turns.map((t) => t.tokens) })),
      ),
    );
    const costSvgs = results.map((r) =>
      lineChartSvg(
        `${r.session} (${r.format}): cache-weighted cost per turn`,
        'token-equivalents',
        ARMS.map((arm) => ({ name: arm, color: COLORS[arm], values: r.arms[arm].turns.map((t) => t.cost) })),
      ),
    );
    results.forEach((r, i) => {
      writeFileSync(join(dir, `chat-${r.session}-${r.format}-tokens.svg`), svgs[i]!);
      writeFileSync(join(dir, `chat-${r.session}-${r.format}-cost.svg`), costSvgs[i]!);
    });
    const page = join(dir, 'chat-tokens-per-turn.html');
    const charts = results.flatMap((_, i) => [svgs[i]!, costSvgs[i]!]);
    writeChartsPage(page, charts);
    const png = join(dir, 'chat-tokens-per-turn.png');
    const rendered = renderPng(page, png, 920, charts.length * 324 + 20);

    const rows = results.flatMap((r) =>
      ARMS.map((arm) => {
        const a = r.arms[arm];
        return [
          arm === 'direct' ? `${r.session} (${r.format === 'anthropic-messages' ? 'Anthropic' : 'OpenAI Chat'}, ${r.turns} turns)` : '',
          arm,
          formatInt(Math.round(a.cost)),
          arm === 'direct' ? '' : `${formatPercent(1 - a.cost / r.arms.direct.cost)}`,
          formatInt(Math.round(a.tokens / r.turns)),
          formatPercent(a.hitShare),
          formatPercent(a.resentHitShare),
          a.compactionTurns.length === 0 ? '-' : a.compactionTurns.join(' '),
          String(a.retrievals),
          `${a.markers - a.unredeemable}/${a.markers}`,
        ];
      }),
    );
    const table = markdownTable(
      ['session', 'arm', 'cache-weighted cost', 'saved vs direct', 'input tokens/turn', 'cache-hit share', 'hit share of resent prefix (between compaction points)', 'compaction turns', 'retrievals', 'markers redeemable'],
      rows,
      ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left', 'right', 'right'],
    );

    const targets: Target[] = [];
    for (const r of results) {
      const { direct, chat } = r.arms;
      const firstSight = r.arms['first-sight'];
      const label = `${r.session} (${r.format})`;
      if (r.long) {
        targets.push({ name: `chat: ${label} cost vs direct`, pass: chat.cost <= 0.5 * direct.cost, detail: `${formatPercent(1 - chat.cost / direct.cost)} lower (>= 50%)` });
        targets.push({ name: `chat: ${label} cost vs first-sight only`, pass: chat.cost <= 0.75 * firstSight.cost, detail: `${formatPercent(1 - chat.cost / firstSight.cost)} lower (>= 25%)` });
      }
      targets.push({ name: `chat: ${label} never costs more than direct`, pass: chat.cost <= direct.cost, detail: `${formatInt(Math.round(chat.cost))} vs ${formatInt(Math.round(direct.cost))} (<=)` });
      targets.push({ name: `chat: ${label} hit share between compaction points`, pass: chat.resentHitShare >= 0.95, detail: `${formatPercent(chat.resentHitShare)} (>= 95%)` });
      targets.push({ name: `chat: ${label} elided originals redeemable byte-exact`, pass: chat.unredeemable === 0, detail: `${chat.markers - chat.unredeemable} of ${chat.markers} (all)` });
      // The strict setting: the tool only once it pays, so no session may cost more than direct.
      const strict = r.arms['chat-tool-when-it-pays'];
      targets.push({ name: `chat, tool when it pays: ${label} never costs more than direct`, pass: strict.cost <= direct.cost, detail: `${formatInt(Math.round(strict.cost))} vs ${formatInt(Math.round(direct.cost))} (<=)` });
      targets.push({ name: `chat, tool when it pays: ${label} hit share between compaction points`, pass: strict.resentHitShare >= 0.95, detail: `${formatPercent(strict.resentHitShare)} (>= 95%)` });
      targets.push({ name: `chat, tool when it pays: ${label} originals redeemable byte-exact`, pass: strict.unredeemable === 0, detail: `${strict.markers - strict.unredeemable} of ${strict.markers} (all)` });
    }

    const markdown = [
      'Each session is replayed turn by turn (the whole history resent every turn, as agents do) against a scripted upstream that simulates the provider\'s prompt cache (`startCachingUpstream` in `@headroom/proxy/testing`: Anthropic caches at `cache_control` breakpoints — the bodies mark the system prompt and the newest message, as Claude Code does — with a 5-minute TTL refreshed on a hit; OpenAI caches every 1024+-token prefix for 5 minutes) on a simulated clock: 10–50 s between turns, 20-minute idle gaps where the session says so. **direct** sends the bodies straight to it; **first-sight** goes through the proxy with the default compressors (today\'s behaviour); **chat** adds `chatCompressor()` (the retrieve tool offered from the first request, as in the first-sight arm); **chat-tool-when-it-pays** runs `chatCompressor({ retrieveTool: \'when-it-pays\' })`: the tool comes only with the first marker whose cache rewrite pays back. Cost is cache-weighted input in token-equivalents (Anthropic: input 1, cache write 1.25, cache read 0.1; OpenAI gpt-4o: input 1, cached 0.5). Retrievals: the scripted model needs a line of an earlier result to take some steps (the line it edits, the version it reports); when that line is not visible it calls `headroom_retrieve` first (the retrieval round is billed too).',
      '',
      `Sessions: ${[...new Map(results.map((r) => [r.session, r.source])).entries()].map(([name, source]) => `**${name}**: ${source}`).join('; ')}.`,
      '',
      table,
      '',
      rendered
        ? `Plots: \`${png}\` (input tokens and cache-weighted cost per turn, every session), and one SVG per chart next to it.`
        : `Plots: SVG files in \`${dir}\` (chromium was not available to render the PNG).`,
    ].join('\n');
    return { name: 'chat', title: TITLE, markdown, targets, data: { results: results.map((r) => ({ ...r, arms: Object.fromEntries(ARMS.map((arm) => [arm, { ...r.arms[arm], turns: r.arms[arm].turns }])) })), plot: rendered ? png : undefined } };
  },
};
