import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { emptyForm } from '../../src/lib/kr/backtest';
import BacktestForm from '../../src/lib/kr/BacktestForm.svelte';

describe('BacktestForm', () => {
  it('shows the preset values as placeholders and runs with the filled overrides', async () => {
    const onrun = vi.fn();
    render(BacktestForm, { props: { form: emptyForm(), lang: 'en', onrun } });
    const stop = document.querySelector('input[data-field="stop_loss_pct"]') as HTMLInputElement;
    expect(stop.placeholder).toBe('5');
    await fireEvent.change(screen.getByTestId('bt-preset'), { target: { value: 'conservative' } });
    expect(stop.placeholder).toBe('3');
    await fireEvent.input(stop, { target: { value: '4.5' } });
    await fireEvent.change(screen.getByTestId('bt-from'), { target: { value: '2026-03-02' } });
    await fireEvent.click(screen.getByTestId('bt-run'));
    expect(onrun).toHaveBeenCalledWith({ preset: 'conservative', start: '2026-03-02', stop_loss_pct: 4.5 });
  });

  it('names the bad field and does not run', async () => {
    const onrun = vi.fn();
    render(BacktestForm, { props: { form: emptyForm(), lang: 'ko', onrun } });
    const pos = document.querySelector('input[data-field="max_positions"]') as HTMLInputElement;
    await fireEvent.input(pos, { target: { value: '0' } });
    await fireEvent.click(screen.getByTestId('bt-run'));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByTestId('bt-form-error').textContent).toBe('최대 종목 수: 1–100 범위의 값을 입력하세요.');
    expect(pos.getAttribute('aria-invalid')).toBe('true');
  });

  it('cannot run while busy or when the server has no backtest', () => {
    render(BacktestForm, { props: { form: emptyForm(), lang: 'en', onrun: vi.fn(), disabled: true } });
    expect((screen.getByTestId('bt-run') as HTMLButtonElement).disabled).toBe(true);
  });
});
