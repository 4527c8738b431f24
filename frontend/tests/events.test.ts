import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  EVENTS_URL,
  onEvent,
  setEventSourceFactory,
  sseOpen,
  subscribe,
  toAppEvent,
  type AppEvent,
  type EventSourceLike,
} from '../src/lib/events';

/** A fake EventSource that tests drive with emit(). */
class FakeSource implements EventSourceLike {
  static last: FakeSource | null = null;
  static opened = 0;
  readonly listeners = new Map<string, Set<(e: MessageEvent) => void>>();
  closed = false;
  constructor(readonly url: string) {
    FakeSource.last = this;
    FakeSource.opened++;
  }
  addEventListener(type: string, l: (e: MessageEvent) => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(l);
  }
  removeEventListener(type: string, l: (e: MessageEvent) => void) {
    this.listeners.get(type)?.delete(l);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: string) {
    for (const l of this.listeners.get(type) ?? []) l({ data } as MessageEvent);
  }
}

afterEach(() => {
  setEventSourceFactory(undefined);
  delete window.runtime;
  FakeSource.last = null;
  FakeSource.opened = 0;
});

const sse = (e: object) => JSON.stringify(e);

describe('browser transport (SSE)', () => {
  it('shares one stream, dispatches by type, and closes with the last subscriber', () => {
    setEventSourceFactory((url) => new FakeSource(url));
    const prices: AppEvent[] = [];
    const runs: AppEvent[] = [];
    const offPrices = onEvent('prices.updated', (e) => prices.push(e));
    const offRuns = subscribe(['scheduler.run', 'prices.updated'], (e) => runs.push(e));
    expect(FakeSource.opened).toBe(1);
    const src = FakeSource.last!;
    expect(src.url).toBe(EVENTS_URL);

    src.emit('prices.updated', sse({ seq: 4, type: 'prices.updated', time: '2026-03-10T05:00:00Z', data: { market: 'kr', count: 311 } }));
    src.emit('scheduler.run', sse({ seq: 5, type: 'scheduler.run', time: '2026-03-10T05:00:01Z', data: { job: 'prices.kr', phase: 'finished' } }));
    src.emit('scan.done', sse({ seq: 6, type: 'scan.done', time: 'x', data: {} })); // nobody listens
    src.emit('prices.updated', 'not json'); // ignored, no throw

    expect(prices).toEqual([{ seq: 4, type: 'prices.updated', time: '2026-03-10T05:00:00Z', data: { market: 'kr', count: 311 } }]);
    expect(runs.map((e) => [e.seq, e.type])).toEqual([
      [4, 'prices.updated'],
      [5, 'scheduler.run'],
    ]);

    offPrices();
    offPrices(); // twice is fine
    expect(sseOpen()).toBe(true);
    src.emit('prices.updated', sse({ seq: 7, type: 'prices.updated', time: 't', data: {} }));
    expect(prices).toHaveLength(1);
    expect(runs).toHaveLength(3);
    offRuns();
    expect(src.closed).toBe(true);
    expect(sseOpen()).toBe(false);
  });

  it('keeps other handlers when one throws', () => {
    setEventSourceFactory((url) => new FakeSource(url));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const got: number[] = [];
    const off1 = onEvent('job', () => {
      throw new Error('boom');
    });
    const off2 = onEvent('job', (e) => got.push(e.seq));
    FakeSource.last!.emit('job', sse({ seq: 1, type: 'job', time: 't', data: { id: 'update-1' } }));
    expect(got).toEqual([1]);
    expect(warn).toHaveBeenCalled();
    off1();
    off2();
  });

  it('is a no-op without EventSource', () => {
    setEventSourceFactory(null);
    const off = onEvent('job', () => {
      throw new Error('never');
    });
    expect(sseOpen()).toBe(false);
    off();
  });
});

describe('desktop transport (Wails events)', () => {
  it('subscribes per type through window.runtime and wraps bare payloads', () => {
    setEventSourceFactory((url) => new FakeSource(url));
    const handlers = new Map<string, (data: unknown) => void>();
    const offs: string[] = [];
    window.runtime = {
      EventsOn: (name: string, cb: (...data: unknown[]) => void) => {
        handlers.set(name, cb as (data: unknown) => void);
        return () => offs.push(name);
      },
    };
    const got: AppEvent[] = [];
    const off = subscribe(['job', 'gate.changed'], (e) => got.push(e));
    expect(FakeSource.opened).toBe(0); // no SSE in the window
    expect([...handlers.keys()]).toEqual(['job', 'gate.changed']);

    handlers.get('job')!({ id: 'update-3', state: 'running' }); // the window's job event: progress only
    handlers.get('gate.changed')!({ seq: 9, type: 'gate.changed', time: '2026-03-10T06:00:00Z', data: { from: 'GREEN', to: 'RED' } });
    expect(got[0].type).toBe('job');
    expect(got[0].seq).toBe(0);
    expect(got[0].data).toEqual({ id: 'update-3', state: 'running' });
    expect(typeof got[0].time).toBe('string');
    expect(got[1]).toEqual({ seq: 9, type: 'gate.changed', time: '2026-03-10T06:00:00Z', data: { from: 'GREEN', to: 'RED' } });

    off();
    expect(offs).toEqual(['job', 'gate.changed']);
    handlers.get('job')!({ id: 'late' });
    expect(got).toHaveLength(2);
  });
});

describe('toAppEvent', () => {
  it('keeps a full event and wraps anything else', () => {
    const full = { seq: 3, type: 'scan.done', time: 't', data: { added: 2 } };
    expect(toAppEvent('scan.done', full)).toEqual(full);
    // A payload whose type differs is data, not an envelope.
    const other = toAppEvent('job', full);
    expect(other.data).toEqual(full);
    expect(toAppEvent('job', null).data).toBeNull();
  });
});
