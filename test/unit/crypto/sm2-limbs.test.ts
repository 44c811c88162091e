// The fixed-limb SM2 path (shared/crypto/sm2-limbs.ts) against the BigInt reference of sm2.ts on random
// inputs: field multiplication, d·C1 for secret scalars (decrypt), s·G + t·P (verify with a fresh key),
// including the exceptional sums (∞, P = ±Q). The public API runs this path on sm2p256v1, so the
// published vectors and the OpenSSL cross-checks of sm2.test.ts / sm2-openssl.test.ts cover it too.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import * as sm2 from '../../../shared/crypto/sm2';
import * as limbs from '../../../shared/crypto/sm2-limbs';
// @ts-expect-error plain ESM script without types
import { regenerate } from '../../../scripts/gen-sm2-limbs.mjs';

const { p, n, gx, gy } = sm2.SM2_CURVE;
const G = { x: gx, y: gy };
const big = (bytes: Uint8Array): bigint => bytes.reduce((x, b) => (x << 8n) | BigInt(b), 0n);
const scalar = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => big(b) % n);
const secret = scalar.map((k) => (k === 0n ? 1n : k));
const fieldEl = fc.oneof(
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => big(b) % p),
  fc.constantFrom(0n, 1n, 2n, p - 1n, p - 2n, (1n << 224n) - 1n, 1n << 255n),
);

describe('SM2 fixed-limb arithmetic (sm2-limbs.ts)', () => {
  it('the unrolled code is what scripts/gen-sm2-limbs.mjs writes', () => {
    const src = readFileSync(new URL('../../../shared/crypto/sm2-limbs.ts', import.meta.url), 'utf8');
    expect(regenerate(src) === src).toBe(true);
  });

  it('field multiplication, addition and subtraction agree with BigInt mod p, chained', () => {
    fc.assert(
      fc.property(fieldEl, fieldEl, fieldEl, (a, b, c) => {
        const A = limbs.toMont(a), B = limbs.toMont(b), C = limbs.toMont(c);
        const r = new Float64Array(11);
        limbs.mul(r, A, B); // a·b
        limbs.sub(r, r, C); // a·b − c
        limbs.mulSmall(r, r, 8); // 8(a·b − c)
        limbs.add(r, r, A); // 8(a·b − c) + a
        limbs.mul(r, r, r); // squared
        const want = (((8n * (a * b - c) + a) % p) + p) % p;
        expect(limbs.fromMont(r)).toBe((want * want) % p);
        const i = new Float64Array(11);
        if (a !== 0n) {
          limbs.inv(i, A);
          limbs.mul(i, i, A);
          expect(limbs.fromMont(i)).toBe(1n);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('Jacobian → affine by Fermat inversion agrees with the BigInt conversion (signed coordinates too)', () => {
    fc.assert(
      fc.property(fieldEl, fieldEl, fieldEl, fc.boolean(), (X, Y, Z, neg) => {
        fc.pre(Z !== 0n);
        const s = neg ? -1n : 1n;
        expect(limbs.toAffineCT(s * X, s * Y, s * Z)).toEqual(sm2.__reference.toAffineCT(s * X, s * Y, s * Z));
      }),
      { numRuns: 100 },
    );
  });

  it('k·P for secret k (decrypt) agrees with the reference on random k and P', () => {
    fc.assert(
      fc.property(secret, secret, (d, k) => {
        const P = sm2.__reference.mulSecret(G, d);
        expect(limbs.mulSecret(k, P.x, P.y)).toEqual(sm2.__reference.mulSecret(P, k));
      }),
      { numRuns: 25 },
    );
    // scalars with zero and all-ones windows, the smallest and the largest
    const P = sm2.__reference.mulSecret(G, 7n);
    for (const k of [1n, 2n, 15n, 16n, 17n, 1n << 252n, n - 1n, n - 2n, (1n << 128n) + 1n, 0xf000000000000000000000000000000000000000000000000000000000000001n]) {
      expect(limbs.mulSecret(k, P.x, P.y)).toEqual(sm2.__reference.mulSecret(P, k));
    }
    expect(() => limbs.mulSecret(0n, P.x, P.y)).toThrow();
    expect(() => limbs.mulSecret(n, P.x, P.y)).toThrow();
  });

  it('s·G + t·P for public s, t (verify) agrees with the reference, including ∞ and P = ±G', () => {
    fc.assert(
      fc.property(secret, scalar, scalar, (d, s, t) => {
        const P = sm2.__reference.mulSecret(G, d);
        const want = sm2.__reference.mulAddPublic(s, t, P);
        expect(sm2.__reference.mulAddPublicLimbs(s, t, P)).toEqual(want);
        expect(sm2.__reference.mulAddCombLimbs(s, t, P)).toEqual(want);
      }),
      { numRuns: 20 },
    );
    const d = 123456789n;
    const P = sm2.__reference.mulSecret(G, d);
    const t = 987654321987654321n;
    const sInf = (n - ((t * d) % n)) % n; // s·G + t·P = ∞
    expect(sm2.__reference.mulAddPublicLimbs(sInf, t, P)).toBeNull();
    expect(sm2.__reference.mulAddCombLimbs(sInf, t, P)).toBeNull();
    // P = G and P = −G: the wNAF and comb sums meet equal and opposite points
    const negG = { x: gx, y: p - gy };
    for (const [s2, t2, Q] of [[5n, 5n, G], [5n, 5n, negG], [0n, 3n, G], [3n, 0n, G], [1n, n - 1n, G]] as const) {
      expect(sm2.__reference.mulAddPublicLimbs(s2, t2, Q)).toEqual(sm2.__reference.mulAddPublic(s2, t2, Q));
      expect(sm2.__reference.mulAddCombLimbs(s2, t2, Q)).toEqual(sm2.__reference.mulAddPublic(s2, t2, Q));
    }
  });

  it('verify with fresh keys and decrypt (the public API on sm2p256v1) round-trip on random keys', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), (m) => {
        const kp = sm2.generateKeyPair();
        const sig = sm2.sign(m, kp.privateKey);
        expect(sm2.verify(sig, m, kp.publicKey)).toBe(true);
        const bad = sig.slice();
        bad[bad.length - 1] ^= 1;
        expect(sm2.verify(bad, m, kp.publicKey)).toBe(false);
        expect(sm2.decrypt(sm2.encrypt(m, kp.publicKey), kp.privateKey)).toEqual(m);
      }),
      { numRuns: 20 },
    );
  });
});
