// Types, texts and helpers of the Background settings section
// (BackgroundSettings.svelte): the scheduler's status, the background
// settings (settings.background) and the desktop options.

import type { Language } from '../types';
import type { SaveTexts } from './settingsForm.svelte';

export const JOB_NAMES = [
  'prices.kr',
  'prices.us',
  'prices.crypto',
  'kr.after_close',
  'us.after_close',
  'crypto.every_4h',
  'data.daily',
] as const;

export type JobName = (typeof JOB_NAMES)[number];

export interface JobRunInfo {
  start: string;
  end?: string;
  result: string;
  items: number;
  error?: string;
  manual: boolean;
  catch_up: boolean;
}

export interface SchedulerJob {
  name: string;
  schedule: string;
  next_run: string | null;
  last_run: JobRunInfo | null;
  running: boolean;
  paused: boolean;
  enabled: boolean;
}

export interface SchedulerStatus {
  status: string;
  paused: boolean;
  jobs: SchedulerJob[];
}

export interface NotificationSettings {
  new_signals: boolean;
  stop_target: boolean;
  gate_change: boolean;
}

export interface BackgroundSettings {
  price_interval_minutes: number;
  jobs: Record<string, boolean> | null;
  hide_to_tray: boolean;
  start_hidden: boolean;
  launch_at_login: boolean;
  api_server: boolean;
  notifications: NotificationSettings;
}

export const NOTIFICATION_KINDS = ['new_signals', 'stop_target', 'gate_change'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The draft the form edits (numbers as typed). */
export interface BackgroundDraft {
  /** A number from a number input (bind:value), null when empty, or text. */
  interval: string | number | null;
  jobs: Record<JobName, boolean>;
  hide_to_tray: boolean;
  start_hidden: boolean;
  launch_at_login: boolean;
  notifications: NotificationSettings;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** settings.background of a settings response, if the server has it. */
export function backgroundOf(settings: unknown): BackgroundSettings | null {
  if (!isRecord(settings) || !isRecord(settings.background)) return null;
  const b = settings.background;
  return typeof b.price_interval_minutes === 'number' && isRecord(b.notifications) ? (b as unknown as BackgroundSettings) : null;
}

/** Whether a job is on (absent from the jobs map = on). */
export function jobEnabled(b: BackgroundSettings, name: string): boolean {
  return b.jobs?.[name] ?? true;
}

export function toDraft(b: BackgroundSettings): BackgroundDraft {
  const jobs = {} as Record<JobName, boolean>;
  for (const j of JOB_NAMES) jobs[j] = jobEnabled(b, j);
  return {
    interval: String(b.price_interval_minutes),
    jobs,
    hide_to_tray: b.hide_to_tray,
    start_hidden: b.start_hidden,
    launch_at_login: b.launch_at_login,
    notifications: { ...b.notifications },
  };
}

export type PatchResult = { ok: true; patch: Record<string, unknown> } | { ok: false; error: 'interval' };

/**
 * The settings.update body part for the fields that differ from base
 * (empty patch: nothing to save). The interval must be a whole number of
 * minutes from 1 to 60.
 */
export function changedBackground(base: BackgroundSettings, d: BackgroundDraft): PatchResult {
  const patch: Record<string, unknown> = {};
  const raw = String(d.interval ?? '').trim();
  const minutes = raw === '' ? NaN : Number(raw);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) return { ok: false, error: 'interval' };
  if (minutes !== base.price_interval_minutes) patch.price_interval_minutes = minutes;
  const jobs: Record<string, boolean> = {};
  for (const j of JOB_NAMES) if (d.jobs[j] !== jobEnabled(base, j)) jobs[j] = d.jobs[j];
  if (Object.keys(jobs).length) patch.jobs = jobs;
  for (const k of ['hide_to_tray', 'start_hidden', 'launch_at_login'] as const) {
    if (d[k] !== base[k]) patch[k] = d[k];
  }
  const n: Partial<NotificationSettings> = {};
  for (const k of NOTIFICATION_KINDS) if (d.notifications[k] !== base.notifications[k]) n[k] = d.notifications[k];
  if (Object.keys(n).length) patch.notifications = n;
  return { ok: true, patch };
}

/** "ok · 311 items", "demo data: nothing to fetch", "error: …" for a last run. */
export function runSummary(run: JobRunInfo | null, lang: Language): string {
  if (!run) return text(lang).never;
  const tx = text(lang);
  const parts: string[] = [];
  switch (run.result) {
    case 'ok':
      parts.push(tx.resultOk);
      break;
    case 'error':
      parts.push(run.error ? `${tx.resultError}: ${run.error}` : tx.resultError);
      break;
    case 'cancelled':
      parts.push(tx.resultCancelled);
      break;
    case 'skipped':
      parts.push(tx.resultSkipped);
      break;
    case 'interrupted':
      parts.push(tx.resultInterrupted);
      break;
    default:
      parts.push(run.result);
  }
  if (run.items > 0) parts.push(tx.items(run.items));
  if (run.manual) parts.push(tx.manual);
  if (run.catch_up) parts.push(tx.catchUp);
  return parts.join(' · ');
}

/** Run time in milliseconds (null while running or unknown). */
export function runMillis(run: JobRunInfo | null): number | null {
  if (!run?.end) return null;
  const ms = Date.parse(run.end) - Date.parse(run.start);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

/** Calls fn at most once per `ms`, with the last call's timing (trailing). */
export function debounce(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const d = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, ms);
  };
  d.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return d;
}

