// End-to-end test of the dashboard against the real server:
//   KRMARKET_BIN=/path/to/krmarket npm run e2e
// It starts `krmarket serve --source demo` on a free loopback port with a fresh
// data dir, drives Debian's Chromium through playwright-core, and stops the
// server with SIGTERM at the end. CHROMIUM_BIN overrides the browser path.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { ARTIFACTS, canvasColours, HANGUL, launchBrowser, skip, sleep, startServer, trackErrors } from './server.mjs';

const NOT_BUILT = /not built yet|아직 만들어지지 않았습니다/;

/** name → [method, path] of every operation, read from the generated map (the real Invoke serves them all). */
function operationPaths() {
  const src = readFileSync(new URL('../src/lib/operations.gen.ts', import.meta.url), 'utf8');
  const out = {};
  for (const m of src.matchAll(/'([\w.]+)': \{ method: '(GET|POST)', path: '([^']+)'/g)) out[m[1]] = [m[2], m[3]];
  assert.ok(out.health && out['kr.signals'], 'operations.gen.ts could not be read');
  return out;
}

// Reported as one skipped test (not an empty run) when the binary is missing.
if (skip) test('dashboard (real server, demo source)', { skip }, () => {});
else describe('dashboard (real server, demo source)', { timeout: 240_000 }, () => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let srv;
  /** @type {import('node:child_process').ChildProcess} */
  let server;
  let base;
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let pageErrors = [];

  before(async () => {
    srv = await startServer();
    server = srv.process;
    base = srv.base;
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    pageErrors = trackErrors(page);
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await srv?.stop();
  });

  it('shows the DEMO badge', async () => {
    await page.goto(`${base}/app/`);
    const badge = page.getByTestId('data-source-badge');
    await badge.filter({ hasText: 'DEMO' }).waitFor({ state: 'visible' });
    assert.equal((await badge.textContent())?.trim(), 'DEMO');
    assert.match((await badge.getAttribute('title')) ?? '', /synthetic|합성/);
  });

  let firstTicker;
  let targetTicker;

  it('lists signals with Korean names', async () => {
    const rows = page.locator('[data-testid="signals-table"] tbody tr[data-ticker]');
    // A fresh data dir first builds the signal history (a replay job of a few seconds).
    await rows.first().waitFor({ timeout: 90_000 });
    const count = await rows.count();
    assert.ok(count >= 1, `expected ≥ 1 signal row, got ${count}`);
    const text = await page.getByTestId('signals-table').locator('tbody').innerText();
    assert.match(text, HANGUL, 'signal names should be Korean');
    firstTicker = await rows.nth(0).getAttribute('data-ticker');
    targetTicker = await rows.nth(count > 1 ? 1 : 0).getAttribute('data-ticker');
    assert.match(firstTicker ?? '', /^\d{6}$/);
  });

  let bars1y;

  it('opens the chart of the clicked row', async () => {
    // The first signal is selected automatically.
    await page.locator(`[data-testid="price-chart"][data-ticker="${firstTicker}"][data-bars]`).waitFor();
    await page.locator(`[data-testid="signals-table"] tbody tr[data-ticker="${targetTicker}"]`).click();
    const chart = page.locator(`[data-testid="price-chart"][data-ticker="${targetTicker}"][data-bars]`);
    await chart.waitFor();
    bars1y = Number(await chart.getAttribute('data-bars'));
    assert.ok(bars1y > 20, `expected > 20 bars, got ${bars1y}`);
    assert.equal(await chart.getAttribute('data-period'), '1y');

    await page.waitForTimeout(300); // let the chart paint its next frame
    const painted = await canvasColours(chart);
    assert.ok(painted > 3, `chart canvas looks empty (${painted} distinct colours)`);
  });

  it('switches the period to 3M', async () => {
    const button = page.locator('button[data-period="3mo"]');
    await button.click();
    assert.equal(await button.getAttribute('aria-pressed'), 'true');
    const chart = page.locator(`[data-testid="price-chart"][data-ticker="${targetTicker}"][data-period="3mo"]`);
    await chart.waitFor();
    const bars3m = Number(await chart.getAttribute('data-bars'));
    assert.ok(bars3m > 0 && bars3m < bars1y, `3M should have fewer bars than 1Y (${bars3m} vs ${bars1y})`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(ARTIFACTS, 'kr.png') });
  });

  it('says the other sections are not built yet', async () => {
    for (const route of ['us', 'dividend', 'crypto']) {
      await page.locator(`nav a[data-route="${route}"]`).click();
      assert.equal(new URL(page.url()).hash, `#/${route}`);
      const notice = page.getByTestId('not-built');
      await notice.waitFor({ state: 'visible' });
      assert.match(await notice.innerText(), NOT_BUILT);
      assert.equal(await page.locator('table').count(), 0, `${route} must not show a table`);
    }
    await page.locator('nav a[data-route="settings"]').click();
    await page.getByTestId('api-address').waitFor();
    assert.match((await page.getByTestId('api-address').innerText()).trim(), /^127\.0\.0\.1:\d+$/);
    assert.equal(await page.getByTestId('not-built').count(), 0);
  });

  it('shows the data sources in Settings (demo: every source off)', async () => {
    // Still on Settings (previous test).
    const table = page.getByTestId('sources-table');
    await table.waitFor();
    assert.equal(await page.getByTestId('sources-mode').getAttribute('data-mode'), 'demo');
    const rows = table.locator('tbody tr[data-source]');
    const names = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-source')));
    assert.deepEqual([...names].sort(), ['binance', 'edgar', 'naver', 'news', 'yahoo']);
    const states = await table.locator('tbody .pill').evaluateAll((els) => els.map((el) => el.getAttribute('data-state')));
    assert.deepEqual(states, names.map(() => 'off'), `every source should be off in demo mode: ${states}`);
  });

  it('imports a CSV through the browser file input with the pasted token', async () => {
    // Without a token the import is refused up front, with a pointer to the token field.
    await page.getByTestId('settings-import').getByTestId('token-needed').waitFor();
    const token = srv.token();
    assert.ok(token, 'api-token file is empty');
    await page.locator('#api-token-input').fill(token);
    await page.locator('#api-token-input').press('Enter');
    await page.getByTestId('settings-import').getByTestId('token-needed').waitFor({ state: 'detached' });

    const csv = [
      'Date,Open,High,Low,Close,Adj Close,Volume',
      '2026-01-02,100,105,99,104,104,120000',
      '2026-01-05,104,108,103,107,107,98000',
      '2026-01-06,null,null,null,null,null,null',
      '2026-01-07,107,109,101,102,102,143000',
      '2026-01-08,102,104,100,103.5,103.5,87000',
    ].join('\n');
    await page.locator('#import-symbol').fill('E2ETEST');
    await page.locator('#import-market').selectOption('US');
    await page.getByTestId('import-file').setInputFiles({ name: 'e2e.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-submit').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-bars'), '4');
    const text = await result.innerText();
    assert.match(text, /E2ETEST/);
    assert.match(text, /\b4\b/, `the result should give the bar count: ${text}`);
    assert.match(text, /2026-01-02/);
    assert.match(text, /2026-01-08/);
    assert.equal(await page.getByTestId('import-error').count(), 0);
  });

  it('shows the line-numbered error of an invalid CSV', async () => {
    const before = pageErrors.length;
    const csv = ['date,open,high,low,close,volume', '2026-02-02,10,11,9,10.5,1000', '2026-02-03,10,11,9,10.5,lots'].join('\n');
    await page.getByTestId('import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-submit').click();
    const error = page.getByTestId('import-error');
    await error.waitFor();
    const text = await error.textContent();
    assert.match(text ?? '', /line 3/);
    assert.ok((text ?? '').includes('\n'), 'the server message keeps its line breaks');
    assert.equal(await page.getByTestId('import-result').count(), 0);
    // The 400 answer (and Chromium's console note about it) are expected here.
    const added = pageErrors.splice(before);
    for (const e of added) assert.match(e, /400/, `unexpected page error: ${e}`);

    // The page scrolls inside <main>: a tall viewport shows all of Settings.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 1400, height: 2600 });
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(ARTIFACTS, 'settings.png') });
    if (viewport) await page.setViewportSize(viewport);
  });

  it('toggles language and theme', async () => {
    await page.locator('nav a[data-route="us"]').click();
    const before = await page.getByTestId('not-built').innerText();
    await page.getByTestId('language-toggle').click();
    await page.waitForFunction((b) => document.querySelector('[data-testid="not-built"]')?.textContent !== b, before);
    assert.match(await page.getByTestId('not-built').innerText(), NOT_BUILT);

    const html = page.locator('html');
    const theme = await html.getAttribute('data-theme');
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const bgBefore = await bg();
    await page.getByTestId('theme-toggle').click();
    const next = theme === 'dark' ? 'light' : 'dark';
    await page.waitForFunction((t) => document.documentElement.dataset.theme === t, next);
    assert.notEqual(await bg(), bgBefore);
    assert.equal(await page.evaluate(() => localStorage.getItem('krmarket.theme')), next);

    await page.locator('nav a[data-route="kr"]').click();
    await page.locator('[data-testid="price-chart"][data-bars]').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(ARTIFACTS, `kr-${next}.png`) });
  });

  it('uses the Wails bindings when window.go exists', async () => {
    // A stand-in for the desktop shell: Invoke answers from the real server
    // (the Go side returns exactly the HTTP body), ReportRendered and
    // APIToken are recorded/faked.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript((paths) => {
      window.__invoked = [];
      window.__rendered = [];
      window.go = {
        main: {
          App: {
            async Invoke(name, params, body) {
              window.__invoked.push(name);
              const op = paths[name];
              if (!op) throw new Error(`unknown operation ${name}`);
              const [method, template] = op;
              const query = new URLSearchParams();
              let url = template;
              for (const [k, v] of Object.entries(params)) {
                if (url.includes(`{${k}}`)) url = url.replace(`{${k}}`, encodeURIComponent(v));
                else query.set(k, v);
              }
              const qs = query.toString();
              const res = await fetch(qs ? `${url}?${qs}` : url, { method, body: body || undefined });
              return res.text();
            },
            async APIToken() {
              return 'e2e-desktop-token';
            },
            async ReportRendered(view, rows) {
              window.__rendered.push([view, rows]);
            },
          },
        },
      };
    }, operationPaths());
    const desktop = await context.newPage();
    const errors = [];
    desktop.on('pageerror', (err) => errors.push(String(err)));
    try {
      await desktop.goto(`${base}/app/`);
      await desktop.locator('[data-testid="price-chart"][data-bars]').waitFor({ timeout: 20_000 });
      const rows = await desktop.locator('[data-testid="signals-table"] tbody tr[data-ticker]').count();
      const rendered = await desktop.evaluate(() => window.__rendered);
      assert.deepEqual(rendered.at(-1), ['kr', rows]);
      const invoked = await desktop.evaluate(() => window.__invoked);
      for (const op of ['health', 'kr.signals', 'kr.stockChart', 'kr.marketGate', 'kr.marketStatus']) assert.ok(invoked.includes(op), `${op} not invoked`);

      await desktop.locator('nav a[data-route="settings"]').click();
      const token = desktop.getByTestId('api-token');
      await token.waitFor();
      await desktop.getByTestId('token-reveal').click();
      assert.equal((await token.innerText()).trim(), 'e2e-desktop-token');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('had no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });

  it('stops the server on SIGTERM', async () => {
    assert.equal(srv.exited(), null, `server died during the test:\n${srv.log()}`);
    server.kill('SIGTERM');
    const result = await Promise.race([once(server, 'exit').then(() => srv.exited()), sleep(15_000).then(() => null)]);
    assert.ok(result, 'server did not exit within 15 s of SIGTERM');
    assert.ok(result.code === 0 || result.signal === 'SIGTERM', `unexpected exit: ${JSON.stringify(result)}\n${srv.log().slice(-3000)}`);
  });
});
