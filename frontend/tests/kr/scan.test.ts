import { describe, expect, it } from 'vitest';
import { isScanJob, progressPct, scanSummary } from '../../src/lib/kr/scan';

describe('scan job', () => {
  it('reads the counts of the scan report (nested or flat)', () => {
    const nested = { scan: { rule: 'vcp', scanned: 2760, candidates: 41, added: 7, signal_date: '2026-11-27' }, ledger: { closed: 2 } };
    expect(scanSummary(nested)).toEqual({ added: 7, scanned: 2760, candidates: 41, signalDate: '2026-11-27' });
    expect(scanSummary({ scanned: 10, added: 1 })).toEqual({ added: 1, scanned: 10, candidates: 0, signalDate: '' });
    expect(scanSummary({ other: 1 })).toBeNull();
    expect(scanSummary(null)).toBeNull();
    expect(scanSummary('done')).toBeNull();
  });

  it('gives progress in whole percent, null when the total is unknown', () => {
    expect(progressPct({ done: 1380, total: 2760 })).toBe(50);
    expect(progressPct({ done: 1, total: 3 })).toBe(33);
    expect(progressPct({ done: 5, total: 3 })).toBe(100);
    expect(progressPct({ done: 0, total: 0 })).toBeNull();
    expect(progressPct(null)).toBeNull();
  });

  it('recognises scan jobs by kind', () => {
    expect(isScanJob({ kind: 'scan' })).toBe(true);
    expect(isScanJob({ kind: 'update-kr' })).toBe(false);
  });
});
