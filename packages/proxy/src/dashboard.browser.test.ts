/// <reference lib="dom" />
import { copyFile, mkdir } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Figures, type LedgerEvent, parseMarkers, RETRIEVE_TOOL_NAME } from '@headroom/core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bashResultBody, bigJson, explodes, type Harness, keepFirstLine, minifyJson, send, startHarness } from './internal/test-kit.js';
import { anthropicMessage, anthropicStream, openaiChatCompletion, type RecordedRequest } from './testing/index.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The test output folder (ignored by git) and the README's copy of the screenshot. */
const OUTPUT = join(here, '..', 'test-output');
const README_SCREENSHOT = join(here, '..', '..', '..', 'docs', 'dashboard.png');

// Debian's own Chromium: never a downloaded browser.
const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

const LOG = `LOG deploy api\n${Array.from({ length: 80 }, (_, i) => (i === 57 ? 'ERROR migration 0042 failed: relation "orders" already exists' : `INFO step ${i} done in ${(i * 37) % 400} ms`)).join('\n')}`;

let browser: Browser;
let harness: Harness;
beforeAll(async () => {
  browser = await chromium.launch(LAUNCH);
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await harness?.close();
});

function anthropicBody(model: string, toolOutput: string, toolName = 'Bash'): string {
  const body = JSON.parse(bashResultBody(toolOutput)) as { model: string; messages: { content: unknown }[] };
  body.model = model;
  (body.messages[1]!.content as { name: string }[])[0]!.name = toolName;
  return JSON.stringify(body);
}

