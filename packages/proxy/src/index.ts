export { type OutboundProxy, type ProxyMode, type RunningProxy, type StartProxyOptions, startProxy } from './start-proxy.js';
