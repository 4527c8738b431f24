// Types, texts and the patch of the AI analysts form (AiSettings.svelte):
// settings.get → ai / ai_defaults, saved with settings.update {ai: patch}.
// API keys are never here: key_secret only names the secret, and whether
// it is set comes from settings.api_keys.

import type { Language } from '../types';
import { inLanguage, type Bilingual } from './bilingual';
import type { SaveTexts } from './settingsForm.svelte';

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

/** The fields of a provider and their JSON types. */
const PROVIDER_FIELDS = {
  enabled: 'boolean',
  base_url: 'string',
  model: 'string',
  timeout_seconds: 'number',
  key_secret: 'string',
} as const;

function isProvider(v: unknown): v is AiProvider {
  return isRecord(v) && Object.entries(PROVIDER_FIELDS).every(([k, type]) => typeof v[k] === type);
}

function isConfig(v: unknown): v is AiConfig {
  return isRecord(v) && PROVIDERS.every((p) => isProvider(v[p])) && typeof v.deadline_seconds === 'number';
}

function configAt(settings: unknown, key: 'ai' | 'ai_defaults'): AiConfig | null {
  const c = isRecord(settings) ? settings[key] : undefined;
  return isConfig(c) ? c : null;
}

/** settings.ai of a settings response, if the server has it. */
export const aiOf = (settings: unknown) => configAt(settings, 'ai');

/** settings.ai_defaults of a settings response, if the server has it. */
export const aiDefaultsOf = (settings: unknown) => configAt(settings, 'ai_defaults');

export function toDraft(c: AiConfig): AiDraft {
  const p = ({ key_secret, ...x }: AiProvider): ProviderDraft => ({ ...x, no_key: key_secret === '' });
  return { openai: p(c.openai), gemini: p(c.gemini), deadline_seconds: c.deadline_seconds };
}

/**
 * The name of the secret holding a provider's key when it needs one: the
 * one it has, else the default's, else the built-in name.
 */
export function secretName(name: ProviderName, base: AiConfig | null, defaults: AiConfig | null): string {
  return base?.[name].key_secret || defaults?.[name].key_secret || `${name}_api_key`;
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
    const x = d[name];
    const def = defaults?.[name];
    const timeout = toInt(x.timeout_seconds);
    if (timeout === null) return { ok: false, field: `${name}.timeout_seconds` };
    const next: AiProvider = {
      enabled: x.enabled,
      base_url: x.base_url.trim() || def?.base_url || '',
      model: x.model.trim() || def?.model || '',
      timeout_seconds: timeout,
      // Unticking "no key" gives the provider back its key.
      key_secret: x.no_key ? '' : secretName(name, base, defaults),
    };
    const b = base[name];
    const p = Object.fromEntries(Object.entries(next).filter(([k, v]) => v !== b[k as keyof AiProvider]));
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

/** The texts' key of a provider field's label. */
export const LABEL_OF = { base_url: 'baseUrl', model: 'model', timeout_seconds: 'timeout' } as const;

/** A provider's text inputs: the field, the input's type and the texts' key of its help. */
export const TEXT_INPUTS = [
  { field: 'base_url', type: 'url', help: 'baseUrlHelp' },
  { field: 'model', type: 'text', help: 'modelHelp' },
] as const;

/** The name of a field in messages: "Google Gemini · Timeout (s)". */
export function fieldLabel(f: AiField, tx: Texts): string {
  if (f === 'deadline_seconds') return tx.deadline;
  const [p, k] = f.split('.') as [ProviderName, string];
  const label = LABEL_OF[k as keyof typeof LABEL_OF];
  return `${tx.provider[p].name} · ${label ? tx[label] : k}`;
}

/** Key state of a provider: not needed (local server), set, or not set. */
export type KeyState = 'none' | 'set' | 'missing';

export function keyState(p: Pick<ProviderDraft, 'no_key'>, secret: string, keys: Record<string, boolean> | undefined): KeyState {
  if (p.no_key || secret === '') return 'none';
  return keys?.[secret] === true ? 'set' : 'missing';
}

/** The texts that differ by provider. */
interface ProviderTexts {
  name: string;
  help: string;
  baseUrlHelp: string;
  modelHelp: string;
}

interface Texts extends SaveTexts {
  title: string;
  help: string;
  provider: Record<ProviderName, ProviderTexts>;
  enabled: string;
  useIt: string;
  baseUrl: string;
  model: string;
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
}

const PROVIDER_TEXTS: Record<ProviderName, Bilingual<ProviderTexts>> = {
  openai: [
    {
      name: 'OpenAI-compatible',
      help: 'OpenAI, or any server with the same chat-completions API (Ollama, LM Studio, …).',
      baseUrlHelp: 'Empty = the default. Ollama: http://127.0.0.1:11434/v1 · LM Studio: http://127.0.0.1:1234/v1',
      modelHelp: 'e.g. gpt-4o-mini, or the local model’s name (llama3.1). Empty = the default.',
    },
    {
      name: 'OpenAI 호환',
      help: 'OpenAI 또는 같은 chat-completions API를 쓰는 서버(Ollama, LM Studio 등).',
      baseUrlHelp: '비워 두면 기본값. Ollama: http://127.0.0.1:11434/v1 · LM Studio: http://127.0.0.1:1234/v1',
      modelHelp: '예: gpt-4o-mini 또는 로컬 모델 이름(llama3.1). 비워 두면 기본값.',
    },
  ],
  gemini: [
    {
      name: 'Google Gemini',
      help: 'Gemini generateContent API.',
      baseUrlHelp: 'Empty = the default (Google’s API host).',
      modelHelp: 'e.g. gemini-2.5-flash. Empty = the default.',
    },
    {
      name: 'Google Gemini',
      help: 'Gemini generateContent API.',
      baseUrlHelp: '비워 두면 기본값(Google API 호스트).',
      modelHelp: '예: gemini-2.5-flash. 비워 두면 기본값.',
    },
  ],
};

const en: Texts = {
  title: 'AI analysts',
  help: 'The rule analyst always runs. Each LLM analyst below adds its own verdict to the KR AI analysis when it is on and its API key is set (or needs none). Keys are entered in “API keys”.',
  provider: inLanguage(PROVIDER_TEXTS, 'en'),
  enabled: 'Enabled',
  useIt: 'Use this analyst',
  baseUrl: 'Base URL',
  model: 'Model',
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
  provider: inLanguage(PROVIDER_TEXTS, 'ko'),
  enabled: '사용',
  useIt: '이 분석가 사용',
  baseUrl: '기본 URL',
  model: '모델',
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
