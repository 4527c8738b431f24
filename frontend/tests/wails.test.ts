import { describe, expect, it, vi } from 'vitest';
import { isWails, reportRendered, wailsApiToken } from '../src/lib/wails';

describe('Wails bindings', () => {
  it('are absent in the browser', async () => {
    expect(isWails()).toBe(false);
    expect(await wailsApiToken()).toBeNull();
    expect(() => reportRendered('kr', 3)).not.toThrow();
  });

  it('forward ReportRendered and APIToken when bound', async () => {
    const ReportRendered = vi.fn(async () => {});
    const APIToken = vi.fn(async () => 'tok-123');
    window.go = { main: { App: { Invoke: vi.fn(), ReportRendered, APIToken } } };
    expect(isWails()).toBe(true);
    reportRendered('kr', 7);
    expect(ReportRendered).toHaveBeenCalledWith('kr', 7);
    expect(await wailsApiToken()).toBe('tok-123');
  });

  it('swallow a failing ReportRendered', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    window.go = { main: { App: { ReportRendered: vi.fn(async () => Promise.reject(new Error('x'))) } } };
    reportRendered('kr', 1);
    await new Promise((r) => setTimeout(r, 0));
    expect(warn).toHaveBeenCalled();
  });
});
