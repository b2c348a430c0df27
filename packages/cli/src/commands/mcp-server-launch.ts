/** The name the server is registered under in every client. */
export const MCP_SERVER_NAME = 'headroom';

/** How a client starts the server: this Node and this CLI, by absolute path (no PATH lookup to go wrong). */
export interface ServerLaunch {
  readonly command: string;
  readonly args: readonly string[];
  /** HEADROOM_HOME when set at install time, so the server uses the same store as this CLI. */
  readonly env: Readonly<Record<string, string>>;
}
