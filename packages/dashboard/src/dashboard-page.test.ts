import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { dashboardPage } from './dashboard-page.js';

describe('dashboardPage', () => {
  it('is one self-contained document: uPlot and the page script inline, nothing loaded from elsewhere', async () => {
    const { html } = await dashboardPage();
    const uplot = readFileSync(createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
    expect(html).toContain(uplot.slice(0, 200));
    expect(html).toContain("fetch(`/stats");
    // No script, style sheet, image or font from anywhere: no src= or href= but the empty icon.
    expect(html.match(/\s(?:src|href)=/g) ?? []).toEqual([' href=']);
    expect(html).toContain('<link rel="icon" href="data:,">');
    expect(html).not.toMatch(/<script[^>]+src=|@import|url\(\s*['"]?https?:/);
  });

  it('is served with a policy that lets only its own two scripts run and talk only to its origin', async () => {
    const { html, contentSecurityPolicy } = await dashboardPage();
    const scripts = [...html.matchAll(/<script(?: type="module")?>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(2);
    const hashes = scripts.map((code) => `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`);
    expect(contentSecurityPolicy).toContain(`script-src ${hashes.join(' ')}`);
    expect(contentSecurityPolicy).toContain("default-src 'none'");
    expect(contentSecurityPolicy).toContain("connect-src 'self'");
    expect(contentSecurityPolicy).not.toContain('unsafe-eval');
  });

  it('names every headline figure the issue asks for', async () => {
    const { html } = await dashboardPage();
    for (const figure of ['tokens.saved', 'dollars.saved', 'tokens.savingsPercent', 'requests.count', 'retrievals.count', 'failures.count', 'cache.hitSharePercent', 'latencyMs.p50', 'latencyMs.p95', 'latencyMs.p99']) {
      expect(html).toContain(`data-figure="${figure}"`);
    }
  });
});
