/** Inputs no compressor may crash or hang on. Deterministic: built from a fixed seed. */
export function garbageInputs(): { name: string; input: string }[] {
  const random = seeded(0x5eed);
  const bytes = Array.from({ length: 20_000 }, () => String.fromCharCode(Math.floor(random() * 256))).join('');
  const deep = `${'['.repeat(10_000)}1${']'.repeat(10_000)}`;
  const deepObject = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
  const line = 'x'.repeat(1_000_000);
  const hugeLog = Array.from({ length: 60_000 }, (_, i) => `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}Z INFO worker-${i % 7} handled request ${i} in ${i % 97}ms`).join('\n');
  return [
    { name: 'empty', input: '' },
    { name: 'whitespace', input: ' \n\t\n   ' },
    { name: 'random bytes', input: bytes },
    { name: 'lone surrogates', input: `start \ud800 middle \udfff end ${'\ud83d'.repeat(500)} ${'word '.repeat(400)}` },
    { name: 'truncated json', input: JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ id: i, name: `item ${i}` }))).slice(0, 5_000) },
    { name: '10,000-deep array', input: deep },
    { name: '5,000-deep object', input: deepObject },
    { name: 'one 1 MB line', input: line },
    { name: 'huge log (4 MB)', input: hugeLog },
    { name: 'nul bytes', input: `a\u0000b\u0000c${'\u0000'.repeat(5_000)}` },
    { name: 'foreign marker', input: `${'<<headroom: 3 rows omitted ref=000000000000000000000000>> '.repeat(50)}` },
  ];
}

/** mulberry32: a small seeded generator, so every run sees the same garbage. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
