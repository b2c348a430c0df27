import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PAGE_BODY, PAGE_STYLE } from './page-shell.js';

export interface DashboardPage {
  readonly html: string;
  /** The Content-Security-Policy to serve it with: only its own two inline scripts run, and it talks only to its own origin. */
  readonly contentSecurityPolicy: string;
}

let cached: Promise<DashboardPage> | undefined;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
/** Inline script text must not close its own tag early. */
const inline = (code: string) => code.replace(/<\/script/gi, '<\\/script');

/**
 * The dashboard as one HTML document with nothing to fetch but `/stats`: uPlot's own dist files
 * (from node_modules, MIT) and the page script (compiled from `src/page/`) are inlined. Built
 * once per process.
 */
export function dashboardPage(): Promise<DashboardPage> {
  cached ??= build().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function build(): Promise<DashboardPage> {
  const require = createRequire(import.meta.url);
  const [uplotJs, uplotCss, pageJs] = await Promise.all([
    readFile(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    readFile(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    // From the package root, so the same path works from src/ (tests) and dist/ (the build).
    readFile(new URL('../dist/page/main.js', import.meta.url), 'utf8'),
  ]);
  const scripts = [inline(uplotJs), inline(pageJs)];
  const html = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    // An empty icon: otherwise the browser asks the proxy for /favicon.ico, which it would forward upstream.
    '<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,"><title>Headroom dashboard</title>',
    `<style>${uplotCss}${PAGE_STYLE}</style></head><body>${PAGE_BODY}`,
    `<script>${scripts[0]}</script>`,
    `<script type="module">${scripts[1]}</script>`,
    '</body></html>',
  ].join('\n');
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')}`,
    "style-src 'unsafe-inline'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, contentSecurityPolicy };
}
