import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import SourcesPanel from '../src/lib/settings/SourcesPanel.svelte';
import SourcesTable from '../src/lib/settings/SourcesTable.svelte';
import { normalizeSources } from '../src/lib/sources';
import type { SourceStatus } from '../src/lib/types';
import { bodies, sourceStates } from './fixtures';
import { fail, ok, routeFetch } from './http';

const fixture = sourceStates as unknown as SourceStatus[];

function row(name: string): HTMLElement {
  const tr = screen.getByTestId('sources-table').querySelector(`tbody tr[data-source="${name}"]`);
  if (!tr) throw new Error(`no row ${name}`);
  return tr as HTMLElement;
}

describe('normalizeSources', () => {
  it('keeps the array of the current contract', () => {
    expect(normalizeSources(fixture)).toEqual(fixture);
  });

  it('turns the older map by name into rows sorted by name', () => {
    expect(normalizeSources({ yahoo: { state: 'ok', series: 4 }, demo: { state: 'ok' } })).toEqual([
      { name: 'demo', state: 'ok', requests: 0, failures: 0 },
      { name: 'yahoo', state: 'ok', requests: 0, failures: 0 },
    ]);
  });

  it('drops malformed entries and accepts null', () => {
    expect(normalizeSources([{ state: 'ok' }, null, 'x', { name: 'naver' }])).toEqual([
      { name: 'naver', state: 'unknown', requests: 0, failures: 0 },
    ]);
    expect(normalizeSources(null)).toEqual([]);
    expect(normalizeSources(undefined)).toEqual([]);
  });
});

describe('SourcesTable', () => {
  it('renders one row per source with a state pill, times and the last error', () => {
    render(SourcesTable, { props: { sources: fixture, lang: 'en' } });
    const names = [...screen.getByTestId('sources-table').querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-source'));
    expect(names).toEqual(['binance', 'edgar', 'naver', 'news', 'yahoo']);

    const pill = (n: string) => within(row(n)).getByText(/./, { selector: '.pill' });
    expect(pill('binance').dataset.state).toBe('ok');
    expect(pill('binance').textContent).toBe('OK');
    expect(pill('edgar').textContent).toBe('Off');
    expect(pill('naver').textContent).toBe('Failing');
    expect(pill('news').textContent).toBe('Not used yet');
    expect(pill('yahoo').textContent).toBe('Rate-limited');

    const naver = row('naver').textContent ?? '';
    expect(naver).toContain('Naver Finance');
    expect(naver).toContain('Nov 28, 2026, 1:00 AM'); // last success (UTC in tests)
    expect(naver).toContain('since Nov 28, 2026, 2:30 AM');
    expect(naver).toContain('420');
    expect(naver).toContain('(17)');
    expect(naver).toContain('naver: HTTP 503 from finance.naver.com');

    const yahoo = row('yahoo').textContent ?? '';
    expect(yahoo).toContain('until Nov 28, 2026, 6:10 AM');
    expect(yahoo).toContain('1,500');
    expect(row('edgar').textContent).toContain('SEC EDGAR');
    expect(row('binance').querySelector('.down')).toBeNull(); // no failures shown
  });

  it('is localized', () => {
    render(SourcesTable, { props: { sources: fixture, lang: 'ko' } });
    expect(screen.getByRole('columnheader', { name: '마지막 성공' })).toBeTruthy();
    expect(within(row('edgar')).getByText('꺼짐')).toBeTruthy();
  });

  it('says so when there are no sources', () => {
    render(SourcesTable, { props: { sources: [], lang: 'en' } });
    expect(screen.queryByTestId('sources-table')).toBeNull();
    expect(screen.getByText('No sources configured.')).toBeTruthy();
  });
});

describe('SourcesPanel', () => {
  it('loads sources.status and shows the mode and how to change it', async () => {
    routeFetch({ 'GET /api/sources': ok({ ...bodies['sources.status'], mode: 'demo' }) });
    render(SourcesPanel, { props: { lang: 'en', source: 'demo' } });
    await screen.findByTestId('sources-table');
    expect(screen.getByTestId('sources-mode').dataset.mode).toBe('demo');
    expect(screen.getByText(/--source flag/)).toBeTruthy();
  });

  it('refreshes on demand', async () => {
    const f = routeFetch({
      'GET /api/sources': [
        ok({ ...bodies['sources.status'], sources: [{ name: 'yahoo', state: 'failing', requests: 1, failures: 1 }] }),
        ok({ ...bodies['sources.status'], sources: [{ name: 'yahoo', state: 'ok', requests: 2, failures: 1 }] }),
      ],
    });
    render(SourcesPanel, { props: { lang: 'en' } });
    await screen.findByText('Failing');
    screen.getByTestId('sources-refresh').click();
    await screen.findByText('OK');
    expect(f).toHaveBeenCalledTimes(2);
  });

  it('shows the error and falls back to the sources of health', async () => {
    routeFetch({ 'GET /api/sources': fail(500, 'internal', 'boom') });
    render(SourcesPanel, { props: { lang: 'en', fallback: normalizeSources({ yahoo: { state: 'off' } }) } });
    await screen.findByText('boom');
    expect(row('yahoo').textContent).toContain('Off');
  });
});
