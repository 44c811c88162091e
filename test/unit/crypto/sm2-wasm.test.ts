// The WebAssembly SM2 path (shared/crypto/sm2-wasm.ts) against the BigInt reference of sm2.ts and the
// Float64 limbs of sm2-limbs.ts on random inputs: k·P for secret k (decrypt, encrypt), s·G + t·P (verify
// with a key seen for the first time) including the exceptional sums; the public API with the module on
// and off; and OpenSSL 3 on fresh random keys (its signatures verified, its ciphertexts decrypted, ours
// read by it). The generated module must be what scripts/gen-sm2-wasm.mjs writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as sm2 from '../../../shared/crypto/sm2';
import * as limbs from '../../../shared/crypto/sm2-limbs';
import * as wasm from '../../../shared/crypto/sm2-wasm';
import { exportSm2PrivateKey, exportSm2PublicKey } from '../../../shared/crypto/keys';
import { hasOpenssl, openssl } from '../../helpers/vectors';
// @ts-expect-error plain ESM script without types
import { render } from '../../../scripts/gen-sm2-wasm.mjs';

const { n, gx, gy } = sm2.SM2_CURVE;
const G = { x: gx, y: gy };
const big = (bytes: Uint8Array): bigint => bytes.reduce((x, b) => (x << 8n) | BigInt(b), 0n);
const scalar = fc.oneof(
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => big(b) % n),
  fc.constantFrom(0n, 1n, 2n, 15n, 16n, 17n, n - 1n, n - 2n, n - 16n, 1n << 255n, (1n << 128n) - 1n),
);
const secret = scalar.map((k) => (k === 0n ? 1n : k));
const ID = '1234567812345678';

describe('SM2 WebAssembly path (sm2-wasm.ts)', () => {
  it('the module is what scripts/gen-sm2-wasm.mjs writes (the script checks its inversion chain)', () => {
    const src = readFileSync(new URL('../../../shared/crypto/sm2-wasm-module.ts', import.meta.url), 'utf8');
    expect(render() === src).toBe(true);
  });

  it('loads and passes its self-test here', () => {
    expect(wasm.sm2WasmStatus()).toEqual({ available: true });
  });

  it('k·P for secret k agrees with the reference and the Float64 limbs on random k and P', () => {
    fc.assert(
      fc.property(secret, secret, (d, k) => {
        const P = sm2.__reference.mulSecret(G, d);
        const want = sm2.__reference.mulSecret(P, k);
        expect(wasm.mulSecret(k, P.x, P.y)).toEqual(want);
        expect(limbs.mulSecret(k, P.x, P.y)).toEqual(want);
      }),
      { numRuns: 60 },
    );
    expect(() => wasm.mulSecret(0n, gx, gy)).toThrow(RangeError);
    expect(() => wasm.mulSecret(n, gx, gy)).toThrow(RangeError);
  });

  it('k·G for secret k (signed 5-bit comb) agrees with the reference comb', () => {
    fc.assert(
      fc.property(secret, (k) => {
        expect(wasm.mulBaseSecret(k)).toEqual(sm2.__reference.mulBase(k));
      }),
      { numRuns: 100 },
    );
    for (let i = 0; i < 256; i += 5) for (const k of [(1n << BigInt(i)) - 1n, 1n << BigInt(i), 16n << BigInt(i), 17n << BigInt(i)]) if (k > 0n && k < n) expect(wasm.mulBaseSecret(k)).toEqual(sm2.__reference.mulBase(k));
  });

  it('s·G + t·P for public s, t agrees with the reference, including ∞, doublings and P = ±G', () => {
    fc.assert(
      fc.property(scalar, scalar, secret, (s, t, d) => {
        const P = sm2.__reference.mulSecret(G, d);
        expect(sm2.__reference.mulAddPublicWasm(s, t, P)).toEqual(sm2.__reference.mulAddPublic(s, t, P));
      }),
      { numRuns: 60 },
    );
    const negG = sm2.__reference.mulSecret(G, n - 1n);
    for (const [s, t, P] of [
      [5n, n - 5n, G], // ∞
      [3n, 4n, G],
      [7n, 7n, negG], // ∞
      [7n, n - 7n, negG], // 14G: a doubling inside the comb additions
      [0n, 0n, G],
      [0n, 1n, G],
      [1n, 0n, G],
    ] as const) {
      expect(sm2.__reference.mulAddPublicWasm(s, t, P)).toEqual(sm2.__reference.mulAddPublic(s, t, P));
    }
  });

  it('sign / verify / encrypt / decrypt agree with the module on and off (fresh keys each time)', () => {
    for (let i = 0; i < 12; i++) {
      const kp = sm2.generateKeyPair();
      const msg = randomBytes(1 + i * 7);
      wasm.setSm2Wasm(i % 2 === 0);
      const sig = sm2.sign(msg, kp.privateKey);
      const ct = sm2.encrypt(msg, kp.publicKey);
      wasm.setSm2Wasm(i % 2 === 1);
      expect(sm2.verify(sig, msg, kp.publicKey)).toBe(true);
      expect(sm2.verify(sig, randomBytes(8), kp.publicKey)).toBe(false);
      expect(Buffer.from(sm2.decrypt(ct, kp.privateKey)).equals(msg)).toBe(true);
    }
    wasm.setSm2Wasm(true);
  });
});

describe.skipIf(!hasOpenssl)('SM2 WebAssembly path against OpenSSL 3, fresh random keys', () => {
  let dir = '';
  const f = (name: string): string => path.join(dir, name);
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bidseal-sm2w-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("verifies OpenSSL's signatures and decrypts its ciphertexts; OpenSSL reads ours", () => {
    for (let i = 0; i < 5; i++) {
      const kp = sm2.generateKeyPair();
      writeFileSync(f('key.pem'), exportSm2PrivateKey(kp.privateKey));
      writeFileSync(f('pub.pem'), exportSm2PublicKey(kp.publicKey));
      const msg = randomBytes(1 + ((i * 61) % 200));
      writeFileSync(f('msg'), msg);
      const sig = openssl(['pkeyutl', '-sign', '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${ID}`, '-inkey', f('key.pem'), '-in', f('msg')]);
      expect(sm2.verify(sig, msg, kp.publicKey)).toBe(true); // first use of this key: the fresh-key path
      const ct = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', f('pub.pem'), '-in', f('msg')]);
      expect(Buffer.from(sm2.decrypt(ct, kp.privateKey)).equals(msg)).toBe(true);
      writeFileSync(f('sig'), sm2.sign(msg, kp.privateKey));
      openssl(['pkeyutl', '-verify', '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${ID}`, '-pubin', '-inkey', f('pub.pem'), '-in', f('msg'), '-sigfile', f('sig')]);
      writeFileSync(f('ct'), sm2.encrypt(msg, kp.publicKey));
      expect(Buffer.from(openssl(['pkeyutl', '-decrypt', '-inkey', f('key.pem'), '-in', f('ct')])).equals(msg)).toBe(true);
    }
  });
});
