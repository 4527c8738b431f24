import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import UpdatePanel from '../src/lib/settings/UpdatePanel.svelte';
import type { Job } from '../src/lib/types';
import { GENERATED_AT, runningJob } from './fixtures';
import { bodiesSent, fail, ok, routeFetch } from './http';

const env = { status: 'success', data_source: 'demo', generated_at: GENERATED_AT };
const job = (over: Partial<Job>): Job => ({ ...runningJob, ...over }) as Job;
const jobBody = (over: Partial<Job>) => ok({ ...env, job: job(over) });

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
  await tick();
}

function text(id: string): string {
  return (screen.getByTestId(id).textContent ?? '').replace(/\s+/g, ' ').trim();
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});
afterEach(() => {
  vi.useRealTimers();
  delete window.runtime;
});

describe('UpdatePanel (browser, polling)', () => {
  it('starts an update and follows it by polling jobs.get every second until done', async () => {
    const f = routeFetch({
      'GET /api/jobs': ok({ ...env, jobs: [] }),
      'POST /api/update': jobBody({ done: 0, total: 3, step: 'KR prices' }),
      'GET /api/jobs/update-1': [
        jobBody({ done: 1, total: 3, step: 'KR flows' }),
        jobBody({ done: 2, total: 3, step: 'US prices' }),
        jobBody({ state: 'done', done: 3, total: 3, step: 'done', ended: '2026-11-28T06:05:00Z', result: { series: 12, bars: 34567 } }),
      ],
    });
    const ondone = vi.fn();
    render(UpdatePanel, { props: { lang: 'en', canSend: true, ondone } });
    await settle();

    await fireEvent.change(screen.getByLabelText('Market'), { target: { value: 'all' } });
    const button = screen.getByTestId('update-start') as HTMLButtonElement;
    await fireEvent.click(button);
    await settle();

    expect(bodiesSent(f, 'POST /api/update')).toEqual([{ market: 'all' }]);
    expect(text('update-count')).toBe('0 of 3');
    expect(text('update-step')).toBe('KR prices');
    expect(button.disabled).toBe(true);
    const progress = screen.getByRole('progressbar', { name: 'Update progress' }) as HTMLProgressElement;
    expect(progress.max).toBe(3);

    await settle(999);
    expect(bodiesSent(f, 'GET /api/jobs/update-1')).toHaveLength(0);
    await settle(1);
    expect(text('update-count')).toBe('1 of 3');
    expect(text('update-step')).toBe('KR flows');

    await settle(1000);
    expect(text('update-count')).toBe('2 of 3');
    expect(ondone).not.toHaveBeenCalled();

    await settle(1000);
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(text('update-done')).toBe('Done (Nov 28, 2026, 6:05 AM)');
    expect(text('update-result')).toContain('34,567');
    expect(button.disabled).toBe(false);
    expect(ondone).toHaveBeenCalledTimes(1);
    expect(ondone.mock.calls[0][0].state).toBe('done');

    await settle(5000);
    expect(bodiesSent(f, 'GET /api/jobs/update-1')).toHaveLength(3); // polling stopped
  });

  it('on 409 busy shows the running job named in the message', async () => {
    const f = routeFetch({
      'GET /api/jobs': ok({ ...env, jobs: [] }),
      'POST /api/update': fail(409, 'busy', 'an update is already running (job update-4)'),
      'GET /api/jobs/update-4': jobBody({ id: 'update-4', done: 2, total: 5, step: 'crypto' }),
    });
    render(UpdatePanel, { props: { lang: 'en', canSend: true } });
    await settle();
    await fireEvent.click(screen.getByTestId('update-start'));
    await settle();

    expect(screen.getByText('An update is already running; showing it.')).toBeTruthy();
    expect(screen.getByTestId('update-job').dataset.jobId).toBe('update-4');
    expect(text('update-count')).toBe('2 of 5');
    expect((screen.getByTestId('update-start') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByTestId('update-error')).toBeNull();
    await settle(1000);
    expect(bodiesSent(f, 'GET /api/jobs/update-4').length).toBeGreaterThanOrEqual(2); // fetched, then polled
  });

  it('on 409 busy without a job id falls back to the running job of jobs.list', async () => {
    routeFetch({
      'GET /api/jobs': [ok({ ...env, jobs: [] }), ok({ ...env, jobs: [job({ id: 'update-9', done: 1, total: 2 })] })],
      'POST /api/update': fail(409, 'busy', 'busy'),
      'GET /api/jobs/update-9': jobBody({ id: 'update-9', done: 1, total: 2 }),
    });
    render(UpdatePanel, { props: { lang: 'en', canSend: true } });
    await settle();
    await fireEvent.click(screen.getByTestId('update-start'));
    await settle();
    expect(screen.getByTestId('update-job').dataset.jobId).toBe('update-9');
    expect(text('update-count')).toBe('1 of 2');
  });

  it('shows a failed job and other errors', async () => {
    routeFetch({
      'GET /api/jobs': ok({ ...env, jobs: [] }),
      'POST /api/update': [fail(400, 'invalid_market', 'market "x": want kr, us, crypto or all'), jobBody({})],
      'GET /api/jobs/update-1': jobBody({ state: 'failed', error: 'naver: HTTP 503', ended: GENERATED_AT }),
    });
    render(UpdatePanel, { props: { lang: 'en', canSend: true } });
    await settle();
    await fireEvent.click(screen.getByTestId('update-start'));
    await settle();
    expect(text('update-error')).toBe('market "x": want kr, us, crypto or all');

    await fireEvent.click(screen.getByTestId('update-start'));
    await settle(1000);
    expect(screen.queryByTestId('update-error')).toBeNull();
    expect(text('update-failed')).toContain('naver: HTTP 503');
  });

  it('picks up an update that is already running when opened', async () => {
    routeFetch({
      'GET /api/jobs': ok({ ...env, jobs: [job({ id: 'import-2', kind: 'import' }), job({ id: 'update-3', done: 4, total: 8 })] }),
      'GET /api/jobs/update-3': jobBody({ id: 'update-3', done: 5, total: 8 }),
    });
    render(UpdatePanel, { props: { lang: 'en', canSend: true } });
    await settle();
    expect(screen.getByTestId('update-job').dataset.jobId).toBe('update-3');
    expect(text('update-count')).toBe('4 of 8');
    await settle(1000);
    expect(text('update-count')).toBe('5 of 8');
  });

  it('without a token explains it, links to the token field and does not start', async () => {
    const f = routeFetch({ 'GET /api/jobs': ok({ ...env, jobs: [] }) });
    const input = document.createElement('input');
    input.id = 'api-token-input';
    document.body.append(input);
    try {
      render(UpdatePanel, { props: { lang: 'en', canSend: false } });
      await settle();
      expect(screen.getByTestId('token-needed').textContent).toContain('need the API token');
      expect((screen.getByTestId('update-start') as HTMLButtonElement).disabled).toBe(true);
      await fireEvent.click(screen.getByRole('button', { name: 'Go to the API token field' }));
      expect(document.activeElement).toBe(input);
      await fireEvent.submit(screen.getByTestId('update-form'));
      await settle();
      expect(bodiesSent(f, 'POST /api/update')).toHaveLength(0);
    } finally {
      input.remove();
    }
  });
});

describe('UpdatePanel (desktop window, job events)', () => {
  it('follows the job through "job" events instead of polling', async () => {
    let emit: (data: unknown) => void = () => {};
    const off = vi.fn();
    window.runtime = {
      EventsOn: vi.fn((name: string, cb: (...data: unknown[]) => void) => {
        expect(name).toBe('job');
        emit = cb;
        return off;
      }),
    };
    const calls: string[] = [];
    const Invoke = vi.fn(async (name: string, params: Record<string, string>) => {
      calls.push(name);
      if (name === 'jobs.list') return JSON.stringify({ ...env, jobs: [] });
      if (name === 'update.start') return JSON.stringify({ ...env, job: job({}) });
      if (name === 'jobs.get') return JSON.stringify({ ...env, job: job({ id: params.id }) });
      throw new Error(`unexpected ${name}`);
    });
    window.go = { main: { App: { Invoke } } };

    render(UpdatePanel, { props: { lang: 'en', canSend: true } });
    await settle();
    await fireEvent.click(screen.getByTestId('update-start'));
    await settle();
    expect(text('update-count')).toBe('0 of 3');

    emit(job({ id: 'other-1', done: 9, total: 9 })); // another job: ignored
    emit(job({ done: 2, total: 3, step: 'US prices' }));
    await settle();
    expect(text('update-count')).toBe('2 of 3');
    expect(text('update-step')).toBe('US prices');

    await settle(5000);
    expect(calls.filter((c) => c === 'jobs.get')).toHaveLength(1); // one catch-up, no polling

    emit(job({ state: 'done', done: 3, total: 3, ended: GENERATED_AT }));
    await settle();
    expect(screen.getByTestId('update-done')).toBeTruthy();
    expect(off).toHaveBeenCalled();
  });
});
