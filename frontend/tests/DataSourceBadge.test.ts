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
