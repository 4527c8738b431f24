// Fields, texts and the patch of the KR rules form (KrRulesForm.svelte):
// GET /api/kr/rules → {signals, exits, gate, defaults}, saved with
// POST /api/kr/rules (any subset, merged field by field on the server).
// Defaults come from the server's `defaults`; nothing is hard-coded here.

import type { Language } from '../types';
import { inLanguage, type Bilingual } from './bilingual';
import type { SaveTexts } from './settingsForm.svelte';

type Json = Record<string, unknown>;

export interface RulesResponse {
  status?: string;
  signals: Json;
  exits: Json;
  gate: Json;
  /** Built-in values of the three blocks (same shape). */
  defaults?: { signals: Json; exits: Json; gate: Json };
}

export const RULES = ['vcp', 'legacy'] as const;
export type Rule = (typeof RULES)[number];

/** The number fields the form shows, by group; an id is the field's JSON path. */
export const GROUPS = {
  signal: ['signals.min_score', 'signals.min_trend_checks'],
  weights: ['signals.weights.pattern', 'signals.weights.flow', 'signals.weights.trend', 'signals.weights.rs'],
  vcp: [
    'signals.vcp.min_contractions',
    'signals.vcp.max_contractions',
    'signals.vcp.min_depth_pct',
    'signals.vcp.max_base_depth_pct',
    'signals.vcp.min_base_length',
    'signals.vcp.max_base_length',
    'signals.vcp.dry_up_ratio',
    'signals.vcp.pivot_proximity_pct',
    'signals.vcp.swing_window',
  ],
  legacy: ['signals.foreign_min', 'signals.index_min', 'signals.contraction_max', 'signals.near_high'],
  exits: ['exits.stop_loss_pct', 'exits.take_profit_pct', 'exits.trailing_stop_pct', 'exits.max_hold_days'],
  gate: ['gate.usd_krw_warning', 'gate.usd_krw_danger', 'gate.green', 'gate.yellow'],
} as const;

export type GroupId = keyof typeof GROUPS;
export type FieldId = (typeof GROUPS)[GroupId][number];
export const GROUP_IDS = Object.keys(GROUPS) as GroupId[];
export const FIELDS: readonly FieldId[] = GROUP_IDS.flatMap((g) => GROUPS[g] as readonly FieldId[]);

/** Fields the server keeps as integers. */
const INTEGER = new Set<FieldId>([
  'signals.min_trend_checks',
  'signals.foreign_min',
  'signals.vcp.min_contractions',
  'signals.vcp.max_contractions',
  'signals.vcp.min_base_length',
  'signals.vcp.max_base_length',
  'signals.vcp.swing_window',
  'exits.max_hold_days',
  'gate.green',
  'gate.yellow',
]);

export const isInteger = (f: FieldId) => INTEGER.has(f);

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isRules(v: unknown): v is RulesResponse {
  return isRecord(v) && isRecord(v.signals) && isRecord(v.exits) && isRecord(v.gate);
}

/** The value at a dotted path ("signals.weights.rs") of a rules object. */
export function valueAt(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const k of path.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

function setAt(obj: Json, path: string, v: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (!isRecord(cur[k])) cur[k] = {};
    cur = cur[k] as Json;
  }
  cur[keys[keys.length - 1]] = v;
}

/** The default of a field (from the server's `defaults`), if known. */
export function defaultOf(r: RulesResponse | null, f: FieldId | 'signals.rule'): unknown {
  return r?.defaults ? valueAt(r.defaults, f) : undefined;
}

/** What the form holds: the rule, and numbers as the inputs give them (null when empty). */
export interface RulesDraft {
  rule: string;
  values: Record<FieldId, number | string | null>;
}

export function toDraft(r: RulesResponse): RulesDraft {
  const values = {} as Record<FieldId, number | string | null>;
  for (const f of FIELDS) {
    const v = valueAt(r, f);
    values[f] = typeof v === 'number' ? v : null;
  }
  const rule = valueAt(r, 'signals.rule');
  return { rule: typeof rule === 'string' ? rule : 'vcp', values };
}

