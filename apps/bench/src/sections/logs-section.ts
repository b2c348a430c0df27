import { mineTemplates } from '@headroom/compressor-logs';
import { groupingAccuracy } from '../grouping-accuracy.js';
import { checkLoghubNeedles, type LoghubNeedleReport, loghubNeedles } from '../loghub-needles.js';
import { visibleText } from '../measure.js';
import { type LoghubLine, loadLoghub, loghubSystems, shellOutputFiles } from '../real-data.js';
import { formatPercent, markdownTable } from '../table.js';
import { type ComparedInput, compareAlign, compareCells, compareHeaders, compareModes, integrityTargets, speedTarget, totalsCells } from './compare.js';
import type { BenchContext, Section, SectionReport, Target } from './section.js';

const LOGHUB_AVERAGE_SAVINGS = 0.9;
const LOGS_SPEED_MBPS = 15;
/** `--quick` keeps a spread of formats: many templates (Mac), few (Apache), levels (BGL, Zookeeper). */
const QUICK_SYSTEMS = ['Apache', 'BGL', 'Mac', 'Zookeeper'];

/** Grouping accuracy of the logs package's miner against the corrected ground truth. */
interface Grouping {
  /** Mining the raw lines, as the compressor sees them. */
  readonly rawLines: number;
  /** Mining the ground truth's Content field (headers stripped), as the literature reports it. */
  readonly content: number;
  readonly templates: number;
  readonly trueTemplates: number;
}

type LoghubRow = ComparedInput & { readonly system: string; readonly loghub: LoghubNeedleReport; readonly grouping: Grouping };

function grouping(lines: readonly LoghubLine[]): Grouping {
  const truth = lines.map((line) => line.eventId);
  const raw = mineTemplates(lines.map((line) => line.text));
  const content = mineTemplates(lines.map((line) => line.content));
  return {
    rawLines: groupingAccuracy(raw.assignments, truth),
    content: groupingAccuracy(content.assignments, truth),
    templates: raw.templates.length,
    trueTemplates: new Set(truth).size,
  };
}

async function runLogs(context: BenchContext): Promise<SectionReport> {
  const systems = loghubSystems(context.evaldata).filter((system) => !context.quick || QUICK_SYSTEMS.includes(system));
  const loghubRows: LoghubRow[] = [];
  for (const system of systems) {
    context.progress(`logs: Loghub ${system}`);
    const sample = loadLoghub(context.evaldata, system);
    const { row, lossy } = await compareModes(sample.name, [{ text: sample.text, input: { toolName: 'Bash' } }], context.runs);
    const loghub = checkLoghubNeedles(visibleText(lossy.texts[0] ?? ''), loghubNeedles(sample.lines));
    loghubRows.push({ ...row, system, loghub, grouping: grouping(sample.lines) });
  }

  const shellRows: ComparedInput[] = [];
  for (const file of shellOutputFiles(context.evaldata)) {
    context.progress(`logs: ${file.name}`);
    const { row } = await compareModes(file.name, [{ text: file.text, input: { toolName: 'Bash' } }], context.runs);
    shellRows.push(row);
  }

  const loghubTable = markdownTable(
    [...compareHeaders(false), 'rare lines visible', 'warn+ templates visible', 'GA raw', 'GA content', 'templates (true)'],
    [
      ...loghubRows.map((row) => [
        ...compareCells(row, false),
        `${row.loghub.rareVisible}/${row.loghub.rareTotal}`,
        `${row.loghub.warningVisible}/${row.loghub.warningTotal}`,
        row.grouping.rawLines.toFixed(3),
        row.grouping.content.toFixed(3),
        `${row.grouping.templates} (${row.grouping.trueTemplates})`,
      ]),
      [
        ...totalsCells(loghubRows, false),
        `${sum(loghubRows, (r) => r.loghub.rareVisible)}/${sum(loghubRows, (r) => r.loghub.rareTotal)}`,
        `${sum(loghubRows, (r) => r.loghub.warningVisible)}/${sum(loghubRows, (r) => r.loghub.warningTotal)}`,
        `avg ${(sum(loghubRows, (r) => r.grouping.rawLines) / loghubRows.length).toFixed(3)}`,
        `avg ${(sum(loghubRows, (r) => r.grouping.content) / loghubRows.length).toFixed(3)}`,
        '',
      ],
    ],
    [...compareAlign(false), 'right', 'right', 'right', 'right', 'right'],
  );
  const shellTable = markdownTable(compareHeaders(false), [...shellRows.map((row) => compareCells(row, false)), totalsCells(shellRows, false)], compareAlign(false));
  const markdown = [
    `### Loghub 2k samples (${loghubRows.length} systems, no query)`,
    '',
    'Needles: "rare lines" = every line of a ground-truth template that occurs at most twice; "warn+ templates" = templates whose lines carry a level field at warning or above (one example line must stay visible). A line counts as visible when it appears verbatim outside markers. GA = grouping accuracy (Zhu et al. 2019) of the logs package\'s `mineTemplates` with default options against the corrected templates, mining the raw lines (what the compressor sees) and the ground truth\'s Content field (headers stripped, as the literature reports it).',
    '',
    loghubTable,
    '',
    `### Real shell outputs (${shellRows.length} files from evaldata/shell-outputs, no query)`,
    '',
    shellTable,
  ].join('\n');
  return {
    name: 'logs',
    title: 'Logs: Loghub and shell outputs',
    markdown,
    targets: logsTargets(loghubRows, [...loghubRows, ...shellRows]),
    data: { loghub: loghubRows, shellOutputs: shellRows },
  };
}

function sum<T>(rows: readonly T[], pick: (row: T) => number): number {
  return rows.reduce((s, row) => s + pick(row), 0);
}

function logsTargets(loghub: readonly LoghubRow[], all: readonly ComparedInput[]): Target[] {
  const average = loghub.length > 0 ? sum(loghub, (r) => r.savings.default) / loghub.length : 0;
  const rare = { visible: sum(loghub, (r) => r.loghub.rareVisible), total: sum(loghub, (r) => r.loghub.rareTotal) };
  const warning = { visible: sum(loghub, (r) => r.loghub.warningVisible), total: sum(loghub, (r) => r.loghub.warningTotal) };
  return [
    { name: 'Loghub average savings (default mode)', pass: average >= LOGHUB_AVERAGE_SAVINGS, detail: `${formatPercent(average)} over ${loghub.length} systems (>= ${formatPercent(LOGHUB_AVERAGE_SAVINGS)})` },
    { name: 'Loghub rare-template lines visible', pass: rare.visible === rare.total, detail: `${rare.visible}/${rare.total}` },
    { name: 'Loghub warning-level templates with an example visible', pass: warning.visible === warning.total, detail: `${warning.visible}/${warning.total}` },
    speedTarget('log compression speed (default mode, Loghub)', loghub, LOGS_SPEED_MBPS),
    ...integrityTargets('logs', all),
  ];
}

export const logsSection: Section = { name: 'logs', title: 'Logs: Loghub and shell outputs', run: runLogs };
