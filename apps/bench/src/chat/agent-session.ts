/** One tool call of an agent session and its real output, provider-neutral. */
export interface AgentStep {
  /** What the agent says before the call. */
  readonly thought: string;
  readonly tool: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly output: string;
  /** Simulated time between the previous request and this step's request. */
  readonly gapMs: number;
  /**
   * The agent needs a line of an earlier step's output to take this step (the line it edits, the
   * version it reports). When that line is not visible in the request, the scripted model asks
   * for the original through `headroom_retrieve`.
   */
  readonly needs?: { readonly step: number; readonly needle: string };
}

export interface AgentSession {
  readonly name: string;
  /** Where the outputs came from, for the report. */
  readonly source: string;
  readonly system: string;
  readonly task: string;
  readonly steps: readonly AgentStep[];
  /** A long session: the cost goals apply. */
  readonly long: boolean;
}

/** A small deterministic PRNG (mulberry32): gaps between turns vary the same way on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Claude Code caps a tool result at about 30 000 characters and says so; the bench caps the same way. */
export function capOutput(text: string, max = 30_000): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n... [output truncated: ${text.length - max} more characters]`;
}
