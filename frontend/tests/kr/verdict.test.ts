import { describe, expect, it } from 'vitest';
import { badgeOf, byTicker, reasonOf, recommendationOf, safeUrl, verdictKind } from '../../src/lib/kr/verdict';
import { aiSignals } from './fixtures';

describe('verdict badges', () => {
  it('maps actions to kinds, case-insensitively; anything else is none', () => {
    expect(verdictKind('BUY')).toBe('buy');
    expect(verdictKind(' sell ')).toBe('sell');
    expect(verdictKind('Hold')).toBe('hold');
    expect(verdictKind('N/A')).toBe('none');
    expect(verdictKind(undefined)).toBe('none');
  });

  it('draws ▲매수 / ▼매도 / ■관망 in Korean and BUY/SELL/HOLD in English', () => {
    const buy = badgeOf({ action: 'BUY', confidence: 72, reason: '수급 양호', reason_en: 'Good flows' }, 'ko', 'gpt');
    expect(buy).toMatchObject({ kind: 'buy', symbol: '▲', label: '매수' });
    expect(buy.title).toBe('GPT · BUY 72% — 수급 양호');
    const sell = badgeOf({ action: 'SELL', confidence: 55, reason: '약세', reason_en: 'Weak' }, 'en', 'gemini');
    expect(sell).toMatchObject({ kind: 'sell', symbol: '▼', label: 'SELL' });
    expect(sell.title).toBe('Gemini · SELL 55% — Weak');
    expect(badgeOf({ action: 'HOLD', confidence: 0, reason: '' }, 'ko')).toMatchObject({ kind: 'hold', symbol: '■', label: '관망', title: 'HOLD' });
  });

  it('shows a dash with the reason for a missing or unusable verdict', () => {
    expect(badgeOf(null, 'en', 'gpt')).toMatchObject({ kind: 'none', symbol: '—', title: 'GPT: no analysis' });
    expect(badgeOf({ action: 'N/A', confidence: 0, reason: 'API 키 없음' }, 'ko', 'gpt').title).toBe('GPT: API 키 없음');
  });

  it('falls back to the Korean reason when there is no English one', () => {
    expect(reasonOf({ action: 'BUY', confidence: 1, reason: '이유' }, 'en')).toBe('이유');
    expect(reasonOf({ action: 'BUY', confidence: 1, reason: '이유', reason_en: 'why' }, 'en')).toBe('why');
    expect(reasonOf(null, 'ko')).toBe('');
  });

  it('reads each analyst of an AI signal', () => {
    const s = aiSignals[0];
    expect(recommendationOf(s, 'rules')?.action).toBe('BUY');
    expect(recommendationOf(s, 'gpt')).toBeNull();
    expect(recommendationOf(s, 'gemini')?.action).toBe('SELL');
    expect(recommendationOf(s, 'final')?.action).toBe('HOLD');
    expect(recommendationOf(null, 'final')).toBeNull();
    expect(recommendationOf({ ticker: 'x', name: 'y', rule_recommendation: 'bad' as never }, 'rules')).toBeNull();
  });

  it('indexes signals by ticker, first one winning', () => {
    const m = byTicker([...aiSignals, { ...aiSignals[0], name: 'dup' }]);
    expect([...m.keys()]).toEqual(['005930', '247540']);
    expect(m.get('005930')?.name).toBe('삼성전자');
    expect(byTicker(null).size).toBe(0);
  });

  it('links only http(s) URLs', () => {
    expect(safeUrl('https://news.example.com/a')).toBe('https://news.example.com/a');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('not a url')).toBeNull();
    expect(safeUrl(undefined)).toBeNull();
  });
});
