import type { ContentHints } from '../compressor.js';

export type SlotKind = 'tool_result' | 'document' | 'user_text';

/** One compressible string inside a provider request body, located by its path. */
export interface Slot {
  readonly path: readonly (string | number)[];
  readonly text: string;
  readonly kind: SlotKind;
  readonly messageIndex: number;
  readonly toolName?: string;
  readonly toolCallId?: string;
  readonly hints?: ContentHints;
}

export interface LocatedSlots {
  readonly slots: Slot[];
  /** The last text the user typed: the query compressors use for relevance. */
  readonly query?: string;
  /** Index of the last message the user typed; its text is never compressed. */
  readonly lastUserMessageIndex: number;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A tool call's arguments may name the file the result came from (Read's `file_path`) or the
 * command that produced it (Bash's `command`, Codex's `shell` argv or `exec_command`'s `cmd`).
 */
export function hintsFromArguments(args: unknown): ContentHints | undefined {
  let parsed = args;
  if (typeof args === 'string') {
    try {
      parsed = JSON.parse(args);
    } catch {
      return undefined;
    }
  }
  if (!isObject(parsed)) return undefined;
  const path = parsed.file_path ?? parsed.path ?? parsed.filePath;
  const command = commandLine(parsed.command ?? parsed.cmd);
  if (typeof path !== 'string' && command === undefined) return undefined;
  return { ...(typeof path === 'string' ? { filePath: path } : {}), ...(command !== undefined ? { command } : {}) };
}

/** A command as one line: a string as it is; an argv whose last word is a shell script (`bash -lc …`) as that script. */
function commandLine(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (!Array.isArray(value) || value.length === 0 || !value.every((word) => typeof word === 'string')) return undefined;
  const words = value as string[];
  const shell = words.length >= 3 && /(^|\/)(ba|z|da)?sh$/.test(words[0]!) && /^-\w*c$/.test(words[words.length - 2]!);
  return shell ? words[words.length - 1] : words.join(' ');
}

/** The text of a message's content: the string itself, or its parts of `partType` joined by LF. */
export function joinedText(content: Json | undefined, partType: string): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const texts: string[] = [];
  for (const part of content) if (isObject(part) && part.type === partType && typeof part.text === 'string') texts.push(part.text);
  return texts.length > 0 ? texts.join('\n') : undefined;
}
