export { type Cluster, type ClusterOptions, headroomBin, type Replica, startCluster } from './start-cluster.js';
