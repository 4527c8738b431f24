import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import DataSourceBadge from '../src/lib/DataSourceBadge.svelte';

describe('DataSourceBadge', () => {
  it('shows DEMO with an explanatory tooltip for data_source "demo"', () => {
    render(DataSourceBadge, { props: { source: 'demo', lang: 'en' } });
    const badge = screen.getByTestId('data-source-badge');
    expect(badge.textContent?.trim()).toBe('DEMO');
    expect(badge.getAttribute('title')).toBe('Offline demo market — synthetic data');
    expect(badge.classList.contains('demo')).toBe(true);
  });

  it('localizes the tooltip but keeps the label', () => {
    render(DataSourceBadge, { props: { source: 'demo', lang: 'ko' } });
    const badge = screen.getByTestId('data-source-badge');
    expect(badge.textContent?.trim()).toBe('DEMO');
    expect(badge.getAttribute('title')).toContain('합성 데이터');
  });

  it.each([
    ['live', 'LIVE'],
    ['stale', 'STALE'],
    ['imported', 'IMPORTED'],
  ] as const)('shows %s as %s', (source, label) => {
    render(DataSourceBadge, { props: { source, lang: 'en' } });
    const badge = screen.getByTestId('data-source-badge');
    expect(badge.textContent?.trim()).toBe(label);
    expect(badge.dataset.source).toBe(source);
  });

  it('shows a neutral placeholder before health answers', () => {
    render(DataSourceBadge, { props: { source: null, lang: 'en' } });
    expect(screen.getByTestId('data-source-badge').classList.contains('unknown')).toBe(true);
  });
});

describe('DataSourceBadge data age', () => {
  it('shows the age of stale data in the label and the tooltip', () => {
    render(DataSourceBadge, { props: { source: 'stale', lang: 'en', age: 7260 } });
    const badge = screen.getByTestId('data-source-badge');
    expect(badge.classList.contains('stale')).toBe(true);
    expect(badge.textContent?.replace(/\s+/g, ' ').trim()).toBe('STALE 2h');
    expect(screen.getByTestId('data-age').textContent).toBe('2h');
    expect(badge.getAttribute('title')).toBe('Live source failing — showing data from 2h ago');
    expect(badge.getAttribute('aria-label')).toBe('STALE: Live source failing — showing data from 2h ago');
  });

  it('localizes the age', () => {
    render(DataSourceBadge, { props: { source: 'stale', lang: 'ko', age: 3 * 86400 + 5 } });
    expect(screen.getByTestId('data-age').textContent).toBe('3일');
    expect(screen.getByTestId('data-source-badge').getAttribute('title')).toBe('실시간 소스 오류 — 3일 전 데이터를 표시 중');
  });

  it('says the live source is failing when the age is unknown', () => {
    render(DataSourceBadge, { props: { source: 'stale', lang: 'en', age: null } });
    expect(screen.queryByTestId('data-age')).toBeNull();
    expect(screen.getByTestId('data-source-badge').getAttribute('title')).toMatch(/^Live source failing/);
  });

  it.each(['live', 'demo', 'imported'] as const)('shows no age for %s', (source) => {
    render(DataSourceBadge, { props: { source, lang: 'en', age: 7200 } });
    expect(screen.queryByTestId('data-age')).toBeNull();
    expect(screen.getByTestId('data-source-badge').classList.contains(source)).toBe(true);
  });
});
