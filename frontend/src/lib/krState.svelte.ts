// KR view state that survives navigating to another section and back.

import type { ChartPeriod } from './types';

export const krState = $state({
  selectedTicker: null as string | null,
  period: '1y' as ChartPeriod,
});
