// Live prices of the signals table: kr.realtimePrices every 60 s while the
// page is visible. A hidden page (minimised window, background tab) asks
// nothing; when it shows again and the last answer is older than the
// interval, it asks at once.

export const PRICE_INTERVAL_MS = 60_000;

export interface PricePollerOptions {
  /** The tickers to ask for now (read at every tick; none = no request). */
  tickers: () => readonly string[];
  fetch: (tickers: string[]) => Promise<Record<string, number>>;
  onprices: (prices: Record<string, number>, at: number) => void;
  onerror?: (err: unknown) => void;
  intervalMs?: number;
  /** Whether the page is visible (default: document.visibilityState). */
  isVisible?: () => boolean;
  /** Ask immediately instead of after the first interval. */
  immediate?: boolean;
  now?: () => number;
}

function documentVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}

/** Starts polling; returns the function that stops it. */
export function startPricePolling(opts: PricePollerOptions): () => void {
  const interval = opts.intervalMs ?? PRICE_INTERVAL_MS;
  const visible = opts.isVisible ?? documentVisible;
  const now = opts.now ?? Date.now;
  let stopped = false;
  let inFlight = false;
  // Without `immediate`, the rows just came with fresh prices.
  let last = opts.immediate ? 0 : now();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (ms: number) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = stopped ? undefined : setTimeout(tick, ms);
  };

  async function tick() {
    timer = undefined;
    if (stopped) return;
    if (!visible() || inFlight) {
      schedule(interval);
      return;
    }
    const tickers = [...opts.tickers()];
    if (tickers.length) {
      inFlight = true;
      try {
        const prices = await opts.fetch(tickers);
        last = now();
        if (!stopped) opts.onprices(prices, last);
      } catch (err) {
        last = now();
        if (!stopped) opts.onerror?.(err);
      } finally {
        inFlight = false;
      }
    }
    schedule(interval);
  }

  const onVisibility = () => {
    if (stopped || !visible()) return;
    if (now() - last >= interval) schedule(0);
  };
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);

  schedule(opts.immediate ? 0 : interval);
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
  };
}
