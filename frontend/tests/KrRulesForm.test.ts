import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { setApiToken } from '../src/lib/api';
import KrRulesForm from '../src/lib/settings/KrRulesForm.svelte';
import {
  changedRules,
  FIELDS,
  resetBody,
  rulesFieldInMessage,
  toDraft,
  valueAt,
  type RulesResponse,
} from '../src/lib/settings/krRules';
import { bodiesSent, fail, ok, routeFetch } from './http';

const envelope = { status: 'success', data_source: 'demo', generated_at: '2026-11-28T06:00:00Z' };

const defaults = {
  signals: {
    rule: 'vcp', min_score: 60, min_trend_checks: 6, foreign_min: 50000, index_min: 60, contraction_max: 0.8, near_high: 0.92,
    weights: { pattern: 0.4, flow: 0.3, trend: 0.2, rs: 0.1 },
    vcp: {
      min_contractions: 2, max_contractions: 6, swing_window: 5, min_depth_pct: 3, max_base_depth_pct: 35,
      min_base_length: 15, max_base_length: 130, dry_up_ratio: 0.7, pivot_proximity_pct: 5,
    },
  },
  exits: { stop_loss_pct: 7, take_profit_pct: 15, trailing_stop_pct: 5, max_hold_days: 5 },
  gate: {
    usd_krw_warning: 1400, usd_krw_danger: 1450, green: 70, yellow: 45, bullish: 70, bearish: 40, min_bars: 60, rsi_period: 14,
    ma_short: 20, ma_long: 60, macd_fast: 12, macd_slow: 26, macd_signal: 9, volume_period: 20, rs_period: 20,
  },
};

/** A rules answer: the defaults with some changes already made. */
function rules(over: (r: typeof defaults) => void = () => {}): RulesResponse {
  const cur = structuredClone(defaults);
  over(cur);
  return { ...envelope, ...cur, defaults: structuredClone(defaults) };
}

const current = rules((r) => {
  r.signals.min_score = 65;
  r.exits.max_hold_days = 10;
});

function field(id: string): HTMLInputElement {
  const el = document.getElementById(`kr-${id.replaceAll('.', '-')}`);
  if (!el) throw new Error(`no field ${id}`);
  return el as HTMLInputElement;
}

async function loaded() {
  await screen.findByTestId('kr-rules-form');
}

async function save() {
  await fireEvent.submit(screen.getByTestId('kr-rules-form'));
}

describe('KR rules helpers', () => {
  it('builds a nested patch of the changed fields only', () => {
    const d = toDraft(current);
    expect(changedRules(current, d)).toEqual({ ok: true, patch: {} });
    d.rule = 'legacy';
    d.values['signals.weights.rs'] = 0.2;
    d.values['signals.vcp.dry_up_ratio'] = '0.6';
    d.values['exits.stop_loss_pct'] = 8;
    d.values['gate.usd_krw_danger'] = 1480;
    expect(changedRules(current, d)).toEqual({
      ok: true,
      patch: {
        signals: { rule: 'legacy', weights: { rs: 0.2 }, vcp: { dry_up_ratio: 0.6 } },
        exits: { stop_loss_pct: 8 },
        gate: { usd_krw_danger: 1480 },
      },
    });
  });

  it('flags an empty field and a fraction where a whole number is needed', () => {
    const d = toDraft(current);
    d.values['gate.green'] = null;
    expect(changedRules(current, d)).toEqual({ ok: false, field: 'gate.green', reason: 'number' });
    const e = toDraft(current);
    e.values['signals.min_trend_checks'] = 5.5;
    expect(changedRules(current, e)).toEqual({ ok: false, field: 'signals.min_trend_checks', reason: 'integer' });
  });

  it('shows every field the brief lists and resets to the server defaults', () => {
    for (const f of FIELDS) expect(typeof valueAt(defaults, f)).toBe('number');
    expect(FIELDS).toHaveLength(27);
    expect(resetBody(current)).toEqual(defaults);
    expect(resetBody({ ...current, defaults: undefined })).toBeNull();
  });

  it('finds the field a server message names', () => {
    expect(rulesFieldInMessage('signals.min_score 120: want 0–100')).toBe('signals.min_score');
    expect(rulesFieldInMessage('exits: stop_loss_pct must be in [0, 100), got 120')).toBe('exits.stop_loss_pct');
    expect(rulesFieldInMessage('gate: usd_krw_warning 1500 is above usd_krw_danger 1450')).toBe('gate.usd_krw_warning');
    expect(rulesFieldInMessage('gate: want 0 ≤ yellow (80) ≤ green (70) ≤ 100')).toBe('gate.yellow');
    expect(rulesFieldInMessage('signals.vcp.max_base_depth_pct 2: want (min_depth_pct, 90]')).toBe('signals.vcp.max_base_depth_pct');
    expect(rulesFieldInMessage('signals.weights: all zero')).toBeNull();
  });
});

