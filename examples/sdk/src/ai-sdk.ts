import { createOpenAI } from '@ai-sdk/openai';
import { headroomMiddleware } from '@headroom/sdk';
import { generateText, type ModelMessage, wrapLanguageModel } from 'ai';

/** The Vercel AI SDK: one middleware compresses tool outputs and answers retrieve calls. */
export async function answer(messages: ModelMessage[], baseURL?: string): Promise<string> {
  const openai = createOpenAI({ ...(baseURL ? { baseURL } : {}) });
  const model = wrapLanguageModel({ model: openai.chat('gpt-4o'), middleware: headroomMiddleware() });
  return (await generateText({ model, messages })).text;
}
