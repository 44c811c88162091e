// Runs in Node (plain JS, used by npm scripts). Finds the Electron binary on disk without loading
// the `electron` package, whose entry point downloads the binary on demand.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export function electronBinary() {
  const require = createRequire(import.meta.url);
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { dir: undefined, bin: undefined };
  }
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const bin = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return { dir, bin: existsSync(bin) ? bin : undefined };
  }
  const txt = path.join(dir, 'path.txt');
  if (!existsSync(txt)) return { dir, bin: undefined };
  const bin = path.join(dir, 'dist', readFileSync(txt, 'utf8').trim());
  return { dir, bin: existsSync(bin) ? bin : undefined };
}
