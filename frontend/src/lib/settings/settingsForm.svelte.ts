// The state and the save of a settings form (AiSettings, BackgroundSettings,
// KrRulesForm, SourceSettingsForm): a base (the values the server has) and a
// draft (what the inputs hold). Saving sends only the changed fields, needs
// the API token, and takes the server's answer as the new base; the form's
// SaveBar shows the error and the saved / nothing-changed status.

import type { Language, SettingsResponse } from '../types';

/** The props of a section filled from settings.get and saved with settings.update. */
export interface SettingsProps {
  lang: Language;
  /** False in a browser without the API token (every change needs it). */
  canSend: boolean;
  /** settings.get's answer (null until it arrives). */
  settings: SettingsResponse | null;
  onsaved?: (res: SettingsResponse) => void;
}

/** What the status line says after a save. */
export type SaveStatus = 'saved' | 'noChanges';

/** The texts of the save button and the status line. */
export interface SaveTexts {
  save: string;
  saved: string;
  noChanges: string;
}

/** The changed fields, or why the draft cannot be sent: the field to mark (if any) and the message. */
export type Changes<P, F> = { ok: true; patch: P } | { ok: false; field: F | null; error: string };

export interface SettingsFormOptions<B, D, P, F, R> {
  /** What the inputs hold for a base. */
  toDraft: (base: B) => D;
  /** False in a browser without the API token (every change needs it). */
  canSend: () => boolean;
  /** The patch of the fields that differ from the base, or why the draft cannot be sent. */
  changes: (base: B, draft: D) => Changes<P, F>;
  /** Sends a body (a patch, or another body given to send()); resolves to the server's answer. */
  post: (body: P) => Promise<R>;
  /** The new base in the server's answer (null: keep the current one). */
  baseOf: (res: R, body: P, base: B) => B | null;
  /** The field a server error message names. */
  fieldInMessage?: (message: string) => F | null;
  /** After every body the server took. */
  onsaved?: (res: R) => void;
}

/** The message of a thrown error. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A settings form's state. F names the fields an error can mark; X adds
 * statuses of other bodies sent with send() (KrRulesForm's reset).
 */
export class SettingsForm<B, D, P extends object, F = never, R = unknown, X extends string = never> {
  /** The values the server has (null until they arrive). */
  base = $state.raw<B | null>(null);
  /** What the inputs hold. */
  draft = $state<D | null>(null);
  saving = $state(false);
  error = $state<string | null>(null);
  /** The field the error is about. */
  invalid = $state<F | null>(null);
  status = $state<'' | SaveStatus | X>('');

  #o: SettingsFormOptions<B, D, P, F, R>;

  constructor(opts: SettingsFormOptions<B, D, P, F, R>) {
    this.#o = opts;
  }

  get canSend(): boolean {
    return this.#o.canSend();
  }

  /** Whether save() would go ahead: the values are there, no save is on its way, and the token is. */
  get ready(): boolean {
    return this.base !== null && this.draft !== null && !this.saving && this.canSend;
  }

  /** Takes `b` as the base, and its draft. */
  take(b: B) {
    this.base = b;
    this.draft = this.#o.toDraft(b);
  }

  /** Clears the error, the marked field and the status. */
  clear() {
    this.error = null;
    this.invalid = null;
    this.status = '';
  }

  /** An input changed: the status line goes. */
  edited = () => {
    this.status = '';
  };

  /** Sends the changed fields (the form's submit handler). */
  save = async (e?: SubmitEvent) => {
    e?.preventDefault();
    if (!this.ready) return;
    this.clear();
    const diff = this.#o.changes(this.base as B, this.draft as D);
    if (!diff.ok) {
      this.invalid = diff.field;
      this.error = diff.error;
      return;
    }
    if (Object.keys(diff.patch).length === 0) {
      this.status = 'noChanges';
      return;
    }
    await this.send(diff.patch, 'saved');
  };

  /** Sends `body` and takes the answer (status `done`), or shows the server's message and marks the field it names. */
  async send(body: P, done: SaveStatus | X) {
    this.saving = true;
    try {
      const res = await this.#o.post(body);
      const b = this.#o.baseOf(res, body, this.base as B);
      if (b) this.take(b);
      this.status = done;
      this.#o.onsaved?.(res);
    } catch (err) {
      this.error = errorText(err);
      this.invalid = this.#o.fieldInMessage?.(this.error) ?? null;
    } finally {
      this.saving = false;
    }
  }
}
