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

const dateTimeCache = new Map<string, Intl.DateTimeFormat>();

/** ISO timestamp → local date and time ("Nov 28, 2026, 3:00 PM" / "2026. 11. 28. 오후 3:00"); dash when missing or invalid. */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return DASH;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return DASH;
  const safe = resolveLocale(locale);
  let df = dateTimeCache.get(safe);
  if (!df) {
    df = new Intl.DateTimeFormat(safe, { dateStyle: 'medium', timeStyle: 'short' });
    dateTimeCache.set(safe, df);
  }
  return df.format(ms);
}

const AGE_UNITS: Record<Language, { s: string; m: string; h: string; d: string }> = {
  en: { s: 's', m: 'm', h: 'h', d: 'd' },
  ko: { s: '초', m: '분', h: '시간', d: '일' },
};

/** A short age in the largest whole unit: 45 → "45s", 7200 → "2h" (ko: "2시간"), 3 days → "3d". */
export function formatAge(seconds: number | null | undefined, language: Language): string {
  if (!usable(seconds) || seconds < 0) return DASH;
  const u = AGE_UNITS[language] ?? AGE_UNITS.en;
  const s = Math.floor(seconds);
  if (s < 60) return `${s}${u.s}`;
  if (s < 3600) return `${Math.floor(s / 60)}${u.m}`;
  if (s < 86400) return `${Math.floor(s / 3600)}${u.h}`;
  return `${Math.floor(s / 86400)}${u.d}`;
}
