import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { setApiToken } from '../src/lib/api';
import AiSettings from '../src/lib/settings/AiSettings.svelte';
import { aiFieldInMessage, changedAi, keyState, toDraft, type AiConfig } from '../src/lib/settings/aiSettings';
import type { SettingsResponse } from '../src/lib/types';
import { bodies } from './fixtures';
import { bodiesSent, fail, ok, routeFetch } from './http';

const defaults: AiConfig = {
  openai: { enabled: false, base_url: 'https://api.openai.com/v1', model: 'gpt-4o-mini', timeout_seconds: 20, key_secret: 'openai_api_key' },
  gemini: {
    enabled: false,
    base_url: 'https://generativelanguage.googleapis.com',
    model: 'gemini-2.5-flash',
    timeout_seconds: 20,
    key_secret: 'gemini_api_key',
  },
  deadline_seconds: 25,
};

const ai: AiConfig = {
  openai: { ...defaults.openai, enabled: true },
  gemini: { ...defaults.gemini },
  deadline_seconds: 25,
};

function settingsWith(a: AiConfig, keys = { openai_api_key: true, gemini_api_key: false, fmp_api_key: false }): SettingsResponse {
  return { ...bodies['settings.update'], api_keys: keys, ai: a, ai_defaults: defaults } as unknown as SettingsResponse;
}

function field(id: string): HTMLInputElement {
  const el = document.getElementById(`ai-${id}`);
  if (!el) throw new Error(`no field ${id}`);
  return el as HTMLInputElement;
}

async function save() {
  await fireEvent.submit(screen.getByTestId('ai-form'));
}

describe('AI settings helpers', () => {
  it('patches only changed fields; empty URL or model means the default', () => {
    const d = toDraft(ai);
    expect(changedAi(ai, d, defaults)).toEqual({ ok: true, patch: {} });
    d.openai.model = ' llama3.1 ';
    d.openai.base_url = 'http://127.0.0.1:11434/v1';
    d.openai.no_key = true;
    d.gemini.timeout_seconds = '45';
    d.deadline_seconds = 28;
    expect(changedAi(ai, d, defaults)).toEqual({
      ok: true,
      patch: {
        openai: { base_url: 'http://127.0.0.1:11434/v1', model: 'llama3.1', key_secret: '' },
        gemini: { timeout_seconds: 45 },
        deadline_seconds: 28,
      },
    });
    const local = { ...ai, openai: { ...ai.openai, base_url: 'http://127.0.0.1:1234/v1', model: 'qwen', key_secret: '' } };
    const back = toDraft(local);
    back.openai.base_url = '';
    back.openai.model = '';
    back.openai.no_key = false;
    expect(changedAi(local, back, defaults)).toEqual({
      ok: true,
      patch: { openai: { base_url: 'https://api.openai.com/v1', model: 'gpt-4o-mini', key_secret: 'openai_api_key' } },
    });
  });

  it('rejects a timeout or deadline that is not a whole number', () => {
    const d = toDraft(ai);
    d.openai.timeout_seconds = '';
    expect(changedAi(ai, d, defaults)).toEqual({ ok: false, field: 'openai.timeout_seconds' });
    const e = toDraft(ai);
    e.deadline_seconds = 2.5;
    expect(changedAi(ai, e, defaults)).toEqual({ ok: false, field: 'deadline_seconds' });
  });

  it('finds the field in server messages and the key state', () => {
    expect(aiFieldInMessage('ai.gemini.base_url "ftp://x": want an http(s) URL without credentials or query')).toBe('gemini.base_url');
    expect(aiFieldInMessage('ai.openai: base_url and model are required when enabled')).toBe('openai.model');
    expect(aiFieldInMessage('ai.deadline_seconds 1: want 5–600')).toBe('deadline_seconds');
    expect(aiFieldInMessage('ai.openai.key_secret "x": want …')).toBe('openai.no_key');
    expect(aiFieldInMessage('theme "pink"')).toBeNull();
    expect(keyState({ no_key: true }, 'openai_api_key', { openai_api_key: true })).toBe('none');
    expect(keyState({ no_key: false }, 'openai_api_key', { openai_api_key: true })).toBe('set');
    expect(keyState({ no_key: false }, 'gemini_api_key', { openai_api_key: true })).toBe('missing');
  });
});

