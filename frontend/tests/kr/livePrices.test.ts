import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPricePolling } from '../../src/lib/kr/livePrices';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(over: { visible?: () => boolean; immediate?: boolean; tickers?: string[] } = {}) {
  const fetch = vi.fn(async (t: string[]) => Object.fromEntries(t.map((x) => [x, 100])));
  const onprices = vi.fn();
  const onerror = vi.fn();
  const stop = startPricePolling({
    tickers: () => over.tickers ?? ['005930'],
    fetch,
    onprices,
    onerror,
    intervalMs: 60_000,
    isVisible: over.visible,
    immediate: over.immediate,
  });
  return { fetch, onprices, onerror, stop };
}

describe('startPricePolling', () => {
  it('asks every 60 s with the current tickers and stops when told', async () => {
    const { fetch, onprices, stop } = setup({ visible: () => true });
    await vi.advanceTimersByTimeAsync(59_999);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledWith(['005930']);
    expect(onprices).toHaveBeenCalledWith({ '005930': 100 }, expect.any(Number));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledTimes(2);
    stop();
    await vi.advanceTimersByTimeAsync(180_000);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('asks at once with immediate, and not at all without tickers', async () => {
    const a = setup({ visible: () => true, immediate: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(a.fetch).toHaveBeenCalledTimes(1);
    a.stop();
    const b = setup({ visible: () => true, immediate: true, tickers: [] });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(b.fetch).not.toHaveBeenCalled();
    b.stop();
  });

  it('asks nothing while hidden and catches up when the page shows again', async () => {
    let visible = false;
    const { fetch, stop } = setup({ visible: () => visible });
    await vi.advanceTimersByTimeAsync(180_000);
    expect(fetch).not.toHaveBeenCalled();
    visible = true;
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    // Shown again soon after an answer: no extra request.
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    stop();
  });

  it('reports errors and keeps polling', async () => {
    const fetch = vi.fn().mockRejectedValueOnce(new Error('boom')).mockResolvedValue({ '005930': 1 });
    const onerror = vi.fn();
    const onprices = vi.fn();
    const stop = startPricePolling({ tickers: () => ['005930'], fetch, onprices, onerror, intervalMs: 1000, isVisible: () => true });
    await vi.advanceTimersByTimeAsync(1000);
    expect(onerror).toHaveBeenCalledWith(expect.objectContaining({ message: 'boom' }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(onprices).toHaveBeenCalledTimes(1);
    stop();
  });
});
