// End-to-end test of the KR section against the real server (demo source):
//   KRMARKET_BIN=/path/to/krmarket npm run e2e
// Every KR view is exercised at 1280×800 and screenshotted into e2e/artifacts/:
// the gate card and market status, the signals table (sort, filters, verdict
// badges, live prices), the stock view with its overlays, the AI history
// picker, the performance page, a backtest run and a scan with progress.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import {
  ARTIFACTS,
  canvasColours,
  canvasPixels,
  HANGUL,
  launchBrowser,
  overflowX,
  skip,
  startServer,
  trackErrors,
} from './server.mjs';

const VIEWPORT = { width: 1280, height: 800 };
// Chart colours (lib/kr/chart.ts and KrStockChart.svelte, dark theme).
const MA20 = [0xff, 0x9f, 0x0a];
const CONTRACTION = [0x64, 0xd2, 0xff];
const STRATEGY = [0x29, 0x97, 0xff];

if (skip) test('KR section (real server, demo source)', { skip }, () => {});
else describe('KR section (real server, demo source)', { timeout: 420_000 }, () => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let srv;
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let errors = [];
  const posts = [];
  const shot = (name) => page.screenshot({ path: path.join(ARTIFACTS, name) });

  /** Scrolls `locator` into the middle of <main> and takes a viewport screenshot. */
  async function shotOf(locator, name) {
    await locator.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(300);
    await shot(name);
  }

  async function noOverflow(view) {
    const o = await overflowX(page);
    assert.ok(o, 'no <main>');
    assert.ok(o.scrollWidth <= o.clientWidth, `${view}: <main> scrolls sideways (${o.scrollWidth} > ${o.clientWidth})`);
    assert.deepEqual(o.offenders, [], `${view}: elements stick out of <main>`);
  }

  const rowsLocator = () => page.locator('[data-testid="signals-table"] tbody tr[data-ticker]');
  const numbers = (texts) => texts.map((t) => Number(t.replace(/[^0-9.+-]/g, '')));

  before(async () => {
    srv = await startServer();
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'ko-KR' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    errors = trackErrors(page);
    page.on('request', (req) => {
      if (req.method() === 'POST') posts.push(new URL(req.url()).pathname);
    });
    // Korean UI and the dark theme whatever the server's settings say.
    await context.addInitScript(() => {
      if (!localStorage.getItem('krmarket.language')) localStorage.setItem('krmarket.language', 'ko');
      if (!localStorage.getItem('krmarket.theme')) localStorage.setItem('krmarket.theme', 'dark');
    });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await srv?.stop();
  });

  it('shows the market gate and the market status', async () => {
    await page.goto(`${srv.base}/app/#/kr`);
    const gate = page.locator('[data-testid="gate-card"][data-gate]');
    await gate.waitFor();
    assert.match(await gate.getAttribute('data-gate'), /^(GREEN|YELLOW|RED)$/);
    const score = Number(await gate.getAttribute('data-score'));
    assert.ok(score >= 0 && score <= 100, `gate score ${score}`);
    assert.match(await page.getByTestId('gate-reasons').innerText(), HANGUL, 'reasons are in Korean');
    const sectors = page.locator('[data-testid="gate-sectors"] li');
    assert.ok((await sectors.count()) >= 3, 'sector bars');
    const widths = await sectors.locator('.fill').evaluateAll((els) => els.map((e) => parseFloat(e.style.width)));
    assert.ok(widths.every((w) => w >= 0 && w <= 100), `bar widths ${widths}`);
    assert.deepEqual([...widths].sort((a, b) => b - a), widths, 'sectors best first');

    const status = page.locator('[data-testid="market-status"][data-session]');
    await status.waitFor();
    assert.match(await status.getAttribute('data-session'), /^(pre_market|open|closing_auction|after_hours|closed|holiday)$/);
    assert.match(await status.getAttribute('data-regime'), /^(RISK_ON|NEUTRAL|RISK_OFF)$/);
  });

  it('lists the signals with Korean names and verdict badges', async () => {
    // A fresh data dir builds the signal history first (a replay job).
    await rowsLocator().first().waitFor({ timeout: 90_000 });
    const n = await rowsLocator().count();
    assert.ok(n >= 3, `expected ≥ 3 signals, got ${n}`);
    assert.match(await page.getByTestId('signals-table').locator('tbody').innerText(), HANGUL);
    // The rule analyst always answers for the analysed top 10.
    await page.locator('[data-testid="signals-table"] [data-analyst="rules"]:not([data-verdict="none"])').first().waitFor();
    const badge = page.locator('[data-testid="signals-table"] [data-analyst="rules"]:not([data-verdict="none"])').first();
    assert.match((await badge.textContent()).trim(), /^[▲▼■](매수|매도|관망)$/);
    assert.ok(((await badge.getAttribute('title')) ?? '').length > 10, 'the badge tooltip carries the reason');
    await page.waitForTimeout(300);
    await shot('kr-signals.png');
    await noOverflow('signals');
  });

  it('sorts and filters the table', async () => {
    const table = page.getByTestId('signals-table');
    const scoreHeader = table.locator('th[data-sort-key="score"]');
    await scoreHeader.locator('button').click();
    assert.equal(await scoreHeader.getAttribute('aria-sort'), 'descending');
    let scores = numbers(await table.locator('td[data-col="score"]').allInnerTexts());
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'scores descending');
    await scoreHeader.locator('button').click();
    scores = numbers(await table.locator('td[data-col="score"]').allInnerTexts());
    assert.deepEqual(scores, [...scores].sort((a, b) => a - b), 'scores ascending');

    const total = await rowsLocator().count();
    await page.locator('button[data-market="KOSDAQ"]').click();
    const markets = await rowsLocator().evaluateAll((trs) => trs.map((tr) => tr.dataset.market));
    assert.ok(markets.every((m) => m === 'KOSDAQ'), `KOSDAQ filter: ${markets}`);
    await page.locator('button[data-market="ALL"]').click();
    assert.equal(await rowsLocator().count(), total);

    const median = [...scores].sort((a, b) => a - b)[Math.floor(scores.length / 2)];
    await page.getByTestId('filter-min-score').fill(String(Math.floor(median)));
    await page.getByTestId('filter-min-score').press('Enter');
    await page.getByTestId('filter-min-score').blur();
    const filtered = numbers(await table.locator('td[data-col="score"]').allInnerTexts());
    assert.ok(filtered.length > 0 && filtered.length < total, `min score ${median}: ${filtered.length} of ${total}`);
    assert.ok(filtered.every((s) => s >= Math.floor(median)), `scores ≥ ${median}: ${filtered}`);
    await page.getByTestId('filter-min-score').fill('0');
    await page.getByTestId('filter-min-score').blur();

    const stages = await rowsLocator().evaluateAll((trs) => trs.map((tr) => tr.dataset.stage));
    const stage = stages[0];
    await page.getByTestId('filter-stage').selectOption(stage);
    const shown = await rowsLocator().evaluateAll((trs) => trs.map((tr) => tr.dataset.stage));
    assert.ok(shown.length === stages.filter((s) => s === stage).length && shown.every((s) => s === stage), `stage ${stage}: ${shown}`);
    await shot('kr-filtered.png');
    await page.getByTestId('filter-stage').selectOption('ALL');
    assert.equal(await rowsLocator().count(), total);
  });

  let ticker;

  it('opens the stock view with candles, moving averages, contractions, pivot and levels', async () => {
    // A signal whose pattern is at the pivot or broke out has contractions to draw.
    const rows = await rowsLocator().evaluateAll((trs) => trs.map((tr) => [tr.dataset.ticker, tr.dataset.stage]));
    ticker = (rows.find(([, s]) => s === 'pivot' || s === 'breakout') ?? rows[0])[0];
    await page.locator(`[data-testid="signals-table"] tbody tr[data-ticker="${ticker}"] td[data-col="score"]`).click();
    const chart = page.locator(`[data-testid="price-chart"][data-ticker="${ticker}"][data-bars]`);
    await chart.waitFor();
    assert.ok(Number(await chart.getAttribute('data-bars')) > 100, '1Y of candles');
    assert.equal(await chart.getAttribute('data-ma-lines'), '4', 'MA 20/50/150/200');
    const levels = (await chart.getAttribute('data-levels')).split(',');
    assert.ok(levels.includes('entry') && levels.includes('stop'), `entry and stop lines: ${levels}`);
    const contractions = Number(await chart.getAttribute('data-contractions'));
    if (await page.locator('[data-testid="vcp-panel"][data-found="true"]').count()) {
      assert.ok(contractions >= 2, `a found VCP draws its contractions (${contractions})`);
      assert.ok(levels.includes('pivot'), 'pivot line');
    }
    await page.waitForTimeout(400);
    assert.ok((await canvasColours(chart)) > 8, 'the chart canvas is not blank');
    assert.ok((await canvasPixels(chart, MA20)) > 50, 'the MA20 line is drawn');
    const contractionPixels = await canvasPixels(chart, CONTRACTION, 20);
    if (contractions) assert.ok(contractionPixels > 30, `contraction segments drawn (${contractionPixels} px)`);

    // Panels below the chart.
    assert.ok(Number(await page.getByTestId('flows-panel').getAttribute('data-days')) > 20, 'flows: last 60 days');
    assert.ok((await page.locator('[data-testid="flows-panel"] svg[data-flow="foreign"] rect').count()) > 20);
    assert.ok(Number(await page.getByTestId('fundamentals-panel').getAttribute('data-rows')) >= 3, 'fundamentals');
    const ai = page.getByTestId('ai-verdicts');
    await ai.locator('li[data-analyst="rules"] [data-verdict]').waitFor();
    assert.equal(await ai.locator('li[data-analyst]').count(), 4, 'rules, GPT, Gemini, final');
    assert.match(await ai.locator('li[data-analyst="rules"]').innerText(), HANGUL);
    await shotOf(page.getByTestId('stock-view'), 'kr-stock.png');

    // Turning the VCP overlay off removes the segments and the pivot line.
    await page.locator('input[data-overlay="vcp"]').uncheck();
    await page.locator(`[data-testid="price-chart"][data-contractions="0"]`).waitFor();
    assert.ok(!(await chart.getAttribute('data-levels')).includes('pivot'));
    await page.waitForTimeout(300);
    if (contractions) assert.ok((await canvasPixels(chart, CONTRACTION, 20)) < contractionPixels / 2, 'segments gone');
    await page.locator('input[data-overlay="vcp"]').check();
    await page.locator(`[data-testid="price-chart"][data-contractions="${contractions}"]`).waitFor();
    await noOverflow('stock view');
  });

  it('refreshes live prices every 60 s while visible', async () => {
    // The poller started with the list; its first request comes 60 s after it.
    const live = page.locator('[data-testid="live-status"][data-live-at]');
    await live.waitFor({ timeout: 75_000 });
    assert.ok(posts.includes('/api/kr/realtime-prices'), 'POST /api/kr/realtime-prices was sent');
    assert.match(await live.innerText(), /실시간 가격 \d\d:\d\d/);
  });

  it('switches the AI analysis date with the history picker', async () => {
    await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
    const picker = page.getByTestId('history-picker');
    const options = await picker.locator('option').evaluateAll((os) => os.map((o) => o.value));
    assert.equal(options[0], '', 'the first entry is the latest');
    assert.ok(options.length >= 2, `past dates listed: ${options}`);
    await picker.selectOption(options[1]);
    const note = page.getByTestId('history-note');
    await note.waitFor();
    assert.ok((await note.innerText()).includes(options[1]));
    assert.ok((await rowsLocator().count()) >= 1, 'the snapshot has rows');
    assert.equal(await page.getByTestId('live-status').count(), 0, 'no live prices for a past date');
    await shot('kr-history.png');
    await note.locator('button').click();
    await note.waitFor({ state: 'detached' });
    assert.equal(await picker.inputValue(), '');
  });

  it('shows the performance page: cumulative curve vs KOSPI, win rate, trades', async () => {
    await page.locator('a[data-tab="performance"]').click();
    assert.equal(new URL(page.url()).hash, '#/kr/performance');
    const kpis = page.getByTestId('perf-kpis');
    await kpis.waitFor();
    assert.match(await kpis.locator('[data-kpi="win-rate"]').innerText(), /\d+(\.\d)?%/);
    assert.match(await kpis.locator('[data-kpi="sum"]').innerText(), /%/);
    assert.match(await kpis.locator('[data-kpi="compounded"]').innerText(), /%/);
    const curve = page.locator('[data-testid="perf-curve"][data-points]');
    await curve.waitFor();
    assert.ok(Number(await curve.getAttribute('data-points')) > 10);
    await page.waitForTimeout(400);
    assert.ok((await canvasColours(curve)) > 5, 'curve canvas not blank');
    assert.ok((await canvasPixels(curve, STRATEGY)) > 50, 'the strategy line is drawn');
    const trades = page.locator('[data-testid="perf-trades"] tbody tr');
    assert.ok((await trades.count()) > 0, 'closed trades listed');
    assert.match(await trades.first().innerText(), /손절|익절|추적 손절|기간 만료/);
    assert.ok((await page.locator('[data-testid="perf-monthly"] tbody tr').count()) >= 1);
    await shot('kr-performance.png');
    await noOverflow('performance');
    await shotOf(page.getByTestId('perf-trades'), 'kr-performance-trades.png');
  });

  it('runs a backtest and shows its metrics, equity curve and trades', async () => {
    await page.locator('a[data-tab="backtest"]').click();
    await page.getByTestId('backtest-form').waitFor();
    assert.equal(await page.getByTestId('bt-unavailable').count(), 0, 'the server serves /api/kr/backtest');
    // A bad override is refused before any request.
    await page.locator('input[data-field="min_score"]').fill('150');
    await page.getByTestId('bt-run').click();
    assert.match(await page.getByTestId('bt-form-error').innerText(), /최소 점수/);
    await page.locator('input[data-field="min_score"]').fill('');
    await page.getByTestId('bt-preset').selectOption('aggressive');
    await page.locator('input[data-field="max_positions"]').fill('8');
    await page.getByTestId('bt-run').click();
    const results = page.locator('[data-testid="backtest-results"][data-trades]');
    await results.waitFor({ timeout: 60_000 });
    assert.ok(Number(await results.getAttribute('data-trades')) > 0, 'the backtest traded');
    assert.match(await results.locator('[data-metric="total_return"]').innerText(), /%/);
    const equity = page.locator('[data-testid="bt-equity"][data-points]');
    await equity.waitFor();
    await page.waitForTimeout(400);
    assert.ok((await canvasColours(equity)) > 5, 'equity canvas not blank');
    assert.ok((await page.locator('[data-testid="bt-trades"] tbody tr').count()) > 0);
    await shotOf(page.getByTestId('backtest-results'), 'kr-backtest.png');
    await noOverflow('backtest');
  });

  it('scans with a progress bar once the token is set', async () => {
    await page.locator('a[data-tab="signals"]').click();
    // Without a token the browser cannot scan.
    await page.getByTestId('scan-token-needed').waitFor();
    assert.ok(await page.getByTestId('scan-button').isDisabled());
    await page.evaluate((t) => localStorage.setItem('krmarket.apiToken', t), srv.token());
    await page.reload();
    const button = page.getByTestId('scan-button');
    await rowsLocator().first().waitFor();
    assert.ok(await button.isEnabled());
    await button.click();
    const progress = page.getByTestId('scan-progress');
    await progress.waitFor();
    assert.ok(Number(await progress.getAttribute('data-total')) >= 0);
    await shot('kr-scan-progress.png');
    const done = page.getByTestId('scan-done');
    await done.waitFor({ timeout: 120_000 });
    assert.match(await done.innerText(), /스캔 완료/);
    assert.ok(posts.includes('/api/kr/vcp-scan'));
    await rowsLocator().first().waitFor();
    await shot('kr-scan-done.png');
  });

  it('speaks English and renders the light theme without overflow', async () => {
    await page.getByTestId('language-toggle').click();
    await page.getByTestId('theme-toggle').click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light' && document.documentElement.lang === 'en');
    await page.locator('#gate-title', { hasText: 'Market gate' }).waitFor();
    assert.match(await page.getByTestId('gate-reasons').innerText(), /RSI/);
    await page.locator('[data-testid="price-chart"][data-bars]').waitFor();
    await page.waitForTimeout(400);
    await shot('kr-en-light.png');
    await noOverflow('signals (en, light)');
    await shotOf(page.getByTestId('stock-view'), 'kr-stock-en-light.png');
    await page.locator('a[data-tab="performance"]').click();
    await page.locator('[data-testid="perf-curve"][data-points]').waitFor();
    await page.waitForTimeout(400);
    await shot('kr-performance-en-light.png');
    await noOverflow('performance (en, light)');
  });

  it('had no page errors', () => {
    assert.deepEqual(errors, []);
  });
});
