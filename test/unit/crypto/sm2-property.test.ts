// SM2 properties (fast-check): round trips, and any single-bit change to a signature, message,
// ciphertext or ID is detected; malformed keys and truncated ciphertexts are rejected.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as sm2 from '../../../shared/crypto/sm2';
import { codeOf } from '../../helpers/errors';

const flip = (b: Uint8Array, bit: number): Uint8Array => {
  const c = b.slice();
  c[(bit >> 3) % c.length] ^= 1 << (bit & 7);
  return c;
};

const kp = sm2.generateKeyPair();
const msgArb = fc.uint8Array({ minLength: 0, maxLength: 300 });
const fmtArb = fc.constantFrom<sm2.SignatureFormat>('der', 'raw');
const ctFmtArb = fc.constantFrom<sm2.CiphertextFormat>('der', 'c1c3c2', 'c1c2c3');

describe('SM2 signature properties', () => {
  it('sign then verify succeeds for any message, ID and encoding', () => {
    fc.assert(
      fc.property(msgArb, fc.uint8Array({ maxLength: 40 }), fmtArb, (m, id, format) => {
        const sig = sm2.sign(m, kp.privateKey, { id, format });
        expect(sm2.verify(sig, m, kp.publicKey, { id, format })).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
  it('any flipped bit in the signature makes verify false', () => {
    fc.assert(
      fc.property(msgArb, fmtArb, fc.nat(), (m, format, bit) => {
        const sig = sm2.sign(m, kp.privateKey, { format });
        expect(sm2.verify(flip(sig, bit % (sig.length * 8)), m, kp.publicKey, { format })).toBe(false);
      }),
      { numRuns: 80 },
    );
  });
  it('any flipped bit in the message makes verify false', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), (m, bit) => {
        const sig = sm2.sign(m, kp.privateKey);
        expect(sm2.verify(sig, flip(m, bit % (m.length * 8)), kp.publicKey)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
  it('a different ID (including the empty one) makes verify false', () => {
    fc.assert(
      fc.property(msgArb, fc.uint8Array({ maxLength: 32 }), (m, id) => {
        fc.pre(Buffer.from(id).toString() !== '1234567812345678');
        const sig = sm2.sign(m, kp.privateKey);
        expect(sm2.verify(sig, m, kp.publicKey, { id })).toBe(false);
      }),
      { numRuns: 40 },
    );
  });
  it('another key does not verify the signature', () => {
    const other = sm2.generateKeyPair();
    fc.assert(
      fc.property(msgArb, (m) => {
        expect(sm2.verify(sm2.sign(m, kp.privateKey), m, other.publicKey)).toBe(false);
      }),
      { numRuns: 20 },
    );
  });
});

describe('SM2 encryption properties', () => {
  it('encrypt then decrypt returns the plaintext for lengths 1..300 in every layout (auto-detected)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), ctFmtArb, (m, format) => {
        const ct = sm2.encrypt(m, kp.publicKey, { format });
        expect(Buffer.from(sm2.decrypt(ct, kp.privateKey)).equals(Buffer.from(m))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
  it('every length 1..300 round-trips (raw C1C3C2 without the 04 prefix too)', () => {
    for (let len = 1; len <= 300; len += len < 40 ? 1 : 13) {
      const m = new Uint8Array(len).map((_, i) => (i * 7 + len) & 0xff);
      const ct = sm2.encrypt(m, kp.publicKey, { format: 'c1c3c2' });
      expect(Buffer.from(sm2.decrypt(ct.subarray(1), kp.privateKey)).equals(Buffer.from(m))).toBe(true);
    }
  });
  it('an empty plaintext is refused with E_INVALID_ARGUMENT', () => {
    expect(codeOf(() => sm2.encrypt(new Uint8Array(0), kp.publicKey))).toBe('E_INVALID_ARGUMENT');
  });
  it('any flipped bit in the ciphertext → E_DECRYPT_FAILED or E_BAD_ENCODING, never wrong plaintext', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), ctFmtArb, fc.nat(), (m, format, bit) => {
        const ct = sm2.encrypt(m, kp.publicKey, { format });
        const code = codeOf(() => sm2.decrypt(flip(ct, bit % (ct.length * 8)), kp.privateKey));
        expect(['E_DECRYPT_FAILED', 'E_BAD_ENCODING']).toContain(code);
      }),
      { numRuns: 120 },
    );
  });
  it('a truncated ciphertext is rejected', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), ctFmtArb, fc.nat(), (m, format, cut) => {
        const ct = sm2.encrypt(m, kp.publicKey, { format });
        const short = ct.subarray(0, cut % ct.length);
        expect(['E_DECRYPT_FAILED', 'E_BAD_ENCODING']).toContain(codeOf(() => sm2.decrypt(short, kp.privateKey)));
      }),
      { numRuns: 80 },
    );
  });
  it('another private key cannot decrypt (E_DECRYPT_FAILED)', () => {
    const other = sm2.generateKeyPair();
    const ct = sm2.encrypt(Uint8Array.of(1, 2, 3), kp.publicKey);
    expect(codeOf(() => sm2.decrypt(ct, other.privateKey))).toBe('E_DECRYPT_FAILED');
  });
});

describe('SM2 key properties', () => {
  it('an off-curve public key is rejected by validation, verify and encrypt with E_INVALID_KEY', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (xy) => {
        const pub = Uint8Array.from([4, ...xy]);
        fc.pre(!sm2.isValidPublicKey(pub)); // random x‖y is on the curve with negligible probability
        expect(codeOf(() => sm2.validatePublicKey(pub))).toBe('E_INVALID_KEY');
        expect(codeOf(() => sm2.verify(new Uint8Array(64), Uint8Array.of(1), pub))).toBe('E_INVALID_KEY');
        expect(codeOf(() => sm2.encrypt(Uint8Array.of(1), pub))).toBe('E_INVALID_KEY');
      }),
      { numRuns: 50 },
    );
  });
  it('a public key of any other length is rejected', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        fc.pre(![33, 64, 65].includes(b.length));
        expect(codeOf(() => sm2.validatePublicKey(b))).toBe('E_INVALID_KEY');
      }),
    );
  });
  it('compressing and decompressing a public key round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), () => {
        const k = sm2.generateKeyPair();
        const c = sm2.normalizePublicKey(k.publicKey, { compressed: true });
        expect(Buffer.from(sm2.normalizePublicKey(c)).equals(Buffer.from(k.publicKey))).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
});
