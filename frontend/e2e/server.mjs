// Shared helpers of the e2e tests: start `krmarket serve --source demo` on a
// free loopback port with a fresh data dir, launch Debian's Chromium through
// playwright-core, and stop both at the end.
//   KRMARKET_BIN=/path/to/krmarket npm run e2e
// CHROMIUM_BIN overrides the browser path.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BIN = process.env.KRMARKET_BIN ?? '';
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
export const HANGUL = /[\uAC00-\uD7A3]/;

/** A skip reason when the binary is not given, else false. */
export const skip = BIN
  ? false
  : 'KRMARKET_BIN is not set: build the krmarket binary and run `KRMARKET_BIN=/path/to/krmarket npm run e2e`';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the server and waits until /api/health answers. Returns
 * { base, dataDir, process, log(), exited(), token(), stop() }.
 */
export async function startServer({ healthTimeoutMs = 60_000, extraArgs = [] } = {}) {
  assert.ok(existsSync(BIN), `KRMARKET_BIN does not exist: ${BIN}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'krmarket-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let log = '';
  let exited = null;
  const proc = spawn(BIN, ['serve', '--addr', `127.0.0.1:${port}`, '--data-dir', dataDir, '--source', 'demo', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  proc.on('exit', (code, signal) => (exited = { code, signal }));

  const deadline = Date.now() + healthTimeoutMs;
  let lastErr = '';
  for (;;) {
    if (exited) assert.fail(`server exited early (${JSON.stringify(exited)}):\n${log}`);
    try {
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
      lastErr = `HTTP ${res.status}`;
    } catch (err) {
      lastErr = String(err);
    }
    if (Date.now() > deadline) assert.fail(`server not healthy after ${healthTimeoutMs / 1000} s (${lastErr}):\n${log}`);
    await sleep(250);
  }

  return {
    base,
    dataDir,
    process: proc,
    log: () => log,
    exited: () => exited,
    /** The API token the server wrote into its data dir. */
    token: () => readFileSync(path.join(dataDir, 'api-token'), 'utf8').trim(),
    /** SIGTERM, then SIGKILL after 15 s; removes the data dir. */
    async stop() {
      if (!exited) {
        proc.kill('SIGTERM');
        await Promise.race([once(proc, 'exit'), sleep(15_000)]);
        if (!exited) proc.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launches headless Chromium. */
export async function launchBrowser() {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/**
 * Records page errors: uncaught exceptions, console errors and HTTP ≥ 400
 * answers. Returns the (live) list.
 */
export function trackErrors(page) {
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) errors.push(`HTTP ${res.status()} ${res.request().method()} ${res.url()}`);
  });
  return errors;
}

/**
 * The number of distinct colours of the richest canvas inside `locator`
 * (sampling every 7th pixel): a blank or single-colour canvas scores ≤ 2.
 */
export function canvasColours(locator) {
  return locator.evaluate((el) => {
    let best = 0;
    for (const canvas of el.querySelectorAll('canvas')) {
      if (!canvas.width || !canvas.height) continue;
      const ctx = canvas.getContext('2d');
      if (!ctx) continue;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const colours = new Set();
      let opaque = 0;
      for (let i = 0; i < data.length; i += 4 * 7) {
        if (data[i + 3] === 0) continue;
        opaque++;
        colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      }
      best = Math.max(best, opaque > 0 ? colours.size : 0);
    }
    return best;
  });
}

/** How many pixels of `colour` ([r,g,b], ±tol per channel) the canvases inside `locator` have. */
export function canvasPixels(locator, colour, tol = 12) {
  return locator.evaluate(
    (el, [rgb, t]) => {
      let n = 0;
      for (const canvas of el.querySelectorAll('canvas')) {
        if (!canvas.width || !canvas.height) continue;
        const ctx = canvas.getContext('2d');
        if (!ctx) continue;
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] === 0) continue;
          if (Math.abs(data[i] - rgb[0]) <= t && Math.abs(data[i + 1] - rgb[1]) <= t && Math.abs(data[i + 2] - rgb[2]) <= t) n++;
        }
      }
      return n;
    },
    [colour, tol],
  );
}

/** Whether the page (or `selector`'s element) scrolls horizontally: content wider than its box. */
export function overflowX(page, selector = 'main') {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const offenders = [];
    const box = el.getBoundingClientRect();
    for (const child of el.querySelectorAll('*')) {
      const r = child.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      // Elements inside their own scroll container do not count.
      let p = child.parentElement;
      let clipped = false;
      while (p && p !== el) {
        const ov = getComputedStyle(p).overflowX;
        if (ov === 'auto' || ov === 'scroll' || ov === 'hidden') {
          clipped = true;
          break;
        }
        p = p.parentElement;
      }
      if (!clipped && r.right > box.right + 1) {
        offenders.push(`${child.tagName.toLowerCase()}.${[...child.classList].join('.')} right=${Math.round(r.right)} > ${Math.round(box.right)}`);
      }
    }
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, offenders: offenders.slice(0, 10) };
  }, selector);
}
