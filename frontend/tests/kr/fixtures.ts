import type { AiSignal, KrSignal } from '../../src/lib/kr/types';

export const krSignals: KrSignal[] = [
  {
    ticker: '005930', name: '삼성전자', market: 'KOSPI', signal_date: '2026-11-27',
    foreign_5d: 1250000, inst_5d: -320000, score: 82.4, contraction_ratio: 0.48,
    entry_price: 71200, current_price: 73500, return_pct: 3.23, status: 'OPEN', final_score: 79.1,
    rule: 'vcp', stage: 'pivot', vcp_score: 77, pivot: 74000, distance_to_pivot_pct: 0.68, contractions: [18.2, 9.1, 4.3],
  },
  {
    ticker: '247540', name: '에코프로비엠', market: 'KOSDAQ', signal_date: '2026-11-26',
    foreign_5d: -45000, inst_5d: 98000, score: 91.2, contraction_ratio: 0.72,
    entry_price: 188000, current_price: 181500, return_pct: -3.46, status: 'OPEN', final_score: 85.6,
    rule: 'vcp', stage: 'breakout', vcp_score: 88, pivot: 180000, distance_to_pivot_pct: -0.83,
  },
  {
    ticker: '000660', name: 'SK하이닉스', market: 'KOSPI', signal_date: '2026-11-25',
    foreign_5d: 310000, inst_5d: 120000, score: 67.0, contraction_ratio: 0.6,
    entry_price: 132000, current_price: 140100, return_pct: 6.14, status: 'OPEN', final_score: 71.3,
    rule: 'vcp', stage: 'tightening', vcp_score: 60,
  },
  {
    ticker: '086520', name: '에코프로', market: 'KOSDAQ', signal_date: '2026-11-27',
    foreign_5d: 5000, inst_5d: 0, score: 54.5, contraction_ratio: 0.55,
    entry_price: 98000, current_price: 98000, return_pct: 0, status: 'OPEN', final_score: 66.0,
    rule: 'legacy',
  },
];

const rec = (action: string, confidence: number, reason: string, reason_en = '') => ({
  action, confidence, reason, reason_en, source: 'rules',
});

export const aiSignals: AiSignal[] = [
  {
    ticker: '005930', name: '삼성전자', market: 'KOSPI', score: 82.4, entry_price: 71200,
    rule_recommendation: rec('BUY', 70, '외국인 순매수와 피벗 근접', 'Foreign buying near the pivot'),
    gpt_recommendation: null,
    gemini_recommendation: rec('SELL', 55, '실적 우려', 'Earnings worries'),
    final_recommendation: rec('HOLD', 62, '의견 엇갈림', 'Split verdicts'),
    news: [
      { title: '삼성전자 3분기 실적', summary: '반도체 회복', url: 'https://news.example.com/a' },
      { title: '위험한 링크', url: 'javascript:alert(1)' },
    ],
    analysis_source: 'rules',
  },
  {
    ticker: '247540', name: '에코프로비엠', market: 'KOSDAQ',
    rule_recommendation: rec('HOLD', 50, '중립'),
    gpt_recommendation: { action: 'N/A', confidence: 0, reason: 'API 키 없음' },
    gemini_recommendation: null,
    final_recommendation: rec('HOLD', 50, '중립'),
    news: [],
  },
];
