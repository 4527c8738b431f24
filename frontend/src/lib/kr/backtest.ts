// The backtest form: presets (api-reference §8), optional overrides, and
// the query parameters of kr.backtest. The server validates again; the
// form only stops what cannot be sent (not a number, out of range, dates
// reversed) with a message naming the field.

export type Preset = 'default' | 'conservative' | 'aggressive';
export const PRESETS: readonly Preset[] = ['default', 'conservative', 'aggressive'];

export type OverrideKey =
  | 'min_score'
  | 'stop_loss_pct'
  | 'take_profit_pct'
  | 'trailing_stop_pct'
  | 'max_hold_days'
  | 'max_positions'
  | 'position_size_pct'
  | 'initial_capital';

export const OVERRIDE_KEYS: readonly OverrideKey[] = [
  'min_score',
  'stop_loss_pct',
  'take_profit_pct',
  'trailing_stop_pct',
  'max_hold_days',
  'max_positions',
  'position_size_pct',
  'initial_capital',
];

/** §8's three columns (what an empty override field means). */
export const PRESET_VALUES: Record<Preset, Record<OverrideKey, number>> = {
  default: {
    min_score: 60, stop_loss_pct: 5, take_profit_pct: 15, trailing_stop_pct: 5, max_hold_days: 15,
    max_positions: 10, position_size_pct: 10, initial_capital: 100_000_000,
  },
  conservative: {
    min_score: 70, stop_loss_pct: 3, take_profit_pct: 10, trailing_stop_pct: 4, max_hold_days: 10,
    max_positions: 5, position_size_pct: 5, initial_capital: 100_000_000,
  },
  aggressive: {
    min_score: 50, stop_loss_pct: 7, take_profit_pct: 25, trailing_stop_pct: 6, max_hold_days: 20,
    max_positions: 15, position_size_pct: 15, initial_capital: 100_000_000,
  },
};

/** Accepted ranges (the Go side's Config.Validate); `int` fields take whole numbers only. */
export const LIMITS: Record<OverrideKey, { min: number; max: number; int?: boolean; minExclusive?: boolean }> = {
  min_score: { min: 0, max: 100 },
  stop_loss_pct: { min: 0, max: 50, minExclusive: true },
  take_profit_pct: { min: 0, max: 1000 },
  trailing_stop_pct: { min: 0, max: 50 },
  max_hold_days: { min: 0, max: 250, int: true },
  max_positions: { min: 1, max: 100, int: true },
  position_size_pct: { min: 0, max: 100, minExclusive: true },
  initial_capital: { min: 100_000, max: 1_000_000_000_000 },
};

export interface BacktestForm {
  preset: Preset;
  /** YYYY-MM-DD or "" (all stored history). */
  from: string;
  to: string;
  /** Text of each override field; "" = the preset's value. */
  overrides: Partial<Record<OverrideKey, string>>;
}

export function emptyForm(): BacktestForm {
  return { preset: 'default', from: '', to: '', overrides: {} };
}

export type FormError =
  | { field: OverrideKey; code: 'number' | 'range' | 'integer'; min: number; max: number }
  | { field: 'from' | 'to'; code: 'date' }
  | { field: 'to'; code: 'order' };

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Parses a number typed by a user: "1,000,000" and " 7.5 " are fine; "" is null. */
export function parseNumber(text: string | undefined): number | null | 'invalid' {
  const s = (text ?? '').trim().replace(/[,_\s]/g, '');
  if (!s) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : 'invalid';
}

/** The query parameters of kr.backtest for a form, or the first error. */
export function backtestParams(form: BacktestForm): { params: Record<string, string | number> } | { error: FormError } {
  const params: Record<string, string | number> = { preset: form.preset };
  // The server's names: start and end.
  const from = form.from.trim();
  const to = form.to.trim();
  if (from && !validDate(from)) return { error: { field: 'from', code: 'date' } };
  if (to && !validDate(to)) return { error: { field: 'to', code: 'date' } };
  if (from && to && from > to) return { error: { field: 'to', code: 'order' } };
  if (from) params.start = from;
  if (to) params.end = to;
  for (const k of OVERRIDE_KEYS) {
    const n = parseNumber(form.overrides[k]);
    if (n === null) continue;
    const lim = LIMITS[k];
    if (n === 'invalid') return { error: { field: k, code: 'number', min: lim.min, max: lim.max } };
    if (lim.int && !Number.isInteger(n)) return { error: { field: k, code: 'integer', min: lim.min, max: lim.max } };
    if (n < lim.min || n > lim.max || (lim.minExclusive && n === lim.min)) {
      return { error: { field: k, code: 'range', min: lim.min, max: lim.max } };
    }
    params[k] = n;
  }
  return { params };
}
