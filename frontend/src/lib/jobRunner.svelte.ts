// Starting a background job of one kind (live update, KR scan) and following
// it until it ends: the state a start button and its progress bar show.

import { api, ApiError } from './api';
import { isJob, isRunning, jobIdInMessage, progressPct, watchJob } from './jobs';
import type { Job, Language } from './types';

/** The props of a component that starts a job and shows its progress. */
export interface JobStarterProps {
  lang: Language;
  /** False in a browser without the API token (starting a job needs it). */
  canSend: boolean;
  /** Called once a followed job has ended (whatever its state). */
  ondone?: (job: Job) => void;
}

export interface JobRunnerOptions {
  /** Asks the server to start the job. */
  start: () => Promise<{ job: Job }>;
  /** Whether a job is of this runner's kind: a running one is shown on opening. */
  owns: (job: Job) => boolean;
  /**
   * The job of a jobs.list answer that a 409 "busy" is about when the error
   * names none (default: the running job of this kind).
   */
  pickBusy?: (jobs: readonly Job[]) => Job | null;
  /** Called once a followed job has ended. */
  ondone?: (job: Job) => void;
  /** Also call ondone for a job that had already ended when it was followed. */
  reportEnded?: boolean;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class JobRunner {
  /** The job shown: running, or how the last one ended. */
  job = $state.raw<Job | null>(null);
  /** The start request is on its way. */
  starting = $state(false);
  /** Why the job could not be started. */
  error = $state<string | null>(null);
  /** The server was busy with a job of this kind: that one is shown. */
  busy = $state(false);
  /** The last failure to get the job's state (following goes on). */
  pollError = $state<string | null>(null);
  readonly running = $derived(isRunning(this.job));
  /** Progress in %, null when the total is unknown. */
  readonly pct = $derived(progressPct(this.job));

  #opts: JobRunnerOptions;
  #stopWatching: (() => void) | null = null;

  constructor(opts: JobRunnerOptions) {
    this.#opts = opts;
  }

  /** Shows `j` and follows it until it ends. */
  follow(j: Job) {
    this.stop();
    this.job = j;
    this.pollError = null;
    if (!isRunning(j)) {
      if (this.#opts.reportEnded) this.#opts.ondone?.(j);
      return;
    }
    this.#stopWatching = watchJob(
      j,
      (next) => {
        this.job = next;
        this.pollError = null;
        if (!isRunning(next)) this.#opts.ondone?.(next);
      },
      { onerror: (err) => (this.pollError = message(err)) },
    );
  }

  /** Follows a running job of this kind started elsewhere (another window, the scheduler, the CLI). Rejects when jobs.list fails. */
  async resume(): Promise<void> {
    const r = await api.listJobs();
    const j = (r.jobs ?? []).find((x) => isRunning(x) && this.#opts.owns(x));
    if (j && !this.job) this.follow(j);
  }

  /** Starts a job, or on 409 busy follows the one already running. */
  async start(): Promise<void> {
    if (this.running || this.starting) return;
    this.starting = true;
    this.error = null;
    this.busy = false;
    try {
      const r = await this.#opts.start();
      this.follow(r.job);
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'busy' || err.httpStatus === 409)) {
        this.busy = true;
        const j = await this.#busyJob(err);
        if (j) this.follow(j);
        else this.error = err.message;
      } else {
        this.error = message(err);
      }
    } finally {
      this.starting = false;
    }
  }

  /** Stops following (the job goes on). */
  stop() {
    this.#stopWatching?.();
    this.#stopWatching = null;
  }

  /** The job a 409 busy is about: in the envelope, named in the message, or picked from jobs.list. */
  async #busyJob(err: ApiError): Promise<Job | null> {
    const fromError = err.envelope?.job;
    if (isJob(fromError)) return fromError;
    const id = jobIdInMessage(err.message);
    try {
      if (id) return (await api.getJob(id)).job;
    } catch {
      // fall back to the list
    }
    try {
      const jobs = (await api.listJobs()).jobs ?? [];
      return this.#opts.pickBusy ? this.#opts.pickBusy(jobs) : (jobs.find((x) => isRunning(x) && this.#opts.owns(x)) ?? null);
    } catch {
      return null;
    }
  }
}
