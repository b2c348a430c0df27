export { formatProxyBench, formatProxyBenchTables } from './format-proxy-bench.js';
export { proxySection } from './proxy-section.js';
export {
  type ProxyBenchMemory,
  type ProxyBenchMemorySample,
  type ProxyBenchMode,
  type ProxyBenchModeResult,
  type ProxyBenchOptions,
  type ProxyBenchResult,
  type ProxyBenchScenario,
  type ProxyBenchStore,
  type ProxyBenchTarget,
  runProxyBench,
} from './run-proxy-bench.js';
