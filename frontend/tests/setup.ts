// Shared test setup (jsdom): unmount rendered components and reset fakes after each test.
import { cleanup } from '@testing-library/svelte';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  cleanup();
  delete window.go;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
});
