export { type ProxyConfig, readProxyConfig } from './read-proxy-config.js';
export { startReferenceProxy } from './start-reference-proxy.js';
