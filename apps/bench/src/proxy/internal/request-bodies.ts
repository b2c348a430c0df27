import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaldataDir } from './evaldata-dir.js';

/** Claude Code sends a Bash output above ~30,000 characters as a file preview: real tool results stay below. */
const MAX_RESULT_BYTES = 24 * 1024;
/** The share of each body that is resent history; the rest is new at every request. */
export const HISTORY_SHARE = 0.6;

const LOG_SYSTEMS = ['HDFS', 'OpenStack', 'Hadoop', 'Spark', 'Zookeeper', 'BGL', 'Linux', 'Apache'];

interface Corpus {
  /** Pretty-printed records of a real API response (GitHub repositories), 2-space indent as in an array. */
  readonly records: readonly string[];
  /** Lines of real logs, one array per system. */
  readonly logs: readonly (readonly string[])[];
}

interface ToolResult {
  readonly id: string;
  readonly command: string;
  readonly text: string;
}

/**
 * Builds Anthropic Messages request bodies of about `targetBytes`, shaped like an agent
 * turn: a short prompt, then Bash tool calls whose results are real JSON API output and
 * real logs (from shared/evaldata). About 60% of every body is the same history on every
 * request (the pipeline's memo serves it after first sight); the rest is new tool results
 * that carry the request's sequence number, so their content has never been seen.
 */
export function createBodyFactory(targetBytes: number): (seq: number) => string {
  const corpus = loadCorpus();
  const historyBytes = Math.round(targetBytes * HISTORY_SHARE);
  const history = splitBudget(historyBytes).map((bytes, k) =>
    k % 2 === 0 ? jsonResult(corpus, `h${k}`, bytes, k * 13, `history-${k}`) : logResult(corpus, `h${k}`, bytes, k, k * 101, undefined),
  );
  return (seq) => {
    // Request overhead (prompt, tool definitions, JSON escaping) takes part of the budget.
    const newBytes = Math.max(512, Math.round(targetBytes * (1 - HISTORY_SHARE)) - 1_200);
    const fresh = splitBudget(newBytes).map((bytes, k) =>
      k % 2 === 0
        ? logResult(corpus, `n${seq}_${k}`, bytes, seq + k, (seq * 37 + k * 211) % 1_900, seq)
        : jsonResult(corpus, `n${seq}_${k}`, bytes, seq * 7 + k, `bench-${seq}-${k}`),
    );
    return JSON.stringify({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      system: 'You are a coding agent. Use the Bash tool to inspect the system, then answer briefly.',
      tools: [
        {
          name: 'Bash',
          description: 'Run a shell command and return its output.',
          input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
        },
      ],
      messages: [
        { role: 'user', content: 'The nightly deploy failed. Find out why.' },
        ...[...history, ...fresh].flatMap(toolTurn),
      ],
    });
  };
}

function toolTurn(result: ToolResult): unknown[] {
  return [
    { role: 'assistant', content: [{ type: 'tool_use', id: `toolu_${result.id}`, name: 'Bash', input: { command: result.command } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${result.id}`, content: result.text }] },
  ];
}

function splitBudget(bytes: number): number[] {
  const parts = Math.max(1, Math.ceil(bytes / MAX_RESULT_BYTES));
  return Array.from({ length: parts }, () => Math.floor(bytes / parts));
}

/** A GitHub-search-shaped response: `{ request_id, total_count, items: [...] }`. */
function jsonResult(corpus: Corpus, id: string, bytes: number, offset: number, requestId: string): ToolResult {
  const items: string[] = [];
  let size = 60;
  for (let i = 0; size < bytes && i < corpus.records.length; i++) {
    const record = corpus.records[(offset + i) % corpus.records.length] ?? '{}';
    items.push(record);
    size += record.length + 2;
  }
  const text = `{\n  "request_id": "${requestId}",\n  "total_count": ${items.length},\n  "items": [\n${items.join(',\n')}\n  ]\n}`;
  return { id, command: `gh api search/repositories --jq . # ${requestId}`, text };
}

function logResult(corpus: Corpus, id: string, bytes: number, system: number, line: number, seq: number | undefined): ToolResult {
  const lines = corpus.logs[system % corpus.logs.length] ?? [];
  const taken: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes && i < lines.length; i++) {
    const text = lines[(line + i) % lines.length] ?? '';
    taken.push(text);
    size += text.length + 1;
  }
  if (seq !== undefined) taken.push(`-- request ${seq}: ${taken.length} lines --`);
  const name = LOG_SYSTEMS[system % LOG_SYSTEMS.length] ?? 'app';
  return { id, command: `tail -n ${taken.length} /var/log/${name.toLowerCase()}.log`, text: taken.join('\n') };
}

let cached: Corpus | undefined;

function loadCorpus(): Corpus {
  if (cached) return cached;
  const root = evaldataDir();
  const repos = JSON.parse(readFileSync(join(root, 'json', 'toon-bench', 'github-repos.json'), 'utf8')) as unknown[];
  const records = repos.map((r) =>
    JSON.stringify(r, null, 2)
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n'),
  );
  const logs = LOG_SYSTEMS.map((s) =>
    readFileSync(join(root, 'logs', s, `${s}_2k.log`), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0),
  );
  cached = { records, logs };
  return cached;
}
