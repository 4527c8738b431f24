// Following a background job (live update, import) until it ends: through
// the desktop window's "job" events when they exist, else by polling
// jobs.get every second.

import { api, ApiError } from './api';
import type { Job } from './types';
import { onWailsEvent } from './wails';

export const POLL_INTERVAL_MS = 1000;

const JOB_STATES = ['running', 'done', 'failed', 'cancelled'];

export function isJob(v: unknown): v is Job {
  if (typeof v !== 'object' || v === null) return false;
  const j = v as Record<string, unknown>;
  return typeof j.id === 'string' && typeof j.state === 'string' && JOB_STATES.includes(j.state);
}

export function isRunning(job: Job | null | undefined): boolean {
  return job?.state === 'running';
}

/** Whether a job is a live update (its kind starts with "update"). */
export function isUpdateJob(job: Job): boolean {
  return job.kind.startsWith('update');
}

/** Progress in % (0–100) of a running job, or null when its total is unknown (indeterminate bar). */
export function progressPct(job: Pick<Job, 'done' | 'total'> | null | undefined): number | null {
  if (!job || !(job.total > 0)) return null;
  return Math.max(0, Math.min(100, Math.round((job.done / job.total) * 100)));
}

/** The running update job of a jobs.list answer (newest first), else any running job. */
export function pickRunning(jobs: readonly Job[]): Job | null {
  const running = jobs.filter((j) => isRunning(j));
  return running.find(isUpdateJob) ?? running[0] ?? null;
}

export interface WatchOptions {
  /** Called with a polling error; polling goes on unless the job is gone (404). */
  onerror?: (err: unknown) => void;
  intervalMs?: number;
}

/**
 * Calls `onupdate` with every new state of `job` until it is no longer
 * running. Returns the function that stops watching.
 */
export function watchJob(job: Job, onupdate: (job: Job) => void, opts: WatchOptions = {}): () => void {
  const interval = opts.intervalMs ?? POLL_INTERVAL_MS;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let off: (() => void) | null = null;

  const stop = () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    off?.();
    off = null;
  };
  const deliver = (j: Job) => {
    if (stopped || j.id !== job.id) return;
    onupdate(j);
    if (!isRunning(j)) stop();
  };
  if (!isRunning(job)) return stop;

  off = onWailsEvent('job', (data) => {
    if (isJob(data)) deliver(data);
  });
  if (off) {
    // The job may have ended before the subscription: ask once.
    api.getJob(job.id).then((r) => deliver(r.job), (err: unknown) => opts.onerror?.(err));
    return stop;
  }

  const tick = async () => {
    timer = undefined;
    try {
      const r = await api.getJob(job.id);
      deliver(r.job);
    } catch (err) {
      if (stopped) return;
      opts.onerror?.(err);
      if (err instanceof ApiError && (err.httpStatus === 404 || err.code === 'not_found' || err.code === 'unknown_job')) {
        stop();
        return;
      }
    }
    if (!stopped) timer = setTimeout(tick, interval);
  };
  timer = setTimeout(tick, interval);
  return stop;
}

/** The job id a message names ("an update is already running (job update-3)"), if any. */
export function jobIdInMessage(message: string): string | null {
  return /\bjob ([a-z]+-[0-9]+)\b/.exec(message)?.[1] ?? null;
}

/** A job result as label/value rows (primitives only; nested values as JSON). */
export function resultRows(result: unknown): [string, unknown][] {
  if (result === undefined || result === null) return [];
  if (typeof result !== 'object') return [['result', result]];
  if (Array.isArray(result)) return [['items', result.length]];
  return Object.entries(result as Record<string, unknown>).map(([k, v]) => [
    k,
    v !== null && typeof v === 'object' ? JSON.stringify(v) : v,
  ]);
}