function toNumber(v: number | string | null): number | null {
  if (v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const s = v.trim();
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

export type RulesPatch = { signals?: Json; exits?: Json; gate?: Json };

export type RulesDiff =
  | { ok: true; patch: RulesPatch }
  | { ok: false; field: FieldId; reason: 'number' | 'integer' };

/**
 * The nested patch of the fields that differ from `base` ({signals:
 * {weights: {rs: 0.2}}}), or the first field that is empty or not a whole
 * number where one is needed. Ranges are the server's to check.
 */
export function changedRules(base: RulesResponse, d: RulesDraft): RulesDiff {
  const patch: Json = {};
  if (d.rule !== valueAt(base, 'signals.rule')) setAt(patch, 'signals.rule', d.rule);
  for (const f of FIELDS) {
    const n = toNumber(d.values[f]);
    if (n === null) return { ok: false, field: f, reason: 'number' };
    if (INTEGER.has(f) && !Number.isInteger(n)) return { ok: false, field: f, reason: 'integer' };
    if (n !== valueAt(base, f)) setAt(patch, f, n);
  }
  return { ok: true, patch: patch as RulesPatch };
}

/** The body that resets every rule (shown or not) to the server's defaults. */
export function resetBody(r: RulesResponse): RulesPatch | null {
  const d = r.defaults;
  return isRules(d) ? { signals: d.signals, exits: d.exits, gate: d.gate } : null;
}

/**
 * The field a server validation message names: "signals.min_score 120: want
 * 0–100", "exits: stop_loss_pct must be in [0, 100)", "gate: usd_krw_warning
 * 1500 is above usd_krw_danger 1450" (the first one named wins).
 */
export function rulesFieldInMessage(message: string): FieldId | null {
  let best: { f: FieldId; at: number } | null = null;
  for (const f of FIELDS) {
    const block = f.slice(0, f.indexOf('.'));
    if (!new RegExp(`\\b${block}\\b`).test(message)) continue;
    const key = f.slice(f.lastIndexOf('.') + 1);
    const at = message.search(new RegExp(`(^|[^\\w])${key}\\b`));
    if (at >= 0 && (!best || at < best.at)) best = { f, at };
  }
  return best?.f ?? null;
}

interface GroupText {
  title: string;
  help?: string;
}

interface Texts extends SaveTexts {
  title: string;
  help: string;
  rule: string;
  rules: Record<Rule, string>;
  groups: Record<GroupId, GroupText>;
  fields: Record<FieldId, string>;
  defaultIs: (v: string) => string;
  numberRequired: (f: string) => string;
  integerRequired: (f: string) => string;
  loading: string;
  loadError: string;
  retry: string;
  reset: string;
  resetConfirm: string;
  resetYes: string;
  resetNo: string;
  resetDone: string;
  unused: string;
}

/** Each group's title and help: [English, Korean]. */
const GROUP_TEXTS: Record<GroupId, Bilingual<GroupText>> = {
  signal: [{ title: 'VCP rule' }, { title: 'VCP 규칙' }],
  weights: [
    { title: 'Composite score weights', help: 'VCP rule; only their ratios matter.' },
    { title: '종합 점수 가중치', help: 'VCP 규칙용. 비율만 의미가 있습니다.' },
  ],
  vcp: [
    { title: 'VCP pattern', help: 'Pullbacks (contractions) of the base, in % and bars.' },
    { title: 'VCP 패턴', help: '베이스의 눌림(수축) 조건. 단위는 %와 봉 수.' },
  ],
  legacy: [{ title: 'Legacy rule' }, { title: '레거시 규칙' }],
  exits: [
    { title: 'Exit rules', help: 'Signal ledger; 0 turns a rule off. Days are trading days.' },
    { title: '청산 규칙', help: '신호 원장용. 0이면 해당 규칙을 끕니다. 일수는 거래일 기준.' },
  ],
  gate: [
    { title: 'Market gate', help: 'USD/KRW levels and the score cut-offs of the gate colours.' },
    { title: '마켓 게이트', help: '원/달러 환율 기준과 게이트 색의 점수 기준.' },
  ],
};

/** Each field's label: [English, Korean]. */
const FIELD_LABELS: Record<FieldId, Bilingual> = {
  'signals.min_score': ['Min composite score', '최소 종합 점수'],
  'signals.min_trend_checks': ['Min trend checks (of 7)', '최소 추세 조건 수(7개 중)'],
  'signals.weights.pattern': ['Pattern', '패턴'],
  'signals.weights.flow': ['Flows (supply/demand)', '수급'],
  'signals.weights.trend': ['Trend template', '추세 템플릿'],
  'signals.weights.rs': ['Relative strength', '상대 강도'],
  'signals.vcp.min_contractions': ['Min contractions', '최소 수축 횟수'],
  'signals.vcp.max_contractions': ['Max contractions', '최대 수축 횟수'],
  'signals.vcp.min_depth_pct': ['Min pullback %', '최소 눌림 %'],
  'signals.vcp.max_base_depth_pct': ['Max base depth %', '최대 베이스 깊이 %'],
  'signals.vcp.min_base_length': ['Min base length (bars)', '최소 베이스 길이(봉)'],
  'signals.vcp.max_base_length': ['Max base length (bars)', '최대 베이스 길이(봉)'],
  'signals.vcp.dry_up_ratio': ['Volume dry-up ratio', '거래량 고갈 비율'],
  'signals.vcp.pivot_proximity_pct': ['Near pivot %', '피벗 근접 %'],
  'signals.vcp.swing_window': ['Swing window (bars)', '스윙 판정 봉 수'],
  'signals.foreign_min': ['Foreign 5-day net buy (shares)', '외국인 5일 순매수(주)'],
  'signals.index_min': ['Min supply/demand index', '최소 수급 지수'],
  'signals.contraction_max': ['Max contraction ratio', '최대 수축 비율'],
  'signals.near_high': ['Close ≥ × 20-day high', '종가 ≥ 20일 고가 ×'],
  'exits.stop_loss_pct': ['Stop loss %', '손절 %'],
  'exits.take_profit_pct': ['Take profit %', '익절 %'],
  'exits.trailing_stop_pct': ['Trailing stop %', '추적 손절 %'],
  'exits.max_hold_days': ['Max hold (trading days)', '최대 보유(거래일)'],
  'gate.usd_krw_warning': ['USD/KRW warning', '원/달러 경고'],
  'gate.usd_krw_danger': ['USD/KRW danger (RED)', '원/달러 위험(RED)'],
  'gate.green': ['GREEN from score', 'GREEN 기준 점수'],
  'gate.yellow': ['YELLOW from score', 'YELLOW 기준 점수'],
};

const en: Texts = {
  title: 'KR signal rules',
  help: 'Used by the next scan, ledger update, market gate and backtest; signals already in the ledger keep the rules they were raised under. Each field shows its default.',
  rule: 'Signal rule',
  rules: { vcp: 'VCP (pattern + trend + flows)', legacy: 'Legacy (original §6.1)' },
  groups: inLanguage(GROUP_TEXTS, 'en'),
  fields: inLanguage(FIELD_LABELS, 'en'),
  defaultIs: (v) => `default ${v}`,
  numberRequired: (f) => `${f}: enter a number`,
  integerRequired: (f) => `${f}: enter a whole number`,
  loading: 'Loading the rules…',
  loadError: 'The KR rules could not be loaded',
  retry: 'Retry',
  save: 'Save',
  saved: 'Saved',
  noChanges: 'Nothing changed',
  reset: 'Reset to defaults',
  resetConfirm: 'Reset every KR rule (including those not shown here) to its default?',
  resetYes: 'Reset',
  resetNo: 'Cancel',
  resetDone: 'Defaults restored',
  unused: 'not used by the selected rule',
};

const ko: Texts = {
  title: 'KR 신호 규칙',
  help: '다음 스캔, 원장 갱신, 마켓 게이트, 백테스트에 적용됩니다. 이미 원장에 있는 신호는 발생 당시 규칙을 유지합니다. 각 항목 아래에 기본값이 표시됩니다.',
  rule: '신호 규칙',
  rules: { vcp: 'VCP (패턴 + 추세 + 수급)', legacy: '레거시 (원본 §6.1)' },
  groups: inLanguage(GROUP_TEXTS, 'ko'),
  fields: inLanguage(FIELD_LABELS, 'ko'),
  defaultIs: (v) => `기본값 ${v}`,
  numberRequired: (f) => `${f}: 숫자를 입력하세요`,
  integerRequired: (f) => `${f}: 정수를 입력하세요`,
  loading: '규칙을 불러오는 중…',
  loadError: 'KR 규칙을 불러오지 못했습니다',
  retry: '다시 시도',
  save: '저장',
  saved: '저장했습니다',
  noChanges: '바뀐 내용이 없습니다',
  reset: '기본값으로 되돌리기',
  resetConfirm: '모든 KR 규칙(여기 없는 항목 포함)을 기본값으로 되돌릴까요?',
  resetYes: '되돌리기',
  resetNo: '취소',
  resetDone: '기본값으로 되돌렸습니다',
  unused: '선택한 규칙에서는 쓰지 않음',
};

export function text(lang: Language): Texts {
  return lang === 'ko' ? ko : en;
}
