import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ApiKeysForm from '../src/lib/settings/ApiKeysForm.svelte';
import type { ApiKeyName } from '../src/lib/types';
import { bodies } from './fixtures';
import { bodiesSent, fail, ok, routeFetch } from './http';

const SECRET = 'sk-test-DO-NOT-SHOW-1234567890';

function row(key: ApiKeyName): HTMLElement {
  return document.querySelector(`li[data-key="${key}"]`) as HTMLElement;
}

function input(key: ApiKeyName): HTMLInputElement {
  return row(key).querySelector('input') as HTMLInputElement;
}

function buttons(key: ApiKeyName): HTMLButtonElement[] {
  return [...row(key).querySelectorAll('button')];
}

describe('ApiKeysForm', () => {
  it('shows set / not set and where keys are kept', () => {
    render(ApiKeysForm, {
      props: { lang: 'en', status: { openai_api_key: true, gemini_api_key: false }, backend: 'keychain', canSend: true },
    });
    expect(screen.getByTestId('key-status-openai_api_key').textContent?.trim()).toBe('Set');
    expect(screen.getByTestId('key-status-gemini_api_key').textContent?.trim()).toBe('Not set');
    expect(screen.getByTestId('key-status-fmp_api_key').textContent?.trim()).toBe('Not set');
    expect(screen.getByText(/system keychain/)).toBeTruthy();
    expect(screen.getByText(/never shown again/)).toBeTruthy();
    for (const k of ['openai_api_key', 'gemini_api_key', 'fmp_api_key'] as const) {
      expect(input(k).type).toBe('password');
      expect(input(k).value).toBe('');
    }
    // Remove only where a key is set.
    expect(buttons('openai_api_key')[1].disabled).toBe(false);
    expect(buttons('gemini_api_key')[1].disabled).toBe(true);
  });

  it('mentions the 0600 file backend', () => {
    render(ApiKeysForm, { props: { lang: 'en', status: {}, backend: 'file', canSend: true } });
    expect(screen.getByText(/0600/)).toBeTruthy();
  });

  it('saves a key and never renders its value', async () => {
    const f = routeFetch({
      'POST /api/settings': ok({ ...bodies['settings.update'], api_keys: { openai_api_key: true, gemini_api_key: true, fmp_api_key: false } }),
    });
    const { container } = render(ApiKeysForm, { props: { lang: 'en', status: { gemini_api_key: false }, backend: 'file', canSend: true } });
    await fireEvent.input(input('gemini_api_key'), { target: { value: `  ${SECRET} ` } });
    await fireEvent.submit(row('gemini_api_key').querySelector('form') as HTMLFormElement);
    await screen.findByText('Saved');

    expect(bodiesSent(f, 'POST /api/settings')).toEqual([{ api_keys: { gemini_api_key: SECRET } }]);
    expect(screen.getByTestId('key-status-gemini_api_key').textContent?.trim()).toBe('Set');
    expect(input('gemini_api_key').value).toBe('');
    expect(container.innerHTML).not.toContain(SECRET);
    for (const el of container.querySelectorAll('input')) expect(el.value).not.toContain(SECRET);
  });

  it('does not render values even if the server sent any', () => {
    const leaky = { openai_api_key: SECRET } as unknown as Record<ApiKeyName, boolean>;
    const { container } = render(ApiKeysForm, { props: { lang: 'en', status: leaky, canSend: true } });
    expect(container.innerHTML).not.toContain(SECRET);
    expect(screen.getByTestId('key-status-openai_api_key').textContent?.trim()).toBe('Not set');
  });

  it('removes a key by sending ""', async () => {
    const f = routeFetch({
      'POST /api/settings': ok({ ...bodies['settings.update'], api_keys: { openai_api_key: false, gemini_api_key: false, fmp_api_key: false } }),
    });
    render(ApiKeysForm, { props: { lang: 'en', status: { openai_api_key: true }, canSend: true } });
    await fireEvent.click(buttons('openai_api_key')[1]);
    await screen.findByText('Removed');
    expect(bodiesSent(f, 'POST /api/settings')).toEqual([{ api_keys: { openai_api_key: '' } }]);
    expect(screen.getByTestId('key-status-openai_api_key').textContent?.trim()).toBe('Not set');
  });

  it('shows a server error and clears the typed key anyway', async () => {
    routeFetch({ 'POST /api/settings': fail(500, 'secrets', 'keychain locked') });
    const { container } = render(ApiKeysForm, { props: { lang: 'en', status: {}, canSend: true } });
    await fireEvent.input(input('fmp_api_key'), { target: { value: SECRET } });
    await fireEvent.submit(row('fmp_api_key').querySelector('form') as HTMLFormElement);
    expect((await screen.findByRole('alert')).textContent).toBe('keychain locked');
    expect(container.innerHTML).not.toContain(SECRET);
    expect(input('fmp_api_key').value).toBe('');
  });

  it('without a token disables saving and says why', async () => {
    render(ApiKeysForm, { props: { lang: 'en', status: { openai_api_key: true }, canSend: false } });
    expect(screen.getByTestId('token-needed')).toBeTruthy();
    await fireEvent.input(input('openai_api_key'), { target: { value: 'x' } });
    expect(buttons('openai_api_key').every((b) => b.disabled)).toBe(true);
  });
});
