/**
 * Offsets of the elements of one JSON array inside `input`, so that an omitted element can be
 * stored as its exact input bytes. `key` names the array inside a top-level object; without it
 * the top-level value must be the array. One linear scan; undefined when the shape differs.
 */
export function arrayElementSpans(input: string, key: string | undefined): Array<[number, number]> | undefined {
  let i = skipWs(input, 0);
  if (key !== undefined) {
    if (input[i] !== '{') return undefined;
    i = skipWs(input, i + 1);
    for (;;) {
      if (input[i] !== '"') return undefined;
      const keyEnd = skipString(input, i);
      const name = JSON.parse(input.slice(i, keyEnd)) as string;
      i = skipWs(input, keyEnd);
      if (input[i] !== ':') return undefined;
      i = skipWs(input, i + 1);
      if (name === key) break;
      i = skipWs(input, skipValue(input, i));
      if (input[i] !== ',') return undefined;
      i = skipWs(input, i + 1);
    }
  }
  if (input[i] !== '[') return undefined;
  const spans: Array<[number, number]> = [];
  i = skipWs(input, i + 1);
  if (input[i] === ']') return spans;
  for (;;) {
    const end = skipValue(input, i);
    spans.push([i, end]);
    i = skipWs(input, end);
    if (input[i] === ']') return spans;
    if (input[i] !== ',') return undefined;
    i = skipWs(input, i + 1);
  }
}

function skipWs(input: string, i: number): number {
  while (i < input.length) {
    const c = input.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i++;
  }
  return i;
}

function skipString(input: string, i: number): number {
  i++;
  while (i < input.length) {
    const c = input[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  return i;
}

/** The end of the value starting at `i`: a string, or a bracketed value (depth counted, strings skipped), or a scalar. */
function skipValue(input: string, i: number): number {
  const first = input[i];
  if (first === '"') return skipString(input, i);
  if (first === '{' || first === '[') {
    let depth = 0;
    while (i < input.length) {
      const c = input[i];
      if (c === '"') {
        i = skipString(input, i);
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  while (i < input.length && !/[,\]}\s]/.test(input[i]!)) i++;
  return i;
}
