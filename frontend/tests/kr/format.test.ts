import { describe, expect, it } from 'vitest';
import {
  formatFractionPct,
  formatKrw,
  formatKstDateTime,
  formatKstTime,
  formatPlainPct,
  formatSignedCompact,
  unixDate,
} from '../../src/lib/kr/format';

describe('KR formatters', () => {
  it('writes won amounts in Korean units or compact English', () => {
    expect(formatKrw(452_000_000_000_000, 'ko')).toBe('452.0조원');
    expect(formatKrw(451_234_000_000, 'ko')).toBe('4,512억원');
    expect(formatKrw(9800, 'ko')).toBe('9,800원');
    expect(formatKrw(-3e8, 'ko')).toBe('-3억원');
    expect(formatKrw(451_234_000_000, 'en')).toBe('₩451.2B');
    expect(formatKrw(9800, 'en')).toBe('₩9,800');
    expect(formatKrw(null, 'en')).toBe('—');
  });

  it('signs compact share counts', () => {
    expect(formatSignedCompact(1_250_000, 'en-US')).toBe('+1.25M');
    expect(formatSignedCompact(-320_000, 'en-US')).toBe('-320K');
    expect(formatSignedCompact(0, 'en-US')).toBe('0');
    expect(formatSignedCompact(1_250_000, 'ko-KR')).toBe('+125만');
    expect(formatSignedCompact(49_821_745, 'ko-KR')).toBe('+4980만');
    expect(formatSignedCompact(Number.NaN, 'en-US')).toBe('—');
  });

  it('formats percentages', () => {
    expect(formatFractionPct(0.0213, 'en-US')).toBe('2.13%');
    expect(formatPlainPct(39.5, 'en-US')).toBe('39.5%');
    expect(formatPlainPct(undefined, 'en-US')).toBe('—');
  });

  it('shows times in Asia/Seoul whatever the machine zone', () => {
    // 2026-11-30 00:00 UTC = 09:00 KST.
    expect(formatKstTime(Date.UTC(2026, 10, 30, 0, 0), 'en-US')).toBe('09:00');
    expect(formatKstTime('2026-11-30T06:30:00Z', 'ko-KR')).toBe('15:30');
    expect(formatKstDateTime('2026-11-30T09:00:00+09:00', 'en-US')).toBe('Nov 30, 09:00');
    expect(formatKstTime('nope', 'en-US')).toBe('—');
    expect(unixDate(1793577600)).toBe('2026-11-02');
    expect(unixDate(0)).toBe('—');
  });
});
