// The renderer's Vite config. electron.vite.config.ts uses it for the app build; on its own it builds
// just the UI into another folder (`npx vite build -c vite.renderer.config.ts --outDir DIR`), so
// several people can run Playwright at once with BIDSEAL_RENDERER_DIR=DIR (test/e2e/fixtures.ts).
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import type { UserConfig } from 'vite';

const root = resolve(import.meta.dirname, 'renderer');

export const rendererConfig = {
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(root, '../out/renderer'),
    emptyOutDir: true,
    // electron-vite leaves the renderer unminified; minified, the first screen parses about a third of the
    // code (npm run bench: ui-first-screen)
    minify: true,
    chunkSizeWarningLimit: 4000,
    rollupOptions: { input: { index: resolve(root, 'index.html') } },
  },
} satisfies UserConfig;

export default rendererConfig;
