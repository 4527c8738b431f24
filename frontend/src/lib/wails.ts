// Bindings injected by the Wails v2 runtime (desktop window only). In the
// browser (`krmarket serve` at /app/) none of this exists.

export interface WailsApp {
  /** Runs one API operation in-process; resolves to the HTTP body text. */
  Invoke(name: string, params: Record<string, string>, body: string): Promise<string>;
  /** The local API server's bearer token. */
  APIToken?(): Promise<string>;
  /** Tells the desktop shell that a view finished rendering `rows` rows. */
  ReportRendered?(view: string, rows: number): Promise<void>;
  /**
   * Opens the native file dialog and imports the chosen CSV; resolves to the
   * import.csv response body text ({status:"error", error:"cancelled"} if
   * the user cancelled the dialog).
   */
  ImportCSVFile?(symbol: string, market: string): Promise<string>;
}

/** The part of the Wails runtime (window.runtime) the frontend uses. */
export interface WailsRuntime {
  /** Subscribes to an event; Wails v2 returns a function that unsubscribes. */
  EventsOn?(name: string, callback: (...data: unknown[]) => void): (() => void) | void;
  EventsOff?(name: string, ...more: string[]): void;
}

declare global {
  interface Window {
    go?: { main?: { App?: Partial<WailsApp> } };
    runtime?: WailsRuntime;
  }
}

/** The bound Wails App, or undefined outside the desktop window. */
export function wailsApp(): Partial<WailsApp> | undefined {
  if (typeof window === 'undefined') return undefined;
  return window.go?.main?.App;
}

/** True when API calls go through the Wails Invoke binding. */
export function isWails(): boolean {
  return typeof wailsApp()?.Invoke === 'function';
}

/** The API token from the desktop shell, or null in the browser. */
export async function wailsApiToken(): Promise<string | null> {
  const app = wailsApp();
  if (typeof app?.APIToken !== 'function') return null;
  return app.APIToken();
}

/**
 * Reports a finished render to the desktop shell (its smoke test waits for
 * it). A no-op in the browser; never throws.
 */
export function reportRendered(view: string, rows: number): void {
  const app = wailsApp();
  if (typeof app?.ReportRendered !== 'function') return;
  try {
    Promise.resolve(app.ReportRendered(view, rows)).catch((err: unknown) => {
      console.warn('ReportRendered failed', err);
    });
  } catch (err) {
    console.warn('ReportRendered failed', err);
  }
}

/** True when the window offers the native CSV file dialog. */
export function canPickCsvFile(): boolean {
  return typeof wailsApp()?.ImportCSVFile === 'function';
}

/**
 * Subscribes to a Wails event (desktop window only). Returns the function
 * that unsubscribes, or null when there is no event runtime (the caller then
 * polls instead).
 */
export function onWailsEvent(name: string, callback: (data: unknown) => void): (() => void) | null {
  if (typeof window === 'undefined') return null;
  const rt = window.runtime;
  if (typeof rt?.EventsOn !== 'function') return null;
  let active = true;
  const off = rt.EventsOn(name, (data: unknown) => {
    if (active) callback(data);
  });
  return () => {
    active = false;
    if (typeof off === 'function') off();
  };
}
