import { dirname } from 'node:path';

export interface AgentEnvOptions {
  /** The installed agent binary: its folder goes first on PATH, so `headroom wrap` finds it. */
  readonly bin: string;
  /** A temporary HOME: the agent never reads or writes the real user's state. */
  readonly home: string;
  /** A temporary HEADROOM_HOME: the wrapped proxy's store and lease files. */
  readonly headroomHome: string;
  /** The scripted upstream, set as the user's own base URL: the wrapped proxy forwards there. */
  readonly upstreamUrl: string;
}

const path = (bin: string) => `${dirname(bin)}:${process.env.PATH ?? '/usr/bin:/bin'}`;

/** The environment for `claude` or `headroom wrap claude` in these tests: offline, isolated. */
export function claudeEnv(options: AgentEnvOptions): NodeJS.ProcessEnv {
  return {
    PATH: path(options.bin),
    HOME: options.home,
    HEADROOM_HOME: options.headroomHome,
    ANTHROPIC_BASE_URL: options.upstreamUrl,
    ANTHROPIC_API_KEY: 'sk-test',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  };
}

/** The environment for `headroom wrap codex` in these tests; CODEX_HOME is the temporary HOME. */
export function codexEnv(options: AgentEnvOptions): NodeJS.ProcessEnv {
  return {
    PATH: path(options.bin),
    HOME: options.home,
    CODEX_HOME: options.home,
    HEADROOM_HOME: options.headroomHome,
    OPENAI_BASE_URL: `${options.upstreamUrl}/v1`,
    OPENAI_API_KEY: 'sk-test',
  };
}
