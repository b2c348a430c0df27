/** Commander option parser for a repeatable option: `--plugin a --plugin b` → ['a', 'b']. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
