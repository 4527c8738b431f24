// End-to-end test of the KR rules and AI analysts settings against the real
// server (`krmarket serve --source demo`, fresh data dir):
//   KRMARKET_BIN=/path/to/krmarket-headless node --test e2e/settings.test.mjs
// In a browser every change needs the API token: it is pasted first, then a
// rule and an AI field are changed, saved, read back from the API and from
// settings.json, and survive a reload. Screenshots in e2e/artifacts/.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { ARTIFACTS, HANGUL, launchBrowser, overflowX, skip, startServer, trackErrors } from './server.mjs';

if (skip) test('settings: KR rules and AI analysts', { skip }, () => {});
else describe('settings: KR rules and AI analysts', { timeout: 180_000 }, () => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let srv;
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let pageErrors = [];

  const api = async (p) => {
    const res = await fetch(`${srv.base}${p}`);
    assert.equal(res.status, 200, `GET ${p}`);
    return res.json();
  };
  const settingsFile = () => JSON.parse(readFileSync(path.join(srv.dataDir, 'settings.json'), 'utf8'));

  before(async () => {
    srv = await startServer();
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ko-KR' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    pageErrors = trackErrors(page);
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await srv?.stop();
  });

  it('shows both sections, in Korean, asking for the token', async () => {
    await page.goto(`${srv.base}/app/#/settings`);
    const rules = page.getByTestId('settings-kr-rules');
    const ai = page.getByTestId('settings-ai');
    await rules.getByTestId('kr-rules-form').waitFor();
    await ai.getByTestId('ai-form').waitFor();
    assert.match(await rules.locator('h2').innerText(), HANGUL);
    assert.match(await ai.locator('h2').innerText(), HANGUL);
    await rules.getByTestId('token-needed').waitFor();
    await ai.getByTestId('token-needed').waitFor();
    // The defaults come from the server.
    assert.equal(await page.locator('#kr-signals-min_score').inputValue(), '60');
    assert.equal((await page.locator('#kr-signals-min_score-hint').innerText()).trim(), '기본값 60');
    assert.equal(await page.locator('#ai-openai-base_url').getAttribute('placeholder'), 'https://api.openai.com/v1');
    assert.match(await page.locator('#ai-openai-base_url-help').innerText(), /127\.0\.0\.1:11434\/v1.*127\.0\.0\.1:1234\/v1/);
    assert.equal(await ai.getByTestId('ai-key-openai').getAttribute('data-state'), 'missing');
  });

  it('saves a changed rule with the pasted token', async () => {
    await page.locator('#api-token-input').fill(srv.token());
    await page.locator('#api-token-input').press('Enter');
    const rules = page.getByTestId('settings-kr-rules');
    await rules.getByTestId('token-needed').waitFor({ state: 'detached' });

    await page.locator('#kr-signals-min_score').fill('72');
    await page.locator('#kr-exits-stop_loss_pct').fill('8.5');
    await rules.locator('[data-testid="kr-rule"] button[data-rule="legacy"]').click();
    await rules.getByRole('button', { name: '저장' }).click();
    await rules.locator('.status-ok[role="status"]').waitFor();

    const got = await api('/api/kr/rules');
    assert.equal(got.signals.min_score, 72);
    assert.equal(got.signals.rule, 'legacy');
    assert.equal(got.exits.stop_loss_pct, 8.5);
    assert.equal(got.signals.weights.pattern, 0.4, 'untouched fields keep their value');
    assert.equal(got.defaults.signals.min_score, 60);
    const file = settingsFile();
    assert.equal(file.signals.min_score, 72);
    assert.equal(file.exits.stop_loss_pct, 8.5);
  });

  it('saves a changed AI field with the pasted token', async () => {
    const ai = page.getByTestId('settings-ai');
    await page.locator('#ai-openai-base_url').fill('http://127.0.0.1:11434/v1');
    await page.locator('#ai-openai-model').fill('llama3.1');
    await page.locator('#ai-openai-no_key').check();
    await page.locator('#ai-openai-enabled').check();
    assert.equal(await ai.getByTestId('ai-key-openai').getAttribute('data-state'), 'none');
    await ai.getByRole('button', { name: '저장' }).click();
    await ai.locator('.status-ok[role="status"]').waitFor();

    const s = await api('/api/settings');
    assert.deepEqual(s.ai.openai, {
      enabled: true,
      base_url: 'http://127.0.0.1:11434/v1',
      model: 'llama3.1',
      timeout_seconds: 20,
      key_secret: '',
    });
    assert.equal(s.ai.gemini.model, 'gemini-2.5-flash', 'the other provider is untouched');
    assert.equal(settingsFile().ai.openai.model, 'llama3.1');
  });

  it('shows the server error of an invalid AI base URL and saves nothing', async () => {
    const before = pageErrors.length;
    const ai = page.getByTestId('settings-ai');
    await page.locator('#ai-gemini-base_url').fill('ftp://example.com');
    await ai.getByRole('button', { name: '저장' }).click();
    const err = ai.getByTestId('ai-error');
    await err.waitFor();
    assert.match(await err.innerText(), /ai\.gemini\.base_url/);
    assert.equal(await page.locator('#ai-gemini-base_url').getAttribute('aria-invalid'), 'true');
    assert.equal((await api('/api/settings')).ai.gemini.base_url, 'https://generativelanguage.googleapis.com');
    // The 400 answer (and Chromium's console note about it) are expected here.
    for (const e of pageErrors.splice(before)) assert.match(e, /400/, `unexpected page error: ${e}`);
    await page.locator('#ai-gemini-base_url').fill('');
  });

  it('keeps the saved values after a reload, without overflow at 1280×800, and takes screenshots', async () => {
    await page.reload();
    await page.getByTestId('kr-rules-form').waitFor();
    await page.getByTestId('ai-form').waitFor();
    assert.equal(await page.locator('#kr-signals-min_score').inputValue(), '72');
    assert.equal(await page.locator('[data-testid="kr-rule"] button[data-rule="legacy"]').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('#ai-openai-model').inputValue(), 'llama3.1');
    assert.equal(await page.locator('#ai-openai-no_key').isChecked(), true);

    for (const theme of ['dark', 'light']) {
      await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
      const ov = await overflowX(page);
      assert.ok(ov, 'main not found');
      assert.ok(ov.scrollWidth <= ov.clientWidth, `main scrolls sideways (${theme}): ${JSON.stringify(ov)}`);
      assert.deepEqual(ov.offenders, [], `${theme}: elements past the right edge`);
    }
    await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));

    // Both sections at 1280 wide: a tall viewport shows all of them (the page scrolls inside <main>).
    await page.setViewportSize({ width: 1280, height: 3400 });
    await page.waitForTimeout(200);
    const clip = async () => {
      // Bring the rules section to the top of <main>, so both sections are in the viewport.
      await page.getByTestId('settings-kr-rules').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.waitForTimeout(100);
      const a = await page.getByTestId('settings-kr-rules').boundingBox();
      const b = await page.getByTestId('settings-ai').boundingBox();
      assert.ok(a && b);
      const y = Math.max(0, Math.min(a.y, b.y) - 12);
      return { x: 0, y, width: 1280, height: Math.max(a.y + a.height, b.y + b.height) + 12 - y };
    };
    await page.screenshot({ path: path.join(ARTIFACTS, 'settings-ai-rules.png'), clip: await clip() });
    await page.getByTestId('language-toggle').click();
    await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
    await page.getByText('KR signal rules').waitFor();
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(ARTIFACTS, 'settings-ai-rules-en-light.png'), clip: await clip() });
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.deepEqual(pageErrors, []);
  });
});
