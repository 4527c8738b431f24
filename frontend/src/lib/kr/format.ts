// Formatters of the KR section, on top of lib/format.ts.

import { formatCompact, formatDecimal, formatInt, resolveLocale } from '../format';
import type { Language } from '../types';

const DASH = '—';

function usable(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/**
 * An amount in won: Korean units in Korean ("3.2조원", "4,512억원",
 * "9,800원"), compact in English ("₩3.2T", "₩451.2B").
 */
export function formatKrw(n: number | null | undefined, lang: Language): string {
  if (!usable(n)) return DASH;
  const sign = n < 0 ? '-' : '';
  const a = Math.abs(n);
  if (lang === 'ko') {
    if (a >= 1e12) return `${sign}${formatDecimal(a / 1e12, 1, 'ko-KR')}조원`;
    if (a >= 1e8) return `${sign}${formatInt(Math.round(a / 1e8), 'ko-KR')}억원`;
    return `${sign}${formatInt(a, 'ko-KR')}원`;
  }
  if (a >= 1e6) return `${sign}₩${formatCompact(a, 'en-US')}`;
  return `${sign}₩${formatInt(a, 'en-US')}`;
}

const compactCache = new Map<string, Intl.NumberFormat>();

/** Signed compact share count to 3 significant digits: +1.25M / +125만 / -4,980만; dash when unusable. */
export function formatSignedCompact(n: number | null | undefined, locale: string): string {
  if (!usable(n)) return DASH;
  const loc = resolveLocale(locale);
  let nf = compactCache.get(loc);
  if (!nf) {
    nf = new Intl.NumberFormat(loc, { notation: 'compact', maximumSignificantDigits: 3 });
    compactCache.set(loc, nf);
  }
  const s = nf.format(Math.abs(n));
  return n > 0 ? `+${s}` : n < 0 ? `-${s}` : s;
}

/** A fraction as a percentage without sign: 0.0213 → "2.13%". */
export function formatFractionPct(n: number | null | undefined, locale: string, digits = 2): string {
  if (!usable(n)) return DASH;
  return `${formatDecimal(n * 100, digits, locale)}%`;
}

/** A percentage without sign: 39.5 → "39.5%". */
export function formatPlainPct(n: number | null | undefined, locale: string, digits = 1): string {
  if (!usable(n)) return DASH;
  return `${formatDecimal(n, digits, locale)}%`;
}

/** Clock time of an epoch-ms or ISO value in Asia/Seoul ("15:30"). */
export function formatKstTime(at: number | string | null | undefined, locale: string): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at;
  if (!usable(ms)) return DASH;
  return new Intl.DateTimeFormat(resolveLocale(locale), {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: 'Asia/Seoul',
  }).format(ms);
}

/** Date and time in Asia/Seoul ("11. 30. 09:00" / "Nov 30, 09:00"). */
export function formatKstDateTime(at: string | null | undefined, locale: string): string {
  const ms = at ? Date.parse(at) : NaN;
  if (!usable(ms)) return DASH;
  return new Intl.DateTimeFormat(resolveLocale(locale), {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: 'Asia/Seoul',
  }).format(ms);
}

/** Unix seconds → YYYY-MM-DD (UTC, the server's bar date). */
export function unixDate(sec: number | null | undefined): string {
  if (!usable(sec) || sec <= 0) return DASH;
  return new Date(sec * 1000).toISOString().slice(0, 10);
}
