import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import BackgroundSettings from '../src/lib/settings/BackgroundSettings.svelte';
import {
  changedBackground,
  runSummary,
  toDraft,
  type BackgroundSettings as Bg,
  type SchedulerStatus,
} from '../src/lib/settings/background';
import type { SettingsResponse } from '../src/lib/types';
import { bodies } from './fixtures';
import { bodiesSent, fail, ok, routeFetch } from './http';

const bg: Bg = {
  price_interval_minutes: 5,
  jobs: { 'data.daily': false },
  hide_to_tray: true,
  start_hidden: false,
  launch_at_login: false,
  api_server: false,
  notifications: { new_signals: true, stop_target: true, gate_change: true },
};

const settings = { ...bodies['settings.update'], background: bg } as unknown as SettingsResponse;

const status: SchedulerStatus = {
  status: 'success',
  paused: false,
  jobs: [
    {
      name: 'prices.kr',
      schedule: 'every 5m while KRX is open (Asia/Seoul)',
      next_run: '2026-11-30T00:00:00Z',
      last_run: { start: '2026-11-27T06:30:00Z', end: '2026-11-27T06:30:01Z', result: 'ok', items: 311, manual: false, catch_up: false },
      running: false,
      paused: false,
      enabled: true,
    },
    {
      name: 'data.daily',
      schedule: 'daily at 07:30 (Asia/Seoul)',
      next_run: '2026-11-28T22:30:00Z',
      last_run: null,
      running: false,
      paused: false,
      enabled: false,
    },
  ],
};

describe('background helpers', () => {
  it('builds a patch of the changed fields only', () => {
    const d = toDraft(bg);
    expect(d.jobs['data.daily']).toBe(false);
    expect(d.jobs['prices.kr']).toBe(true);
    expect(changedBackground(bg, d)).toEqual({ ok: true, patch: {} });
    d.interval = '10';
    d.jobs['prices.us'] = false;
    d.jobs['data.daily'] = true;
    d.notifications.gate_change = false;
    d.start_hidden = true;
    expect(changedBackground(bg, d)).toEqual({
      ok: true,
      patch: {
        price_interval_minutes: 10,
        jobs: { 'prices.us': false, 'data.daily': true },
        start_hidden: true,
        notifications: { gate_change: false },
      },
    });
    for (const bad of ['0', '61', '2.5', '', 'x']) {
      d.interval = bad;
      expect(changedBackground(bg, d)).toEqual({ ok: false, error: 'interval' });
    }
  });

  it('summarises runs', () => {
    expect(runSummary(null, 'en')).toBe('not run yet');
    expect(runSummary(status.jobs[0].last_run, 'en')).toBe('ok · 311 items');
    expect(
      runSummary({ start: 'x', result: 'demo data: nothing to fetch', items: 0, manual: true, catch_up: false }, 'en'),
    ).toBe('demo data: nothing to fetch · manual');
    expect(runSummary({ start: 'x', result: 'error', error: 'HTTP 503', items: 0, manual: false, catch_up: true }, 'ko')).toBe(
      '오류: HTTP 503 · 따라잡기',
    );
  });
});

