import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import AiVerdicts from '../../src/lib/kr/AiVerdicts.svelte';
import FlowsPanel from '../../src/lib/kr/FlowsPanel.svelte';
import FundamentalsPanel, { fundamentalRows } from '../../src/lib/kr/FundamentalsPanel.svelte';
import GateCard from '../../src/lib/kr/GateCard.svelte';
import HistoryPicker from '../../src/lib/kr/HistoryPicker.svelte';
import MarketStatusCard from '../../src/lib/kr/MarketStatusCard.svelte';
import type { MarketGateResponse, MarketStatusResponse } from '../../src/lib/kr/types';
import { aiSignals } from './fixtures';

const env = { generated_at: '2026-11-28T06:00:00Z', data_source: 'demo' as const };

const gate: MarketGateResponse = {
  ...env,
  status: 'YELLOW',
  gate: 'YELLOW',
  score: 55,
  gate_score: 55,
  label: 'NEUTRAL',
  reasons: ['RSI(55.1), MACD: BULLISH', '🔥 강세: 반도체 (80)', '❄️ 약세: 은행 (35)'],
  reasons_en: ['RSI(55.1), MACD: BULLISH', '🔥 Strongest: Semiconductors (80)', '❄️ Weakest: Banks (35)'],
  sectors: [
    { name: '은행', name_en: 'Banks', signal: 'bearish', change_pct: -0.8, score: 35 },
    { name: '반도체', name_en: 'Semiconductors', signal: 'bullish', change_pct: 1.2, score: 80 },
  ],
  metrics: { usd_krw: 1432.1, kospi: 2650.3, kospi_change_pct: 0.4, kosdaq: 850.2, kosdaq_change_pct: -0.2, rsi: 55.1 },
  kospi_close: 2650.3,
  kospi_change_pct: 0.4,
};

describe('GateCard', () => {
  it('shows the colour, the score ring, reasons and sector bars in Korean', () => {
    render(GateCard, { props: { gate, lang: 'ko' } });
    const card = screen.getByTestId('gate-card');
    expect(card.dataset.gate).toBe('YELLOW');
    expect(card.dataset.score).toBe('55');
    expect(screen.getByTestId('gate-colour').textContent).toContain('옐로');
    expect(screen.getByTestId('gate-label').textContent).toBe('중립');
    expect(screen.getByRole('img', { name: '게이트 점수 55/100' })).toBeTruthy();
    const ring = card.querySelector('circle.value') as SVGCircleElement;
    // r = 42: C = 263.89, offset = 0.45·C = 118.75.
    expect(Number(ring.getAttribute('stroke-dashoffset'))).toBeCloseTo(118.75, 1);
    expect(screen.getByTestId('gate-reasons').textContent).toContain('🔥 강세: 반도체 (80)');
    const bars = [...screen.getByTestId('gate-sectors').querySelectorAll('li')];
    expect(bars.map((b) => b.dataset.signal)).toEqual(['bullish', 'bearish']);
    expect((bars[0].querySelector('.fill') as HTMLElement).style.width).toBe('80%');
    expect(card.textContent).toContain('1,432.1');
  });

  it('switches reasons and sector names to English', () => {
    render(GateCard, { props: { gate: { ...gate, gate: 'GREEN', score: 75 }, lang: 'en' } });
    expect(screen.getByTestId('gate-card').dataset.gate).toBe('GREEN');
    expect(screen.getByTestId('gate-reasons').textContent).toContain('Strongest: Semiconductors');
    expect(screen.getByTestId('gate-sectors').textContent).toContain('Banks');
  });

  it('shows an error with a retry button', async () => {
    const onretry = vi.fn();
    render(GateCard, { props: { gate: null, lang: 'en', error: 'boom', onretry } });
    expect(screen.getByRole('alert').textContent).toContain('Could not load the market gate');
    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onretry).toHaveBeenCalled();
  });
});

describe('MarketStatusCard', () => {
  const status: MarketStatusResponse = {
    ...env, status: 'RISK_OFF', score: 20, current_price: 34085, ma200: 36922.7, date: '2026-11-27', symbol: '069500', name: 'KODEX 200',
    session: { state: 'closed', label_ko: '주말 휴장', label_en: 'Closed (weekend)', next_open: '2026-11-30T09:00:00+09:00' },
  };

  it('shows the session, next open, regime and the proxy vs its 200-day average', () => {
    render(MarketStatusCard, { props: { status, lang: 'en' } });
    const card = screen.getByTestId('market-status');
    expect(card.dataset.session).toBe('closed');
    expect(card.dataset.regime).toBe('RISK_OFF');
    expect(card.textContent).toContain('Closed (weekend)');
    expect(card.textContent).toContain('Nov 30, 09:00');
    expect(screen.getByTestId('regime').textContent).toContain('Risk off');
    // (34,085 − 36,922.7)/36,922.7 = −7.69 %
    expect(card.textContent).toContain('-7.7%');
  });

  it('falls back to its own session labels', () => {
    render(MarketStatusCard, { props: { status: { ...status, session: { state: 'open', next_close: '2026-11-30T15:30:00+09:00' } }, lang: 'ko' } });
    expect(screen.getByTestId('market-status').textContent).toContain('정규장');
    expect(screen.getByTestId('market-status').textContent).toContain('마감');
  });
});

