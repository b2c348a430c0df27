/** A set that forgets its oldest entries past `capacity` (insertion order, refreshed on add). */
export function createBoundedSet(capacity: number) {
  const entries = new Set<string>();
  return {
    has: (key: string) => entries.has(key),
    add(key: string): void {
      entries.delete(key);
      entries.add(key);
      if (entries.size > capacity) entries.delete(entries.values().next().value!);
    },
  };
}
