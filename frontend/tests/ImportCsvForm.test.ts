import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { MAX_CSV_BYTES } from '../src/lib/api';
import ImportCsvForm from '../src/lib/settings/ImportCsvForm.svelte';
import { bodies } from './fixtures';
import { bodiesSent, fail, ok, routeFetch } from './http';

const CSV = 'date,open,high,low,close,volume\n2026-01-02,1,2,0.5,1.5,100\n2026-01-05,1.5,2,1,1.8,120\n2026-01-06,1.8,2.2,1.7,2,90\n';

function chooseFile(file: File) {
  const input = screen.getByTestId('import-file') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  return fireEvent.change(input);
}

async function fill(symbol: string, market = '') {
  await fireEvent.input(screen.getByLabelText('Symbol'), { target: { value: symbol } });
  if (market) await fireEvent.change(screen.getByLabelText('Market'), { target: { value: market } });
}

describe('ImportCsvForm (browser)', () => {
  it('uses a .csv file input and posts the file content with symbol and market', async () => {
    const f = routeFetch({ 'POST /api/import': ok(bodies['import.csv']) });
    const onimported = vi.fn();
    render(ImportCsvForm, { props: { lang: 'en', canSend: true, desktop: false, onimported } });
    const input = screen.getByTestId('import-file') as HTMLInputElement;
    expect(input.type).toBe('file');
    expect(input.accept).toBe('.csv,text/csv');
    expect(screen.queryByTestId('import-choose')).toBeNull();

    await fill(' AAPL ', 'US');
    await chooseFile(new File([CSV], 'aapl.csv', { type: 'text/csv' }));
    await fireEvent.click(screen.getByTestId('import-submit'));

    const result = await screen.findByTestId('import-result');
    expect(bodiesSent(f, 'POST /api/import')).toEqual([{ symbol: 'AAPL', market: 'US', csv: CSV }]);
    expect(result.textContent).toContain('AAPL: imported 3 bars (2026-01-02 – 2026-01-06, plain format).');
    expect(result.dataset.bars).toBe('3');
    expect(onimported).toHaveBeenCalledWith(bodies['import.csv']);
  });

  it('leaves the market out when it is to be inferred from the symbol', async () => {
    const f = routeFetch({ 'POST /api/import': ok({ ...bodies['import.csv'], symbol: 'BTCUSDT', skipped: 2, format: 'yahoo' }) });
    render(ImportCsvForm, { props: { lang: 'en', canSend: true, desktop: false } });
    await fill('BTCUSDT');
    await chooseFile(new File([CSV], 'btc.csv'));
    await fireEvent.click(screen.getByTestId('import-submit'));
    const result = await screen.findByTestId('import-result');
    expect(bodiesSent(f, 'POST /api/import')).toEqual([{ symbol: 'BTCUSDT', csv: CSV }]);
    expect(result.textContent).toContain('Yahoo format');
    expect(result.textContent).toContain('Empty rows skipped: 2.');
  });

  it('shows the server message with its line numbers verbatim, newlines kept', async () => {
    const message = 'csvimport: 2 bad row(s):\n  line 3: high 1.0 < low 2.0\n  line 5: bad date "2026-13-01"';
    routeFetch({ 'POST /api/import': fail(400, 'invalid_csv', message) });
    render(ImportCsvForm, { props: { lang: 'en', canSend: true, desktop: false } });
    await fill('AAPL', 'US');
    await chooseFile(new File(['date,open,high,low,close,volume\nbad'], 'bad.csv'));
    await fireEvent.click(screen.getByTestId('import-submit'));
    const pre = await screen.findByTestId('import-error');
    expect(pre.tagName).toBe('PRE');
    expect(pre.textContent).toBe(message);
    expect(pre.classList.contains('error-text')).toBe(true); // white-space: pre-wrap
    expect(screen.queryByTestId('import-result')).toBeNull();
  });

  it('refuses a file over 16 MB without reading or sending it', async () => {
    const f = routeFetch({});
    render(ImportCsvForm, { props: { lang: 'en', canSend: true, desktop: false } });
    await fill('AAPL');
    const big = new File(['x'], 'big.csv');
    Object.defineProperty(big, 'size', { value: MAX_CSV_BYTES + 1 });
    const read = vi.spyOn(big, 'text');
    await chooseFile(big);
    expect(screen.getByTestId('import-error').textContent).toBe('The file is too large (16.0 MB); the limit is 16 MB.');
    expect((screen.getByTestId('import-submit') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.submit(screen.getByTestId('import-form'));
    expect(read).not.toHaveBeenCalled();
    expect(f).not.toHaveBeenCalled();
    expect(MAX_CSV_BYTES).toBe(16 * 1024 * 1024);
  });

  it('asks for a symbol first', async () => {
    const f = routeFetch({});
    render(ImportCsvForm, { props: { lang: 'en', canSend: true, desktop: false } });
    await chooseFile(new File([CSV], 'a.csv'));
    await fireEvent.click(screen.getByTestId('import-submit'));
    expect(screen.getByTestId('import-error').textContent).toBe('Enter a symbol.');
    expect(f).not.toHaveBeenCalled();
  });

  it('without a token explains it and does not send', () => {
    render(ImportCsvForm, { props: { lang: 'en', canSend: false, desktop: false } });
    expect(screen.getByTestId('token-needed')).toBeTruthy();
    expect((screen.getByTestId('import-submit') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('ImportCsvForm (desktop window)', () => {
  it('opens the native dialog with symbol and market and shows the result', async () => {
    const ImportCSVFile = vi.fn(async () => JSON.stringify(bodies['import.csv']));
    window.go = { main: { App: { Invoke: vi.fn(), ImportCSVFile } } };
    render(ImportCsvForm, { props: { lang: 'en', canSend: true, desktop: true } });
    expect(screen.queryByTestId('import-file')).toBeNull();
    await fill('AAPL', 'US');
    const choose = screen.getByTestId('import-choose');
    expect(choose.textContent?.trim()).toBe('Choose file…');
    await fireEvent.click(choose);
    await screen.findByTestId('import-result');
    expect(ImportCSVFile).toHaveBeenCalledWith('AAPL', 'US');
  });

  it('shows nothing when the dialog is cancelled', async () => {
    const ImportCSVFile = vi.fn(async () => JSON.stringify({ status: 'error', error: 'cancelled', message: 'cancelled' }));
    window.go = { main: { App: { Invoke: vi.fn(), ImportCSVFile } } };
    render(ImportCsvForm, { props: { lang: 'en', canSend: true, desktop: true } });
    await fill('AAPL');
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(ImportCSVFile).toHaveBeenCalledWith('AAPL', ''));
    await waitFor(() => expect((screen.getByTestId('import-choose') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId('import-error')).toBeNull();
    expect(screen.queryByTestId('import-result')).toBeNull();
  });

  it('shows an error envelope from the dialog import', async () => {
    const message = 'csvimport: 1 bad row(s):\n  line 2: volume is negative';
    window.go = { main: { App: { Invoke: vi.fn(), ImportCSVFile: vi.fn(async () => JSON.stringify({ status: 'error', error: 'invalid_csv', message })) } } };
    render(ImportCsvForm, { props: { lang: 'en', canSend: true, desktop: true } });
    await fill('AAPL');
    await fireEvent.click(screen.getByTestId('import-choose'));
    expect((await screen.findByTestId('import-error')).textContent).toBe(message);
  });
});