describe('AiVerdicts', () => {
  it('shows the four analysts with reasons in the UI language and only safe news links', () => {
    render(AiVerdicts, { props: { ai: aiSignals[0], lang: 'en' } });
    const panel = screen.getByTestId('ai-verdicts');
    const card = (a: string) => panel.querySelector(`li[data-analyst="${a}"]`) as HTMLElement;
    expect(card('rules').textContent).toContain('Foreign buying near the pivot');
    expect(card('rules').textContent).toContain('confidence 70%');
    expect(card('gpt').textContent).toContain('not configured');
    expect(card('gemini').textContent).toContain('Earnings worries');
    expect(card('final').querySelector('[data-verdict]')?.getAttribute('data-verdict')).toBe('hold');
    const links = [...panel.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://news.example.com/a']);
    expect(links[0].getAttribute('rel')).toContain('noopener');
    expect(panel.textContent).toContain('위험한 링크'); // shown as text, not a link
  });

  it('says when there is no analysis', () => {
    render(AiVerdicts, { props: { ai: null, lang: 'ko' } });
    expect(screen.getByTestId('ai-verdicts').textContent).toContain('이 종목의 AI 분석이 없습니다.');
  });
});

describe('FlowsPanel', () => {
  it('draws one bar per day for foreigners and institutions', () => {
    const flows = Array.from({ length: 65 }, (_, i) => ({ date: `2026-09-${String((i % 28) + 1).padStart(2, '0')}`, time: 0, foreign_net: 1, inst_net: -1 }));
    // 28 distinct dates.
    render(FlowsPanel, { props: { flows, lang: 'en' } });
    const panel = screen.getByTestId('flows-panel');
    expect(panel.dataset.days).toBe('28');
    expect(panel.querySelectorAll('svg[data-flow="foreign"] rect.pos')).toHaveLength(28);
    expect(panel.querySelectorAll('svg[data-flow="inst"] rect.neg')).toHaveLength(28);
  });

  it('says when there are no flows', () => {
    render(FlowsPanel, { props: { flows: [], lang: 'en' } });
    expect(screen.getByText('No flow data.')).toBeTruthy();
  });
});

describe('fundamentals', () => {
  const fmt = { krw: (n: number) => `krw${n}`, ratio: (n: number) => `r${n}`, pct: (n: number) => `p${n}`, fraction: (n: number) => `f${n}`, int: (n: number) => `i${n}`, date: (n: number) => `d${n}` };

  it('keeps filled fields only; ROE as a fraction or percent', () => {
    expect(fundamentalRows({ market_cap: 420e12, pe: 23.26, pb: null, eps: 0, roe: 0.0598, dividend_yield: 0, as_of: 1 }, fmt)).toEqual([
      { key: 'fund.marketCap', value: 'krw420000000000000' },
      { key: 'fund.per', value: 'r23.26' },
      { key: 'fund.roe', value: 'f0.0598' },
      { key: 'fund.divYield', value: 'f0' },
      { key: 'fund.asOf', value: 'd1' },
    ]);
    expect(fundamentalRows({ roe: 12.5 }, fmt)).toEqual([{ key: 'fund.roe', value: 'p12.5' }]);
    expect(fundamentalRows(null, fmt)).toEqual([]);
  });

  it('renders in Korean units', () => {
    render(FundamentalsPanel, { props: { fundamentals: { market_cap: 420e12, pe: 23.26, dividend_yield: 0.0074 }, lang: 'ko' } });
    const t = screen.getByTestId('fundamentals-panel').textContent ?? '';
    expect(t).toContain('420.0조원');
    expect(t).toContain('23.26');
    expect(t).toContain('0.74%');
  });
});

describe('HistoryPicker', () => {
  it('offers Latest and the past dates, and reports the choice', async () => {
    const onchange = vi.fn();
    render(HistoryPicker, { props: { dates: ['2026-11-27', '2026-11-26'], value: null, lang: 'en', onchange } });
    const select = screen.getByTestId('history-picker') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['Latest', '2026-11-27', '2026-11-26']);
    await fireEvent.change(select, { target: { value: '2026-11-26' } });
    expect(onchange).toHaveBeenLastCalledWith('2026-11-26');
    await fireEvent.change(select, { target: { value: '' } });
    expect(onchange).toHaveBeenLastCalledWith(null);
  });
});
