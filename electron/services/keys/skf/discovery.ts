// Runs in Node (app side, main process). Finds SKF libraries: vendor libraries in their usual install
// locations (a table, easy to extend) plus libraries the user picked once in a main-process dialog. Only
// checks files on disk; loading happens in the worker, so a broken driver is never dlopen'ed into the app.
// Rules: a library is never loaded from the app's data folder (anything there could have been written by
// a compromised renderer or a downloaded file) and never from a path the renderer supplied — the picked
// path comes from the main process's own file dialog and is remembered in the allow-list below.
import { statSync } from 'node:fs';
import path from 'node:path';
import { BidSealError } from '../../../../shared/errors';
import { scanInstallDirs } from '../native-modules';

export interface SkfLibraryCandidate {
  /** the allow-list's id (electron/services/keys/native-modules.ts), when listed through it */
  id?: string;
  path: string;
  label: string;
  source: 'search-path' | 'user';
}

/**
 * Known vendor SKF libraries by file name (GM/T 0016 interface; the CA hands them out with the key). Only
 * names seen in vendor distributions; anything else named *skf* is picked up by the pattern below, and a
 * user can pick any library once.
 */
export const SKF_VENDOR_LIBRARIES: ReadonlyArray<{ label: string; files: readonly string[] }> = [
  { label: '龙脉 mToken GM3000', files: ['mtoken_gm3000.dll', 'libgm3000.1.0.so', 'libgm3000.1.0.dylib'] },
];

/** File names that look like an SKF library even when not in the table (vendors name them *skf*). */
const SKF_NAME = /skf.*\.(dll|so(\.\d+)*|dylib)$/i;
const LIB_EXT = /\.(so(\.\d+)*|dll|dylib)$/i;

/** Directories vendors install into, per OS (only existing ones are read). */
export function skfSearchDirs(platform = process.platform, env = process.env): string[] {
  if (platform === 'win32') {
    const win = env.SystemRoot ?? 'C:\\Windows';
    return [path.win32.join(win, 'System32'), path.win32.join(win, 'SysWOW64')];
  }
  if (platform === 'darwin') return ['/usr/local/lib', '/opt/homebrew/lib', '/Library/Application Support'];
  return ['/usr/lib', '/usr/lib64', '/usr/local/lib', '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/opt/apps/lib'];
}

const KNOWN = new Map(SKF_VENDOR_LIBRARIES.flatMap((v) => v.files.map((f) => [f.toLowerCase(), v.label] as const)));

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Validates a library path chosen in the main process: an existing regular file named .so/.dll/.dylib,
 * outside the app's data folder.
 */
export function resolveSkfLibrary(p: string, opts: { dataDir?: string } = {}): string {
  const abs = path.resolve(p);
  if (!isFile(abs)) throw new BidSealError('E_SKF_LIBRARY_NOT_FOUND', 'library file does not exist', { path: abs });
  if (!LIB_EXT.test(abs)) throw new BidSealError('E_SKF_LIBRARY_INVALID', 'not a shared library (.so/.dll/.dylib)', { path: abs });
  if (opts.dataDir) {
    const rel = path.relative(path.resolve(opts.dataDir), abs);
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) throw new BidSealError('E_SKF_LIBRARY_INVALID', 'libraries are never loaded from the app data folder', { path: abs });
  }
  return abs;
}

/** Libraries in the usual install locations (known names and *skf* names), then user-picked ones. */
export function discoverSkfLibraries(userPaths: readonly string[] = [], dirs = skfSearchDirs(), opts: { dataDir?: string } = {}): SkfLibraryCandidate[] {
  const out: SkfLibraryCandidate[] = scanInstallDirs(dirs, (n, p) => {
    const label = KNOWN.get(n.toLowerCase()) ?? (SKF_NAME.test(n) ? n : undefined);
    return label && isFile(p) ? label : undefined;
  }).map((c) => ({ ...c, source: 'search-path' }));
  for (const u of userPaths) {
    try {
      const abs = resolveSkfLibrary(u, opts);
      if (!out.some((c) => c.path === abs)) out.push({ path: abs, label: path.basename(abs), source: 'user' });
    } catch {
      /* a remembered library that was uninstalled or moved is skipped */
    }
  }
  return out;
}
