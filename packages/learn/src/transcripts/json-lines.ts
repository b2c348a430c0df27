/** Each non-blank line of a JSON Lines transcript, parsed; throws naming the first line that is not JSON. */
export function* jsonLines(text: string): Generator<unknown> {
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber++;
    if (line.trim() === '') continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      throw new Error(`line ${lineNumber} is not JSON`);
    }
    yield entry;
  }
}
