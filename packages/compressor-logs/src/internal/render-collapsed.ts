import type { CompressContext } from '@headroom/core';
import type { LogTemplate } from '../mine-templates.js';
import { summarizeVariables } from './summarize-variables.js';
import type { LineTokenCache } from './tokenize-line.js';

export interface RenderInput {
  readonly lines: readonly string[];
  readonly templates: readonly LogTemplate[];
  readonly assignments: Int32Array;
  /** Lines kept verbatim (non-zero); every other line belongs to a collapsed group. */
  readonly keep: Uint8Array;
  readonly groupMarkers: boolean;
  readonly tokens: LineTokenCache;
  /** Token positions left out of the variable summaries. */
  readonly headerPositions: readonly boolean[];
}

export interface Rendered {
  /** The body: kept lines verbatim, one `[×N]` line per collapsed group, in input order. */
  readonly lines: string[];
  readonly groups: number;
  readonly collapsed: number;
}

/**
 * Lines in input order: kept lines verbatim; each collapsed group appears once, where its first
 * omitted line was, as `[×N] <example line>  {what varies} <marker of the other N-1 lines>`.
 */
export function renderCollapsed(input: RenderInput, context: CompressContext): Rendered {
  const { lines, templates, assignments, keep } = input;
  const members = new Map<number, number[]>();
  lines.forEach((_, i) => {
    if (keep[i]) return;
    const template = assignments[i]!;
    const list = members.get(template);
    if (list) list.push(i);
    else members.set(template, [i]);
  });

  const groupLine = new Map<number, string>();
  let collapsed = 0;
  for (const [template, indexes] of members) {
    const summary = summarizeVariables(templates[template]!.tokens, input.headerPositions);
    for (const i of indexes) summary.add(input.tokens.at(i).raw);
    const varies = summary.render();
    const shown = indexes[0]!;
    const rest = indexes.slice(1);
    const marker = input.groupMarkers ? ` ${context.offload(rest.map((i) => lines[i]).join('\n'), { summary: `${rest.length} similar lines`, kind: 'lines' })}` : '';
    // A CRLF log keeps its \r at the end of the group line, not inside it.
    const example = lines[shown]!;
    const [body, cr] = example.endsWith('\r') ? [example.slice(0, -1), '\r'] : [example, ''];
    groupLine.set(indexes[0]!, `[×${indexes.length}] ${body}${varies ? `  {${varies}}` : ''}${marker}${cr}`);
    collapsed += indexes.length;
  }

  const out: string[] = [];
  lines.forEach((line, i) => {
    if (keep[i]) out.push(line);
    else {
      const group = groupLine.get(i);
      if (group !== undefined) out.push(group);
    }
  });
  return { lines: out, groups: members.size, collapsed };
}
