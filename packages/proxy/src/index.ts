export { type CompressorSpec, type OutboundProxy, type ProxyMode, type RunningProxy, type StartProxyOptions, startProxy } from './start-proxy.js';
export {
  isLoopbackBind,
  PROXY_LIMIT_SETTINGS,
  PROXY_NODE_FLAGS,
  type ProxyLimitFlags,
  type ProxyLimits,
  parseDuration,
  resolveProxyLimits,
} from './config.js';
export {
  createStatsHandler,
  type RunningDashboard,
  type StartDashboardOptions,
  type StatsHandlerOptions,
  startDashboard,
} from './start-dashboard.js';
