import Anthropic from '@anthropic-ai/sdk';
import { withHeadroom } from '@headroom/sdk';

/** Anthropic Messages, streamed: text arrives as the model writes it, retrieval rounds included. */
export async function stream(messages: Anthropic.MessageParam[], onText: (t: string) => void, baseURL?: string) {
  const anthropic = withHeadroom(new Anthropic({ ...(baseURL ? { baseURL } : {}) }));
  const reply = anthropic.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages });
  reply.on('text', onText);
  return (await reply.finalMessage()).content;
}
