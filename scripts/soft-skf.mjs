// The software SKF device (test/soft-skf): builds the C library against the system libcrypto (cached by
// source hash in .tmp/soft-skf/) and provisions a device directory from key and certificate files.
//   npm run soft-skf -- build
//   npm run soft-skf -- init --dir DIR (--pin PIN | --pin-file FILE | --pin-stdin) [--so-pin PIN] --container NAME
//        --sign-key KEY.pem --sign-cert CERT.pem [--enc-key KEY.pem --enc-cert CERT.pem] [--device NAME]
//        [--application NAME] [--max-retries N]
//   npm run soft-skf -- remove|insert --dir DIR        (unplug / plug the device)
// The last line printed is the library path; point SOFTSKF_DIR at DIR when loading it. A test tool:
// the device keeps its keys and PIN hashes in plain files.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'test', 'soft-skf');
const SOURCES = ['skf.h', 'softskf.c'];
const LIB_NAME = process.platform === 'darwin' ? 'libsoftskf.dylib' : 'libsoftskf.so';

/** Builds (or reuses) the library; returns its absolute path. */
export function buildSoftSkf() {
  const h = createHash('sha256');
  for (const f of SOURCES) h.update(f).update(readFileSync(path.join(SRC, f)));
  const out = path.join(ROOT, '.tmp', 'soft-skf', h.digest('hex').slice(0, 16));
  const lib = path.join(out, LIB_NAME);
  if (existsSync(lib)) return lib;
  mkdirSync(out, { recursive: true });
  const tmp = `${lib}.${process.pid}.tmp`;
  const extra = process.platform === 'darwin' ? ['-I/opt/homebrew/opt/openssl@3/include', '-L/opt/homebrew/opt/openssl@3/lib'] : [];
  execFileSync('cc', ['-shared', '-fPIC', '-O2', '-Wall', '-o', tmp, path.join(SRC, 'softskf.c'), ...extra, '-lcrypto'], { stdio: ['ignore', 'inherit', 'inherit'] });
  renameSync(tmp, lib); // concurrent builders each write their own temp file; the rename is atomic
  return lib;
}

const sm3hex = (pin) => execFileSync('openssl', ['dgst', '-sm3', '-r'], { input: pin }).toString().split(' ')[0];

function pemToDer(file) {
  const text = readFileSync(file, 'latin1');
  const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(text);
  return m ? Buffer.from(m[1].replace(/\s+/g, ''), 'base64') : readFileSync(file); // DER given as is
}

/** Writes a device directory (replacing a container of the same name). */
export function initSoftSkf(o) {
  const { dir } = o;
  mkdirSync(path.join(dir, 'containers'), { recursive: true });
  const w = (name, data) => writeFileSync(path.join(dir, name), data);
  w('device.name', `${o.device ?? 'SoftSKF'}\n`);
  w('app.name', `${o.application ?? 'BIDSEAL'}\n`);
  if (!existsSync(path.join(dir, 'serial'))) w('serial', `${createHash('sha256').update(dir).digest('hex').slice(0, 16).toUpperCase()}\n`);
  const max = o.maxRetries ?? 6;
  w('pin.user', `${sm3hex(o.pin)}\n`);
  w('retry.user', `${max} ${max}\n`);
  w('pin.admin', `${sm3hex(o.soPin ?? o.pin)}\n`);
  w('retry.admin', `${max} ${max}\n`);
  if (o.defaultPin) w('pin.user.default', '');
  else rmSync(path.join(dir, 'pin.user.default'), { force: true });
  rmSync(path.join(dir, 'removed'), { force: true });
  const c = path.join(dir, 'containers', o.container);
  rmSync(c, { recursive: true, force: true });
  mkdirSync(c);
  writeFileSync(path.join(c, 'sign.key.pem'), readFileSync(o.signKey));
  writeFileSync(path.join(c, 'sign.cert.der'), pemToDer(o.signCert));
  if (o.encKey && o.encCert) {
    writeFileSync(path.join(c, 'enc.key.pem'), readFileSync(o.encKey));
    writeFileSync(path.join(c, 'enc.cert.der'), pemToDer(o.encCert));
  }
}

export const setSoftSkfPresent = (dir, present) => (present ? rmSync(path.join(dir, 'removed'), { force: true }) : writeFileSync(path.join(dir, 'removed'), ''));

function main(argv) {
  const [cmd, ...rest] = argv;
  const { values: v } = parseArgs({
    args: rest,
    options: {
      dir: { type: 'string' }, pin: { type: 'string' }, 'pin-file': { type: 'string' }, 'pin-stdin': { type: 'boolean' }, 'so-pin': { type: 'string' },
      container: { type: 'string' }, 'sign-key': { type: 'string' }, 'sign-cert': { type: 'string' }, 'enc-key': { type: 'string' }, 'enc-cert': { type: 'string' },
      device: { type: 'string' }, application: { type: 'string' }, 'max-retries': { type: 'string' }, 'default-pin': { type: 'boolean' },
    },
  });
  const need = (k) => {
    if (!v[k]) throw new Error(`--${k} is required`);
    return v[k];
  };
  if (cmd === 'build') {
    console.log(buildSoftSkf());
  } else if (cmd === 'init') {
    const pin = v.pin ?? (v['pin-file'] ? readFileSync(v['pin-file'], 'utf8') : v['pin-stdin'] ? readFileSync(0, 'utf8') : undefined)?.split(/\r?\n/)[0];
    if (!pin) throw new Error('give --pin, --pin-file or --pin-stdin');
    const dir = path.resolve(need('dir'));
    initSoftSkf({
      dir, pin, soPin: v['so-pin'], container: need('container'), signKey: need('sign-key'), signCert: need('sign-cert'), encKey: v['enc-key'], encCert: v['enc-cert'],
      device: v.device, application: v.application, maxRetries: v['max-retries'] ? Number(v['max-retries']) : undefined, defaultPin: v['default-pin'],
    });
    console.log(`device ${dir} ready; load the library with SOFTSKF_DIR=${dir}`);
    console.log(buildSoftSkf());
  } else if (cmd === 'remove' || cmd === 'insert') {
    setSoftSkfPresent(path.resolve(need('dir')), cmd === 'insert');
  } else {
    throw new Error('usage: soft-skf build | init --dir DIR --pin PIN --container NAME --sign-key K --sign-cert C [--enc-key K --enc-cert C] | remove|insert --dir DIR');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`soft-skf: ${e.message}`);
    process.exit(1);
  }
}
