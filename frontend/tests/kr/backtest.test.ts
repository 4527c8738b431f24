import { describe, expect, it } from 'vitest';
import { backtestParams, emptyForm, parseNumber, PRESET_VALUES } from '../../src/lib/kr/backtest';

describe('backtest form', () => {
  it('sends only the preset for an empty form', () => {
    expect(backtestParams(emptyForm())).toEqual({ params: { preset: 'default' } });
  });

  it('sends dates as start/end and the overrides that are filled', () => {
    const r = backtestParams({
      preset: 'aggressive',
      from: '2026-01-02',
      to: '2026-06-30',
      overrides: { stop_loss_pct: ' 7.5 ', initial_capital: '50,000,000', max_positions: '', take_profit_pct: '0' },
    });
    expect(r).toEqual({
      params: { preset: 'aggressive', start: '2026-01-02', end: '2026-06-30', stop_loss_pct: 7.5, initial_capital: 50_000_000, take_profit_pct: 0 },
    });
  });

  it('names the field of the first error', () => {
    const f = (over: object) => backtestParams({ ...emptyForm(), ...over });
    expect(f({ from: '2026-02-30' })).toEqual({ error: { field: 'from', code: 'date' } });
    expect(f({ from: '2026-06-01', to: '2026-01-01' })).toEqual({ error: { field: 'to', code: 'order' } });
    expect(f({ overrides: { min_score: 'abc' } })).toMatchObject({ error: { field: 'min_score', code: 'number' } });
    expect(f({ overrides: { min_score: '101' } })).toMatchObject({ error: { field: 'min_score', code: 'range', min: 0, max: 100 } });
    // Stop loss must be more than 0; take profit may be 0 (off).
    expect(f({ overrides: { stop_loss_pct: '0' } })).toMatchObject({ error: { field: 'stop_loss_pct', code: 'range' } });
    expect(f({ overrides: { max_hold_days: '2.5' } })).toMatchObject({ error: { field: 'max_hold_days', code: 'integer' } });
    expect(f({ overrides: { initial_capital: '99999' } })).toMatchObject({ error: { field: 'initial_capital', code: 'range' } });
  });

  it('parses numbers as typed', () => {
    expect(parseNumber('1,000')).toBe(1000);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber(undefined)).toBeNull();
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('Infinity')).toBe('invalid');
  });

  it('mirrors §8’s presets', () => {
    expect(PRESET_VALUES.default).toMatchObject({ min_score: 60, stop_loss_pct: 5, take_profit_pct: 15, max_positions: 10 });
    expect(PRESET_VALUES.conservative).toMatchObject({ min_score: 70, stop_loss_pct: 3, max_positions: 5, position_size_pct: 5 });
    expect(PRESET_VALUES.aggressive).toMatchObject({ min_score: 50, take_profit_pct: 25, max_hold_days: 20 });
  });
});
