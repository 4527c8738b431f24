import { describe, expect, it } from 'vitest';
import { __dictionaries, exitReason, hasKey, tk } from '../../src/lib/kr/i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('KR texts', () => {
  it('has every key in both languages with the same placeholders', () => {
    const { ko, en } = __dictionaries;
    expect(Object.keys(en).sort()).toEqual(Object.keys(ko).sort());
    for (const k of Object.keys(ko) as (keyof typeof ko)[]) {
      expect(en[k].trim(), k).not.toBe('');
      expect(placeholders(en[k]), k).toEqual(placeholders(ko[k]));
    }
  });

  it('writes Korean in Korean', () => {
    const { ko } = __dictionaries;
    const hangul = /[\uAC00-\uD7A3]/;
    const latinOnly = Object.entries(ko).filter(([, v]) => !hangul.test(v)).map(([k]) => k);
    // Only names, symbols and abbreviations stay in Latin letters.
    for (const k of latinOnly) expect(k).toMatch(/^(dash|col\.(gpt|gemini)|fund\.(per|pbr|eps|bps|roe)|gate\.rsi|bt\.col\.r|scan\.count|vcp\.trendOf)$/);
  });

  it('substitutes placeholders and translates exit reasons', () => {
    expect(tk('ko', 'count', { shown: 3, total: 5 })).toBe('3 / 5개 신호');
    expect(tk('en', 'count', { shown: 3 })).toBe('3 of {total} signals');
    expect(exitReason('ko', 'STOP_LOSS')).toBe('손절');
    expect(exitReason('en', 'TIME_EXIT')).toBe('Time exit');
    expect(exitReason('en', 'SOMETHING_NEW')).toBe('SOMETHING_NEW');
    expect(hasKey('reason.TAKE_PROFIT')).toBe(true);
    expect(hasKey('constructor')).toBe(false);
  });
});
