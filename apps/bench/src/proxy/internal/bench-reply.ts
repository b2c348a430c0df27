/** The fixed, non-streaming Messages response the bench's local upstreams answer every request with. */
export const BENCH_REPLY = JSON.stringify({
  id: 'msg_bench',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content: [{ type: 'text', text: 'The deploy failed because the datanode ran out of disk.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 1000, output_tokens: 12 },
});