interface Texts extends SaveTexts {
  title: string;
  help: string;
  paused: string;
  active: string;
  pauseAll: string;
  resumeAll: string;
  interval: string;
  intervalHelp: string;
  intervalError: string;
  job: string;
  schedule: string;
  next: string;
  last: string;
  state: string;
  on: string;
  runNow: string;
  pause: string;
  resume: string;
  running: string;
  jobPaused: string;
  off: string;
  never: string;
  notScheduled: string;
  resultOk: string;
  resultError: string;
  resultCancelled: string;
  resultSkipped: string;
  resultInterrupted: string;
  items: (n: number) => string;
  manual: string;
  catchUp: string;
  notifications: string;
  notificationsHelp: string;
  kinds: Record<NotificationKind, string>;
  testNotification: string;
  testSent: string;
  window: string;
  windowHelp: string;
  noTray: string;
  hideToTray: string;
  startHidden: string;
  launchAtLogin: string;
  launchHelp: string;
  api: string;
  apiRunning: string;
  apiStopped: string;
  apiStart: string;
  apiStop: string;
  apiBrowser: string;
  loadError: string;
  jobs: Record<JobName, string>;
}

const en: Texts = {
  title: 'Background updates',
  help: 'Prices refresh every few minutes while each market is open (KRX in Seoul time, NYSE in New York time, crypto around the clock); after each close the post-close pipeline runs. A missed run (sleep, downtime) runs once on waking.',
  paused: 'Paused',
  active: 'Running on schedule',
  pauseAll: 'Pause all',
  resumeAll: 'Resume all',
  interval: 'Price interval (minutes)',
  intervalHelp: '1–60 minutes; applies at once.',
  intervalError: 'The price interval must be a whole number of minutes from 1 to 60.',
  job: 'Task',
  schedule: 'Schedule',
  next: 'Next run',
  last: 'Last run',
  state: 'State',
  on: 'On',
  runNow: 'Run now',
  pause: 'Pause',
  resume: 'Resume',
  running: 'running',
  jobPaused: 'paused',
  off: 'off',
  never: 'not run yet',
  notScheduled: '—',
  resultOk: 'ok',
  resultError: 'error',
  resultCancelled: 'cancelled',
  resultSkipped: 'skipped (previous run still going)',
  resultInterrupted: 'interrupted (the app stopped)',
  items: (n) => `${n} items`,
  manual: 'manual',
  catchUp: 'catch-up',
  notifications: 'Notifications',
  notificationsHelp: 'Desktop notifications while the window is hidden.',
  kinds: {
    new_signals: 'New signals after a scan',
    stop_target: 'An open signal hit its stop or target',
    gate_change: 'The KR market gate changed colour',
  },
  testNotification: 'Send a test notification',
  testSent: 'Test notification sent.',
  window: 'Window and tray',
  windowHelp: 'Desktop app only.',
  noTray: 'This system has no tray for the app: hide to tray and start hidden do not apply.',
  hideToTray: 'Closing the window hides it to the tray',
  startHidden: 'Start hidden in the tray',
  launchAtLogin: 'Launch at login',
  launchHelp: 'Starts the app when you log in; with “Start hidden” it waits in the tray.',
  save: 'Save',
  saved: 'Saved.',
  noChanges: 'No changes to save.',
  api: 'Local API server',
  apiRunning: 'Running on',
  apiStopped: 'Stopped',
  apiStart: 'Start',
  apiStop: 'Stop',
  apiBrowser: 'This page is served by it; switch it off from the desktop app or its tray.',
  loadError: 'The scheduler status could not be loaded',
  jobs: {
    'prices.kr': 'KR prices',
    'prices.us': 'US prices',
    'prices.crypto': 'Crypto prices',
    'kr.after_close': 'KR after the close (update, scan, ledger, AI, snapshot)',
    'us.after_close': 'US after the close',
    'crypto.every_4h': 'Crypto update',
    'data.daily': 'Daily full refresh',
  },
};

