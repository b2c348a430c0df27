import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AgentSession, type AgentStep, seeded } from './agent-session.js';

interface TrajectoryMessage {
  readonly role: string;
  readonly content: unknown;
  readonly action?: string;
  readonly thought?: string;
  readonly tool_calls?: readonly { function: { name: string; arguments: string } }[];
}

const text = (content: unknown): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((part) => (part as { text?: string }).text ?? '').join('\n') : '';

/**
 * The SWE-agent trajectories in evaldata/agents as agent sessions: each assistant action is a
 * tool call (`bash` with its command, or the function it called), the observation after it the
 * result. Both trajectory dialects: function calling (`role: tool`) and the classic one where the
 * observation comes back as a user message.
 */
export function sweAgentSessions(evaldata: string): AgentSession[] {
  const dir = join(evaldata, 'agents');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.traj.json'))
    .sort()
    .map((file, index) => {
      const history = (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { history: TrajectoryMessage[] }).history;
      const system = text(history[0]?.content);
      const firstAssistant = history.findIndex((m) => m.role === 'assistant');
      const task = history.slice(1, firstAssistant).map((m) => text(m.content)).join('\n\n');
      const random = seeded(1000 + index);
      const steps: AgentStep[] = [];
      for (let i = firstAssistant; i < history.length; i++) {
        const message = history[i]!;
        if (message.role !== 'assistant') continue;
        const observation = history[i + 1];
        if (!observation || observation.role === 'assistant') continue;
        const call = message.tool_calls?.[0]?.function;
        let input: Record<string, unknown> = { command: (message.action ?? '').trim() };
        if (call) {
          try {
            input = JSON.parse(call.arguments) as Record<string, unknown>;
          } catch {
            // keep the action as the command
          }
        }
        steps.push({ thought: (message.thought ?? text(message.content)).trim() || 'Next step.', tool: call?.name ?? 'bash', input, output: text(observation.content), gapMs: 15_000 + Math.floor(random() * 45_000) });
      }
      return { name: file.replace(/\.traj\.json$/, ''), source: `evaldata/agents/${file} (SWE-agent, MIT)`, system, task, steps, long: false };
    });
}
