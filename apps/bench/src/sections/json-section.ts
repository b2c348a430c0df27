import { encode } from '@toon-format/toon';
import { type BenchInput, checkNeedles, countTokens } from '../measure.js';
import { realJsonFiles } from '../real-data.js';
import { formatPercent, formatSpeed, markdownTable } from '../table.js';
import { allWorkloads, type WorkloadId } from '../workloads/index.js';
import { commandJsonOutputs } from './command-json.js';
import { type JsonSpeed, measureJsonSpeed, type SpeedInput } from './json-speed.js';
import { type ComparedInput, compareAlign, compareCells, compareHeaders, compareModes, integrityTargets, listSome, speedTarget, totalsCells } from './compare.js';
import type { BenchContext, Section, SectionReport, Target } from './section.js';

/** Default-mode savings the issue asks for, per workload. */
const WORKLOAD_TARGETS: Record<WorkloadId, number> = {
  'code-search': 0.92,
  'sre-incident': 0.92,
  'issue-triage': 0.75,
  'codebase-exploration': 0.55,
  'needle-logs': 0.88,
};
const LOSSLESS_WORKLOAD_AVERAGE = 0.6;
const JSON_SPEED_MBPS = 30;
/** The issue's goal: the json compressor at 0.4 of a JSON.parse + JSON.stringify round trip's speed, same inputs, same run. */
const JSON_SPEED_RATIO = 0.4;
/** Rounds of the side-by-side speed measurement (each: round trip, compressor, pipeline over every input). */
const SPEED_ROUNDS = { quick: 5, full: 11 };

/** The parsed documents of a .json file, or of each line of an .ndjson stream; undefined if not JSON. */
function parseDocuments(text: string, ndjson: boolean): unknown[] | undefined {
  try {
    if (!ndjson) return [JSON.parse(text)];
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line));
  } catch {
    return undefined;
  }
}

/** Minified JSON and TOON token counts: the baselines our modes are compared with. */
function baselines(text: string, ndjson: boolean): { minified?: number; toon?: number } {
  const documents = parseDocuments(text, ndjson);
  if (!documents) return {};
  const minified = documents.map((doc) => JSON.stringify(doc)).join('\n');
  const toon = encode(ndjson ? documents : documents[0]);
  return { minified: countTokens(minified), toon: countTokens(toon) };
}

function sumBaselines(list: readonly { minified?: number; toon?: number }[]): { minified?: number; toon?: number } {
  if (list.some((b) => b.minified === undefined || b.toon === undefined)) return {};
  return { minified: list.reduce((s, b) => s + b.minified!, 0), toon: list.reduce((s, b) => s + b.toon!, 0) };
}

async function runJson(context: BenchContext): Promise<SectionReport> {
  const workloadRows: (ComparedInput & { id: WorkloadId; query: string })[] = [];
  for (const { id, workload } of allWorkloads()) {
    context.progress(`json: workload ${workload.name}`);
    const items: BenchInput[] = workload.outputs.map((output) => ({ text: output.text, input: { query: workload.query, toolName: output.toolName } }));
    const { row, lossy } = await compareModes(workload.name, items, context.runs, sumBaselines(workload.outputs.map((o) => baselines(o.text, false))));
    workloadRows.push({ ...row, id, query: workload.query, needles: checkNeedles(lossy.texts, workload.needles) });
  }

  const speedInputs: SpeedInput[] = allWorkloads().flatMap(({ workload }) =>
    workload.outputs.map((output) => ({ text: output.text, input: { query: workload.query, toolName: output.toolName }, documents: [output.text] })),
  );
  const realRows: ComparedInput[] = [];
  const files = realJsonFiles(context.evaldata);
  for (const [index, file] of files.entries()) {
    context.progress(`json: real file ${index + 1}/${files.length} ${file.name}`);
    const ndjson = file.name.endsWith('.ndjson');
    const { row } = await compareModes(file.name, [{ text: file.text, input: {} }], context.runs, baselines(file.text, ndjson));
    realRows.push(row);
    speedInputs.push({ text: file.text, input: {}, documents: ndjson ? file.text.split('\n').filter((line) => line.trim() !== '') : [file.text] });
  }

  // The same inputs as the speed target below (workloads and real files), timed side by side.
  context.progress('json: speed beside JSON.parse + JSON.stringify');
  const speed = await measureJsonSpeed(speedInputs, context.quick ? SPEED_ROUNDS.quick : SPEED_ROUNDS.full);

  context.progress('json: running commands that print JSON (npm view, npm ls, node -e)');
  const commands = commandJsonOutputs(context.repoRoot);
  const commandRows: ComparedInput[] = [];
  for (const output of commands.outputs) {
    context.progress(`json: command ${output.command}`);
    const items: BenchInput[] = [{ text: output.text, input: { query: output.query, toolName: 'Bash', hints: { command: output.command } } }];
    const { row } = await compareModes(output.command, items, context.runs, baselines(output.text, false));
    commandRows.push(row);
  }

  const targets = jsonTargets(workloadRows, [...realRows, ...commandRows], speed);
  const workloadTable = markdownTable(
    [...compareHeaders(true), 'needles (default)'],
    workloadRows.map((row) => [...compareCells(row, true), row.needles ? `${row.needles.visible}/${row.needles.total}` : 'n/a']),
    [...compareAlign(true), 'right'],
  );
  const realTable = markdownTable(compareHeaders(true), [...realRows.map((row) => compareCells(row, true)), totalsCells(realRows, true)], compareAlign(true));
  const commandTable = markdownTable(compareHeaders(true), [...commandRows.map((row) => compareCells(row, true)), totalsCells(commandRows, true)], compareAlign(true));
  const missing = workloadRows.flatMap((row) => (row.needles?.missing ?? []).map((label) => `- ${row.name}: ${label}`));
  const markdown = [
    '### Seeded workloads (o200k_base tokens; several outputs are compressed separately and summed)',
    '',
    workloadTable,
    '',
    ...(missing.length > 0 ? ['Needles not visible in default mode:', ...missing, ''] : []),
    `### Real JSON: ${realRows.length} files from evaldata/json (no query)`,
    '',
    realTable,
    '',
    `### Speed, default mode: ${speedInputs.length} inputs (the workloads and the real files), ${(speed.bytes / 1e6).toFixed(2)} MB, median of ${speed.rounds} rounds in one run`,
    '',
    speedTable(speed),
    '',
    'The three passes alternate round by round, so the ratios hold on a loaded machine where MB/s alone does not. "json compressor" is detect + compress alone; "pipeline" adds routing by confidence (every default compressor\'s detect), hashing, token estimates and the store.',
    '',
    '### Command JSON: outputs generated on this machine at bench time (each with a question)',
    '',
    commandTable,
    ...(commands.skipped.length > 0 ? ['', `Skipped (the command failed or printed no JSON here): ${commands.skipped.join('; ')}`] : []),
  ].join('\n');
  return { name: 'json', title: 'JSON: seeded workloads and real API responses', markdown, targets, data: { workloads: workloadRows, real: realRows, commands: commandRows, speed } };
}

