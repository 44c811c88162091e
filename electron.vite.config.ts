// Build for the three Electron targets. The renderer build (out/renderer) is also what the Node
// host serves, so both hosts run byte-identical UI code.
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      // The PKCS#11 worker is its own entry (Electron starts it in a utilityProcess); so is the hashing
      // worker thread that digests a bid on a second core while it is encrypted.
      rollupOptions: { input: { index: resolve(__dirname, 'electron/main/index.ts'), 'pkcs11-worker': resolve(__dirname, 'electron/services/keys/pkcs11/worker.ts'), 'skf-worker': resolve(__dirname, 'electron/services/keys/skf/worker.ts'), 'hash-worker': resolve(__dirname, 'electron/services/bid/hash-worker.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        // Sandboxed preloads must be a single CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
