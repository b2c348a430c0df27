import { isRawNumber } from './raw-number.js';

/** Whether a string value longer than `limit` is anywhere inside (keys are never cut). */
export function hasLongString(value: object, limit: number): boolean {
  if (isRawNumber(value)) return false;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'string' ? item.length > limit : typeof item === 'object' && item !== null && hasLongString(item, limit)) return true;
    }
    return false;
  }
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'string' ? item.length > limit : typeof item === 'object' && item !== null && hasLongString(item, limit)) return true;
  }
  return false;
}
