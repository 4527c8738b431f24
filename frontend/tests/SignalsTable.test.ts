import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import SignalsTable, { filterSignals, sortSignals } from '../src/lib/SignalsTable.svelte';
import { signals } from './fixtures';

function tickers(): string[] {
  const table = screen.getByTestId('signals-table');
  return [...table.querySelectorAll('tbody tr[data-ticker]')].map((r) => r.getAttribute('data-ticker') ?? '');
}

function header(name: RegExp) {
  return screen.getByRole('columnheader', { name });
}

describe('SignalsTable', () => {
  it('renders one row per signal with Korean names and formatted numbers', () => {
    render(SignalsTable, { props: { signals, lang: 'ko' } });
    expect(tickers()).toEqual(['005930', '247540', '000660', '086520']);
    const row = screen.getByTestId('signals-table').querySelector('tr[data-ticker="005930"]') as HTMLElement;
    const text = row.textContent ?? '';
    expect(text).toContain('삼성전자');
    expect(text).toContain('KOSPI');
    expect(text).toContain('+1,250,000');
    expect(text).toContain('-320,000');
    expect(text).toContain('71,200');
    expect(text).toContain('+3.23%');
    expect(text).toContain('79.1');
    expect(screen.getByRole('columnheader', { name: /외국인 5D/ })).toBeTruthy();
  });

  it('colours VCP ratio ≤ 0.6 green and returns by sign', () => {
    render(SignalsTable, { props: { signals, lang: 'en' } });
    const table = screen.getByTestId('signals-table');
    const good = [...table.querySelectorAll('td[data-vcp-good="true"]')].map((td) => td.closest('tr')?.dataset.ticker);
    expect(good).toEqual(['005930', '000660', '086520']);
    const ret = (t: string) => table.querySelector(`tr[data-ticker="${t}"] td:nth-child(9)`) as HTMLElement;
    expect(ret('005930').classList.contains('up')).toBe(true);
    expect(ret('247540').classList.contains('down')).toBe(true);
    expect(ret('086520').classList.contains('flat')).toBe(true);
  });

  it('sorts by clicking headers and exposes aria-sort', async () => {
    render(SignalsTable, { props: { signals, lang: 'en' } });
    const score = header(/^Score/);
    expect(score.getAttribute('aria-sort')).toBe('none');

    await fireEvent.click(within(score).getByRole('button'));
    expect(score.getAttribute('aria-sort')).toBe('descending');
    expect(tickers()).toEqual(['247540', '005930', '086520', '000660']);

    await fireEvent.click(within(score).getByRole('button'));
    expect(score.getAttribute('aria-sort')).toBe('ascending');
    expect(tickers()).toEqual(['000660', '086520', '005930', '247540']);

    const stock = header(/^Stock/);
    await fireEvent.click(within(stock).getByRole('button'));
    expect(stock.getAttribute('aria-sort')).toBe('ascending');
    expect(score.getAttribute('aria-sort')).toBe('none');
    expect(tickers()).toEqual(['000660', '005930', '086520', '247540']); // SK하이닉스 < 삼성전자 < 에코프로 < 에코프로비엠

    const ret = header(/^Return/);
    await fireEvent.click(within(ret).getByRole('button'));
    expect(tickers()).toEqual(['000660', '005930', '086520', '247540']);
  });

  it('filters by market', async () => {
    render(SignalsTable, { props: { signals, lang: 'en' } });
    await fireEvent.click(screen.getByRole('button', { name: 'KOSDAQ' }));
    expect(tickers()).toEqual(['247540', '086520']);
    expect(screen.getByRole('button', { name: 'KOSDAQ' }).getAttribute('aria-pressed')).toBe('true');
    await fireEvent.click(screen.getByRole('button', { name: 'KOSPI' }));
    expect(tickers()).toEqual(['005930', '000660']);
    await fireEvent.click(screen.getByRole('button', { name: 'All' }));
    expect(tickers()).toHaveLength(4);
  });

  it('filters by text on name or ticker, combined with the market filter', async () => {
    render(SignalsTable, { props: { signals, lang: 'en' } });
    const search = screen.getByRole('searchbox');
    await fireEvent.input(search, { target: { value: '에코프로' } });
    expect(tickers()).toEqual(['247540', '086520']);
    await fireEvent.input(search, { target: { value: '0009' } });
    expect(tickers()).toEqual([]);
    expect(screen.getByText('No signals match the filters.')).toBeTruthy();
    await fireEvent.input(search, { target: { value: '005930' } });
    expect(tickers()).toEqual(['005930']);
    await fireEvent.input(search, { target: { value: 'sk' } });
    expect(tickers()).toEqual(['000660']);
    await fireEvent.click(screen.getByRole('button', { name: 'KOSDAQ' }));
    expect(tickers()).toEqual([]);
  });

  it('selects a row on click and marks the selected row', async () => {
    const onselect = vi.fn();
    render(SignalsTable, { props: { signals, lang: 'en', selected: '000660', onselect } });
    const table = screen.getByTestId('signals-table');
    expect(table.querySelector('tr[data-ticker="000660"]')?.getAttribute('aria-current')).toBe('true');
    await fireEvent.click(table.querySelector('tr[data-ticker="247540"] td:nth-child(5)') as HTMLElement);
    expect(onselect).toHaveBeenCalledTimes(1);
    expect(onselect.mock.calls[0][0].ticker).toBe('247540');
    // Keyboard users reach the same action through the name button.
    await fireEvent.click(within(table.querySelector('tr[data-ticker="005930"]') as HTMLElement).getByRole('button'));
    expect(onselect).toHaveBeenLastCalledWith(expect.objectContaining({ ticker: '005930' }));
  });

  it('reports the number of rendered rows after each render', async () => {
    const onrendered = vi.fn();
    render(SignalsTable, { props: { signals, lang: 'en', onrendered } });
    await Promise.resolve();
    expect(onrendered).toHaveBeenLastCalledWith(4);
    await fireEvent.click(screen.getByRole('button', { name: 'KOSDAQ' }));
    expect(onrendered).toHaveBeenLastCalledWith(2);
  });
});

describe('filterSignals / sortSignals', () => {
  it('keeps ties stable by ticker and does not mutate the input', () => {
    const copy = [...signals];
    const sorted = sortSignals(signals, 'signal_date', 'desc', 'ko-KR');
    expect(sorted.map((s) => s.ticker)).toEqual(['005930', '086520', '247540', '000660']);
    expect(signals).toEqual(copy);
    expect(filterSignals(signals, 'ALL', '  ')).toHaveLength(4);
  });
});
