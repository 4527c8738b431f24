// Number/date formatting with an explicit, validated locale. Never pass
// navigator.language to Intl unchecked: WebKitGTK reports "C", which makes
// Intl throw a RangeError.

import type { Language } from './types';

export type AppLocale = 'ko-KR' | 'en-US';
export const FALLBACK_LOCALE: AppLocale = 'en-US';

/** Maps a language setting ("ko", "en") or any locale-ish string to a locale Intl accepts. */
export function resolveLocale(input: string | null | undefined, fallback: AppLocale = FALLBACK_LOCALE): AppLocale {
  if (!input) return fallback;
  // "ko_KR.UTF-8" → "ko-KR"; "C", "POSIX", "C.UTF-8" have no language part.
  const tag = input.split('.')[0].replace(/_/g, '-').trim().toLowerCase();
  if (tag === 'ko' || tag.startsWith('ko-')) return 'ko-KR';
  if (tag === 'en' || tag.startsWith('en-')) return 'en-US';
  return fallback;
}

export function localeFor(language: Language): AppLocale {
  return language === 'ko' ? 'ko-KR' : 'en-US';
}

/** Language to start with before settings load: stored choice, else the browser's if usable, else Korean. */
export function guessLanguage(navigatorLanguage: string | null | undefined): Language {
  return resolveLocale(navigatorLanguage, 'ko-KR') === 'en-US' ? 'en' : 'ko';
}

const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const safe = resolveLocale(locale);
  const key = `${safe}|${JSON.stringify(options)}`;
  let nf = cache.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(safe, options);
    cache.set(key, nf);
  }
  return nf;
}

const DASH = '—';

function usable(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** 1234567 → "1,234,567". */
export function formatInt(n: number | null | undefined, locale: string): string {
  if (!usable(n)) return DASH;
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/** Fixed decimals: formatDecimal(0.5, 2) → "0.50". */
export function formatDecimal(n: number | null | undefined, digits: number, locale: string): string {
  if (!usable(n)) return DASH;
  return numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/** Signed integer (share flows): 1200 → "+1,200", -5 → "-5". */
export function formatSignedInt(n: number | null | undefined, locale: string): string {
  if (!usable(n)) return DASH;
  return numberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(n);
}

/** Percentage already in percent units: 3.456 → "+3.46%". */
export function formatPct(n: number | null | undefined, locale: string, digits = 2): string {
  if (!usable(n)) return DASH;
  const s = numberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: 'exceptZero',
  }).format(n);
  return `${s}%`;
}

/** Compact volume: 1234567 → "1.2M" (en) / "123만" (ko). */
export function formatCompact(n: number | null | undefined, locale: string): string {
  if (!usable(n)) return DASH;
  return numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

/** Sign class for colouring: "up" | "down" | "flat". */
export function trend(n: number | null | undefined): 'up' | 'down' | 'flat' {
  if (!usable(n) || n === 0) return 'flat';
  return n > 0 ? 'up' : 'down';
}
