import { describe, expect, it } from 'vitest';
import { evaldataDir, findRepoRoot } from '../real-data.js';
import { lineChartSvg } from './plot.js';
import { runChatSession } from './run-chat-session.js';
import { resultInBody, sessionBody } from './session-bodies.js';
import { sweAgentSessions } from './swe-agent-sessions.js';

const sessions = sweAgentSessions(evaldataDir(findRepoRoot()));

describe('chat bench sessions', () => {
  it('reads every SWE-agent trajectory as tool calls with their observations', () => {
    expect(sessions).toHaveLength(3);
    for (const session of sessions) {
      expect(session.steps.length).toBeGreaterThan(3);
      expect(session.steps.every((s) => s.output.length > 0 && s.tool.length > 0)).toBe(true);
    }
  });

  it('builds request bodies that carry each result under its call id, with a rolling breakpoint', () => {
    const session = sessions[0]!;
    const body = sessionBody(session, 'anthropic-messages', 3);
    expect(resultInBody(body, 'anthropic-messages', 2)).toBe(session.steps[2]!.output);
    const messages = body.messages as { content: Record<string, unknown>[] }[];
    expect(messages.at(-1)!.content.at(-1)!.cache_control).toEqual({ type: 'ephemeral' });
    expect(messages.at(-3)!.content.at(-1)!.cache_control).toBeUndefined();
    expect(resultInBody(sessionBody(session, 'openai-chat', 3), 'openai-chat', 1)).toBe(session.steps[1]!.output);
  });

  it('replays a session directly with every repeated prefix read from the simulated cache', async () => {
    const direct = await runChatSession(sessions[2]!, 'anthropic-messages', 'direct');
    expect(direct.turns).toHaveLength(sessions[2]!.steps.length);
    expect(direct.resentHitShare).toBe(1);
    expect(direct.compactionTurns).toEqual([]);
    expect(direct.cost).toBeLessThan(direct.tokens);
  });

  it('draws a chart', () => {
    const svg = lineChartSvg('t', 'y', [{ name: 'a', color: '#000', values: [1, 5, 3] }]);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('<path d="M');
  });
});
