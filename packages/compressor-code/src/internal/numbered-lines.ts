/**
 * File reads that carry line numbers: `cat -n` (`     12\tcode`) and agent Read tools
 * (`    12→code`). The code is parsed without the numbers; the skeleton gets them back, each line
 * numbered with the input line it starts on, so an agent still edits by the right numbers.
 */
export interface NumberedText {
  /** The numbered lines without their prefixes. */
  readonly code: string;
  /** The number of the first line (a Read with an offset starts past 1). */
  readonly firstNumber: number;
  /** Maps an offset in `code` to the same character's offset in the input. */
  toInputOffset(codeOffset: number): number;
  /** Puts the prefixes back: output line i gets the prefix of input line `rows[i]`. */
  renumber(output: string, rows: readonly number[]): string;
}

const PREFIX = /^ *(\d+)(→|\t)/;
const MIN_LINES = 5;

export function parseNumbered(input: string): NumberedText | undefined {
  const first = PREFIX.exec(input);
  if (!first) return undefined;
  const lines = input.split('\n');
  const firstNumber = Number(first[1]);
  const prefixes: string[] = [];
  for (const line of lines) {
    const match = PREFIX.exec(line);
    if (!match || Number(match[1]) !== firstNumber + prefixes.length) break;
    prefixes.push(match[0]);
  }
  // Whatever follows the numbered run (a trailing note from the tool) passes through untouched.
  if (prefixes.length < MIN_LINES || prefixes.length < (lines.length - 1) * 0.9) return undefined;
  const codeLines = lines.slice(0, prefixes.length).map((line, i) => line.slice(prefixes[i]!.length));
  const trailer = prefixes.length < lines.length ? `\n${lines.slice(prefixes.length).join('\n')}` : '';
  const codeStarts: number[] = [];
  const inputStarts: number[] = [];
  let code = 0;
  let inputAt = 0;
  for (let i = 0; i < codeLines.length; i++) {
    codeStarts.push(code);
    inputStarts.push(inputAt);
    code += codeLines[i]!.length + 1;
    inputAt += lines[i]!.length + 1;
  }
  return {
    code: codeLines.join('\n'),
    firstNumber,
    toInputOffset(codeOffset) {
      let low = 0;
      let high = codeStarts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (codeStarts[mid]! <= codeOffset) low = mid;
        else high = mid - 1;
      }
      return inputStarts[low]! + prefixes[low]!.length + (codeOffset - codeStarts[low]!);
    },
    renumber(output, rows) {
      const out = output.split('\n').map((line, i) => `${prefixes[rows[i] ?? prefixes.length - 1] ?? ''}${line}`);
      return out.join('\n') + trailer;
    },
  };
}

/** `lines 12-30` in a summary, shifted to the file's own numbering. */
export function shiftLineNumbers(summary: string, by: number): string {
  return by === 0 ? summary : summary.replace(/lines (\d+)-(\d+)/g, (_, a: string, b: string) => `lines ${Number(a) + by}-${Number(b) + by}`);
}
