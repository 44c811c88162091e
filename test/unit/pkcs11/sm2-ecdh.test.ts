// SM2 decryption via a token's ECDH (x2 only): real OpenSSL SM2 ciphertexts, DER and raw layouts, both
// y2 = ±√(x³+ax+b) cases, and rejection of bad C1 / wrong key / tampering. deriveX is done in software
// here (SoftHSM2 cannot hold SM2-curve keys); the token side of ECDH1_DERIVE is tested on P-256.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sm2DecryptViaEcdh } from '../../../electron/services/keys/pkcs11/sm2-ecdh';
import { TokenDecrypter } from '../../../electron/services/keys/pkcs11/token-carrier';
import type { Pkcs11Client } from '../../../electron/services/keys/pkcs11/client';
import type { KeyRef, SlotDescription } from '../../../electron/services/keys/pkcs11/protocol';
import { BidSealError } from '../../../shared/errors';
import { SM2_CURVE, curvePoint, encodeCiphertext, encrypt, generateKeyPair, parseDerCiphertext } from '../../../shared/crypto/sm2';

const Point = curvePoint(SM2_CURVE);
const Fp = Point.Fp;
const big = (u: Uint8Array) => BigInt('0x' + (Buffer.from(u).toString('hex') || '0'));
const be32 = (v: bigint) => Uint8Array.from(Buffer.from(v.toString(16).padStart(64, '0'), 'hex'));

/** The token's job, in software: x(d·C1). Counts calls. */
function softDeriveX(d: bigint) {
  const f = async (c1: Uint8Array) => {
    f.calls++;
    return be32(Point.fromBytes(c1).multiply(d).toAffine().x);
  };
  f.calls = 0;
  return f;
}

let hasSm2Openssl = false;
try {
  execFileSync('openssl', ['genpkey', '-algorithm', 'SM2'], { stdio: 'pipe' });
  hasSm2Openssl = true;
} catch {
  console.warn('[skip] openssl without SM2 (needs OpenSSL 3): OpenSSL SM2 interop tests skipped');
}

