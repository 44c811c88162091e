// Runs in Node (Electron main or the Node host). Which native modules (PKCS#11, SKF vendor drivers)
// the app may load: those found in the usual install locations, and those the user picked in a
// main-process dialog and confirmed (remembered in <data>/settings/native-modules.json). Nothing in the
// data folder is ever loadable: a renderer can put bytes there (document imports), so a module there
// would be code the renderer chose. The renderer names modules by id, never by path
// (docs/ipc-security.md).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BidSealError } from '../../../shared/errors';

export type NativeModuleKind = 'pkcs11' | 'skf';

/** The files in the install folders `dirs` that `labelOf` names (folders that cannot be read are skipped), each path once, in folder order. */
export function scanInstallDirs(dirs: readonly string[], labelOf: (name: string, full: string) => string | undefined): Array<{ path: string; label: string }> {
  const out: Array<{ path: string; label: string }> = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      const label = seen.has(full) ? undefined : labelOf(name, full);
      if (label) {
        seen.add(full);
        out.push({ path: full, label });
      }
    }
  }
  return out;
}

export interface NativeModuleEntry {
  /** what the renderer uses to name the module */
  id: string;
  kind: NativeModuleKind;
  /** shown to the user; never accepted back */
  path: string;
  label: string;
  source: 'search-path' | 'user';
}

const FORMAT = 'bidseal-native-modules/1';
const MODULE_EXT = /\.(so(\.\d+)*|dll|dylib)$/i;

export const nativeModuleId = (kind: NativeModuleKind, realPath: string): string => createHash('sha256').update(`${kind}\0${realPath}`).digest('hex').slice(0, 32);

const inside = (dir: string, p: string) => {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

export interface NativeModuleRegistryOptions {
  dataDir: string;
  kind: NativeModuleKind;
  /** the install locations' modules, found by the carrier's own discovery */
  discover: () => Array<{ path: string; label: string }>;
  /** a label for a user-picked module */
  labelOf?: (path: string) => string;
}

export class NativeModuleRegistry {
  private readonly settingsPath: string;
  constructor(private readonly o: NativeModuleRegistryOptions) {
    this.settingsPath = path.join(o.dataDir, 'settings', 'native-modules.json');
  }

  /** The loadable modules: discovered ones first, then the user's remembered choices that still pass the checks. */
  list(): NativeModuleEntry[] {
    return this.entries().map(({ real: _r, ...e }) => e);
  }

  private entries(): Array<NativeModuleEntry & { real: string }> {
    const out: Array<NativeModuleEntry & { real: string }> = [];
    const seen = new Set<string>();
    const add = (p: string, label: string, source: NativeModuleEntry['source']) => {
      const real = this.checked(p, false);
      if (!real || seen.has(real)) return;
      seen.add(real);
      // shown and loaded as found (a symlink keeps its usual name); identified by its real path
      out.push({ id: nativeModuleId(this.o.kind, real), kind: this.o.kind, path: path.resolve(p), label, source, real });
    };
    for (const m of this.o.discover()) add(m.path, m.label, 'search-path');
    for (const p of this.remembered()) add(p, this.o.labelOf?.(p) ?? path.basename(p), 'user');
    return out;
  }

  /** The path of an allowed module, by id. */
  resolve(id: string): string {
    const m = this.list().find((x) => x.id === id);
    if (!m) throw new BidSealError('E_MODULE_NOT_ALLOWED', 'unknown module id');
    return m.path;
  }

  /** Whether a path (any spelling of it) is one of the allowed modules. */
  allows(p: string): boolean {
    const real = this.checked(p, false);
    return !!real && this.entries().some((m) => m.real === real);
  }

  /**
   * Remembers a module the user picked and confirmed in a main-process dialog. Never called with a
   * path from the renderer. Refuses anything inside the data folder and anything not a shared library.
   */
  remember(p: string): NativeModuleEntry {
    const real = this.checked(p, true)!;
    const all = this.readSettings();
    const mine = new Set(all[this.o.kind] ?? []);
    mine.add(real);
    this.writeSettings({ ...all, [this.o.kind]: [...mine] });
    const entry = this.entries().find((m) => m.real === real);
    if (!entry) throw new BidSealError('E_MODULE_NOT_ALLOWED', 'module not loadable');
    const { real: _r, ...e } = entry;
    return e;
  }

  /** Forgets a user-picked module (discovered ones cannot be forgotten). */
  forget(id: string): boolean {
    const all = this.readSettings();
    const before = all[this.o.kind] ?? [];
    const after = before.filter((p) => nativeModuleId(this.o.kind, realOrResolved(p)) !== id);
    if (after.length === before.length) return false;
    this.writeSettings({ ...all, [this.o.kind]: after });
    return true;
  }

  /** The real path of a loadable module file, or undefined / a typed error (`strict`). */
  private checked(p: string, strict: boolean): string | undefined {
    const fail = (msg: string) => {
      if (strict) throw new BidSealError('E_MODULE_NOT_ALLOWED', msg);
      return undefined;
    };
    if (!path.isAbsolute(p)) return fail('module path is not absolute');
    let real: string;
    try {
      real = realpathSync(p);
      if (!statSync(real).isFile()) return fail('not a file');
    } catch {
      if (strict) throw new BidSealError('E_MODULE_NOT_FOUND', 'module file does not exist');
      return undefined;
    }
    if (!MODULE_EXT.test(real)) return fail('not a shared library (.so/.dll/.dylib)');
    if (inside(realOrResolved(this.o.dataDir), real) || inside(path.resolve(this.o.dataDir), real)) return fail('modules inside the BidSeal data folder are never loaded');
    return real;
  }

  private remembered(): string[] {
    return this.readSettings()[this.o.kind] ?? [];
  }

  private readSettings(): Partial<Record<NativeModuleKind, string[]>> {
    try {
      const j = JSON.parse(readFileSync(this.settingsPath, 'utf8')) as { format?: string; modules?: Partial<Record<NativeModuleKind, unknown>> };
      if (j.format !== FORMAT || !j.modules) return {};
      const out: Partial<Record<NativeModuleKind, string[]>> = {};
      for (const k of ['pkcs11', 'skf'] as const) {
        const v = j.modules[k];
        if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
      }
      return out;
    } catch {
      return {};
    }
  }

  private writeSettings(modules: Partial<Record<NativeModuleKind, string[]>>): void {
    mkdirSync(path.dirname(this.settingsPath), { recursive: true });
    const tmp = `${this.settingsPath}.partial`;
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, modules }, null, 2), { mode: 0o600 });
    renameSync(tmp, this.settingsPath);
  }
}

function realOrResolved(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

const registries = new Map<string, NativeModuleRegistry>();
/**
 * The one registry of a carrier kind for a data folder (kept for the process, like the outbox). Each
 * carrier passes its own discovery: PKCS#11 in electron/services/keys/tokens.ts `pkcs11Modules`; SKF likewise.
 */
export function nativeModules(o: NativeModuleRegistryOptions): NativeModuleRegistry {
  const key = `${o.kind}\0${path.resolve(o.dataDir)}`;
  let r = registries.get(key);
  if (!r) registries.set(key, (r = new NativeModuleRegistry(o)));
  return r;
}
