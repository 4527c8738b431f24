import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import KrSignalsTable from '../../src/lib/kr/KrSignalsTable.svelte';
import { DEFAULT_FILTER } from '../../src/lib/kr/signals';
import { byTicker } from '../../src/lib/kr/verdict';
import { aiSignals, krSignals } from './fixtures';

function tickers(): string[] {
  return [...screen.getByTestId('signals-table').querySelectorAll('tbody tr[data-ticker]')].map((r) => r.getAttribute('data-ticker') ?? '');
}

const props = (over: object = {}) => ({ signals: krSignals, lang: 'en' as const, filter: { ...DEFAULT_FILTER }, ...over });

describe('KrSignalsTable', () => {
  it('renders Korean names, stages, compact flows and the pivot distance', () => {
    render(KrSignalsTable, { props: props({ lang: 'ko' }) });
    expect(tickers()).toEqual(['005930', '247540', '000660', '086520']);
    const row = screen.getByTestId('signals-table').querySelector('tr[data-ticker="005930"]') as HTMLElement;
    const text = row.textContent ?? '';
    expect(text).toContain('삼성전자');
    expect(text).toContain('피벗 근접');
    expect(text).toContain('+125만');
    expect(text).toContain('+0.7%');
    expect(text).toContain('71,200');
    expect(text).toContain('+3.23%');
    // No pivot → dash.
    expect(screen.getByTestId('signals-table').querySelector('tr[data-ticker="000660"] td[data-col="pivot"]')?.textContent?.trim()).toBe('—');
    expect(screen.getByRole('columnheader', { name: /외국인 5D/ })).toBeTruthy();
  });

  it('sorts by clicking headers, toggling the direction', async () => {
    render(KrSignalsTable, { props: props() });
    const score = screen.getByRole('columnheader', { name: /^Score/ });
    await fireEvent.click(within(score).getByRole('button'));
    expect(score.getAttribute('aria-sort')).toBe('descending');
    expect(tickers()).toEqual(['247540', '005930', '000660', '086520']);
    await fireEvent.click(within(score).getByRole('button'));
    expect(score.getAttribute('aria-sort')).toBe('ascending');
    expect(tickers()).toEqual(['086520', '000660', '005930', '247540']);
    const stage = screen.getByRole('columnheader', { name: /^Stage/ });
    await fireEvent.click(within(stage).getByRole('button'));
    expect(tickers()).toEqual(['247540', '005930', '000660', '086520']);
    expect(score.getAttribute('aria-sort')).toBe('none');
  });

  it('filters by market, min score and stage', async () => {
    render(KrSignalsTable, { props: props() });
    await fireEvent.click(screen.getByRole('button', { name: 'KOSDAQ' }));
    expect(tickers()).toEqual(['247540', '086520']);
    await fireEvent.click(screen.getByRole('button', { name: 'All' }));
    const min = screen.getByTestId('filter-min-score') as HTMLInputElement;
    await fireEvent.change(min, { target: { value: '70' } });
    expect(tickers()).toEqual(['005930', '247540']);
    expect(screen.getByTestId('signals-count').textContent).toContain('2 of 4 signals');
    await fireEvent.change(min, { target: { value: '0' } });
    await fireEvent.change(screen.getByTestId('filter-stage'), { target: { value: 'tightening' } });
    expect(tickers()).toEqual(['000660']);
    await fireEvent.change(screen.getByTestId('filter-stage'), { target: { value: 'breakout' } });
    await fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'SK' } });
    expect(tickers()).toEqual([]);
    expect(screen.getByText('No signals match the filters.')).toBeTruthy();
  });

  it('draws the verdict badges with the reason as tooltip', () => {
    render(KrSignalsTable, { props: props({ ai: byTicker(aiSignals), lang: 'ko' }) });
    const row = screen.getByTestId('signals-table').querySelector('tr[data-ticker="005930"]') as HTMLElement;
    const rules = row.querySelector('[data-analyst="rules"]') as HTMLElement;
    expect(rules.dataset.verdict).toBe('buy');
    expect(rules.textContent).toContain('▲매수');
    expect(rules.getAttribute('title')).toBe('규칙 · BUY 70% — 외국인 순매수와 피벗 근접');
    expect((row.querySelector('[data-analyst="gemini"]') as HTMLElement).textContent).toContain('▼매도');
    expect((row.querySelector('[data-analyst="gpt"]') as HTMLElement).dataset.verdict).toBe('none');
    const other = screen.getByTestId('signals-table').querySelector('tr[data-ticker="247540"]') as HTMLElement;
    expect((other.querySelector('[data-analyst="rules"]') as HTMLElement).textContent).toContain('■관망');
    // GPT "N/A" (no key) is a dash whose tooltip gives the reason.
    expect((other.querySelector('[data-analyst="gpt"]') as HTMLElement).getAttribute('title')).toBe('GPT: API 키 없음');
    // Not analysed: dashes.
    const none = screen.getByTestId('signals-table').querySelector('tr[data-ticker="000660"]') as HTMLElement;
    expect([...none.querySelectorAll('[data-verdict]')].map((e) => e.getAttribute('data-verdict'))).toEqual(['none', 'none', 'none']);
  });

  it('selects rows, highlights live updates and reports rendered rows', async () => {
    const onselect = vi.fn();
    const onrendered = vi.fn();
    render(KrSignalsTable, { props: props({ selected: '000660', onselect, onrendered, flashed: new Set(['005930']) }) });
    const table = screen.getByTestId('signals-table');
    expect(table.querySelector('tr[data-ticker="000660"]')?.getAttribute('aria-current')).toBe('true');
    expect(table.querySelector('tr[data-ticker="005930"] td[data-col="current"]')?.classList.contains('flash')).toBe(true);
    await fireEvent.click(table.querySelector('tr[data-ticker="247540"] td[data-col="score"]') as HTMLElement);
    expect(onselect).toHaveBeenLastCalledWith(expect.objectContaining({ ticker: '247540' }));
    await Promise.resolve();
    expect(onrendered).toHaveBeenLastCalledWith(4);
  });

  it('says there are no signals yet when the list is empty', () => {
    render(KrSignalsTable, { props: props({ signals: [] }) });
    expect(screen.getByText(/No signals yet/)).toBeTruthy();
  });
});
