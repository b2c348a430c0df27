import { withHeadroom } from '@headroom/sdk';
import OpenAI from 'openai';

/** OpenAI Chat Completions: the same client, compressed; retrieve calls never reach the app. */
export async function answer(messages: OpenAI.ChatCompletionMessageParam[], baseURL?: string): Promise<string> {
  const openai = withHeadroom(new OpenAI({ ...(baseURL ? { baseURL } : {}) }));
  const completion = await openai.chat.completions.create({ model: 'gpt-4o', messages });
  return completion.choices[0]?.message.content ?? '';
}
