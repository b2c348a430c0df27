// The retrieval loop moved to @headroom/core (one provider module per API, shared with the SDK);
// this path stays so existing imports keep resolving.
import { openAIResponses } from '@headroom/core';

export const openAIResponsesStreamDialect = openAIResponses.streamDialect;
