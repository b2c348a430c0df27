import { fileURLToPath } from 'node:url';

/**
 * The built `headroom` command of this checkout (`packages/cli/dist/bin.js`, reached through this
 * package's workspace link), run with `node` exactly as a user's `headroom` would be.
 */
export const HEADROOM_BIN = fileURLToPath(new URL('../../node_modules/@headroom/cli/dist/bin.js', import.meta.url));
