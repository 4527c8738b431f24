// AI verdict badges: ▲매수 BUY (green), ▼매도 SELL (red), ■관망 HOLD (yellow),
// as the original dashboard drew them (api-reference §9); a missing or
// unusable recommendation (analyst not configured, "N/A") is a dash.

import type { Language } from '../types';
import type { AiSignal, Recommendation } from './types';

export type VerdictKind = 'buy' | 'sell' | 'hold' | 'none';

export interface Badge {
  kind: VerdictKind;
  /** "▲", "▼", "■" or "—". */
  symbol: string;
  /** Short label in the UI language ("매수", "BUY"). */
  label: string;
  /** Tooltip: analyst, action, confidence and reason. */
  title: string;
}

const LABELS: Record<Language, Record<VerdictKind, string>> = {
  ko: { buy: '매수', sell: '매도', hold: '관망', none: '—' },
  en: { buy: 'BUY', sell: 'SELL', hold: 'HOLD', none: '—' },
};
const SYMBOLS: Record<VerdictKind, string> = { buy: '▲', sell: '▼', hold: '■', none: '' };

export type Analyst = 'rules' | 'gpt' | 'gemini' | 'final';
export const ANALYSTS: readonly Analyst[] = ['rules', 'gpt', 'gemini', 'final'];

const ANALYST_NAMES: Record<Language, Record<Analyst, string>> = {
  ko: { rules: '규칙', gpt: 'GPT', gemini: 'Gemini', final: '종합' },
  en: { rules: 'Rules', gpt: 'GPT', gemini: 'Gemini', final: 'Final' },
};

export function analystName(a: Analyst, lang: Language): string {
  return ANALYST_NAMES[lang][a];
}

/** Kind of an action string; anything but BUY/SELL/HOLD (e.g. "N/A") is "none". */
export function verdictKind(action: string | null | undefined): VerdictKind {
  switch ((action ?? '').trim().toUpperCase()) {
    case 'BUY':
      return 'buy';
    case 'SELL':
      return 'sell';
    case 'HOLD':
      return 'hold';
    default:
      return 'none';
  }
}

/** The reason in the UI language when the analyst wrote both. */
export function reasonOf(rec: Recommendation | null | undefined, lang: Language): string {
  if (!rec) return '';
  if (lang === 'en' && rec.reason_en) return rec.reason_en;
  return rec.reason ?? '';
}

export function badgeOf(rec: Recommendation | null | undefined, lang: Language, analyst?: Analyst): Badge {
  const kind = verdictKind(rec?.action);
  const label = LABELS[lang][kind];
  if (!rec || kind === 'none') {
    const who = analyst ? `${analystName(analyst, lang)}: ` : '';
    const why = rec ? reasonOf(rec, lang) : '';
    return {
      kind,
      symbol: '—',
      label: '',
      title: `${who}${why || (lang === 'ko' ? '분석 없음' : 'no analysis')}`,
    };
  }
  const parts = [analyst ? `${analystName(analyst, lang)} · ` : '', `${LABELS.en[kind]}`];
  if (Number.isFinite(rec.confidence) && rec.confidence > 0) parts.push(` ${Math.round(rec.confidence)}%`);
  const reason = reasonOf(rec, lang);
  if (reason) parts.push(` — ${reason}`);
  return { kind, symbol: SYMBOLS[kind], label, title: parts.join('') };
}

/** An analyst's recommendation in an AI signal (rules are under rule_recommendation). */
export function recommendationOf(s: AiSignal | null | undefined, a: Analyst): Recommendation | null {
  if (!s) return null;
  const r = s as unknown as Record<string, unknown>;
  const v =
    a === 'rules'
      ? (r.rule_recommendation ?? r.rules_recommendation)
      : a === 'gpt'
        ? r.gpt_recommendation
        : a === 'gemini'
          ? r.gemini_recommendation
          : r.final_recommendation;
  return isRecommendation(v) ? v : null;
}

function isRecommendation(v: unknown): v is Recommendation {
  return typeof v === 'object' && v !== null && typeof (v as Recommendation).action === 'string';
}

/** AI signals by ticker (first one wins). */
export function byTicker(signals: readonly AiSignal[] | null | undefined): Map<string, AiSignal> {
  const m = new Map<string, AiSignal>();
  for (const s of signals ?? []) if (s && typeof s.ticker === 'string' && !m.has(s.ticker)) m.set(s.ticker, s);
  return m;
}

/** Only http(s) links are rendered as links (a feed can carry anything). */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