describe('AiSettings', () => {
  it('renders nothing until the settings (with ai) arrive', () => {
    render(AiSettings, { props: { lang: 'en', canSend: true, settings: null } });
    expect(screen.queryByTestId('settings-ai')).toBeNull();
  });

  it('shows each provider, the defaults as placeholders, the local-server hint and the key state', () => {
    render(AiSettings, { props: { lang: 'en', canSend: true, settings: settingsWith(ai) } });
    expect(screen.getByTestId('settings-ai')).toBeTruthy();
    expect(field('openai-enabled').checked).toBe(true);
    expect(field('gemini-enabled').checked).toBe(false);
    expect(field('openai-base_url').value).toBe('https://api.openai.com/v1');
    expect(field('openai-base_url').placeholder).toBe('https://api.openai.com/v1');
    expect(field('gemini-model').placeholder).toBe('gemini-2.5-flash');
    expect(field('openai-timeout_seconds').value).toBe('20');
    expect(field('deadline_seconds').value).toBe('25');
    const hint = document.getElementById(field('openai-base_url').getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toContain('Ollama: http://127.0.0.1:11434/v1');
    expect(hint?.textContent).toContain('LM Studio: http://127.0.0.1:1234/v1');
    expect(screen.getByTestId('ai-key-openai').textContent?.trim()).toBe('Set');
    expect(screen.getByTestId('ai-key-gemini').textContent?.trim()).toBe('Not set');
    expect(screen.getAllByText(/default 20\./)).toHaveLength(2);
    // Key values are never part of the form.
    expect(document.querySelectorAll('input[type="password"]')).toHaveLength(0);
  });

  it('follows the API keys form: a key saved there shows as set', async () => {
    const { rerender } = render(AiSettings, { props: { lang: 'en', canSend: true, settings: settingsWith(ai) } });
    expect(screen.getByTestId('ai-key-gemini').dataset.state).toBe('missing');
    await rerender({ settings: settingsWith(ai, { openai_api_key: true, gemini_api_key: true, fmp_api_key: false }) });
    expect(screen.getByTestId('ai-key-gemini').dataset.state).toBe('set');
  });

  it('posts only the changed fields with the token, then takes the saved values', async () => {
    setApiToken('tok-123');
    const savedAi: AiConfig = {
      ...ai,
      openai: { ...ai.openai, base_url: 'http://127.0.0.1:11434/v1', model: 'llama3.1', key_secret: '' },
      deadline_seconds: 28,
    };
    const f = routeFetch({ 'POST /api/settings': ok(settingsWith(savedAi)) });
    const onsaved = vi.fn();
    render(AiSettings, { props: { lang: 'en', canSend: true, settings: settingsWith(ai), onsaved } });
    await fireEvent.input(field('openai-base_url'), { target: { value: 'http://127.0.0.1:11434/v1' } });
    await fireEvent.input(field('openai-model'), { target: { value: 'llama3.1' } });
    await fireEvent.click(field('openai-no_key'));
    await fireEvent.input(field('deadline_seconds'), { target: { value: '28' } });
    expect(screen.getByTestId('ai-key-openai').textContent?.trim()).toBe('Not needed');
    await save();
    await screen.findByText('Saved');
    expect(bodiesSent(f, 'POST /api/settings')).toEqual([
      { ai: { openai: { base_url: 'http://127.0.0.1:11434/v1', model: 'llama3.1', key_secret: '' }, deadline_seconds: 28 } },
    ]);
    const init = f.mock.calls[0][1] as RequestInit;
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok-123');
    expect(onsaved).toHaveBeenCalledTimes(1);
    // The saved values are the new baseline.
    await save();
    expect(screen.getByText('Nothing changed')).toBeTruthy();
    expect(f).toHaveBeenCalledTimes(1);
  });

  it('shows the server error and marks the field; nothing is taken', async () => {
    routeFetch({
      'POST /api/settings': fail(400, 'invalid_settings', 'ai.gemini.base_url "ftp://x": want an http(s) URL without credentials or query'),
    });
    render(AiSettings, { props: { lang: 'en', canSend: true, settings: settingsWith(ai) } });
    await fireEvent.input(field('gemini-base_url'), { target: { value: 'ftp://x' } });
    await save();
    const err = await screen.findByTestId('ai-error');
    expect(err.textContent).toBe('ai.gemini.base_url "ftp://x": want an http(s) URL without credentials or query');
    expect(field('gemini-base_url').getAttribute('aria-invalid')).toBe('true');
    expect(field('openai-base_url').getAttribute('aria-invalid')).toBe('false');
    expect(field('gemini-base_url').value).toBe('ftp://x');
  });

  it('does not send an empty timeout', async () => {
    const f = routeFetch({});
    render(AiSettings, { props: { lang: 'en', canSend: true, settings: settingsWith(ai) } });
    await fireEvent.input(field('gemini-timeout_seconds'), { target: { value: '' } });
    await save();
    expect(screen.getByTestId('ai-error').textContent).toBe('Google Gemini · Timeout (s): enter a whole number');
    expect(field('gemini-timeout_seconds').getAttribute('aria-invalid')).toBe('true');
    expect(f).not.toHaveBeenCalled();
  });

  it('warns when a provider is on without its key', async () => {
    render(AiSettings, { props: { lang: 'en', canSend: true, settings: settingsWith(ai) } });
    expect(screen.queryByText(/no API key is set/)).toBeNull();
    await fireEvent.click(field('gemini-enabled'));
    expect(screen.getByText(/no API key is set/)).toBeTruthy();
  });

  it('without a token shows the notice and does not send', async () => {
    const f = routeFetch({});
    render(AiSettings, { props: { lang: 'en', canSend: false, settings: settingsWith(ai) } });
    expect(screen.getByTestId('token-needed')).toBeTruthy();
    await fireEvent.input(field('openai-model'), { target: { value: 'x' } });
    await save();
    expect(f).not.toHaveBeenCalled();
  });

  it('speaks Korean', () => {
    render(AiSettings, { props: { lang: 'ko', canSend: true, settings: settingsWith(ai) } });
    expect(screen.getByText('AI 분석가')).toBeTruthy();
    expect(screen.getByText('OpenAI 호환')).toBeTruthy();
    expect(screen.getByTestId('ai-key-openai').textContent?.trim()).toBe('설정됨');
    expect(screen.getByRole('button', { name: '저장' })).toBeTruthy();
  });
});
