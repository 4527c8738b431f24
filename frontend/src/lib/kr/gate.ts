// The market gate card's logic: colour, score ring, reasons in the UI
// language, sector bars, and the market status (session and regime).

import type { Language } from '../types';
import type { GateColour, GateSector, MarketGateResponse, MarketSession, MarketStatusResponse } from './types';

/** The gate colour: `gate`, else `status` when it is a colour; anything else is YELLOW (the original's "else"). */
export function gateColour(g: Pick<MarketGateResponse, 'gate' | 'status'> | null | undefined): GateColour {
  const v = (g?.gate || g?.status || '').toUpperCase();
  return v === 'GREEN' || v === 'RED' ? v : 'YELLOW';
}

export function clampScore(score: unknown): number {
  return typeof score === 'number' && Number.isFinite(score) ? Math.max(0, Math.min(100, score)) : 0;
}

/** SVG ring: the circumference and the dash offset that leaves `score`% of it drawn. */
export function ringGeometry(score: number, radius: number): { circumference: number; offset: number } {
  const circumference = 2 * Math.PI * radius;
  return { circumference, offset: circumference * (1 - clampScore(score) / 100) };
}

export type SignalKind = 'bullish' | 'neutral' | 'bearish';

export function signalKind(signal: string | null | undefined): SignalKind {
  const v = (signal ?? '').toLowerCase();
  return v === 'bullish' || v === 'bearish' ? v : 'neutral';
}

/** The reasons in the UI language: reasons_en in English when the server sent a full translation. */
export function gateReasons(g: Pick<MarketGateResponse, 'reasons' | 'reasons_en'> | null | undefined, lang: Language): string[] {
  const ko = Array.isArray(g?.reasons) ? g.reasons : [];
  const en = Array.isArray(g?.reasons_en) ? g.reasons_en : [];
  return lang === 'en' && en.length === ko.length && en.length > 0 ? en : ko;
}

export function sectorName(s: GateSector, lang: Language): string {
  return lang === 'en' && s.name_en ? s.name_en : s.name;
}

/** Sectors by score, best first (name breaks ties); malformed entries dropped. */
export function sortedSectors(sectors: readonly GateSector[] | null | undefined): GateSector[] {
  return (sectors ?? [])
    .filter((s) => s && typeof s.name === 'string' && typeof s.score === 'number' && Number.isFinite(s.score))
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
}

// ---- market status ----

export type SessionState = 'pre_market' | 'open' | 'closing_auction' | 'after_hours' | 'closed' | 'holiday' | 'unknown';
const SESSION_STATES: readonly SessionState[] = ['pre_market', 'open', 'closing_auction', 'after_hours', 'closed', 'holiday'];

/** The KRX session state of a market-status answer, normalised ("pre-market" → "pre_market"). */
export function sessionState(s: MarketStatusResponse | null | undefined): SessionState {
  const raw = typeof s?.session === 'object' && s.session ? s.session.state : (s?.session ?? s?.session_state ?? '');
  const v = String(raw).toLowerCase().replace(/[-\s]/g, '_');
  return (SESSION_STATES as readonly string[]).includes(v) ? (v as SessionState) : 'unknown';
}

export function sessionOf(s: MarketStatusResponse | null | undefined): MarketSession | null {
  return typeof s?.session === 'object' && s.session ? s.session : null;
}

export type Regime = 'RISK_ON' | 'NEUTRAL' | 'RISK_OFF';

/** The K1 regime: from `regime` (string or object) or the top-level `status`. */
export function regimeOf(s: MarketStatusResponse | null | undefined): Regime {
  const r = s?.regime;
  const raw = typeof r === 'string' ? r : typeof r === 'object' && r ? (r.status ?? '') : (s?.status ?? '');
  const v = String(raw).toUpperCase();
  return v === 'RISK_ON' || v === 'RISK_OFF' ? v : 'NEUTRAL';
}

export function regimeScore(s: MarketStatusResponse | null | undefined): number | null {
  const r = s?.regime;
  const v = typeof r === 'object' && r && typeof r.score === 'number' ? r.score : s?.score;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
