interface Block {
  type?: string;
  content?: unknown;
  output?: unknown;
}

interface Body {
  messages?: { content?: unknown }[];
  input?: Block[];
}

/**
 * What the upstream should receive when the proxy may change only compressible slots: the
 * client's body with the proxy's versions of its `tool_result` contents (Anthropic) or
 * `function_call_output` outputs (Responses) spliced in, re-serialized — or the client's bytes
 * themselves when the proxy changed nothing.
 */
export function expectedForward(sent: Buffer, received: Buffer): string {
  if (sent.equals(received)) return sent.toString('utf8');
  const expected = JSON.parse(sent.toString('utf8')) as Body;
  const actual = JSON.parse(received.toString('utf8')) as Body;
  expected.messages?.forEach((message, m) => {
    if (!Array.isArray(message.content)) return;
    const blocks = message.content as Block[];
    const theirs = actual.messages?.[m]?.content as Block[] | undefined;
    blocks.forEach((block, b) => {
      if (block.type === 'tool_result') block.content = theirs?.[b]?.content;
    });
  });
  expected.input?.forEach((item, k) => {
    if (item.type === 'function_call_output') item.output = actual.input?.[k]?.output;
  });
  return JSON.stringify(expected);
}

/** The 400 characters around the first difference of two long texts, for a failure one can read. */
export function aroundFirstDifference(actual: string, expected: string): [string, string] {
  let at = 0;
  while (at < expected.length && expected[at] === actual[at]) at += 1;
  const from = Math.max(0, at - 200);
  return [actual.slice(from, at + 200), expected.slice(from, at + 200)];
}
