// KR view state that survives navigating to another section and back
// (the selected ticker and chart period stay in lib/krState).

import { emptyForm, type BacktestForm } from './backtest';
import { DEFAULT_FILTER, type SignalFilter, type SortDir, type SortKey } from './signals';
import type { BacktestResponse } from './types';

export const krView = $state({
  filter: { ...DEFAULT_FILTER } as SignalFilter,
  sortKey: null as SortKey | null,
  sortDir: 'desc' as SortDir,
  /** AI analysis date shown: null = latest. */
  historyDate: null as string | null,
  overlays: { ma: true, vcp: true, levels: true },
  backtestForm: emptyForm() as BacktestForm,
});

/** The last backtest result (kept as is, not proxied). */
export const backtestMemo: { result: BacktestResponse | null } = { result: null };
