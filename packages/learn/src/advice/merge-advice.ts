import type { AdviceItem } from './find-advice.js';

export const ADVICE_START = '<!-- headroom-learn:start -->';
export const ADVICE_END = '<!-- headroom-learn:end -->';
const KEY = / <!-- key: (.*?) -->$/;

/**
 * The file's text with its Headroom section holding the earlier items and `items` merged by key
 * (an item learned now replaces the earlier one with the same key; earlier items are kept), in
 * key order. Everything outside the section stays byte for byte; a file without a section gets one
 * at its end. Merging the same items again gives the same text.
 */
export function mergeAdvice(current: string | undefined, items: readonly AdviceItem[]): string {
  const text = current ?? '';
  const start = text.indexOf(ADVICE_START);
  const end = start < 0 ? -1 : text.indexOf(ADVICE_END, start);
  const merged = new Map<string, string>();
  if (start >= 0 && end >= 0) {
    for (const line of text.slice(start, end).split('\n')) {
      const match = KEY.exec(line);
      if (match && line.startsWith('- ')) merged.set(match[1]!, line);
    }
  }
  for (const item of items) merged.set(item.key, `- ${item.text} <!-- key: ${item.key.replace(/-->/g, '-- >')} -->`);
  const lines = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, line]) => line);
  const section = [
    ADVICE_START,
    '## Learned from earlier sessions',
    '',
    'Written by `headroom learn --write-advice` from agent transcripts. Edit outside these markers; a later run keeps these lines and adds new ones.',
    '',
    ...lines,
    ADVICE_END,
  ].join('\n');
  if (start >= 0 && end >= 0) return text.slice(0, start) + section + text.slice(end + ADVICE_END.length);
  if (text === '') return `${section}\n`;
  return `${text}${text.endsWith('\n') ? '' : '\n'}\n${section}\n`;
}
