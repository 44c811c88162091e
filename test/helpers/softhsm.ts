// Runs in Node (tests). A throwaway SoftHSM2 token per test file: temp dir + softhsm2.conf, token init
// with softhsm2-util, OpenSSL-made P-256 / RSA-2048 keys and self-signed certificates imported with
// pkcs11-tool. Tests skip (describe.skipIf(softhsmSkip)) where a tool or the module is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bidseal } from './cli';

const MODULE_CANDIDATES = [
  process.env.SOFTHSM2_MODULE,
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
  '/opt/homebrew/lib/softhsm/libsofthsm2.so',
].filter((p): p is string => !!p);

export const SOFTHSM_MODULE = MODULE_CANDIDATES.find((p) => existsSync(p)) ?? '';

function has(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch (e) {
    return (e as { code?: string }).code !== 'ENOENT'; // exists but exited non-zero (pkcs11-tool --version does)
  }
}

/** false when everything is there, else the reason tests are skipped (with the install command). */
export const softhsmSkip: string | false = (() => {
  const missing = [
    !has('softhsm2-util', ['--version']) && 'softhsm2-util',
    !has('pkcs11-tool', ['--version']) && 'pkcs11-tool',
    !has('openssl', ['version']) && 'openssl',
    !SOFTHSM_MODULE && 'libsofthsm2.so',
  ].filter(Boolean);
  return missing.length ? `missing ${missing.join(', ')}: apt-get install -y softhsm2 opensc openssl` : false;
})();
if (softhsmSkip) console.warn(`[skip] SoftHSM2 tests: ${softhsmSkip}`);

export interface SoftHsmKey {
  /** CKA_ID, hex */
  id: string;
  label: string;
  certDer: Buffer;
  /** files in the token's temp dir */
  keyPem: string;
  pubPem: string;
}

export interface SoftHsmToken {
  dir: string;
  /** environment for child processes (the PKCS#11 worker): SOFTHSM2_CONF points at this token's conf */
  env: NodeJS.ProcessEnv;
  modulePath: string;
  label: string;
  pin: string;
  soPin: string;
  ec: SoftHsmKey;
  rsa: SoftHsmKey;
  /** `softhsm2-util --delete-token`: the token disappears from under a running module */
  deleteToken(): void;
  cleanup(): void;
}

const run = (cmd: string, args: string[], env?: NodeJS.ProcessEnv) => execFileSync(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });

function makeKey(dir: string, kind: 'ec' | 'rsa', cn: string): { keyPem: string; pubPem: string; pubDer: string; p8: string; certDer: string } {
  const f = (n: string) => path.join(dir, `${kind}.${n}`);
  if (kind === 'ec') run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', f('key.pem')]);
  else run('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', f('key.pem')]);
  run('openssl', ['pkey', '-in', f('key.pem'), '-pubout', '-out', f('pub.pem')]);
  run('openssl', ['pkey', '-in', f('key.pem'), '-pubout', '-outform', 'DER', '-out', f('pub.der')]);
  run('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', f('key.pem'), '-outform', 'DER', '-out', f('p8.der')]);
  run('openssl', ['req', '-new', '-x509', '-key', f('key.pem'), '-subj', `/CN=${cn}`, '-days', '30', '-outform', 'DER', '-out', f('crt.der')]);
  return { keyPem: f('key.pem'), pubPem: f('pub.pem'), pubDer: f('pub.der'), p8: f('p8.der'), certDer: f('crt.der') };
}

export function createSoftHsmToken(opts: { label?: string; pin?: string; soPin?: string } = {}): SoftHsmToken {
  if (softhsmSkip) throw new Error(softhsmSkip);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bidseal-softhsm-'));
  const tokendir = path.join(dir, 'tokens');
  mkdirSync(tokendir);
  const conf = path.join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokendir}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const label = opts.label ?? 'bidseal-test';
  const pin = opts.pin ?? '246813';
  const soPin = opts.soPin ?? '97531864';
  run('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', soPin, '--pin', pin], env);

  const tool = (args: string[]) => run('pkcs11-tool', ['--module', SOFTHSM_MODULE, '--token-label', label, '--login', '--pin', pin, ...args], env);
  const load = (kind: 'ec' | 'rsa', id: string, keyLabel: string, usage: string[]): SoftHsmKey => {
    const k = makeKey(dir, kind, `${keyLabel} test`);
    tool(['--write-object', k.p8, '--type', 'privkey', '--id', id, '--label', keyLabel, ...usage]);
    tool(['--write-object', k.certDer, '--type', 'cert', '--id', id, '--label', keyLabel]);
    tool(['--write-object', k.pubDer, '--type', 'pubkey', '--id', id, '--label', keyLabel]);
    return { id, label: keyLabel, certDer: readFileSync(k.certDer), keyPem: k.keyPem, pubPem: k.pubPem };
  };
  const ec = load('ec', '01', 'ec-key', ['--usage-sign', '--usage-derive']);
  const rsa = load('rsa', '02', 'rsa-key', ['--usage-sign', '--usage-decrypt']);
  return {
    dir, env, modulePath: SOFTHSM_MODULE, label, pin, soPin, ec, rsa,
    deleteToken: () => void run('softhsm2-util', ['--delete-token', '--token', label], env),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A token for tests of the `bidseal` bin: the child environment (this token's SOFTHSM2_CONF plus `extraEnv`)
 * and the pkcs11: URIs that `bidseal token list` gives its keys, by label (token.ec.label, token.rsa.label).
 */
export function createCliToken(opts: { label?: string; pin?: string } = {}, extraEnv: Record<string, string> = {}): { token: SoftHsmToken; env: Record<string, string>; uriOf(label: string): string } {
  const token = createSoftHsmToken(opts);
  const env = { ...(Object.fromEntries(Object.entries(token.env).filter(([, v]) => v !== undefined)) as Record<string, string>), ...extraEnv };
  const list = bidseal(['token', 'list', '--json', '--module', token.modulePath], undefined, env);
  const certs = (JSON.parse(list.stdout) as { slots: Array<{ certificates: Array<{ label: string; uri: string }> }> }).slots[0].certificates;
  const uriOf = (label: string) => {
    const uri = certs.find((c) => c.label === label)?.uri;
    if (!uri) throw new Error(`bidseal token list shows no ${label}: ${list.stderr}`);
    return uri;
  };
  return { token, env, uriOf };
}
