// The source settings form's fields and the patch it sends.

import type { SourceSettings } from '../types';

export const URL_FIELDS = ['yahoo_url', 'naver_url', 'binance_url', 'edgar_url', 'news_url'] as const;
export const TEXT_FIELDS = [...URL_FIELDS, 'sec_contact', 'proxy'] as const;
export const NUMBER_FIELDS = ['yahoo_per_hour', 'kr_universe', 'flow_days'] as const;

/** The text fields after the URLs, with a placeholder and a help text each, and their input type. */
export const OTHER_FIELDS = [
  { field: 'sec_contact', type: 'text' },
  { field: 'proxy', type: 'url' },
] as const;

export type TextField = (typeof TEXT_FIELDS)[number];
export type NumberField = (typeof NUMBER_FIELDS)[number];
export type SourceField = TextField | NumberField;

/** What the form holds: text as typed, numbers as the input gives them (null when empty). */
export type SourceDraft = Record<TextField, string> & Record<NumberField, number | string | null>;

export function toDraft(s: Partial<SourceSettings>): SourceDraft {
  const d = {} as SourceDraft;
  for (const f of TEXT_FIELDS) d[f] = s[f] ?? '';
  for (const f of NUMBER_FIELDS) d[f] = s[f] ?? null;
  return d;
}

function toNumber(v: number | string | null): number | null {
  if (v === null || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

export type DiffResult =
  | { ok: true; patch: Partial<SourceSettings> }
  | { ok: false; field: NumberField };

/**
 * The fields of `draft` that differ from `base` (text compared trimmed), or
 * the first number field left empty. Only changed fields go to the server.
 */
export function changedSources(base: Partial<SourceSettings>, draft: SourceDraft): DiffResult {
  const patch: Partial<SourceSettings> = {};
  for (const f of TEXT_FIELDS) {
    const v = draft[f].trim();
    if (v !== (base[f] ?? '')) patch[f] = v;
  }
  for (const f of NUMBER_FIELDS) {
    const n = toNumber(draft[f]);
    if (n === null) return { ok: false, field: f };
    if (n !== base[f]) patch[f] = n;
  }
  return { ok: true, patch };
}

/** The field a server validation message names ("yahoo_per_hour 5000: want 1–2000"), if any. */
export function fieldInMessage(message: string): SourceField | null {
  const fields: readonly SourceField[] = [...TEXT_FIELDS, ...NUMBER_FIELDS];
  let best: { f: SourceField; at: number } | null = null;
  for (const f of fields) {
    const at = message.search(new RegExp(`\\b${f}\\b`));
    if (at >= 0 && (!best || at < best.at)) best = { f, at };
  }
  return best?.f ?? null;
}
