// Types, texts and the patch of the AI analysts form (AiSettings.svelte):
// settings.get → ai / ai_defaults, saved with settings.update {ai: patch}.
// API keys are never here: key_secret only names the secret, and whether
// it is set comes from settings.api_keys.

import type { Language } from '../types';

export const PROVIDERS = ['openai', 'gemini'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export interface AiProvider {
  enabled: boolean;
  base_url: string;
  model: string;
  timeout_seconds: number;
  /** Name of the secret holding the key ("" = the server needs none). */
  key_secret: string;
}

export interface AiConfig {
  openai: AiProvider;
  gemini: AiProvider;
  deadline_seconds: number;
}

/** What the form holds: text as typed, numbers as the input gives them. */
export interface ProviderDraft {
  enabled: boolean;
  base_url: string;
  model: string;
  timeout_seconds: number | string | null;
  /** "No API key" (local server): key_secret "". */
  no_key: boolean;
}

export interface AiDraft {
  openai: ProviderDraft;
  gemini: ProviderDraft;
  deadline_seconds: number | string | null;
}

/** Field ids of the form (also the ids' suffixes: ai-openai-model…). */
export type AiField = `${ProviderName}.${'enabled' | 'base_url' | 'model' | 'timeout_seconds' | 'no_key'}` | 'deadline_seconds';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isProvider(v: unknown): v is AiProvider {
  return (
    isRecord(v) &&
    typeof v.enabled === 'boolean' &&
    typeof v.base_url === 'string' &&
    typeof v.model === 'string' &&
    typeof v.timeout_seconds === 'number' &&
    typeof v.key_secret === 'string'
  );
}

function isConfig(v: unknown): v is AiConfig {
  return isRecord(v) && isProvider(v.openai) && isProvider(v.gemini) && typeof v.deadline_seconds === 'number';
}

/** settings.ai of a settings response, if the server has it. */
export function aiOf(settings: unknown): AiConfig | null {
  return isRecord(settings) && isConfig(settings.ai) ? settings.ai : null;
}

/** settings.ai_defaults of a settings response, if the server has it. */
export function aiDefaultsOf(settings: unknown): AiConfig | null {
  return isRecord(settings) && isConfig(settings.ai_defaults) ? settings.ai_defaults : null;
}

export function toDraft(c: AiConfig): AiDraft {
  const p = (x: AiProvider): ProviderDraft => ({
    enabled: x.enabled,
    base_url: x.base_url,
    model: x.model,
    timeout_seconds: x.timeout_seconds,
    no_key: x.key_secret === '',
  });
  return { openai: p(c.openai), gemini: p(c.gemini), deadline_seconds: c.deadline_seconds };
}

function toInt(v: number | string | null): number | null {
  if (v === null || v === '') return null;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  return Number.isInteger(n) ? n : null;
}

export type AiPatch = {
  openai?: Partial<AiProvider>;
  gemini?: Partial<AiProvider>;
  deadline_seconds?: number;
};

export type AiDiff = { ok: true; patch: AiPatch } | { ok: false; field: AiField };

/**
 * The fields that differ from `base` (text trimmed; an empty base URL or
 * model means the default), or the first number field that is not a whole
 * number. Only changed fields go to the server, which checks the ranges.
 */
export function changedAi(base: AiConfig, d: AiDraft, defaults: AiConfig | null): AiDiff {
  const patch: AiPatch = {};
  for (const name of PROVIDERS) {
    const b = base[name];
    const x = d[name];
    const def = defaults?.[name];
    const p: Partial<AiProvider> = {};
    if (x.enabled !== b.enabled) p.enabled = x.enabled;
    const url = x.base_url.trim() || def?.base_url || '';
    if (url !== b.base_url) p.base_url = url;
    const model = x.model.trim() || def?.model || '';
    if (model !== b.model) p.model = model;
    const timeout = toInt(x.timeout_seconds);
    if (timeout === null) return { ok: false, field: `${name}.timeout_seconds` };
    if (timeout !== b.timeout_seconds) p.timeout_seconds = timeout;
    // Unticking "no key" gives the provider back its key: the one it had,
    // else the default secret name.
    const secret = x.no_key ? '' : b.key_secret || def?.key_secret || `${name}_api_key`;
    if (secret !== b.key_secret) p.key_secret = secret;
    if (Object.keys(p).length) patch[name] = p;
  }
  const deadline = toInt(d.deadline_seconds);
  if (deadline === null) return { ok: false, field: 'deadline_seconds' };
  if (deadline !== base.deadline_seconds) patch.deadline_seconds = deadline;
  return { ok: true, patch };
}

/** The field a server message names ("ai.openai.base_url …", "ai.gemini: base_url and model are required…"). */
export function aiFieldInMessage(message: string): AiField | null {
  const m = /\bai\.(openai|gemini)\.(base_url|model|timeout_seconds|key_secret)\b/.exec(message);
  if (m) {
    const f = m[2] === 'key_secret' ? 'no_key' : m[2];
    return `${m[1]}.${f}` as AiField;
  }
  if (/\bai\.deadline_seconds\b/.test(message)) return 'deadline_seconds';
  const req = /\bai\.(openai|gemini): base_url and model are required/.exec(message);
  if (req) return `${req[1] as ProviderName}.model`;
  return null;
}

/** Key state of a provider: not needed (local server), set, or not set. */
export type KeyState = 'none' | 'set' | 'missing';

export function keyState(p: Pick<ProviderDraft, 'no_key'>, secret: string, keys: Record<string, boolean> | undefined): KeyState {
  if (p.no_key || secret === '') return 'none';
  return keys?.[secret] === true ? 'set' : 'missing';
}

interface Texts {
  title: string;
  help: string;
  providers: Record<ProviderName, string>;
  providerHelp: Record<ProviderName, string>;
  enabled: string;
  useIt: string;
  baseUrl: string;
  baseUrlHelp: Record<ProviderName, string>;
  model: string;
  modelHelp: Record<ProviderName, string>;
  timeout: string;
  timeoutHelp: (def: number | string) => string;
  noKey: string;
  noKeyHelp: string;
  key: string;
  keyStates: Record<KeyState, string>;
  keyHelp: string;
  deadline: string;
  deadlineHelp: (def: number | string) => string;
  defaultIs: (v: string) => string;
  numberRequired: (field: string) => string;
  enabledNoKey: string;
  save: string;
  saved: string;
  noChanges: string;
}

const en: Texts = {
  title: 'AI analysts',
  help: 'The rule analyst always runs. Each LLM analyst below adds its own verdict to the KR AI analysis when it is on and its API key is set (or needs none). Keys are entered in “API keys”.',
  providers: { openai: 'OpenAI-compatible', gemini: 'Google Gemini' },
  providerHelp: {
    openai: 'OpenAI, or any server with the same chat-completions API (Ollama, LM Studio, …).',
    gemini: 'Gemini generateContent API.',
  },
  enabled: 'Enabled',
  useIt: 'Use this analyst',
  baseUrl: 'Base URL',
  baseUrlHelp: {
    openai: 'Empty = the default. Ollama: http://127.0.0.1:11434/v1 · LM Studio: http://127.0.0.1:1234/v1',
    gemini: 'Empty = the default (Google’s API host).',
  },
  model: 'Model',
  modelHelp: {
    openai: 'e.g. gpt-4o-mini, or the local model’s name (llama3.1). Empty = the default.',
    gemini: 'e.g. gemini-2.5-flash. Empty = the default.',
  },
  timeout: 'Timeout (s)',
  timeoutHelp: (d) => `Per request, 1–300 s; default ${d}.`,
  noKey: 'No API key (local server)',
  noKeyHelp: 'For Ollama or LM Studio, which need no key.',
  key: 'API key',
  keyStates: { none: 'Not needed', set: 'Set', missing: 'Not set' },
  keyHelp: 'Set or remove it in “API keys” below.',
  deadline: 'Analysis deadline (s)',
  deadlineHelp: (d) => `One whole analysis run, 5–600 s; default ${d}. Keep it under 30 s (the local API’s response limit); signals still waiting then get the rule verdict.`,
  defaultIs: (v) => `default: ${v}`,
  numberRequired: (f) => `${f}: enter a whole number`,
  enabledNoKey: 'On, but no API key is set: it will not be used until the key is saved.',
  save: 'Save',
  saved: 'Saved',
  noChanges: 'Nothing changed',
};

const ko: Texts = {
  title: 'AI 분석가',
  help: '규칙 분석가는 항상 실행됩니다. 아래의 LLM 분석가는 켜져 있고 API 키가 설정되어 있으면(또는 키가 필요 없으면) KR AI 분석에 각자의 판단을 더합니다. 키는 "API 키"에서 입력합니다.',
  providers: { openai: 'OpenAI 호환', gemini: 'Google Gemini' },
  providerHelp: {
    openai: 'OpenAI 또는 같은 chat-completions API를 쓰는 서버(Ollama, LM Studio 등).',
    gemini: 'Gemini generateContent API.',
  },
  enabled: '사용',
  useIt: '이 분석가 사용',
  baseUrl: '기본 URL',
  baseUrlHelp: {
    openai: '비워 두면 기본값. Ollama: http://127.0.0.1:11434/v1 · LM Studio: http://127.0.0.1:1234/v1',
    gemini: '비워 두면 기본값(Google API 호스트).',
  },
  model: '모델',
  modelHelp: {
    openai: '예: gpt-4o-mini 또는 로컬 모델 이름(llama3.1). 비워 두면 기본값.',
    gemini: '예: gemini-2.5-flash. 비워 두면 기본값.',
  },
  timeout: '제한 시간(초)',
  timeoutHelp: (d) => `요청 한 번당 1–300초, 기본값 ${d}.`,
  noKey: 'API 키 없음(로컬 서버)',
  noKeyHelp: '키가 필요 없는 Ollama, LM Studio용.',
  key: 'API 키',
  keyStates: { none: '필요 없음', set: '설정됨', missing: '설정 안 됨' },
  keyHelp: '아래 "API 키"에서 입력하거나 삭제합니다.',
  deadline: '분석 마감 시간(초)',
  deadlineHelp: (d) => `분석 한 번 전체, 5–600초, 기본값 ${d}. 로컬 API 응답 제한(30초)보다 짧게 두세요. 마감 때까지 답이 없는 신호는 규칙 판단을 씁니다.`,
  defaultIs: (v) => `기본값: ${v}`,
  numberRequired: (f) => `${f}: 정수를 입력하세요`,
  enabledNoKey: '켜져 있지만 API 키가 없어 키를 저장할 때까지 사용되지 않습니다.',
  save: '저장',
  saved: '저장했습니다',
  noChanges: '바뀐 내용이 없습니다',
};

export function text(lang: Language): Texts {
  return lang === 'ko' ? ko : en;
}