/** What a small team's proxy sees: Anthropic and OpenAI calls, a retrieval round, a compressor failure, an unpriced model. */
async function scriptedTraffic(h: Harness, headers: Record<string, string> = {}): Promise<void> {
  const anthropic = { 'x-api-key': 'sk-ant-team', ...headers };
  for (let turn = 0; turn < 4; turn++) {
    h.upstream.enqueue({ sse: anthropicStream({ model: 'claude-sonnet-4-5-20250929', usage: { input: 400 + turn, output: 120, cacheRead: turn * 2500, cacheWrite: turn === 0 ? 2500 : 300 } }) });
    await send(`${h.proxy.url}/v1/messages`, { headers: anthropic, body: anthropicBody('claude-sonnet-4-5-20250929', bigJson(turn, 60), turn % 2 ? 'Read' : 'Bash') });
  }
  // The model redeems a marker: the proxy answers the retrieve call and continues upstream.
  h.upstream.enqueue(
    (request: RecordedRequest) => {
      const [marker] = parseMarkers(request.text());
      if (!marker) throw new Error('the log reached the upstream without a marker');
      return { json: anthropicMessage({ model: 'claude-haiku-4-5', toolCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: marker.ref } }, usage: { input: 300, output: 20 } }) };
    },
    { json: anthropicMessage({ model: 'claude-haiku-4-5', text: 'The migration failed.', usage: { input: 900, output: 40, cacheRead: 300 } }) },
  );
  await send(`${h.proxy.url}/v1/messages`, { headers: anthropic, body: anthropicBody('claude-haiku-4-5', LOG, 'Bash') });
  for (let i = 0; i < 3; i++) {
    h.upstream.enqueue({ json: openaiChatCompletion({ model: 'gpt-4o-2024-08-06', usage: { input: 1800, output: 60, cacheRead: i * 1024 } }) });
    const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'list' }, { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'list_orders', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c1', content: bigJson(10 + i, 50) }] };
    await send(`${h.proxy.url}/v1/chat/completions`, { headers: { authorization: 'Bearer sk-openai-team', ...headers }, body: JSON.stringify(body) });
  }
  // A model the pricing table does not list: tokens, never a made-up price.
  h.upstream.enqueue({ json: openaiChatCompletion({ model: 'local-llama-3-70b', usage: { input: 700, output: 30 } }) });
  await send(`${h.proxy.url}/v1/chat/completions`, { headers: { authorization: 'Bearer sk-local', ...headers }, body: JSON.stringify({ model: 'local-llama-3-70b', messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'search', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c1', content: bigJson(99, 40) }] }) });
  // A compressor that throws: the request goes through uncompressed, a fail-open event is recorded.
  h.upstream.enqueue({ json: anthropicMessage({ model: 'claude-sonnet-4-5-20250929', usage: { input: 50, output: 5 } }) });
  await send(`${h.proxy.url}/v1/messages`, { headers: anthropic, body: anthropicBody('claude-sonnet-4-5-20250929', `EXPLODE\n${LOG.slice(4)}`) });
}

/** Rows of earlier days (appended to the store directly, as a long-running proxy would have), so the charts span time. */
async function earlierDays(h: Harness): Promise<void> {
  const now = Date.now();
  const rows: LedgerEvent[] = [];
  for (let hour = 72; hour >= 2; hour -= 5) {
    const time = now - hour * 3_600_000;
    const before = 4000 + ((hour * 977) % 3000);
    rows.push({ type: 'compression', time, compressor: 'minify-json', contentType: 'json', toolName: 'Bash', tokensBefore: before, tokensAfter: Math.round(before * 0.4), exact: false, source: 'proxy', tenant: 't-history' });
    for (let r = 0; r < 1 + (hour % 4); r++) {
      rows.push({ type: 'request', time: time + r, provider: 'anthropic', model: 'claude-sonnet-4-5-20250929', route: '/v1/messages', status: 200, tokensBefore: before, tokensAfter: Math.round(before * 0.4), usage: { inputTokens: 300, outputTokens: 90, cacheReadTokens: 3000 * r, cacheWriteTokens: r === 0 ? 3000 : 0 }, addedLatencyMs: 2 + ((hour + r) % 9), source: 'proxy', tenant: 't-history' });
    }
  }
  for (const row of rows) await h.store.ledger.append(row);
}

/** The ledger is written after each response ends: wait until every request row is in. */
async function settled(h: Harness, requests: number): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if ((await h.store.ledger.read({ type: 'request' })).length >= requests) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`expected ${requests} request rows`);
}

function valueAt(figures: Figures, path: string): number {
  let node: unknown = figures;
  for (const key of path.split('.')) node = (node as Record<string, unknown>)[key];
  return node as number;
}

/** Opens the page and records every console error and uncaught exception. */
async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  await page.waitForSelector('body[data-loaded]');
  return { page, errors };
}

/** Pixels of the series colour in a chart's canvas: the data was drawn, not only the axes. */
function seriesPixels(page: Page, id: string): Promise<number> {
  return page.evaluate((chartId) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`#${chartId} canvas`);
    if (!canvas || canvas.width === 0) return 0;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - 47) < 30 && Math.abs(data[i + 1]! - 111) < 30 && Math.abs(data[i + 2]! - 237) < 30 && data[i + 3]! > 0) count++;
    return count;
  }, id);
}

