export {
  anthropicMessage,
  anthropicStream,
  geminiResponse,
  geminiStream,
  openaiChatCompletion,
  openaiChatStream,
  openaiResponse,
  openaiResponsesStream,
  type ReplyOptions,
  type ScriptedToolCall,
  type ScriptedUsage,
} from './provider-replies.js';
export {
  defaultReply,
  formatEvent,
  type RecordedRequest,
  type ScriptedEvent,
  type ScriptedReply,
  type ScriptedUpstream,
  type ScriptedUpstreamOptions,
  type ScriptHandler,
  startScriptedUpstream,
} from './scripted-upstream.js';
