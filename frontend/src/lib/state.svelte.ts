// App-wide reactive state: theme, language, data source, health.

import { api, getApiToken, onResponse, setApiToken } from './api';
import { guessLanguage, localeFor, type AppLocale } from './format';
import { isWails } from './wails';
import type { DataSource, HealthResponse, Language, Settings, Theme } from './types';

export const THEME_STORAGE_KEY = 'krmarket.theme';
export const LANGUAGE_STORAGE_KEY = 'krmarket.language';

function stored<T extends string>(key: string, allowed: readonly T[]): T | null {
  try {
    const v = localStorage.getItem(key);
    return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : null;
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage unavailable: keep the in-memory value
  }
}

const DATA_SOURCES: readonly DataSource[] = ['live', 'stale', 'demo', 'imported'];

export function isDataSource(v: unknown): v is DataSource {
  return typeof v === 'string' && (DATA_SOURCES as readonly string[]).includes(v);
}

function initialLanguage(): Language {
  const saved = stored<Language>(LANGUAGE_STORAGE_KEY, ['ko', 'en']);
  if (saved) return saved;
  return guessLanguage(typeof navigator === 'undefined' ? null : navigator.language);
}

export const app = $state({
  theme: (stored<Theme>(THEME_STORAGE_KEY, ['dark', 'light']) ?? 'dark') as Theme,
  language: initialLanguage(),
  dataSource: null as DataSource | null,
  /** data_age_seconds of the last health / sources.status answer, and when it came (ms). */
  dataAge: null as number | null,
  dataAgeAt: 0,
  health: null as HealthResponse | null,
  healthError: null as string | null,
  /** Last message from a failed settings.update (shown in Settings). */
  syncError: null as string | null,
});

export function locale(): AppLocale {
  return localeFor(app.language);
}

/** Whether this browser has an API token stored (for `token: true` operations). */
export const auth = $state({ hasToken: Boolean(getApiToken()) });

/** Re-reads the stored token (after localStorage changed elsewhere). */
export function refreshAuth(): void {
  auth.hasToken = Boolean(getApiToken());
}

/** Stores (or, with "", removes) the browser's API token. */
export function saveApiToken(token: string): void {
  setApiToken(token);
  refreshAuth();
}

// Operations whose data_source says nothing about the market data shown
// (settings, job bookkeeping): they must not flip the badge.
const NOT_DATA: ReadonlySet<string> = new Set(['settings.get', 'settings.update', 'update.start', 'jobs.list', 'jobs.get']);

// Every data response carries data_source; keep the badge current. Only
// health and sources.status tell the data's age.
onResponse((name, body) => {
  const b = body as { data_source?: unknown; data_age_seconds?: unknown } | null;
  if (!NOT_DATA.has(name) && isDataSource(b?.data_source)) app.dataSource = b.data_source;
  if (name === 'health' || name === 'sources.status') {
    const age = b?.data_age_seconds;
    app.dataAge = typeof age === 'number' && Number.isFinite(age) && age >= 0 ? age : null;
    app.dataAgeAt = Date.now();
  }
});

/** The data's age now, counting the time since the server said it. */
export function currentDataAge(now: number = Date.now()): number | null {
  if (app.dataAge === null) return null;
  return app.dataAge + Math.max(0, (now - app.dataAgeAt) / 1000);
}

/** Asks health again (after an update or an import changed the data). */
export async function refreshHealth(): Promise<void> {
  try {
    app.health = await api.health();
    app.healthError = null;
  } catch (err) {
    app.healthError = err instanceof Error ? err.message : String(err);
  }
}

async function persist(patch: Partial<Settings>): Promise<void> {
  if (!isWails() && !getApiToken()) {
    // The browser has no token yet: settings.update would be refused.
    app.syncError = 'API token not set';
    return;
  }
  try {
    await api.updateSettings(patch);
    app.syncError = null;
  } catch (err) {
    // Browser without a pasted token: the choice stays in localStorage.
    app.syncError = err instanceof Error ? err.message : String(err);
    console.warn('settings.update failed', err);
  }
}

export function setTheme(theme: Theme): Promise<void> {
  app.theme = theme;
  store(THEME_STORAGE_KEY, theme);
  return persist({ theme });
}

export function setLanguage(language: Language): Promise<void> {
  app.language = language;
  store(LANGUAGE_STORAGE_KEY, language);
  return persist({ language });
}

/** Startup: health (badge) and settings (theme, language). A choice already made on this device wins. */
export async function bootstrap(): Promise<void> {
  const health = api
    .health()
    .then((h) => {
      app.health = h;
      app.healthError = null;
    })
    .catch((err: unknown) => {
      app.healthError = err instanceof Error ? err.message : String(err);
    });
  const settings = api
    .getSettings()
    .then((s) => {
      if (!stored(THEME_STORAGE_KEY, ['dark', 'light']) && (s.settings.theme === 'dark' || s.settings.theme === 'light')) {
        app.theme = s.settings.theme;
      }
      if (!stored(LANGUAGE_STORAGE_KEY, ['ko', 'en']) && (s.settings.language === 'ko' || s.settings.language === 'en')) {
        app.language = s.settings.language;
      }
    })
    .catch((err: unknown) => console.warn('settings.get failed', err));
  await Promise.all([health, settings]);
}
