import { describe, expect, it } from 'vitest';
import { parseRoute, parseSubRoute } from '../../src/lib/router.svelte';

describe('KR sub-routes', () => {
  it('keeps the section and reads the tab after it', () => {
    expect(parseRoute('#/kr/performance')).toBe('kr');
    expect(parseSubRoute('#/kr/performance')).toBe('performance');
    expect(parseSubRoute('#/kr/Backtest?x=1')).toBe('backtest');
    expect(parseSubRoute('#/kr')).toBe('');
    expect(parseSubRoute('')).toBe('');
  });
});