describe('BackgroundSettings', () => {
  it('lists the tasks, runs one, pauses all and saves changed settings', async () => {
    const fetch = routeFetch({
      'GET /api/scheduler/status': ok(status),
      'POST /api/scheduler/trigger/prices.kr': ok({ ...status, jobs: [{ ...status.jobs[0], running: true }, status.jobs[1]] }),
      'POST /api/scheduler/pause': ok({ ...status, paused: true }),
      'POST /api/settings': ok({ ...settings, background: { ...bg, price_interval_minutes: 10 } }),
      'POST /api/notifications/test': ok({ status: 'success', sent: true }),
    });
    render(BackgroundSettings, { lang: 'en', canSend: true, settings });
    const table = await screen.findByTestId('scheduler-jobs');
    expect(table.textContent).toContain('KR prices');
    expect(table.textContent).toContain('every 5m while KRX is open (Asia/Seoul)');
    expect(table.textContent).toContain('ok · 311 items');
    const daily = table.querySelector('tr[data-job="data.daily"]')!;
    expect(daily.querySelector('[data-testid="job-state"]')!.textContent).toBe('off');

    await fireEvent.click(screen.getAllByText('Run now')[0]);
    await waitFor(() => expect(table.querySelector('tr[data-job="prices.kr"] [data-testid="job-state"]')!.textContent).toBe('running'));

    await fireEvent.click(screen.getByTestId('scheduler-pause-all'));
    await waitFor(() => expect(screen.getByTestId('scheduler-global').textContent).toBe('Paused'));
    expect(bodiesSent(fetch, 'POST /api/scheduler/pause')).toEqual([{}]);

    const form = (await screen.findByTestId('background-form')) as HTMLFormElement;
    const interval = document.getElementById('bg-interval') as HTMLInputElement;
    await fireEvent.input(interval, { target: { value: '0' } });
    await fireEvent.submit(form);
    expect(screen.getByTestId('background-error').textContent).toContain('1 to 60');
    expect(interval.getAttribute('aria-invalid')).toBe('true');
    expect(bodiesSent(fetch, 'POST /api/settings')).toHaveLength(0);

    await fireEvent.input(interval, { target: { value: '10' } });
    await fireEvent.click(screen.getByTestId('notify-gate_change'));
    await fireEvent.submit(form);
    await screen.findByText('Saved.');
    expect(interval.getAttribute('aria-invalid')).toBe('false');
    expect(bodiesSent(fetch, 'POST /api/settings')).toEqual([
      { background: { price_interval_minutes: 10, notifications: { gate_change: false } } },
    ]);

    await fireEvent.click(screen.getByTestId('notify-test'));
    await screen.findByText('Test notification sent.');
  });

  it('shows errors and disables actions without the token', async () => {
    routeFetch({
      'GET /api/scheduler/status': ok(status),
      'POST /api/scheduler/trigger/prices.kr': fail(409, 'running', 'task prices.kr is already running'),
    });
    const view = render(BackgroundSettings, { lang: 'en', canSend: false, settings });
    await screen.findByTestId('scheduler-jobs');
    expect(screen.getByTestId('token-needed')).toBeTruthy();
    for (const b of screen.getAllByText('Run now')) expect((b as HTMLButtonElement).disabled).toBe(true);
    await view.rerender({ lang: 'en', canSend: true, settings });
    await fireEvent.click(screen.getAllByText('Run now')[0]);
    expect((await screen.findByTestId('scheduler-error')).textContent).toContain('already running');
    // In a browser the API server cannot be switched from its own page.
    expect(screen.getByTestId('background-api').textContent).toContain('Running on 127.0.0.1:5001');
    expect(screen.queryByTestId('api-toggle')).toBeNull();
  });

  it('switches the local API through the desktop binding', async () => {
    routeFetch({ 'GET /api/scheduler/status': ok(status) });
    const calls: boolean[] = [];
    window.go = {
      main: {
        App: {
          Invoke: async (name: string) =>
            JSON.stringify(name === 'scheduler.status' ? status : { status: 'error', error: 'x', message: 'x' }),
          SetAPIServer: async (on: boolean) => {
            calls.push(on);
            return JSON.stringify(on ? { running: true, address: '127.0.0.1:5001' } : { running: false, address: '' });
          },
          TrayAvailable: async () => false,
        } as never,
      },
    };
    render(BackgroundSettings, { lang: 'en', canSend: true, settings });
    const toggle = await screen.findByTestId('api-toggle');
    expect(toggle.textContent?.trim()).toBe('Stop');
    await fireEvent.click(toggle);
    await waitFor(() => expect(screen.getByTestId('background-api').textContent).toContain('Stopped'));
    expect(calls).toEqual([false]);
    await screen.findByText(/no tray for the app/);
  });
});
