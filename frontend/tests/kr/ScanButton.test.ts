import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ScanButton from '../../src/lib/kr/ScanButton.svelte';
import { TOKEN_STORAGE_KEY } from '../../src/lib/api';
import { fail, ok, routeFetch } from '../http';

const env = { status: 'success', data_source: 'demo', generated_at: '2026-11-28T06:00:00Z' };
const job = (over: object) => ({ id: 'scan-1', kind: 'scan', state: 'running', step: 'scan', done: 0, total: 2760, started: env.generated_at, ...over });

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
  await tick();
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ScanButton', () => {
  it('is disabled without a token and points to Settings', async () => {
    routeFetch({ 'GET /api/jobs': ok({ ...env, jobs: [] }) });
    render(ScanButton, { props: { lang: 'en', canSend: false } });
    await settle();
    expect((screen.getByTestId('scan-button') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('scan-token-needed').querySelector('a')?.getAttribute('href')).toBe('#/settings');
  });

  it('posts the scan with the token, shows progress and the result', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'tok');
    const ondone = vi.fn();
    const fetch = routeFetch({
      'GET /api/jobs': ok({ ...env, jobs: [] }),
      'POST /api/kr/vcp-scan': ok({ ...env, job: job({}) }),
      'GET /api/jobs/scan-1': [
        ok({ ...env, job: job({ done: 1380 }) }),
        ok({ ...env, job: job({ state: 'done', done: 2760, ended: env.generated_at, result: { scan: { scanned: 2760, candidates: 41, added: 7 }, ledger: {} } }) }),
      ],
    });
    render(ScanButton, { props: { lang: 'en', canSend: true, ondone } });
    await settle();
    await fireEvent.click(screen.getByTestId('scan-button'));
    await settle();
    const post = fetch.mock.calls.find(([url, init]) => url === '/api/kr/vcp-scan' && init?.method === 'POST');
    expect((post?.[1]?.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(screen.getByTestId('scan-progress').dataset.total).toBe('2760');
    expect(screen.getByTestId('scan-button').textContent).toContain('Scanning');
    await settle(1000);
    expect(screen.getByTestId('scan-progress').textContent).toContain('50%');
    expect(screen.getByTestId('scan-progress').querySelector('progress')?.getAttribute('value')).toBe('50');
    await settle(1000);
    expect(screen.queryByTestId('scan-progress')).toBeNull();
    expect(screen.getByTestId('scan-done').textContent).toContain('7 new signals (2,760 stocks checked, 41 candidates)');
    expect(ondone).toHaveBeenCalledWith(expect.objectContaining({ state: 'done' }));
  });

  it('follows the running scan when the server says busy', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'tok');
    routeFetch({
      'GET /api/jobs': ok({ ...env, jobs: [] }),
      'POST /api/kr/vcp-scan': fail(409, 'busy', 'a scan is already running (job scan-1)'),
      'GET /api/jobs/scan-1': ok({ ...env, job: job({ done: 10 }) }),
    });
    render(ScanButton, { props: { lang: 'ko', canSend: true } });
    await settle();
    await fireEvent.click(screen.getByTestId('scan-button'));
    await settle();
    expect(screen.getByTestId('scan-progress')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('이미 스캔이 진행 중입니다');
  });

  it('shows a running scan on opening, and a failure', async () => {
    routeFetch({
      'GET /api/jobs': ok({ ...env, jobs: [job({ done: 5 })] }),
      'GET /api/jobs/scan-1': ok({ ...env, job: job({ state: 'failed', error: 'store closed' }) }),
    });
    render(ScanButton, { props: { lang: 'en', canSend: true } });
    await settle();
    expect(screen.getByTestId('scan-progress')).toBeTruthy();
    await settle(1000);
    expect(screen.getByTestId('scan-failed').textContent).toContain('Scan failed: store closed');
  });
});
