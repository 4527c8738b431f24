// The scan job as the scan button shows it.

import type { Job } from '../types';

export const SCAN_KIND = 'scan';

export interface ScanSummary {
  added: number;
  scanned: number;
  candidates: number;
  signalDate: string;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** The counts of a finished scan job's result ({scan:{…}, ledger:{…}}, or the scan block alone). */
export function scanSummary(result: unknown): ScanSummary | null {
  if (typeof result !== 'object' || result === null) return null;
  const r = result as Record<string, unknown>;
  const s = (typeof r.scan === 'object' && r.scan !== null ? r.scan : r) as Record<string, unknown>;
  if (!('scanned' in s) && !('added' in s)) return null;
  return {
    added: num(s.added),
    scanned: num(s.scanned),
    candidates: num(s.candidates),
    signalDate: typeof s.signal_date === 'string' ? s.signal_date : '',
  };
}

export { progressPct } from '../jobs';

/** Whether a job is a KR scan. */
export function isScanJob(job: Pick<Job, 'kind'>): boolean {
  return job.kind === SCAN_KIND;
}
