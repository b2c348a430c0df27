export { detectLogs } from './detect-logs.js';
export { groupingAccuracy } from './grouping-accuracy.js';
export { logsCompressor } from './logs-compressor.js';
export type { LogsCompressorOptions } from './logs-compressor-options.js';
export { type LogTemplate, type MineTemplatesOptions, mineTemplates, type TemplateMining } from './mine-templates.js';
