// Keyed texts (a label per field, the texts of each provider) written as
// [English, Korean] pairs, so that each key is written once and its two
// texts stand side by side.

import type { Language } from '../types';

export type Bilingual<T = string> = readonly [en: T, ko: T];

/** One language's texts of a table of pairs. */
export function inLanguage<K extends string, T>(table: Record<K, Bilingual<T>>, lang: Language): Record<K, T> {
  const i = lang === 'ko' ? 1 : 0;
  const pairs = Object.entries(table) as [K, Bilingual<T>][];
  return Object.fromEntries(pairs.map(([k, v]) => [k, v[i]])) as Record<K, T>;
}
