// Runs in Node (app side). Finds PKCS#11 modules: the usual install paths (shared with `doctor`) plus
// a module file the user picked. Only checks files on disk; loading happens in the worker, so a
// broken driver is never dlopen'ed into the app process.
import { statSync } from 'node:fs';
import path from 'node:path';
import { BidSealError } from '../../../../shared/errors';
import { findPkcs11Modules, pkcs11SearchPaths } from '../../app/doctor';
import { profileForModule, type VendorProfile } from './vendor-profiles';

export interface ModuleCandidate {
  path: string;
  label: string;
  source: 'search-path' | 'user';
  profile: VendorProfile;
}

const MODULE_EXT = /\.(so(\.\d+)*|dll|dylib)$/i;

/** Validates a user-picked module path: an existing regular file named .so/.dll/.dylib. */
export function resolveModulePath(p: string): string {
  const abs = path.resolve(p);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw new BidSealError('E_MODULE_NOT_FOUND', 'module file does not exist', { path: abs });
  }
  if (!st.isFile()) throw new BidSealError('E_MODULE_NOT_FOUND', 'module path is not a file', { path: abs });
  if (!MODULE_EXT.test(abs)) throw new BidSealError('E_MODULE_NOT_FOUND', 'not a shared library (.so/.dll/.dylib)', { path: abs });
  return abs;
}

/** Modules in the usual install paths, then user-picked ones (validated; duplicates dropped). */
export function discoverModules(userPaths: string[] = [], dirs = pkcs11SearchPaths()): ModuleCandidate[] {
  const out: ModuleCandidate[] = findPkcs11Modules(dirs).map((m) => ({ ...m, source: 'search-path' as const, profile: profileForModule(m.path) }));
  for (const p of userPaths) {
    const abs = resolveModulePath(p);
    if (!out.some((m) => m.path === abs)) {
      const profile = profileForModule(abs);
      out.push({ path: abs, label: profile.name, source: 'user', profile });
    }
  }
  return out;
}
