export { clusterSection } from './cluster-section.js';
export { formatClusterBenchTables } from './format-cluster-bench.js';
export { type ClusterBenchFigures, type ClusterBenchOptions, type ClusterBenchResult, type ClusterBenchRow, runClusterBench } from './run-cluster-bench.js';
