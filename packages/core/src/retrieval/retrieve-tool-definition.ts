import type { Json } from '../formats/slot.js';

export const RETRIEVE_TOOL_NAME = 'headroom_retrieve';

export const RETRIEVE_TOOL_DESCRIPTION =
  'Returns the original content that was omitted behind a <<headroom: ... ref=REF>> marker; call it with the ref as hash when the visible text is not enough.';

/** The retrieve tool's JSON schema. A fresh object each time: a caller that mutates its body cannot change the next request's tool. */
export const retrieveToolParameters = (): Json => ({
  type: 'object',
  properties: { hash: { type: 'string', description: 'The 24-character ref from the marker.' } },
  required: ['hash'],
});
