export { formatProxyBench } from './format-proxy-bench.js';
export {
  type ProxyBenchMemory,
  type ProxyBenchMemorySample,
  type ProxyBenchMode,
  type ProxyBenchModeResult,
  type ProxyBenchOptions,
  type ProxyBenchResult,
  type ProxyBenchScenario,
  type ProxyBenchTarget,
  runProxyBench,
} from './run-proxy-bench.js';
