// Runs in Node (tests). Seal fixtures (maker, holders, a seal PNG) made with OpenSSL in a temp dir, and the
// independent checks: python3-asn1crypto reads the structures (test/unit/eseal/ses_check.py), OpenSSL
// verifies the SM2 signatures over the exact bytes it extracted.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeKey, sealPng, softwareSigner, tmp, type TestKey } from './pdf';
import { repoRoot } from './vectors';
import { makeSeal, type SealFormat, type SealInfoInput } from '../../shared/eseal/seal';

export const PY = '/usr/bin/python3';
export const hasAsn1crypto = (() => {
  try {
    execFileSync(PY, ['-c', 'import asn1crypto'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

export interface SealFixture {
  dir: string;
  maker: TestKey;
  holder: TestKey;
  other: TestKey;
  png: Uint8Array;
}

export function sealFixture(): SealFixture {
  const dir = tmp();
  const mk = (name: string, cn: string): TestKey => {
    const d = path.join(dir, name);
    execFileSync('mkdir', ['-p', d]);
    return makeKey(d, 'sm2', cn);
  };
  return { dir, maker: mk('maker', 'BidSeal Test Seal Maker'), holder: mk('holder', 'Holder Construction Co'), other: mk('other', 'Other Co'), png: sealPng(96) };
}

export function sealInput(f: SealFixture, over: Partial<SealInfoInput['property']> = {}): SealInfoInput {
  const now = Date.now();
  return {
    vid: 'BidSeal-Test',
    esId: '11010800000001',
    property: { type: 1, name: '某某建设有限公司合同专用章', certs: [f.holder.certDer], createDate: new Date(now - 3600_000), validStart: new Date(now - 3600_000), validEnd: new Date(now + 365 * 86400_000), ...over },
    picture: { type: 'PNG', data: f.png, widthMm: 40, heightMm: 40 },
  };
}

export async function makeTestSeal(f: SealFixture, format: SealFormat = 4, over: Partial<SealInfoInput['property']> = {}): Promise<Uint8Array> {
  return makeSeal(sealInput(f, over), softwareSigner(f.maker), format);
}

/** Runs the independent reader; returns its JSON and the directory with the extracted bytes. */
export function pyCheck(kind: 'seal' | 'sig', der: Uint8Array, dir: string): any {
  const file = path.join(dir, `${kind}-${Math.random().toString(36).slice(2)}.der`);
  writeFileSync(file, der);
  const out = execFileSync(PY, [path.join(repoRoot, 'test/unit/eseal/ses_check.py'), kind, file, dir], { stdio: 'pipe' }).toString();
  return JSON.parse(out);
}

/** `openssl pkeyutl -verify` (SM2, SM3, default ID) of sigFile over dataFile with the key of certDer. */
export function opensslSm2Verify(dir: string, certDer: Uint8Array | string, dataFile: string, sigFile: string): boolean {
  const cert = typeof certDer === 'string' ? certDer : path.join(dir, `c-${Math.random().toString(36).slice(2)}.der`);
  if (typeof certDer !== 'string') writeFileSync(cert, certDer);
  const pub = `${cert}.pub.pem`;
  execFileSync('openssl', ['x509', '-inform', 'DER', '-in', cert, '-pubkey', '-noout', '-out', pub], { stdio: 'pipe' });
  try {
    execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-digest', 'sm3', '-in', dataFile, '-sigfile', sigFile, '-pkeyopt', 'distid:1234567812345678'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

export const exists = existsSync;
export const read = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
export { softwareSigner };