describe.skipIf(!hasSm2Openssl)('SM2 via ECDH: OpenSSL-made ciphertexts', () => {
  let dir: string;
  let d: bigint;
  const cts: Array<{ msg: Buffer; der: Buffer }> = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bidseal-sm2ecdh-'));
    const key = path.join(dir, 'sm2.pem');
    execFileSync('openssl', ['genpkey', '-algorithm', 'SM2', '-out', key]);
    execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', path.join(dir, 'pub.pem')]);
    const text = execFileSync('openssl', ['pkey', '-in', key, '-text', '-noout']).toString();
    d = BigInt('0x' + /priv:\s*([\s\S]*?)\npub:/.exec(text)![1].replace(/[\s:]/g, ''));
    for (const [i, msg] of [Buffer.from('00112233445566778899aabbccddeeff', 'hex'), Buffer.from('SM4 session key + 投标', 'utf8'), Buffer.alloc(100, 0xa5), Buffer.from([1])].entries()) {
      writeFileSync(path.join(dir, `m${i}`), msg);
      execFileSync('openssl', ['pkeyutl', '-encrypt', '-pubin', '-inkey', path.join(dir, 'pub.pem'), '-in', path.join(dir, `m${i}`), '-out', path.join(dir, `c${i}`)]);
      cts.push({ msg, der: readFileSync(path.join(dir, `c${i}`)) });
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('decrypts OpenSSL DER (GM/T 0009 SM2Cipher) ciphertexts with one deriveX call each', async () => {
    for (const { msg, der } of cts) {
      const deriveX = softDeriveX(d);
      expect(Buffer.from(await sm2DecryptViaEcdh(der, deriveX)).equals(msg)).toBe(true);
      expect(deriveX.calls).toBe(1);
    }
  });

  it('decrypts the same ciphertexts re-laid as raw C1‖C3‖C2 and C1‖C2‖C3 (auto and explicit)', async () => {
    for (const { msg, der } of cts) {
      const parts = parseDerCiphertext(der);
      for (const fmt of ['c1c3c2', 'c1c2c3'] as const) {
        const raw = encodeCiphertext(parts, fmt);
        const auto = softDeriveX(d);
        expect(Buffer.from(await sm2DecryptViaEcdh(raw, auto)).equals(msg)).toBe(true);
        expect(auto.calls).toBe(1); // both layouts share C1: the token is asked once
        expect(Buffer.from(await sm2DecryptViaEcdh(raw, softDeriveX(d), { format: fmt })).equals(msg)).toBe(true);
      }
    }
  });

  it('TokenDecrypter offers sm2-encrypt through the ECDH fallback and logs in on demand (stub token, software ECDH)', async () => {
    execFileSync('openssl', ['req', '-new', '-x509', '-key', path.join(dir, 'sm2.pem'), '-sm3', '-subj', '/CN=sm2-enc', '-days', '30', '-outform', 'DER', '-out', path.join(dir, 'sm2.crt')]);
    const slot: SlotDescription = { slotId: '3', description: 'reader', manufacturer: 'x', tokenPresent: true, removable: true, mechanisms: [{ type: 0x1050, name: 'CKM_ECDH1_DERIVE' }], token: { label: 'SM2 UKey', manufacturer: 'v', model: 'm', serial: '9', flags: 0, loginRequired: true, protectedAuthPath: false, tokenInitialized: true, pinState: 'ok' } };
    let loggedIn = false;
    const refs: KeyRef[] = [];
    const derive = softDeriveX(d);
    const stub = {
      generation: 1,
      loadModule: async () => ({ cryptokiVersion: '2.40', manufacturer: 'v', description: 'd', libraryVersion: '1.0' }),
      listSlots: async () => [slot],
      listObjects: async () => ({ loggedIn, certificates: [{ id: 'a1', label: 'enc', der: readFileSync(path.join(dir, 'sm2.crt')).toString('base64') }], publicKeys: [], privateKeys: [] }),
      login: async (_s: string, pin: string) => void (loggedIn = pin === '1234'),
      deriveEcdhX: async (ref: KeyRef, c1: Uint8Array) => {
        refs.push(ref);
        if (!loggedIn) throw new BidSealError('E_TOKEN_LOGIN_REQUIRED');
        return derive(c1);
      },
    } as unknown as Pkcs11Client;
    const dec = await TokenDecrypter.open({ client: stub, uri: 'pkcs11:token=SM2%20UKey;id=%A1', getPin: async () => '1234' });
    expect(dec.key.kind).toBe('sm2');
    expect(dec.algorithms).toEqual(['sm2-encrypt']);
    expect(Buffer.from(await dec.unwrapKey(cts[0].der, 'sm2-encrypt')).equals(cts[0].msg)).toBe(true);
    expect(refs).toEqual([{ slot: '3', id: 'a1' }, { slot: '3', id: 'a1' }]); // refused before login, then done
  });

  it('wrong key, tampered C3 or C2 → E_DECRYPT_FAILED', async () => {
    const { der } = cts[0];
    await expect(sm2DecryptViaEcdh(der, softDeriveX(d + 1n))).rejects.toMatchObject({ code: 'E_DECRYPT_FAILED' });
    const parts = parseDerCiphertext(der);
    const badC3 = encodeCiphertext({ ...parts, c3: parts.c3.map((b, i) => (i === 0 ? b ^ 1 : b)) });
    await expect(sm2DecryptViaEcdh(badC3, softDeriveX(d))).rejects.toMatchObject({ code: 'E_DECRYPT_FAILED' });
    const badC2 = encodeCiphertext({ ...parts, c2: parts.c2.map((b, i) => (i === 0 ? b ^ 1 : b)) });
    await expect(sm2DecryptViaEcdh(badC2, softDeriveX(d))).rejects.toMatchObject({ code: 'E_DECRYPT_FAILED' });
  });
});

describe('SM2 via ECDH: y2 recovery and C1 checks', () => {
  it('recovers y2 from x2 in both cases (√ gives y2, or gives p − y2) — the C3 check picks the sign', async () => {
    const { privateKey, publicKey } = generateKeyPair();
    const d = big(privateKey);
    const seen = new Set<string>();
    for (let i = 0; i < 64 && seen.size < 2; i++) {
      const msg = Uint8Array.from([i, 1, 2, 3, 4, 5, 6, 7]);
      const ct = encrypt(msg, publicKey, { format: 'c1c3c2' });
      const S = Point.fromBytes(ct.subarray(0, 65)).multiply(d).toAffine();
      const root = Fp.sqrt(Fp.add(Fp.add(Fp.mul(Fp.sqr(S.x), S.x), Fp.mul(SM2_CURVE.a, S.x)), SM2_CURVE.b));
      seen.add(root === S.y ? 'root' : 'negated');
      expect(Buffer.from(await sm2DecryptViaEcdh(ct, softDeriveX(d))).equals(msg)).toBe(true);
    }
    expect([...seen].sort()).toEqual(['negated', 'root']);
  });

  it('a C1 that is not on the curve is rejected before the token is asked; a non-ciphertext is E_BAD_ENCODING', async () => {
    const { privateKey, publicKey } = generateKeyPair();
    const ct = encrypt(new Uint8Array(16), publicKey, { format: 'c1c3c2' });
    ct[64] ^= 1; // y1 changed: off the curve
    const deriveX = softDeriveX(big(privateKey));
    await expect(sm2DecryptViaEcdh(ct, deriveX)).rejects.toMatchObject({ code: 'E_DECRYPT_FAILED' });
    expect(deriveX.calls).toBe(0);
    await expect(sm2DecryptViaEcdh(new Uint8Array(20), deriveX)).rejects.toMatchObject({ code: 'E_BAD_ENCODING' });
  });

  it('accepts an x2 whose leading zero bytes the module stripped', async () => {
    const { privateKey, publicKey } = generateKeyPair();
    const d = big(privateKey);
    const msg = new TextEncoder().encode('short x2');
    const ct = encrypt(msg, publicKey, { format: 'c1c3c2' });
    const stripped = async (c1: Uint8Array) => {
      const x = be32(Point.fromBytes(c1).multiply(d).toAffine().x);
      let i = 0;
      while (i < x.length - 1 && x[i] === 0) i++;
      return x.subarray(i);
    };
    expect(Buffer.from(await sm2DecryptViaEcdh(ct, stripped)).equals(Buffer.from(msg))).toBe(true);
  });
});
