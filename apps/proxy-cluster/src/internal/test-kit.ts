import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Real tool output from this machine: Debian's package list, a directory listing and Python's
 * standard library, as an agent's Bash tool would have printed them. Each call gives a
 * different output (`seed` picks and slices), capped so that a test never holds much.
 */
export function realOutput(seed: number): { command: string; output: string } {
  const python = readdirSync('/usr/lib').filter((name) => /^python3\.\d+$/.test(name)).sort()[0] ?? 'python3';
  const pythonFiles = ['json/decoder.py', 'json/encoder.py', 'csv.py', 'textwrap.py', 'shlex.py', 'argparse.py', 'logging/handlers.py', 'difflib.py'];
  const kind = seed % 3;
  if (kind === 0) {
    const lines = run('dpkg', ['-l']).split('\n');
    // A different window of the package list each time: new content for the proxy, still real.
    const from = (seed * 37) % Math.max(1, lines.length - 200);
    return { command: 'dpkg -l', output: [...lines.slice(0, 5), ...lines.slice(5 + from, 5 + from + 180)].join('\n') };
  }
  if (kind === 1) {
    const dirs = ['/usr/share/doc', '/usr/lib/x86_64-linux-gnu', '/usr/bin', '/etc', `/usr/lib/${python}`, '/usr/share/locale'];
    const dir = dirs[Math.floor(seed / 3) % dirs.length] as string;
    return { command: `ls -l ${dir}`, output: cap(run('ls', ['-l', dir])) };
  }
  const file = `/usr/lib/${python}/${pythonFiles[Math.floor(seed / 3) % pythonFiles.length]}`;
  return { command: `cat ${file}`, output: cap(readFileSync(file, 'utf8')) };
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
}

/** At most ~40 KB, cut at a line end. */
function cap(text: string): string {
  if (text.length <= 40_000) return text;
  return text.slice(0, text.lastIndexOf('\n', 40_000) + 1);
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'sk-cluster-test', 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export async function until(condition: () => Promise<boolean>, what: string, deadlineMs = 120_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type Message = { role: string; content: unknown };

/** An Anthropic Messages conversation of Bash tool calls, grown one turn at a time as an agent does. */
export function conversation(label: string) {
  const messages: Message[] = [{ role: 'user', content: `Investigate this machine (${label}).` }];
  return {
    messages,
    /** Adds the model's tool call and its real output; returns the body to send. */
    addTurn(turn: number, command: string, output: string, stream = false) {
      messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `toolu_${label}_${turn}`, name: 'Bash', input: { command } }] });
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${label}_${turn}`, content: output }] });
      return this.body(stream);
    },
    /** The model's text answer, as the client keeps it in its history. */
    addAnswer(text: string) {
      messages.push({ role: 'assistant', content: [{ type: 'text', text }] });
    },
    addUser(text: string) {
      messages.push({ role: 'user', content: text });
    },
    body(stream = false) {
      return {
        model: 'claude-sonnet-4-5',
        max_tokens: 256,
        stream,
        system: 'You are a careful operator.',
        tools: [{ name: 'Bash', description: 'Run a shell command', input_schema: { type: 'object', properties: { command: { type: 'string' } } } }],
        messages: structuredClone(messages),
      };
    },
  };
}
