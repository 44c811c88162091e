// Runs in Node (tests). Key + certificate fixtures made by OpenSSL 3 in a temp dir (RSA-2048, EC P-256/P-384, SM2),
// and helpers shared by the key-store tests. Nothing is written into the repository.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { isBidSealError, type ErrorCode } from '../../../shared/errors';
import { openssl } from '../../helpers/vectors';

export type KeyName = 'rsa' | 'ec256' | 'ec384' | 'sm2';
export const KEY_NAMES: KeyName[] = ['rsa', 'ec256', 'ec384', 'sm2'];
export const PASSWORD = 'Pw-测试-123';

export interface Fixtures {
  dir: string;
  f(name: string): string;
  read(name: string): Uint8Array;
  /** PEM private key (PKCS#8) path and self-signed certificate path per key */
  key(k: KeyName): string;
  cert(k: KeyName): string;
  pub(k: KeyName): string;
  cleanup(): void;
}

function opensslOk(args: string[]): boolean {
  try {
    openssl(args);
    return true;
  } catch {
    return false;
  }
}

export function makeFixtures(prefix = 'bidseal-keys-'): Fixtures {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const f = (n: string): string => path.join(dir, n);
  const gen: Record<KeyName, string[]> = {
    rsa: ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    ec256: ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    ec384: ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
    sm2: ['genpkey', '-algorithm', 'SM2'],
  };
  for (const k of KEY_NAMES) {
    openssl([...gen[k], '-out', f(`${k}.key`)]);
    const extra = k === 'sm2' ? ['-sm3', '-sigopt', 'distid:1234567812345678'] : ['-sha256'];
    openssl(['req', '-new', '-x509', '-utf8', '-key', f(`${k}.key`), '-subj', `/CN=${k} 测试/O=BidSeal Test`, '-days', '30', ...extra, '-out', f(`${k}.crt`)]);
    openssl(['pkey', '-in', f(`${k}.key`), '-pubout', '-out', f(`${k}.pub`)]);
  }
  return {
    dir,
    f,
    read: (n) => new Uint8Array(readFileSync(f(n))),
    key: (k) => f(`${k}.key`),
    cert: (k) => f(`${k}.crt`),
    pub: (k) => f(`${k}.pub`),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** makeFixtures for one describe block: made before its tests (register this before hooks that use it), removed after. */
export function useFixtures(prefix: string): Fixtures {
  const fx = {} as Fixtures;
  beforeAll(() => {
    Object.assign(fx, makeFixtures(prefix));
  });
  afterAll(() => fx.cleanup?.());
  return fx;
}

/** Does this OpenSSL have the legacy provider (RC2, single DES, RC4)? */
export const hasLegacyProvider = (): boolean => opensslOk(['list', '-cipher-algorithms', '-provider', 'legacy']) && opensslOk(['enc', '-rc2-40-cbc', '-provider', 'legacy', '-provider', 'default', '-K', '0102030405', '-iv', '0102030405060708', '-in', '/dev/null']);

export function write(file: string, data: Uint8Array | string): string {
  writeFileSync(file, data);
  return file;
}

/** Runs `fn` and asserts it rejects with a typed BidSealError of `code` whose message and details never contain `secret`. */
export async function expectCode(p: Promise<unknown> | (() => unknown), code: ErrorCode, secret?: string): Promise<void> {
  let err: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    err = e;
  }
  expect(err, `expected ${code}`).toBeDefined();
  expect(isBidSealError(err), `not a BidSealError: ${String(err)}`).toBe(true);
  expect((err as { code: string }).code).toBe(code);
  if (secret) {
    const e = err as Error & { details?: unknown; cause?: unknown };
    const text = `${e.message} ${JSON.stringify(e.details ?? {})} ${String(e.cause ?? '')} ${e.stack ?? ''}`;
    expect(text.includes(secret)).toBe(false);
  }
}