function speedTable(speed: JsonSpeed): string {
  const row = (name: string, ms: number, mbps: number, ratio: number) => [name, ms.toFixed(1), formatSpeed(mbps), ratio.toFixed(3)];
  return markdownTable(
    ['pass over every input', 'ms', 'MB/s', 'ratio to parse + stringify'],
    [
      row('JSON.parse + JSON.stringify', speed.ms.roundTrip, speed.mbps.roundTrip, 1),
      row('json compressor (detect + compress)', speed.ms.compressor, speed.mbps.compressor, speed.ratio.compressor),
      row('pipeline.compress (all default compressors)', speed.ms.pipeline, speed.mbps.pipeline, speed.ratio.pipeline),
    ],
    ['left', 'right', 'right', 'right'],
  );
}

/** How `measureMode` names a pipeline result passed through for its size. */
const TOO_SMALL = 'pass-through (too small)';

function jsonTargets(workloads: readonly (ComparedInput & { id: WorkloadId })[], real: readonly ComparedInput[], speed: JsonSpeed): Target[] {
  const targets: Target[] = workloads.map((row) => {
    const want = WORKLOAD_TARGETS[row.id];
    return { name: `default savings, ${row.name}`, pass: row.savings.default >= want, detail: `${formatPercent(row.savings.default)} (>= ${formatPercent(want)})` };
  });
  const needles = workloads.reduce((acc, row) => ({ visible: acc.visible + (row.needles?.visible ?? 0), total: acc.total + (row.needles?.total ?? 0) }), { visible: 0, total: 0 });
  targets.push({ name: 'every needle visible (default mode)', pass: needles.visible === needles.total, detail: `${needles.visible}/${needles.total}` });
  const losslessAverage = workloads.reduce((s, row) => s + row.savings.lossless, 0) / workloads.length;
  targets.push({ name: 'lossless savings, average over the five workloads', pass: losslessAverage >= LOSSLESS_WORKLOAD_AVERAGE, detail: `${formatPercent(losslessAverage)} (>= ${formatPercent(LOSSLESS_WORKLOAD_AVERAGE)})` });
  // The pipeline passes content under `policy.minTokens` through in every mode, by design: such a
  // file says nothing about the lossless encoding, so it is counted apart rather than as larger.
  const tooSmall = (row: ComparedInput) => row.handledBy.lossless.every((outcome) => outcome === TOO_SMALL);
  const judged = real.filter((row) => row.tokens.minified !== undefined && !tooSmall(row));
  const larger = judged.filter((row) => row.tokens.lossless > row.tokens.minified!);
  const small = real.filter(tooSmall).length;
  const smallNote = small === 0 ? '' : ` (${small} under the pipeline's minTokens pass through as sent, not counted)`;
  targets.push({
    name: 'lossless never larger than minified JSON on a real json/ file',
    pass: larger.length === 0,
    detail: `${larger.length} of ${judged.length} files larger${larger.length === 0 ? '' : `: ${listSome(larger.map((r) => r.name))}`}${smallNote}`,
  });
  const all = [...workloads, ...real];
  targets.push(speedTarget('JSON compression speed (default mode, all JSON inputs)', all, JSON_SPEED_MBPS));
  targets.push({
    name: 'json compressor speed as a share of JSON.parse + JSON.stringify (default mode, same inputs, same run)',
    pass: speed.ratio.compressor >= JSON_SPEED_RATIO,
    detail: `${speed.ratio.compressor.toFixed(3)} (>= ${JSON_SPEED_RATIO}): ${formatSpeed(speed.mbps.compressor)} vs ${formatSpeed(speed.mbps.roundTrip)} MB/s; whole pipeline ${formatSpeed(speed.mbps.pipeline)} MB/s, ${speed.ratio.pipeline.toFixed(3)}`,
  });
  targets.push(...integrityTargets('JSON', all));
  return targets;
}

export const jsonSection: Section = { name: 'json', title: 'JSON: seeded workloads and real API responses', run: runJson };
