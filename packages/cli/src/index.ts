export type { CliDeps } from './cli-deps.js';
export { type CliIo, type CliOutput, nodeIo } from './cli-io.js';
export { type CompressFlags, type CompressJson, runCompress } from './commands/compress.js';
export { type ProxyFlags, type ProxySettings, resolveProxySettings, runProxy } from './commands/proxy.js';
export { runRetrieve } from './commands/retrieve.js';
export { runStats, type StatsFlags } from './commands/stats.js';
export { INSTALLED_COMPRESSORS, type LoadedCompressors, loadCompressors } from './load-compressors.js';
export { runCli } from './run-cli.js';
