import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { call } from '../src/lib/api';
import { app, currentDataAge, refreshAuth } from '../src/lib/state.svelte';
import SettingsView from '../src/views/SettingsView.svelte';
import { bodies } from './fixtures';
import { ok, routeFetch } from './http';

const routes = {
  'GET /api/settings': ok(bodies['settings.update']),
  'GET /api/sources': ok({ ...bodies['sources.status'], mode: 'demo', data_source: 'demo' }),
  'GET /api/jobs': ok({ ...bodies['jobs.list'], jobs: [] }),
};

describe('SettingsView', () => {
  it('shows every new section, and the token notice until a token is pasted', async () => {
    app.language = 'en';
    routeFetch(routes);
    refreshAuth();
    render(SettingsView);
    await screen.findByTestId('sources-table');
    await screen.findByTestId('source-settings-form');
    for (const id of ['settings-sources', 'settings-update', 'settings-source-settings', 'settings-api-keys', 'settings-import']) {
      expect(screen.getByTestId(id)).toBeTruthy();
    }
    expect(screen.getAllByTestId('token-needed').length).toBeGreaterThan(0);
    expect((screen.getByTestId('update-start') as HTMLButtonElement).disabled).toBe(true);

    const token = document.getElementById('api-token-input') as HTMLInputElement;
    await fireEvent.input(token, { target: { value: 'tok' } });
    await fireEvent.submit(token.form as HTMLFormElement);
    expect(screen.queryAllByTestId('token-needed')).toHaveLength(0);
    expect((screen.getByTestId('update-start') as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByTestId('key-status-openai_api_key').textContent?.trim()).toBe('Set');
  });
});

describe('badge state', () => {
  it('takes data_source from data responses only, and the age from health / sources.status', async () => {
    routeFetch({
      'GET /api/sources': ok(bodies['sources.status']),
      'GET /api/jobs': ok({ ...bodies['jobs.list'], data_source: 'demo' }),
      'GET /api/health': ok({ ...bodies.health, data_source: 'live' }),
    });
    await call('sources.status');
    expect(app.dataSource).toBe('stale');
    expect(Math.round(currentDataAge(app.dataAgeAt) ?? -1)).toBe(7200);
    expect(Math.round(currentDataAge(app.dataAgeAt + 60_000) ?? -1)).toBe(7260);
    await call('jobs.list');
    expect(app.dataSource).toBe('stale'); // job bookkeeping does not flip the badge
    await call('health');
    expect(app.dataSource).toBe('live');
    expect(app.dataAge).toBeNull();
  });
});
