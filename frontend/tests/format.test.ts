import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatCompact,
  formatDateTime,
  formatDecimal,
  formatInt,
  formatPct,
  formatSignedInt,
  guessLanguage,
  localeFor,
  resolveLocale,
  trend,
} from '../src/lib/format';
import { t } from '../src/lib/i18n';

describe('resolveLocale', () => {
  it('falls back when given the POSIX "C" locale (WebKitGTK navigator.language)', () => {
    expect(() => new Intl.NumberFormat('C')).toThrow(RangeError);
    expect(resolveLocale('C')).toBe('en-US');
    expect(resolveLocale('C.UTF-8')).toBe('en-US');
    expect(resolveLocale('POSIX')).toBe('en-US');
    expect(resolveLocale('C', 'ko-KR')).toBe('ko-KR');
  });

  it('falls back on empty or missing input', () => {
    expect(resolveLocale('')).toBe('en-US');
    expect(resolveLocale(undefined)).toBe('en-US');
    expect(resolveLocale(null, 'ko-KR')).toBe('ko-KR');
  });

  it('maps Korean and English tags', () => {
    expect(resolveLocale('ko')).toBe('ko-KR');
    expect(resolveLocale('ko-KR')).toBe('ko-KR');
    expect(resolveLocale('ko_KR.UTF-8')).toBe('ko-KR');
    expect(resolveLocale('en')).toBe('en-US');
    expect(resolveLocale('en-GB')).toBe('en-US');
    expect(resolveLocale('fr-FR')).toBe('en-US');
  });

  it('maps language settings and guesses a start language', () => {
    expect(localeFor('ko')).toBe('ko-KR');
    expect(localeFor('en')).toBe('en-US');
    expect(guessLanguage('C')).toBe('ko');
    expect(guessLanguage('en-US')).toBe('en');
    expect(guessLanguage(undefined)).toBe('ko');
  });
});

describe('number formatting', () => {
  it('never throws on a bad locale', () => {
    expect(formatInt(1234567, 'C')).toBe('1,234,567');
    expect(formatDecimal(0.5, 2, 'C')).toBe('0.50');
    expect(formatPct(3.456, 'C.UTF-8')).toBe('+3.46%');
  });

  it('formats integers, decimals and signed flows', () => {
    expect(formatInt(71200, 'ko-KR')).toBe('71,200');
    expect(formatInt(71200.6, 'en-US')).toBe('71,201');
    expect(formatDecimal(82.44, 1, 'ko-KR')).toBe('82.4');
    expect(formatDecimal(0.6, 2, 'en-US')).toBe('0.60');
    expect(formatSignedInt(1250000, 'en-US')).toBe('+1,250,000');
    expect(formatSignedInt(-320000, 'ko-KR')).toBe('-320,000');
    expect(formatSignedInt(0, 'en-US')).toBe('0');
  });

  it('formats percentages with a sign', () => {
    expect(formatPct(-3.456, 'en-US')).toBe('-3.46%');
    expect(formatPct(0, 'en-US')).toBe('0.00%');
    expect(formatPct(12.3, 'ko-KR', 1)).toBe('+12.3%');
  });

  it('formats compact volumes per locale', () => {
    expect(formatCompact(1_234_567, 'en-US')).toBe('1.2M');
    expect(formatCompact(1_234_567, 'ko-KR')).toBe('123.5만');
  });

  it('shows a dash for missing values', () => {
    for (const v of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatInt(v, 'en-US')).toBe('—');
      expect(formatPct(v, 'en-US')).toBe('—');
    }
  });

  it('classifies trend', () => {
    expect(trend(1)).toBe('up');
    expect(trend(-0.01)).toBe('down');
    expect(trend(0)).toBe('flat');
    expect(trend(null)).toBe('flat');
  });
});

describe('i18n', () => {
  it('substitutes placeholders in both languages', () => {
    expect(t('en', 'notBuilt.body', { section: 'US' })).toContain('The US section is not built yet');
    expect(t('ko', 'notBuilt.body', { section: '미국 시장' })).toContain('미국 시장 화면은 아직 만들어지지 않았습니다');
    expect(t('en', 'kr.count', { shown: 2, total: 4 })).toBe('2 of 4 signals');
  });
});

describe('formatAge / formatDateTime', () => {
  it('formats an age in its largest whole unit', () => {
    expect(formatAge(45, 'en')).toBe('45s');
    expect(formatAge(60 * 12 + 5, 'en')).toBe('12m');
    expect(formatAge(7200, 'en')).toBe('2h');
    expect(formatAge(86400 * 2.5, 'en')).toBe('2d');
    expect(formatAge(7200, 'ko')).toBe('2시간');
    expect(formatAge(null, 'en')).toBe('—');
    expect(formatAge(-1, 'en')).toBe('—');
  });

  it('formats timestamps with the explicit locale, never throwing', () => {
    expect(formatDateTime('2026-11-28T06:00:00Z', 'en-US')).toBe('Nov 28, 2026, 6:00 AM');
    expect(formatDateTime('2026-11-28T06:00:00Z', 'C')).toBe('Nov 28, 2026, 6:00 AM');
    expect(formatDateTime('2026-11-28T06:00:00Z', 'ko-KR')).toContain('2026');
    expect(formatDateTime('not a date', 'en-US')).toBe('—');
    expect(formatDateTime(undefined, 'en-US')).toBe('—');
  });
});
