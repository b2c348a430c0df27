import { describe, expect, it } from 'vitest';
import { codeSearchWorkload } from './code-search.js';
import { codebaseExplorationWorkload, PLANTED_PATH } from './codebase-exploration.js';
import { allWorkloads } from './index.js';
import { issueTriageWorkload, URGENT_ISSUE, URGENT_LOG_LINE } from './issue-triage.js';
import { NEEDLE_FACTS, needleLogsWorkload } from './needle-logs.js';
import { SRE_ANOMALIES, SRE_ROOT_CAUSE, sreIncidentWorkload } from './sre-incident.js';

const parse = (text: string) => JSON.parse(text) as Record<string, unknown>[];

describe('seeded workloads', () => {
  it('are the same bytes on every call', () => {
    const first = allWorkloads().map(({ workload }) => workload.outputs.map((o) => o.text));
    const second = allWorkloads().map(({ workload }) => workload.outputs.map((o) => o.text));
    expect(second).toEqual(first);
  });

  it('change with the seed', () => {
    expect(sreIncidentWorkload(99).outputs[0]!.text).not.toBe(sreIncidentWorkload().outputs[0]!.text);
  });

  it('carry every needle in the raw tool outputs', () => {
    for (const { workload } of allWorkloads()) {
      const raw = workload.outputs.map((o) => o.text).join('\n');
      for (const needle of workload.needles) {
        for (const text of needle.texts) expect(raw, `${workload.name}: ${needle.label}`).toContain(text);
      }
      expect(workload.needles.length).toBeGreaterThan(0);
    }
  });

  it('are valid JSON arrays', () => {
    for (const { workload } of allWorkloads()) {
      for (const output of workload.outputs) expect(Array.isArray(JSON.parse(output.text))).toBe(true);
    }
  });
});

describe('code search', () => {
  it('has 100 compact hits with the reference fields, lines 10+3i and scores 0.95-0.005i', () => {
    const text = codeSearchWorkload().outputs[0]!.text;
    expect(text).not.toContain('\n');
    const hits = parse(text);
    expect(hits).toHaveLength(100);
    expect(Object.keys(hits[0]!)).toEqual(['file', 'line', 'content', 'language', 'repository', 'branch', 'last_modified', 'author', 'match_score', 'context', 'metadata']);
    expect(hits[7]!.line).toBe(31);
    expect(hits[10]!.match_score).toBe(0.9);
    expect(new Set(hits.map((h) => h.file)).size).toBe(5);
    expect(new Set(hits.map((h) => h.author)).size).toBe(10);
  });
});

describe('needle logs', () => {
  it('is 100 INFO entries except a FATAL at index 67 with all four facts', () => {
    const entries = parse(needleLogsWorkload().outputs[0]!.text);
    expect(entries).toHaveLength(100);
    expect(entries.filter((e) => e.level !== 'INFO')).toEqual([entries[67]]);
    expect(entries[67]!.level).toBe('FATAL');
    expect(entries[67]!.service).toBe(NEEDLE_FACTS.service);
    for (const fact of [NEEDLE_FACTS.errorCode, NEEDLE_FACTS.resolution, NEEDLE_FACTS.affected]) expect(entries[67]!.message).toContain(fact);
  });
});

describe('SRE incident', () => {
  it('has 300 logs with one FATAL, 200 rows whose only revenue outliers are the planted ones, 150 hits', () => {
    const [logs, rows, hits] = sreIncidentWorkload().outputs.map((o) => parse(o.text));
    expect(logs).toHaveLength(300);
    expect(logs!.filter((e) => e.level === 'FATAL').map((e) => e.message)).toEqual([SRE_ROOT_CAUSE]);
    expect(rows).toHaveLength(200);
    const outliers = rows!.filter((r) => (r.revenue_30d as number) < 0 || (r.revenue_30d as number) > 400).map((r) => r.user_id);
    expect(outliers).toEqual(SRE_ANOMALIES.map((a) => a.userId));
    expect(hits).toHaveLength(150);
  });
});

describe('issue triage', () => {
  it('plants one critical open issue and one matching log line', () => {
    const [issues, code, logs] = issueTriageWorkload().outputs.map((o) => parse(o.text));
    expect(issues).toHaveLength(100);
    expect(code).toHaveLength(80);
    expect(logs).toHaveLength(200);
    const critical = issues!.filter((i) => JSON.stringify(i.labels).includes('priority: critical'));
    expect(critical.map((i) => [i.number, i.title, i.state])).toEqual([[URGENT_ISSUE.number, URGENT_ISSUE.title, 'open']]);
    expect(logs!.filter((e) => e.message === URGENT_LOG_LINE)).toHaveLength(1);
  });
});

describe('codebase exploration', () => {
  it('has a three-level tree of about 20 files per folder and the planted file in all three outputs', () => {
    const [tree, grep, search] = codebaseExplorationWorkload().outputs.map((o) => o.text);
    const roots = parse(tree!);
    const src = roots.find((d) => d.name === 'src') as { children: { type: string; name: string }[] };
    const files = src.children.filter((c) => c.type === 'file');
    expect(files.length).toBeGreaterThanOrEqual(17);
    expect(files.length).toBeLessThanOrEqual(23);
    expect(tree).toContain('"rate-limiter.ts"');
    expect(parse(grep!)).toHaveLength(200);
    expect(parse(search!)).toHaveLength(100);
    expect(grep).toContain(PLANTED_PATH);
    expect(search).toContain(PLANTED_PATH);
  });
});
