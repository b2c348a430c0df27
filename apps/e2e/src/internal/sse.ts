/** One server-sent event in the `event:` + `data:` shape both Anthropic and OpenAI stream. */
export function sseEvent(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}
