// Runs in Node. The app's name and version, read once from package.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

function findPackageJson(start: string): string {
  let dir = start;
  for (;;) {
    const p = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string };
      if (pkg.name === 'bidseal') return p;
    } catch {
      /* keep looking upwards */
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json of bidseal not found');
    dir = up;
  }
}

const pkgPath = findPackageJson(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { name: string; productName?: string; version: string };
export const APP_NAME = pkg.productName ?? pkg.name;
export const APP_VERSION = pkg.version;
export const APP_ROOT = path.dirname(pkgPath);
