// Live data sources as the UI shows them.

import type { MessageKey } from './i18n';
import type { SourceStatus } from './types';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function toStatus(name: string, v: Record<string, unknown>): SourceStatus {
  const s: SourceStatus = {
    name,
    state: str(v.state) ?? 'unknown',
    requests: num(v.requests),
    failures: num(v.failures),
  };
  const opt = ['last_success', 'failing_since', 'rate_limited_until', 'last_error'] as const;
  for (const k of opt) {
    const x = str(v[k]);
    if (x) s[k] = x;
  }
  return s;
}

/**
 * The sources of a health or sources.status body: an array of states (the
 * current contract) or a map by name (older servers). Anything malformed is
 * dropped.
 */
export function normalizeSources(input: unknown): SourceStatus[] {
  if (Array.isArray(input)) {
    return input.filter(isRecord).flatMap((v) => (str(v.name) ? [toStatus(v.name as string, v)] : []));
  }
  if (isRecord(input)) {
    return Object.keys(input)
      .sort()
      .flatMap((name) => (isRecord(input[name]) ? [toStatus(name, input[name] as Record<string, unknown>)] : []));
  }
  return [];
}

const SOURCE_LABELS: Record<string, string> = {
  yahoo: 'Yahoo Finance',
  naver: 'Naver Finance',
  binance: 'Binance',
  edgar: 'SEC EDGAR',
  news: 'News (RSS)',
};

/** Display name of a source ("edgar" → "SEC EDGAR"); unknown names as given. */
export function sourceLabel(name: string): string {
  return SOURCE_LABELS[name] ?? name;
}

const STATE_KEYS: Record<string, MessageKey> = {
  ok: 'sources.state.ok',
  failing: 'sources.state.failing',
  rate_limited: 'sources.state.rate_limited',
  off: 'sources.state.off',
  unknown: 'sources.state.unknown',
};

/** Message key of a source state (unknown states read as "unknown"). */
export function stateKey(state: string): MessageKey {
  return STATE_KEYS[state] ?? 'sources.state.unknown';
}
