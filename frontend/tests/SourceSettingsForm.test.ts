import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { changedSources, fieldInMessage, toDraft } from '../src/lib/settings/sourceSettings';
import SourceSettingsForm from '../src/lib/settings/SourceSettingsForm.svelte';
import { bodies, sourceSettings } from './fixtures';
import { bodiesSent, fail, ok, routeFetch } from './http';

const initial = { ...sourceSettings, sec_contact: 'Jane Doe jane@example.com' };

function field(name: string): HTMLInputElement {
  const el = document.getElementById(`src-${name}`);
  if (!el) throw new Error(`no field ${name}`);
  return el as HTMLInputElement;
}

async function save() {
  await fireEvent.submit(screen.getByTestId('source-settings-form'));
}

describe('changedSources', () => {
  it('returns only the changed fields, text trimmed', () => {
    const d = toDraft(initial);
    d.proxy = '  http://proxy:3128 ';
    d.flow_days = '90';
    d.sec_contact = 'Jane Doe jane@example.com ';
    expect(changedSources(initial, d)).toEqual({ ok: true, patch: { proxy: 'http://proxy:3128', flow_days: 90 } });
  });

  it('flags an empty number field', () => {
    const d = toDraft(initial);
    d.kr_universe = null;
    expect(changedSources(initial, d)).toEqual({ ok: false, field: 'kr_universe' });
  });

  it('finds the field a server message names', () => {
    expect(fieldInMessage('yahoo_per_hour 5000: want 1–2000 (Yahoo blocks heavier use)')).toBe('yahoo_per_hour');
    expect(fieldInMessage('proxy "ftp://x": want an http(s) URL')).toBe('proxy');
    expect(fieldInMessage('something else')).toBeNull();
  });
});

describe('SourceSettingsForm', () => {
  it('shows the current values, "default" placeholders and the SEC contact explanation', () => {
    render(SourceSettingsForm, { props: { lang: 'en', initial, canSend: true } });
    expect(field('yahoo_url').value).toBe('');
    expect(field('yahoo_url').placeholder).toBe('default');
    expect(field('sec_contact').value).toBe('Jane Doe jane@example.com');
    expect(field('yahoo_per_hour').value).toBe('1500');
    expect(screen.getByLabelText('SEC contact')).toBe(field('sec_contact'));
    const help = document.getElementById(field('sec_contact').getAttribute('aria-describedby') ?? '');
    expect(help?.textContent).toMatch(/Required for SEC filings/);
  });

  it('sends only the changed source fields and takes the saved values', async () => {
    const saved = { ...initial, naver_url: 'http://127.0.0.1:9000', yahoo_per_hour: 900 };
    const f = routeFetch({ 'POST /api/settings': ok({ ...bodies['settings.update'], sources: saved }) });
    const onsaved = vi.fn();
    render(SourceSettingsForm, { props: { lang: 'en', initial, canSend: true, onsaved } });
    await fireEvent.input(field('naver_url'), { target: { value: 'http://127.0.0.1:9000' } });
    await fireEvent.input(field('yahoo_per_hour'), { target: { value: '900' } });
    await save();
    await screen.findByText('Saved');
    expect(bodiesSent(f, 'POST /api/settings')).toEqual([{ sources: { naver_url: 'http://127.0.0.1:9000', yahoo_per_hour: 900 } }]);
    expect(onsaved).toHaveBeenCalledTimes(1);

    // Saved values are the new baseline: saving again sends nothing.
    await save();
    expect(screen.getByText('Nothing changed')).toBeTruthy();
    expect(f).toHaveBeenCalledTimes(1);
  });

  it('can clear a URL back to the default', async () => {
    const f = routeFetch({ 'POST /api/settings': ok(bodies['settings.update']) });
    render(SourceSettingsForm, { props: { lang: 'en', initial: { ...initial, edgar_url: 'http://mirror' }, canSend: true } });
    await fireEvent.input(field('edgar_url'), { target: { value: '' } });
    await save();
    await screen.findByText('Saved');
    expect(bodiesSent(f, 'POST /api/settings')).toEqual([{ sources: { edgar_url: '' } }]);
  });

  it('shows the server validation error and marks the field', async () => {
    routeFetch({
      'POST /api/settings': fail(400, 'invalid_settings', 'yahoo_per_hour 5000: want 1–2000 (Yahoo blocks heavier use)'),
    });
    render(SourceSettingsForm, { props: { lang: 'en', initial, canSend: true } });
    await fireEvent.input(field('yahoo_per_hour'), { target: { value: '5000' } });
    await save();
    const err = await screen.findByTestId('source-settings-error');
    expect(err.textContent).toBe('yahoo_per_hour 5000: want 1–2000 (Yahoo blocks heavier use)');
    expect(field('yahoo_per_hour').getAttribute('aria-invalid')).toBe('true');
    expect(field('flow_days').getAttribute('aria-invalid')).toBe('false');
  });

  it('does not send an empty number', async () => {
    const f = routeFetch({});
    render(SourceSettingsForm, { props: { lang: 'en', initial, canSend: true } });
    await fireEvent.input(field('flow_days'), { target: { value: '' } });
    await save();
    expect(screen.getByTestId('source-settings-error').textContent).toBe('Flow days: enter a number');
    expect(f).not.toHaveBeenCalled();
  });

  it('without a token shows the notice and does not send', async () => {
    const f = routeFetch({});
    render(SourceSettingsForm, { props: { lang: 'en', initial, canSend: false } });
    expect(screen.getByTestId('token-needed')).toBeTruthy();
    await fireEvent.input(field('proxy'), { target: { value: 'http://p:1' } });
    await save();
    expect(f).not.toHaveBeenCalled();
  });
});
