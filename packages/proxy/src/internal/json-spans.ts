/** A JSON path as the provider locators write it: object keys as strings, array indexes as numbers. */
export type JsonPath = readonly (string | number)[];

/** Where one value sits in the body's bytes. */
export interface JsonSpan {
  /** First byte of the value. */
  readonly start: number;
  /** One past its last byte. */
  readonly end: number;
  readonly kind: 'object' | 'array' | 'string' | 'other';
  /** Objects and arrays: one past the last byte of their last member's value; -1 when empty. */
  readonly lastChildEnd: number;
}

interface Trie {
  want: boolean;
  readonly children: Map<string | number, Trie>;
}

interface Frame {
  readonly kind: 'object' | 'array';
  readonly start: number;
  /** The trie node of this container (undefined when no wanted path runs through it). */
  readonly node: Trie | undefined;
  /** Record this container's own span when it closes. */
  readonly record: string | undefined;
  index: number;
  key: string | undefined;
  lastChildEnd: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const pathKey = (path: JsonPath) => JSON.stringify(path);

/**
 * The byte spans of the values at `paths` in a JSON document, found by one iterative pass over
 * the bytes (no recursion, so any nesting depth is fine). Duplicate keys resolve as JSON.parse
 * resolves them: the last one wins. Paths that are absent are missing from the result; undefined
 * when the bytes are not one well-formed JSON value (the caller then sends the original as it is).
 */
export function findSpans(raw: Buffer, paths: readonly JsonPath[]): Map<string, JsonSpan> | undefined {
  const root: Trie = { want: false, children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const step of path) {
      let next = node.children.get(step);
      if (!next) node.children.set(step, (next = { want: false, children: new Map() }));
      node = next;
    }
    node.want = true;
  }
  const found = new Map<string, JsonSpan>();
  const stack: Frame[] = [];
  const currentPath: (string | number)[] = [];
  let i = skipSpace(raw, 0);
  let done = false;

  // The trie node of the value about to start (and whether its span is wanted).
  const childNode = (): Trie | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return root;
    if (!top.node) return undefined;
    return top.node.children.get(top.kind === 'array' ? top.index : (top.key as string));
  };

  while (i < raw.length && !done) {
    const top = stack[stack.length - 1];
    const node = childNode();
    const byte = raw[i]!;
    let valueEnd = -1;
    if (byte === 0x7b || byte === 0x5b) {
      const kind = byte === 0x7b ? 'object' : 'array';
      if (top) currentPath.push(top.kind === 'array' ? top.index : (top.key as string));
      stack.push({ kind, start: i, node, record: node?.want ? pathKey(currentPath) : undefined, index: 0, key: undefined, lastChildEnd: -1 });
      i = skipSpace(raw, i + 1);
      const close = kind === 'object' ? 0x7d : 0x5d;
      if (raw[i] === close) {
        valueEnd = closeContainer(i);
      } else if (kind === 'object') {
        i = readKey(i);
        if (i < 0) return undefined;
        continue;
      } else continue;
    } else {
      const start = i;
      let end: number;
      if (byte === QUOTE) end = stringEnd(raw, i);
      else end = scalarEnd(raw, i);
      if (end < 0 || end === start) return undefined;
      if (node?.want) {
        const path = top ? [...currentPath, top.kind === 'array' ? top.index : (top.key as string)] : [];
        found.set(pathKey(path), { start, end, kind: byte === QUOTE ? 'string' : 'other', lastChildEnd: -1 });
      }
      valueEnd = end;
    }
    // After a complete value: a separator, or the end of one or more containers.
    i = valueEnd;
    for (;;) {
      const parent = stack[stack.length - 1];
      if (!parent) {
        done = true;
        break;
      }
      parent.lastChildEnd = i;
      i = skipSpace(raw, i);
      if (raw[i] === 0x2c) {
        parent.index++;
        i = skipSpace(raw, i + 1);
        if (parent.kind === 'object') {
          i = readKey(i);
          if (i < 0) return undefined;
        }
        break;
      }
      const close = parent.kind === 'object' ? 0x7d : 0x5d;
      if (raw[i] !== close) return undefined;
      i = closeContainer(i);
    }
  }
  if (!done || skipSpace(raw, i) !== raw.length) return undefined;
  return found;

  /** Pops the container whose closing byte is at `at`; returns the byte after it. */
  function closeContainer(at: number): number {
    const frame = stack.pop()!;
    if (frame.record !== undefined) found.set(frame.record, { start: frame.start, end: at + 1, kind: frame.kind, lastChildEnd: frame.lastChildEnd });
    if (stack.length > 0) currentPath.pop();
    return at + 1;
  }

  /** Reads `"key"` and the colon; stores the key on the top frame; returns the value's first byte (-1 when malformed). */
  function readKey(at: number): number {
    if (raw[at] !== QUOTE) return -1;
    const end = stringEnd(raw, at);
    if (end < 0) return -1;
    const frame = stack[stack.length - 1]!;
    if (frame.node) {
      const inner = raw.subarray(at + 1, end - 1);
      try {
        frame.key = inner.includes(BACKSLASH) ? (JSON.parse(raw.subarray(at, end).toString('utf8')) as string) : inner.toString('utf8');
      } catch {
        return -1;
      }
    }
    const colon = skipSpace(raw, end);
    if (raw[colon] !== 0x3a) return -1;
    return skipSpace(raw, colon + 1);
  }
}

function skipSpace(raw: Buffer, at: number): number {
  let i = at;
  for (;;) {
    const b = raw[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return i;
    i++;
  }
}

/** One past the closing quote of the string starting at `at`; -1 when it never closes. */
function stringEnd(raw: Buffer, at: number): number {
  // Jumps from quote to quote (indexOf is native), then looks back for an escaping backslash run;
  // tool output full of escaped quotes is checked per quote, the bytes between are never touched.
  let i = at + 1;
  for (;;) {
    const quote = raw.indexOf(QUOTE, i);
    if (quote < 0) return -1;
    if (raw[quote - 1] !== BACKSLASH) return quote + 1;
    // A quote preceded by an odd number of backslashes is escaped.
    let slashes = 1;
    for (let j = quote - 2; j > at && raw[j] === BACKSLASH; j--) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** One past a number, true, false or null. */
function scalarEnd(raw: Buffer, at: number): number {
  let i = at;
  for (;;) {
    const b = raw[i];
    if (b === undefined || b === 0x2c || b === 0x7d || b === 0x5d || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) return i;
    i++;
  }
}

export { pathKey };
