import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPolicyFileSource } from './policy-file-source.js';
import { mergePolicyFiles, parsePolicyFile, stringifyPolicyFile, toolPoliciesOf } from './policy-file.js';

describe('policy file', () => {
  it('round-trips, sorted and human-readable, and merges rule by rule', () => {
    const previous = parsePolicyFile('{"version":1,"tools":{"z_tool":{"exempt":true,"because":"old"},"a_tool":{"mode":"lossless"}}}');
    const next = parsePolicyFile('{"tools":{"a_tool":{"compressorOptions":{"json":{"keepFactor":2}}}},"version":1}');
    const merged = mergePolicyFiles(previous, next);
    const text = stringifyPolicyFile(merged);
    expect(text).toBe(
      '{\n  "version": 1,\n  "tools": {\n    "a_tool": {\n      "compressorOptions": {\n        "json": {\n          "keepFactor": 2\n        }\n      }\n    },\n    "z_tool": {\n      "because": "old",\n      "exempt": true\n    }\n  }\n}\n',
    );
    expect(parsePolicyFile(text)).toEqual(merged);
    expect(toolPoliciesOf(merged)).toEqual({ a_tool: { compressorOptions: { json: { keepFactor: 2 } } }, z_tool: { exempt: true } });
  });

  it.each([
    ['{', 'not JSON'],
    ['[]', 'not a JSON object'],
    ['{"version":2,"tools":{}}', 'version 2'],
    ['{"version":1,"tools":{"x":{"mode":"fast"}}}', 'mode'],
    ['{"version":1,"tools":{"x":{"keep":3}}}', 'unknown field "keep"'],
  ])('rejects %s', (text, message) => {
    expect(() => parsePolicyFile(text)).toThrow(message);
  });
});

describe('createPolicyFileSource', () => {
  it('reads at start and when the file changes; a bad file is reported with its path and the last good policy stays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-policy-'));
    const path = join(dir, 'policy.json');
    const problems: string[] = [];
    let clock = 0;
    const source = createPolicyFileSource(path, { checkEveryMs: 10, now: () => clock, onProblem: (p, m) => problems.push(`${p}: ${m}`) });
    try {
      expect(source()).toBeUndefined();
      writeFileSync(path, '{"version":1,"tools":{"get_orders":{"mode":"lossless"}}}');
      expect(source()).toBeUndefined(); // checked at most every 10 ms
      clock += 10;
      expect(source()).toEqual({ get_orders: { mode: 'lossless' } });
      writeFileSync(path, '{"version":1,"tools":{"get_orders":{"mode":"lossless"}},');
      clock += 10;
      expect(source()).toEqual({ get_orders: { mode: 'lossless' } });
      expect(problems).toEqual([expect.stringContaining(`${path}: not JSON`)]);
      clock += 10;
      source();
      expect(problems).toHaveLength(1); // reported once per bad version, not on every check
      rmSync(path);
      clock += 10;
      expect(source()).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
