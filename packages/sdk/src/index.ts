export { type CompressOptions, type CompressResult, compress, detectFormat, type MessageFormat } from './compress.js';
export { type HeadroomMiddleware, headroomMiddleware } from './headroom-middleware.js';
export type { HeadroomEvent, HeadroomOptions } from './headroom-options.js';
export { type RetrieveTool, type RetrieveToolOptions, retrieveTool } from './retrieve-tool.js';
export { type HeadroomWrappable, withHeadroom } from './with-headroom.js';