const ko: Texts = {
  title: '백그라운드 업데이트',
  help: '각 시장이 열려 있는 동안 몇 분마다 시세를 갱신합니다(KRX는 서울 시간, NYSE는 뉴욕 시간, 암호화폐는 24시간). 장 마감 후에는 마감 후 작업이 실행됩니다. 절전·종료로 놓친 실행은 깨어날 때 한 번만 실행됩니다.',
  paused: '일시정지됨',
  active: '일정대로 실행 중',
  pauseAll: '모두 일시정지',
  resumeAll: '모두 재개',
  interval: '시세 갱신 간격(분)',
  intervalHelp: '1–60분, 즉시 적용됩니다.',
  intervalError: '시세 갱신 간격은 1–60 사이의 정수(분)여야 합니다.',
  job: '작업',
  schedule: '일정',
  next: '다음 실행',
  last: '마지막 실행',
  state: '상태',
  on: '사용',
  runNow: '지금 실행',
  pause: '일시정지',
  resume: '재개',
  running: '실행 중',
  jobPaused: '일시정지',
  off: '꺼짐',
  never: '아직 실행 안 됨',
  notScheduled: '—',
  resultOk: '성공',
  resultError: '오류',
  resultCancelled: '취소됨',
  resultSkipped: '건너뜀(이전 실행 진행 중)',
  resultInterrupted: '중단됨(앱 종료)',
  items: (n) => `${n}건`,
  manual: '수동',
  catchUp: '따라잡기',
  notifications: '알림',
  notificationsHelp: '창이 숨겨져 있을 때 데스크톱 알림을 보냅니다.',
  kinds: {
    new_signals: '스캔 후 새 신호',
    stop_target: '보유 신호의 손절·목표가 도달',
    gate_change: 'KR 마켓 게이트 색 변경',
  },
  testNotification: '테스트 알림 보내기',
  testSent: '테스트 알림을 보냈습니다.',
  window: '창과 트레이',
  windowHelp: '데스크톱 앱 전용입니다.',
  noTray: '이 시스템에는 앱 트레이가 없어 트레이로 숨기기와 숨긴 채 시작이 적용되지 않습니다.',
  hideToTray: '창을 닫으면 트레이로 숨기기',
  startHidden: '트레이에 숨긴 채 시작',
  launchAtLogin: '로그인 시 실행',
  launchHelp: '로그인할 때 앱을 시작합니다. "숨긴 채 시작"과 함께 쓰면 트레이에서 대기합니다.',
  save: '저장',
  saved: '저장했습니다.',
  noChanges: '바뀐 내용이 없습니다.',
  api: '로컬 API 서버',
  apiRunning: '실행 중',
  apiStopped: '중지됨',
  apiStart: '시작',
  apiStop: '중지',
  apiBrowser: '이 페이지가 이 서버를 통해 열려 있습니다. 데스크톱 앱이나 트레이에서 끌 수 있습니다.',
  loadError: '스케줄러 상태를 불러오지 못했습니다',
  jobs: {
    'prices.kr': 'KR 시세',
    'prices.us': 'US 시세',
    'prices.crypto': '암호화폐 시세',
    'kr.after_close': 'KR 마감 후(업데이트, 스캔, 원장, AI, 스냅샷)',
    'us.after_close': 'US 마감 후',
    'crypto.every_4h': '암호화폐 업데이트',
    'data.daily': '일일 전체 갱신',
  },
};

export function text(lang: Language): Texts {
  return lang === 'ko' ? ko : en;
}

/** A job's display name (its id when unknown). */
export function jobLabel(name: string, lang: Language): string {
  return (text(lang).jobs as Record<string, string>)[name] ?? name;
}
