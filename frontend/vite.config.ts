/// <reference types="vitest/config" />
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = resolve(root, 'dist');

// `emptyOutDir` wipes dist/, but the Go side embeds that folder and needs it to
// exist in a fresh checkout, so the tracked placeholder is written back.
function keepGitkeep(): Plugin {
  return {
    name: 'krmarket-keep-gitkeep',
    apply: 'build',
    closeBundle() {
      writeFileSync(resolve(outDir, '.gitkeep'), '');
    },
  };
}

export default defineConfig(({ mode }) => ({
  // Relative asset URLs: the same build works under /app/ (krmarket serve)
  // and at the root of the Wails asset server.
  base: './',
  plugins: [svelte(), keepGitkeep()],
  resolve: mode === 'test' ? { conditions: ['browser'] } : undefined,
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
  },
  server: {
    // `npm run dev` next to `krmarket serve` on its default address.
    proxy: { '/api': 'http://127.0.0.1:5001' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    setupFiles: ['./tests/setup.ts'],
    // Dates in tests are formatted in a fixed zone.
    env: { TZ: 'UTC' },
  },
}));
