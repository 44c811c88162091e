// The SM2 KDF (GB/T 32918.4 §5.4.3), HMAC-SM3 (Wycheproof hmac_sm3_test.json and OpenSSL) and
// HKDF-SM3.
import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { sm2Kdf } from '../../../shared/crypto/kdf';
import { createHmacSm3, hkdfSm3, hmacSm3, verifyHmacSm3 } from '../../../shared/crypto/hmac-sm3';
import { sm3 } from '../../../shared/crypto/sm3';
import { hasOpenssl, hasVectors, openssl, readVectorJson } from '../../helpers/vectors';

/** The KDF spelled out literally from the standard, as the reference. */
function kdfReference(z: Uint8Array, klen: number): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let ct = 1; parts.length * 32 < klen; ct++) parts.push(sm3(concatBytes(z, Uint8Array.of(ct >>> 24, (ct >>> 16) & 255, (ct >>> 8) & 255, ct & 255))));
  return concatBytes(...parts).subarray(0, klen);
}

describe('sm2Kdf (GB/T 32918.4 §5.4.3)', () => {
  it('equals SM3(Z ‖ ct) blocks with a 32-bit big-endian counter from 1, cut to klen', () => {
    const z = crypto.getRandomValues(new Uint8Array(64));
    for (const klen of [0, 1, 16, 31, 32, 33, 64, 100, 1000]) expect(bytesToHex(sm2Kdf(z, klen))).toBe(bytesToHex(kdfReference(z, klen)));
  });

  it('gives the GB/T 32918.4 Annex A.2 example key stream (t = KDF(x2 ‖ y2, 152 bits))', () => {
    // Annex A.2 example on the Fp-256 test curve: x2, y2 and t are printed in the standard.
    const x2 = '64d20d27d0632957f8028c1e024f6b02edf23102a566c932ae8bd613a8e865fe';
    const y2 = '58d225eca784ae300a81a2d48281a828e1cedf11c4219099840265375077bf78';
    expect(bytesToHex(sm2Kdf(hexToBytes(x2 + y2), 19))).toBe('006e30dae231b071dfad8aa379e90264491603');
  });

  it('rejects a negative or fractional length', () => {
    expect(() => sm2Kdf(new Uint8Array(1), -1)).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    expect(() => sm2Kdf(new Uint8Array(1), 1.5)).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
  });
});

interface MacTest {
  tcId: number;
  key: string;
  msg: string;
  tag: string;
  result: 'valid' | 'invalid' | 'acceptable';
  comment: string;
}

describe.skipIf(!hasVectors)('HMAC-SM3 Wycheproof vectors', () => {
  const file = hasVectors ? readVectorJson<{ testGroups: { tagSize: number; tests: MacTest[] }[] }>('wycheproof/hmac_sm3_test.json') : { testGroups: [] };
  const all = file.testGroups.flatMap((g) => g.tests.map((t) => ({ ...t, tagSize: g.tagSize })));

  it('has no "acceptable" cases (none to document) and 174 tests in all', () => {
    expect(all.length).toBe(174);
    expect(all.filter((t) => t.result === 'acceptable')).toEqual([]);
  });

  it('computes every valid tag (full or truncated to the group tag size) and rejects every modified tag', () => {
    let valid = 0;
    let invalid = 0;
    for (const t of all) {
      const key = hexToBytes(t.key);
      const msg = hexToBytes(t.msg);
      const tag = hexToBytes(t.tag);
      const ok = verifyHmacSm3(key, msg, tag);
      if (t.result === 'valid') {
        expect(ok, `tcId ${t.tcId} tag ${t.tagSize}`).toBe(true);
        expect(bytesToHex(hmacSm3(key, msg).subarray(0, t.tagSize / 8))).toBe(t.tag);
        valid++;
      } else {
        expect(ok, `tcId ${t.tcId} (${t.comment}) must be rejected`).toBe(false);
        invalid++;
      }
    }
    expect(valid).toBe(66);
    expect(invalid).toBe(108);
  });
});

describe('HMAC-SM3 API', () => {
  it('streams to the same tag as one-shot', () => {
    const key = utf8ToBytes('key');
    const msg = crypto.getRandomValues(new Uint8Array(1000));
    const h = createHmacSm3(key);
    for (let o = 0; o < msg.length; o += 17) h.update(msg.subarray(o, o + 17));
    expect(bytesToHex(h.digest())).toBe(bytesToHex(hmacSm3(key, msg)));
  });

  it('refuses to verify tags shorter than 16 bytes', () => {
    expect(() => verifyHmacSm3(new Uint8Array(16), new Uint8Array(0), new Uint8Array(8))).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
  });
});

describe.skipIf(!hasOpenssl)('HMAC-SM3 agrees with OpenSSL', () => {
  it('on random keys (short, block-sized, longer than a block) and messages', () => {
    for (const keyLen of [1, 16, 32, 64, 65, 100]) {
      const key = crypto.getRandomValues(new Uint8Array(keyLen));
      const msg = crypto.getRandomValues(new Uint8Array(257 + keyLen));
      const theirs = openssl(['mac', '-digest', 'SM3', '-macopt', `hexkey:${bytesToHex(key)}`, '-binary', 'HMAC'], msg).toString('hex');
      expect(bytesToHex(hmacSm3(key, msg)), `key length ${keyLen}`).toBe(theirs);
    }
  });
});

describe('HKDF-SM3 (RFC 5869 over SM3)', () => {
  it('is HMAC-SM3 extract then expand, T(1) = HMAC(PRK, info ‖ 0x01)', () => {
    const ikm = utf8ToBytes('input key material');
    const salt = utf8ToBytes('salt');
    const info = utf8ToBytes('info');
    const prk = hmacSm3(salt, ikm);
    const t1 = hmacSm3(prk, concatBytes(info, Uint8Array.of(1)));
    const t2 = hmacSm3(prk, concatBytes(t1, info, Uint8Array.of(2)));
    expect(bytesToHex(hkdfSm3(ikm, salt, info, 40))).toBe(bytesToHex(concatBytes(t1, t2).subarray(0, 40)));
  });

  it('rejects an output longer than 255 blocks', () => {
    expect(() => hkdfSm3(new Uint8Array(1), undefined, undefined, 255 * 32 + 1)).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
  });
});