describe('the dashboard in Debian\'s Chromium', () => {
  it('shows the same figures as /stats, draws its charts, logs no error, updates live', async () => {
    harness = await startHarness({ compressors: [keepFirstLine, minifyJson, explodes] });
    await earlierDays(harness);
    const historic = (await harness.store.ledger.read({ type: 'request' })).length;
    await scriptedTraffic(harness);
    await settled(harness, historic + 10);
    const stats = (await send(`${harness.proxy.url}/stats`)).json<Figures>();
    // The traffic did what it says: a retrieval, a failure, a priced and an unpriced model.
    expect(stats.retrievals.found).toBe(1);
    expect(stats.failures.byCode).toEqual({ compressor_failed: 1 });
    expect(stats.by.model['claude-sonnet-4-5-20250929']!.dollars!.saved).toBeGreaterThan(0);
    expect(stats.dollars.unpricedModels).toEqual(['local-llama-3-70b']);

    const { page, errors } = await open(`${harness.proxy.url}/dashboard?poll=250`);
    const shown = await page.$$eval('[data-figure]', (nodes) => nodes.map((n) => ({ path: (n as HTMLElement).dataset.figure!, value: Number((n as HTMLElement).dataset.value), text: n.textContent ?? '' })));
    expect(shown.length).toBeGreaterThanOrEqual(20);
    for (const tile of shown) expect(tile.value, tile.path).toBe(valueAt(stats, tile.path));
    const text = (path: string) => shown.find((t) => t.path === path)!.text;
    expect(text('tokens.saved')).toBe(new Intl.NumberFormat('en-US').format(stats.tokens.saved));
    expect(text('requests.count')).toBe(String(stats.requests.count));
    expect(text('failures.count')).toBe('1');
    expect(text('tokens.savingsPercent')).toBe(`${stats.tokens.savingsPercent.toFixed(1)}%`);
    expect(text('dollars.saved')).toMatch(/^\$0\.\d+$/);

    expect(await seriesPixels(page, 'chart-saved')).toBeGreaterThan(100);
    expect(await seriesPixels(page, 'chart-requests')).toBeGreaterThan(20);
    expect(await page.textContent('#by-model')).toContain('no price');
    expect(await page.textContent('#by-compressor')).toContain('minify-json');
    expect(await page.textContent('#retrieval-rates')).toContain('Bash');
    expect(await page.textContent('#failures')).toContain('compressor_failed');
    expect(await page.textContent('#by-tenant')).toContain('t-history');

    await mkdir(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'dashboard.png'), fullPage: true });
    await mkdir(dirname(README_SCREENSHOT), { recursive: true });
    await copyFile(join(OUTPUT, 'dashboard.png'), README_SCREENSHOT);

    // Live: one more request shows up without a reload.
    harness.upstream.enqueue({ json: openaiChatCompletion({ model: 'gpt-4o', usage: { input: 10, output: 1 } }) });
    await send(`${harness.proxy.url}/v1/chat/completions`, { body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }) });
    await page.waitForFunction((count) => document.querySelector<HTMLElement>('[data-figure="requests.count"]')?.dataset.value === String(count), stats.requests.count + 1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('off loopback: works with the proxy token in the address, refuses without it', async () => {
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    // A machine with no network but loopback still checks the token rule, through 127.0.0.1.
    const address = lan ?? '127.0.0.1';
    harness = await startHarness({ host: '0.0.0.0', token: 'dash-token-7f3a', compressors: [keepFirstLine, minifyJson, explodes] });
    await scriptedTraffic(harness, { 'x-headroom-token': 'dash-token-7f3a' });
    await settled(harness, 10);
    const base = `http://${address}:${harness.proxy.port}`;

    const refused = await send(`${base}/dashboard`);
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain('<html');
    expect((await send(`${base}/dashboard?token=wrong`)).status).toBe(401);
    expect((await send(`${base}/stats?token=dash-token-7f3a`)).status).toBe(401);

    const { page, errors } = await open(`${base}/dashboard?token=dash-token-7f3a`);
    // The token left the address bar at once; the page still reads /stats with it.
    expect(page.url()).toBe(`${base}/dashboard`);
    const stats = (await send(`${base}/stats`, { headers: { 'x-headroom-token': 'dash-token-7f3a' } })).json<Figures>();
    const requests = await page.getAttribute('[data-figure="requests.count"]', 'data-value');
    expect(Number(requests)).toBe(stats.requests.count);
    expect(stats.requests.count).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();

    // Without the token the browser gets the refusal, not the page.
    const bare = await browser.newPage();
    const response = await bare.goto(`${base}/dashboard`);
    expect(response?.status()).toBe(401);
    expect(await bare.$('[data-figure]')).toBeNull();
    await bare.close();
  });
});
