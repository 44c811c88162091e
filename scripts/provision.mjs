// Part of `npm test`: make sure the system tools the tests use as oracles and drivers are here.
// As root with apt-get, install what is missing; otherwise print the exact command and fail.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const REQUIRED = [
  { cmd: 'chromium', pkg: 'chromium' },
  { cmd: 'softhsm2-util', pkg: 'softhsm2' },
  { cmd: 'pkcs11-tool', pkg: 'opensc' },
  { cmd: 'pdfsig', pkg: 'poppler-utils' },
  { cmd: 'pdftoppm', pkg: 'poppler-utils' },
  { cmd: 'qpdf', pkg: 'qpdf' },
  { cmd: 'certutil', pkg: 'libnss3-tools' },
  { cmd: 'openssl', pkg: 'openssl' },
  // the software SKF device of the tests is C built against libcrypto (test/soft-skf, scripts/soft-skf.mjs)
  { cmd: 'cc', pkg: 'build-essential' },
];
// checked by file, not by command
const FILES = [
  { file: '/usr/include/openssl/evp.h', pkg: 'libssl-dev' },
];
// Chinese glyphs in UI screenshots need a CJK font (checked by file, not by command).
const FONT = { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', pkg: 'fonts-noto-cjk' };
// The independent ASN.1 reader of the seal tests (test/unit/eseal/ses_check.py) runs on Debian's python3 with asn1crypto.
const PY_ASN1 = { file: '/usr/lib/python3/dist-packages/asn1crypto/__init__.py', pkg: 'python3-asn1crypto' };

const onPath = (cmd) => (process.env.PATH ?? '').split(path.delimiter).some((d) => d && existsSync(path.join(d, cmd)));

export function missingPackages() {
  const pkgs = new Set(REQUIRED.filter((t) => !onPath(t.cmd)).map((t) => t.pkg));
  if (process.platform === 'linux') for (const f of FILES) if (!existsSync(f.file)) pkgs.add(f.pkg);
  if (process.platform === 'linux' && !existsSync(FONT.file)) pkgs.add(FONT.pkg);
  if (process.platform === 'linux' && !existsSync(PY_ASN1.file)) pkgs.add(PY_ASN1.pkg);
  return [...pkgs];
}

export function provision() {
  let missing = missingPackages();
  if (!missing.length) return true;
  const cmd = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && onPath('apt-get')) {
    console.log(`[provision] installing: ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const u = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const i = u.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env }) : u;
    missing = missingPackages();
    if (i.status === 0 && !missing.length) return true;
  }
  console.error(`[provision] missing system tools: ${missing.join(' ')}\n  install them with:  sudo ${cmd}`);
  return false;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(provision() ? 0 : 1);
}
