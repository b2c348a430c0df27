/** Sets an own key. Plain assignment would treat `__proto__` as the prototype; JSON keeps it as a key. */
export function setOwn(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
