import { describe, expect, it } from 'vitest';
import {
  clampScore,
  gateColour,
  gateReasons,
  regimeOf,
  regimeScore,
  ringGeometry,
  sectorName,
  sessionState,
  signalKind,
  sortedSectors,
} from '../../src/lib/kr/gate';
import type { MarketStatusResponse } from '../../src/lib/kr/types';

const env = { generated_at: 'x', data_source: 'demo' as const };

describe('gate', () => {
  it('takes the colour from gate, else a colour status, else YELLOW (the original’s else)', () => {
    expect(gateColour({ gate: 'GREEN', status: 'GREEN' })).toBe('GREEN');
    expect(gateColour({ status: 'red' })).toBe('RED');
    expect(gateColour({ status: 'RISK_ON' })).toBe('YELLOW');
    expect(gateColour(null)).toBe('YELLOW');
  });

  it('draws the ring: offset = C·(1 − score/100), clamped', () => {
    // The original's ring: r = 58 → C = 364.42, score 55 → offset 163.99.
    const g = ringGeometry(55, 58);
    expect(g.circumference).toBeCloseTo(364.42, 2);
    expect(g.offset).toBeCloseTo(364.42 * 0.45, 2);
    expect(ringGeometry(150, 10).offset).toBe(0);
    expect(ringGeometry(-5, 10).offset).toBeCloseTo(2 * Math.PI * 10);
    expect(clampScore(Number.NaN)).toBe(0);
  });

  it('shows English reasons only when they translate every Korean one', () => {
    const g = { reasons: ['RSI(55.1), MACD: BULLISH', '🔥 강세: 반도체 (80)'], reasons_en: ['RSI(55.1), MACD: BULLISH', '🔥 Strongest: Semiconductors (80)'] };
    expect(gateReasons(g, 'en')[1]).toBe('🔥 Strongest: Semiconductors (80)');
    expect(gateReasons(g, 'ko')[1]).toBe('🔥 강세: 반도체 (80)');
    expect(gateReasons({ reasons: ['a', 'b'], reasons_en: ['a'] }, 'en')).toEqual(['a', 'b']);
    expect(gateReasons(null, 'en')).toEqual([]);
  });

  it('sorts sectors best first and names them in the UI language', () => {
    const s = sortedSectors([
      { name: '은행', name_en: 'Banks', signal: 'bearish', change_pct: -1, score: 35 },
      { name: '반도체', name_en: 'Semiconductors', signal: 'bullish', change_pct: 1.2, score: 80 },
      { name: '철강', signal: 'neutral', change_pct: 0, score: 35 },
      { name: 'bad', signal: 'neutral', change_pct: 0, score: Number.NaN },
    ]);
    expect(s.map((x) => x.name)).toEqual(['반도체', '은행', '철강']);
    expect(sectorName(s[0], 'en')).toBe('Semiconductors');
    expect(sectorName(s[2], 'en')).toBe('철강');
    expect(signalKind('BULLISH')).toBe('bullish');
    expect(signalKind('x')).toBe('neutral');
  });
});

describe('market status', () => {
  const status = (over: Partial<MarketStatusResponse>): MarketStatusResponse => ({ ...env, status: 'RISK_ON', ...over });

  it('normalises the session state from an object or a string', () => {
    expect(sessionState(status({ session: { state: 'closing_auction' } }))).toBe('closing_auction');
    expect(sessionState(status({ session: 'pre-market' }))).toBe('pre_market');
    expect(sessionState(status({ session_state: 'After Hours' }))).toBe('after_hours');
    expect(sessionState(status({ session: { state: 'lunch' } }))).toBe('unknown');
    expect(sessionState(null)).toBe('unknown');
  });

  it('reads the regime and its score', () => {
    expect(regimeOf(status({}))).toBe('RISK_ON');
    expect(regimeOf(status({ status: 'NEUTRAL', regime: { status: 'risk_off', score: 20 } }))).toBe('RISK_OFF');
    expect(regimeOf(status({ status: 'UNKNOWN' }))).toBe('NEUTRAL');
    expect(regimeScore(status({ score: 80 }))).toBe(80);
    expect(regimeScore(status({ score: 80, regime: { score: 20 } }))).toBe(20);
    expect(regimeScore(null)).toBeNull();
  });
});
