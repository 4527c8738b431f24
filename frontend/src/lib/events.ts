// Live events from the backend: job progress, prices.updated, scan.done,
// gate.changed, scheduler.run and notification. Two transports, one shape:
//   - in the desktop window, Wails events (window.runtime.EventsOn), one
//     per type;
//   - in a browser, one shared EventSource on /api/events (Server-Sent
//     Events), opened with the first subscriber and closed with the last.
// Handlers always get an AppEvent {seq, type, time, data}; the window's
// "job" event carries only the job's progress and is wrapped here.

import type { WailsRuntime } from './wails';

export const EVENT_TYPES = [
  'job',
  'prices.updated',
  'scan.done',
  'gate.changed',
  'scheduler.run',
  'notification',
  'events.dropped',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export interface AppEvent<T = unknown> {
  /** Sequence number of the event in this process (0 when not known). */
  seq: number;
  type: string;
  /** RFC 3339 time the event was published. */
  time: string;
  data: T;
}

export interface PricesUpdated {
  market: 'kr' | 'us' | 'crypto' | string;
  symbols?: string[];
  count: number;
}

export interface SchedulerRunEvent {
  job: string;
  phase: 'started' | 'progress' | 'finished';
  result?: string;
  items?: number;
  error?: string;
  step?: string;
  done?: number;
  total?: number;
}

export type EventHandler<T = unknown> = (event: AppEvent<T>) => void;

/** The part of EventSource the hub uses (tests pass a fake). */
export interface EventSourceLike {
  addEventListener(type: string, listener: (e: MessageEvent) => void): void;
  removeEventListener(type: string, listener: (e: MessageEvent) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

/** Where the browser transport connects (same origin as the page). */
export const EVENTS_URL = '/api/events';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Turns a transport payload into an AppEvent of `type`. */
export function toAppEvent(type: string, payload: unknown): AppEvent {
  if (isRecord(payload) && payload.type === type && typeof payload.time === 'string' && 'data' in payload) {
    return {
      seq: typeof payload.seq === 'number' ? payload.seq : 0,
      type,
      time: payload.time,
      data: payload.data,
    };
  }
  return { seq: 0, type, time: new Date().toISOString(), data: payload };
}

function wailsRuntime(): WailsRuntime | undefined {
  if (typeof window === 'undefined') return undefined;
  const rt = window.runtime;
  return typeof rt?.EventsOn === 'function' ? rt : undefined;
}

function defaultFactory(): EventSourceFactory | null {
  const ES = (globalThis as { EventSource?: new (url: string) => EventSourceLike }).EventSource;
  return typeof ES === 'function' ? (url) => new ES(url) : null;
}

/** The shared browser connection and its handlers per type. */
class SseHub {
  private source: EventSourceLike | null = null;
  private readonly handlers = new Map<string, Set<EventHandler>>();
  private readonly listeners = new Map<string, (e: MessageEvent) => void>();

  constructor(private readonly factory: EventSourceFactory) {}

  add(type: string, handler: EventHandler): void {
    if (!this.source) this.source = this.factory(EVENTS_URL);
    let set = this.handlers.get(type);
    if (!set) {
      set = new Set();
      this.handlers.set(type, set);
      const listener = (e: MessageEvent) => this.dispatch(type, e.data);
      this.listeners.set(type, listener);
      this.source.addEventListener(type, listener);
    }
    set.add(handler);
  }

  remove(type: string, handler: EventHandler): void {
    const set = this.handlers.get(type);
    if (!set) return;
    set.delete(handler);
    if (set.size === 0) {
      this.handlers.delete(type);
      const listener = this.listeners.get(type);
      this.listeners.delete(type);
      if (listener) this.source?.removeEventListener(type, listener);
    }
    if (this.handlers.size === 0) {
      this.source?.close();
      this.source = null;
    }
  }

  get open(): boolean {
    return this.source !== null;
  }

  private dispatch(type: string, raw: unknown): void {
    let payload: unknown = raw;
    if (typeof raw === 'string') {
      try {
        payload = JSON.parse(raw);
      } catch {
        console.warn('events: bad data for', type);
        return;
      }
    }
    const event = toAppEvent(type, payload);
    for (const h of [...(this.handlers.get(type) ?? [])]) {
      try {
        h(event);
      } catch (err) {
        console.warn('event handler failed', type, err);
      }
    }
  }
}

let hub: SseHub | null = null;
let hubFactory: EventSourceFactory | null | undefined;

/** Replaces the EventSource factory (tests); null turns the browser transport off. */
export function setEventSourceFactory(factory: EventSourceFactory | null | undefined): void {
  hub = null;
  hubFactory = factory;
}

function sseHub(): SseHub | null {
  if (!hub) {
    const f = hubFactory === undefined ? defaultFactory() : hubFactory;
    if (!f) return null;
    hub = new SseHub(f);
  }
  return hub;
}

/** Whether the browser transport's connection is open (tests). */
export function sseOpen(): boolean {
  return hub?.open ?? false;
}

/**
 * Calls `handler` for every event of the given types until the returned
 * function is called. In the desktop window it uses Wails events; in a
 * browser the shared /api/events stream. Without either (tests, old
 * browsers) it does nothing and returns a no-op.
 */
export function subscribe<T = unknown>(types: readonly string[], handler: EventHandler<T>): () => void {
  const h = handler as EventHandler;
  const rt = wailsRuntime();
  const offs: (() => void)[] = [];
  if (rt?.EventsOn) {
    for (const type of types) {
      let active = true;
      const off = rt.EventsOn(type, (payload: unknown) => {
        if (!active) return;
        try {
          h(toAppEvent(type, payload));
        } catch (err) {
          console.warn('event handler failed', type, err);
        }
      });
      offs.push(() => {
        active = false;
        if (typeof off === 'function') off();
      });
    }
  } else {
    const sse = sseHub();
    if (sse) {
      for (const type of types) {
        sse.add(type, h);
        offs.push(() => sse.remove(type, h));
      }
    }
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    for (const off of offs) off();
  };
}

/** subscribe() for one type. */
export function onEvent<T = unknown>(type: string, handler: EventHandler<T>): () => void {
  return subscribe([type], handler);
}
