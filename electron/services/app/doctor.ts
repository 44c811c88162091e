// Runs in Node (no `electron` import). Reports what this machine has: Node, the Electron binary
// (checked on disk: requiring the `electron` package would try to download it), PKCS#11 modules
// in the usual install paths, and the system tools tests use as oracles.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { scanInstallDirs } from '../keys/native-modules';

export interface ElectronStatus {
  installed: boolean;
  binaryPresent: boolean;
  version?: string;
  path?: string;
}

/** Finds the Electron binary without loading the `electron` package (its index downloads on demand). */
export function electronStatus(): ElectronStatus {
  const require = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { installed: false, binaryPresent: false };
  }
  const version = (JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const pathTxt = path.join(pkgDir, 'path.txt');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return { installed: true, binaryPresent: existsSync(p), version, path: p };
  }
  if (!existsSync(pathTxt)) return { installed: true, binaryPresent: false, version };
  const bin = path.join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return { installed: true, binaryPresent: existsSync(bin), version, path: bin };
}

/** Usual install locations of PKCS#11 modules (SoftHSM2, OpenSC, common CA drivers). */
export function pkcs11SearchPaths(platform = process.platform): string[] {
  if (platform === 'win32') {
    const sys = process.env.SystemRoot ? path.join(process.env.SystemRoot, 'System32') : 'C:\\Windows\\System32';
    return [sys, 'C:\\SoftHSM2\\lib', 'C:\\Program Files\\OpenSC Project\\OpenSC\\pkcs11'];
  }
  if (platform === 'darwin') return ['/usr/local/lib', '/opt/homebrew/lib', '/usr/local/lib/softhsm', '/opt/homebrew/lib/softhsm', '/Library/OpenSC/lib'];
  return ['/usr/lib/softhsm', '/usr/lib/x86_64-linux-gnu/softhsm', '/usr/lib/aarch64-linux-gnu/softhsm', '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib/x86_64-linux-gnu/pkcs11', '/usr/local/lib', '/usr/local/lib/softhsm', '/opt'];
}

const MODULE_PATTERNS: Array<[RegExp, string]> = [
  [/^libsofthsm2\.(so|dylib)$|^softhsm2(-x64)?\.dll$/i, 'SoftHSM2'],
  [/^opensc-pkcs11\.(so|dylib|dll)$/i, 'OpenSC'],
  [/^libeTPkcs11\.(so|dylib)$|^eTPKCS11\.dll$/i, 'SafeNet eToken'],
  [/^libgm3000\.1\.0\.(so|dylib)$|^gm3000_pkcs11\.dll$/i, 'Longmai GM3000'],
  [/^libcastle\.so\.1\.0\.0$/i, 'Feitian ePass'],
];

export function findPkcs11Modules(dirs = pkcs11SearchPaths()): Array<{ path: string; label: string }> {
  return scanInstallDirs(dirs, (name) => MODULE_PATTERNS.find(([re]) => re.test(name))?.[1]);
}

const TOOLS: Array<{ name: string; args: string[]; pick: (s: string) => string; apt: string }> = [
  { name: 'openssl', args: ['version'], pick: (s) => s.trim(), apt: 'openssl' },
  { name: 'chromium', args: ['--version'], pick: (s) => s.trim(), apt: 'chromium' },
  { name: 'softhsm2-util', args: ['--version'], pick: (s) => s.trim(), apt: 'softhsm2' },
  // pkcs11-tool has no version flag; its presence is what matters.
  { name: 'pkcs11-tool', args: [], pick: () => '', apt: 'opensc' },
  { name: 'pdfsig', args: ['-v'], pick: (s) => s.split('\n')[0]?.trim() ?? '', apt: 'poppler-utils' },
  { name: 'qpdf', args: ['--version'], pick: (s) => s.split('\n')[0]?.trim() ?? '', apt: 'qpdf' },
];

export function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

export interface ToolStatus {
  name: string;
  found: boolean;
  version?: string;
  path?: string;
  installHint?: string;
}

export function toolStatus(): ToolStatus[] {
  return TOOLS.map((t) => {
    const p = which(t.name);
    if (!p) return { name: t.name, found: false, installHint: `apt-get install -y --no-install-recommends ${t.apt}` };
    let version: string | undefined;
    if (t.args.length) {
      // Some tools (pdfsig -v) print their version on stderr; take whichever stream has it.
      const r = spawnSync(p, t.args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
      version = t.pick(r.stdout || r.stderr || '') || undefined;
    }
    return { name: t.name, found: true, path: p, ...(version ? { version } : {}) };
  });
}

export function doctor() {
  return {
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    electron: electronStatus(),
    pkcs11Modules: findPkcs11Modules(),
    tools: toolStatus(),
  };
}
