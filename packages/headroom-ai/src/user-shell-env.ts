/**
 * This process's environment without the `npm_*` variables a package manager sets for the scripts
 * it runs (`pnpm test` among them): a user's shell has none, and npx warns about the ones npm does
 * not know, on the stderr the tests read.
 */
export function userShellEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}
