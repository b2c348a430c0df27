import { createPolicyFileSource, type ToolPolicies } from '@headroom/core';
import type { CliDeps } from '../cli-deps.js';

/**
 * The learned tool policies in `HEADROOM_HOME/policy.json`, read at start and whenever the file
 * changes. A bad file is one warning on stderr naming its path; the command goes on without it
 * (or with the last good version), so a corrupt policy never stops a proxy or an MCP server.
 */
export function policySource(deps: CliDeps): () => ToolPolicies | undefined {
  const source = createPolicyFileSource(deps.policyPath, {
    onProblem: (path, message) => deps.io.stderr.write(`headroom: warning: learned policy ${path} skipped: ${message}\n`),
  });
  // Read now: a bad file is reported when the command starts, not at its first compression.
  source();
  return source;
}
