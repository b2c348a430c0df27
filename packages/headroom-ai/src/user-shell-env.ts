/**
 * This process's environment without the `npm_*` variables a package manager sets for the scripts
 * it runs (`pnpm test` among them): a user's shell has none, and npx warns about the ones npm does
 * not know, on the stderr the tests read. npm's update notice is off, as a machine's npmrc may not say.
 */
export function userShellEnv(): NodeJS.ProcessEnv {
  const own = Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_'));
  return { ...Object.fromEntries(own), npm_config_update_notifier: 'false' };
}
