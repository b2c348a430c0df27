/** A writable the CLI prints to: process.stdout in the bin, a collecting sink in tests. */
export interface CliOutput {
  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean;
}

/** Everything the CLI touches outside itself, so commands can be driven in-process. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** All of stdin. */
  readStdin(): Promise<Buffer>;
  /** True when stdin is a terminal (nobody is piping input). */
  readonly stdinIsTty: boolean;
  /** True when stderr is a terminal: progress lines are for people watching, not for logs. */
  readonly stderrIsTty?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where relative FILE arguments are resolved. */
  readonly cwd: string;
}

/** The real process: FILE arguments resolve against INIT_CWD (set by `pnpm headroom …`), else the cwd. */
export function nodeIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    stdinIsTty: process.stdin.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.env.INIT_CWD || process.cwd(),
  };
}

/** Resolves when `chunk` has been handed to the OS, so an exit right after loses nothing. */
export function writeFully(output: CliOutput, chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    output.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}
