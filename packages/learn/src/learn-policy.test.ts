import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMPTY_POLICY_FILE, type LedgerEvent, parsePolicyFile, stringifyPolicyFile } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { learnPolicy } from './learn-policy.js';
import { readPolicy, resetPolicy, writePolicy } from './policy-store.js';

/** `n` results of a tool, each with one marker, `retrieved` of them retrieved and `reread` read again. */
function rows(tool: string, n: number, opts: { compressor?: string; retrieved?: number; reread?: number; family?: string; before?: number; after?: number } = {}): LedgerEvent[] {
  const compressor = opts.compressor ?? 'json';
  const family = opts.family ? { commandFamily: opts.family } : {};
  const events: LedgerEvent[] = [];
  for (let i = 0; i < n; i++) {
    events.push({ type: 'compression', time: i, compressor, contentType: 'json', toolName: tool, tokensBefore: opts.before ?? 1000, tokensAfter: opts.after ?? 200, exact: false, markers: 1, ...family });
    if (i < (opts.retrieved ?? 0)) events.push({ type: 'retrieval', time: i, ref: `${tool}-${i}`.padEnd(24, '0'), found: true, compressor, toolName: tool, kind: 'rows', ...family });
    if (i < (opts.reread ?? 0)) events.push({ type: 'reread', time: i, ref: `${tool}-r${i}`, compressor, toolName: tool, by: 'command', ...family });
  }
  return events;
}

describe('learnPolicy', () => {
  it('proposes lossless for a tool whose omissions are always needed, harder for one never needed, keep-more in between', () => {
    const events = [...rows('get_orders', 6, { retrieved: 6 }), ...rows('search_logs', 6, { compressor: 'logs' }), ...rows('Bash', 5, { compressor: 'text', family: 'git log', retrieved: 1, reread: 1 }), ...rows('rare', 2, { retrieved: 2 })];
    const learned = learnPolicy(events, EMPTY_POLICY_FILE);
    const byKey = Object.fromEntries(learned.proposals.map((p) => [p.key, p]));
    expect(byKey.get_orders).toMatchObject({ change: 'lossless', demand: 1, rule: { mode: 'lossless' } });
    expect(byKey.search_logs).toMatchObject({ change: 'harder', rule: { compressorOptions: { logs: { keepFactor: 0.5 } } } });
    expect(byKey['Bash git log']).toMatchObject({ change: 'keep-more', rule: { compressorOptions: { text: { keepFactor: 2 } } } });
    expect(byKey.rare).toMatchObject({ change: 'too-few' });
    expect(Object.keys(learned.policy.tools)).toEqual(['Bash git log', 'get_orders', 'search_logs']);
    const observation = learned.observations.find((o) => o.key === 'get_orders')!;
    expect(observation).toMatchObject({ results: 6, markers: 6, retrievals: 6, retrievedRefs: 6, rereads: 0, tokensBefore: 6000, tokensAfter: 1200, retrievedKinds: { rows: 6 } });
  });

  it('exempts a tool that is retrieved while compression barely saves anything', () => {
    const learned = learnPolicy(rows('tiny', 4, { retrieved: 3, before: 100, after: 95 }), EMPTY_POLICY_FILE);
    expect(learned.proposals[0]).toMatchObject({ change: 'exempt', rule: { exempt: true } });
  });

  it('is deterministic, merges with the previous policy, and a second apply of the same ledger changes nothing', () => {
    const events = [...rows('get_orders', 6, { retrieved: 6 }), ...rows('Bash', 5, { compressor: 'text', family: 'git log', retrieved: 3 })];
    const previous = parsePolicyFile('{"version":1,"tools":{"kept_by_hand":{"exempt":true},"Bash git log":{"compressorOptions":{"text":{"keepFactor":8}}}}}');
    const first = learnPolicy(events, previous);
    expect(stringifyPolicyFile(first.policy)).toBe(stringifyPolicyFile(learnPolicy([...events], previous).policy));
    expect(first.policy.tools.kept_by_hand).toEqual({ exempt: true });
    // A keep-more factor never goes down because of the same evidence.
    expect(first.policy.tools['Bash git log']?.compressorOptions).toEqual({ text: { keepFactor: 8 } });
    const second = learnPolicy(events, parsePolicyFile(stringifyPolicyFile(first.policy)));
    expect(second.changed).toEqual([]);
    expect(stringifyPolicyFile(second.policy)).toBe(stringifyPolicyFile(first.policy));
  });

  it('does not compress harder a tool it was told to keep more of', () => {
    const previous = parsePolicyFile('{"version":1,"tools":{"search_logs":{"compressorOptions":{"logs":{"keepFactor":2}}}}}');
    const learned = learnPolicy(rows('search_logs', 8, { compressor: 'logs' }), previous);
    expect(learned.proposals[0]!.change).toBe('none');
    expect(learned.changed).toEqual([]);
  });
});

describe('policy store', () => {
  it('keeps the previous file as .prev, a bad one as .bad, and reset moves the policy aside', () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-policy-store-'));
    try {
      const path = join(dir, 'policy.json');
      expect(readPolicy(path)).toEqual({ policy: EMPTY_POLICY_FILE, exists: false });
      writeFileSync(path, 'not json');
      const bad = readPolicy(path);
      expect(bad.problem).toContain('not JSON');
      const learned = learnPolicy(rows('get_orders', 4, { retrieved: 4 }), bad.policy);
      writePolicy(path, learned.policy, bad);
      expect(readFileSync(`${path}.bad`, 'utf8')).toBe('not json');
      expect(readPolicy(path).policy.tools.get_orders?.mode).toBe('lossless');
      const good = readPolicy(path);
      writePolicy(path, learnPolicy(rows('other', 6), good.policy).policy, good);
      expect(readFileSync(`${path}.prev`, 'utf8')).toBe(stringifyPolicyFile(good.policy));
      expect(resetPolicy(path)).toBe(true);
      expect(existsSync(path)).toBe(false);
      expect(resetPolicy(path)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
