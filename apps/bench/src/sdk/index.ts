export { runSdkBench, type SdkBenchRow } from './run-sdk-bench.js';
export { sdkSection } from './sdk-section.js';
