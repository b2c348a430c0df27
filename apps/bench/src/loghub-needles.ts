import type { LoghubLine } from './real-data.js';

/**
 * A level field at warning or above. Loghub formats spell levels differently: Android uses one
 * letter (W, E, F, A = assert), BGL uses FATAL/SEVERE/FAILURE, Apache lower-case "error", Windows
 * "Warning"/"Error". Linux's Level column holds "combo" (a host name, not a severity), and HPC,
 * HealthApp, Mac, OpenSSH, Proxifier and Thunderbird have no level column: they contribute no
 * warning-level templates.
 */
const WARNING_OR_ABOVE = /^(w|e|f|a|warn|warning|err|error|fatal|crit|critical|severe|failure|alert|emerg|emergency|panic)$/i;

export function isWarningLevel(level: string | undefined): boolean {
  return level !== undefined && WARNING_OR_ABOVE.test(level.trim());
}

export interface LoghubNeedles {
  /** Every line of a template that occurs at most twice in the sample. */
  readonly rareLines: readonly string[];
  /** Per template at warning level or above: all its lines (one of them must stay visible). */
  readonly warningTemplates: ReadonlyMap<string, readonly string[]>;
}

export function loghubNeedles(lines: readonly LoghubLine[]): LoghubNeedles {
  const byTemplate = new Map<string, LoghubLine[]>();
  for (const line of lines) {
    const group = byTemplate.get(line.eventId);
    if (group) group.push(line);
    else byTemplate.set(line.eventId, [line]);
  }
  const rareLines: string[] = [];
  const warningTemplates = new Map<string, string[]>();
  for (const [eventId, group] of byTemplate) {
    if (group.length <= 2) rareLines.push(...group.map((line) => line.text));
    if (group.some((line) => isWarningLevel(line.level))) warningTemplates.set(eventId, group.map((line) => line.text));
  }
  return { rareLines, warningTemplates };
}

export interface LoghubNeedleReport {
  readonly rareVisible: number;
  readonly rareTotal: number;
  readonly warningVisible: number;
  readonly warningTotal: number;
  /** EventIds of warning-level templates with no line visible. */
  readonly warningMissing: readonly string[];
}

/** A line is visible when it appears verbatim in the visible text (outside markers). */
export function checkLoghubNeedles(visible: string, needles: LoghubNeedles): LoghubNeedleReport {
  const rareVisible = needles.rareLines.filter((line) => visible.includes(line)).length;
  const warningMissing = [...needles.warningTemplates].filter(([, group]) => !group.some((line) => visible.includes(line))).map(([eventId]) => eventId);
  return {
    rareVisible,
    rareTotal: needles.rareLines.length,
    warningVisible: needles.warningTemplates.size - warningMissing.length,
    warningTotal: needles.warningTemplates.size,
    warningMissing,
  };
}