describe('KrRulesForm', () => {
  it('shows the rules in force with their defaults as hints', async () => {
    routeFetch({ 'GET /api/kr/rules': ok(current) });
    render(KrRulesForm, { props: { lang: 'en', canSend: true } });
    await loaded();
    expect(field('signals.min_score').value).toBe('65');
    expect(field('signals.weights.pattern').value).toBe('0.4');
    expect(field('signals.foreign_min').value).toBe('50000');
    expect(field('exits.max_hold_days').value).toBe('10');
    expect(field('gate.usd_krw_danger').value).toBe('1450');
    const hint = (f: string) => document.getElementById(field(f).getAttribute('aria-describedby') ?? '')?.textContent;
    expect(hint('signals.min_score')).toBe('default 60');
    expect(hint('signals.foreign_min')).toBe('default 50,000');
    expect(hint('signals.near_high')).toBe('default 0.92');
    expect(hint('exits.max_hold_days')).toBe('default 5');
    expect(screen.getByLabelText('Stop loss %')).toBe(field('exits.stop_loss_pct'));
    const vcp = screen.getByRole('button', { name: /^VCP/ });
    expect(vcp.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByText('default vcp')).toBeTruthy();
  });

  it('posts only the changed fields with the token and takes the answer', async () => {
    setApiToken('tok-rules');
    const after = rules((r) => {
      r.signals.rule = 'legacy';
      r.signals.min_score = 70;
      r.signals.weights.rs = 0.2;
      r.exits.max_hold_days = 10;
      r.gate.yellow = 50;
    });
    const f = routeFetch({ 'GET /api/kr/rules': ok(current), 'POST /api/kr/rules': ok(after) });
    render(KrRulesForm, { props: { lang: 'en', canSend: true } });
    await loaded();
    const unused = () => [...document.querySelectorAll('[data-testid="kr-group-unused"]')].map((el) => el.closest('fieldset')?.dataset.group);
    expect(unused()).toEqual(['legacy']);
    await fireEvent.click(screen.getByRole('button', { name: /^Legacy/ }));
    expect(unused()).toEqual(['signal', 'weights', 'vcp']);
    await fireEvent.input(field('signals.min_score'), { target: { value: '70' } });
    await fireEvent.input(field('signals.weights.rs'), { target: { value: '0.2' } });
    await fireEvent.input(field('gate.yellow'), { target: { value: '50' } });
    await save();
    await screen.findByText('Saved');
    expect(bodiesSent(f, 'POST /api/kr/rules')).toEqual([
      { signals: { rule: 'legacy', min_score: 70, weights: { rs: 0.2 } }, gate: { yellow: 50 } },
    ]);
    const post = f.mock.calls.find(([, init]) => init?.method === 'POST');
    expect((post?.[1]?.headers as Record<string, string>).Authorization).toBe('Bearer tok-rules');
    expect(screen.getByRole('button', { name: /^Legacy/ }).getAttribute('aria-pressed')).toBe('true');
    await save();
    expect(screen.getByText('Nothing changed')).toBeTruthy();
    expect(bodiesSent(f, 'POST /api/kr/rules')).toHaveLength(1);
  });

  it('shows the server error and marks the field', async () => {
    routeFetch({
      'GET /api/kr/rules': ok(current),
      'POST /api/kr/rules': fail(400, 'invalid_settings', 'gate: usd_krw_warning 1500 is above usd_krw_danger 1450'),
    });
    render(KrRulesForm, { props: { lang: 'en', canSend: true } });
    await loaded();
    await fireEvent.input(field('gate.usd_krw_warning'), { target: { value: '1500' } });
    await save();
    const err = await screen.findByTestId('kr-rules-error');
    expect(err.textContent).toBe('gate: usd_krw_warning 1500 is above usd_krw_danger 1450');
    expect(field('gate.usd_krw_warning').getAttribute('aria-invalid')).toBe('true');
    expect(field('gate.usd_krw_danger').getAttribute('aria-invalid')).toBe('false');
  });

  it('checks numbers before sending', async () => {
    const f = routeFetch({ 'GET /api/kr/rules': ok(current) });
    render(KrRulesForm, { props: { lang: 'en', canSend: true } });
    await loaded();
    await fireEvent.input(field('signals.min_trend_checks'), { target: { value: '5.5' } });
    await save();
    expect(screen.getByTestId('kr-rules-error').textContent).toBe('Min trend checks (of 7): enter a whole number');
    expect(field('signals.min_trend_checks').getAttribute('aria-invalid')).toBe('true');
    expect(bodiesSent(f, 'POST /api/kr/rules')).toHaveLength(0);
  });

  it('resets every rule to the server defaults after a confirmation', async () => {
    const f = routeFetch({ 'GET /api/kr/rules': ok(current), 'POST /api/kr/rules': ok(rules()) });
    render(KrRulesForm, { props: { lang: 'en', canSend: true } });
    await loaded();
    await fireEvent.click(screen.getByTestId('kr-rules-reset'));
    expect(screen.getByTestId('kr-rules-reset-confirm').textContent).toMatch(/including those not shown/);
    expect(bodiesSent(f, 'POST /api/kr/rules')).toHaveLength(0);
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('kr-rules-reset-confirm')).toBeNull();
    await fireEvent.click(screen.getByTestId('kr-rules-reset'));
    await fireEvent.click(screen.getByTestId('kr-rules-reset-yes'));
    await screen.findByText('Defaults restored');
    expect(bodiesSent(f, 'POST /api/kr/rules')).toEqual([defaults]);
    expect(field('signals.min_score').value).toBe('60');
    expect(field('exits.max_hold_days').value).toBe('5');
  });

  it('shows a load error with a retry', async () => {
    routeFetch({
      'GET /api/kr/rules': [fail(500, 'internal', 'database is locked'), ok(current)],
    });
    render(KrRulesForm, { props: { lang: 'en', canSend: true } });
    const err = await screen.findByTestId('error-message');
    expect(err.textContent).toContain('database is locked');
    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await loaded();
    expect(field('signals.min_score').value).toBe('65');
  });

  it('without a token shows the notice and cannot save or reset', async () => {
    const f = routeFetch({ 'GET /api/kr/rules': ok(current) });
    render(KrRulesForm, { props: { lang: 'en', canSend: false } });
    await loaded();
    expect(screen.getByTestId('token-needed')).toBeTruthy();
    expect((screen.getByTestId('kr-rules-reset') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(field('exits.stop_loss_pct'), { target: { value: '9' } });
    await save();
    expect(bodiesSent(f, 'POST /api/kr/rules')).toHaveLength(0);
  });

  it('speaks Korean', async () => {
    routeFetch({ 'GET /api/kr/rules': ok(current) });
    render(KrRulesForm, { props: { lang: 'ko', canSend: true } });
    await loaded();
    expect(screen.getByText('KR 신호 규칙')).toBeTruthy();
    expect(screen.getByLabelText('손절 %')).toBe(field('exits.stop_loss_pct'));
    await waitFor(() => expect(document.getElementById('kr-signals-min_score-hint')?.textContent).toBe('기본값 60'));
    expect(screen.getByRole('button', { name: '기본값으로 되돌리기' })).toBeTruthy();
  });
});
