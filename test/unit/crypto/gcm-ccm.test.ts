// SM4-GCM and SM4-CCM: RFC 8998 / GB/T 36624 / GmSSL / gmsm vectors (sm4_vectors.json), Wycheproof
// sm4_gcm_test.json and sm4_ccm_test.json, and properties (round trips at random chunkings; any
// flipped bit of ciphertext, tag or AAD is refused). OpenSSL 3.0 `enc` and Node's crypto have no
// SM4-GCM/CCM (node:crypto lists only sm4-ecb/cbc/cfb/ofb/ctr), so there is no oracle cross-check.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getCiphers } from 'node:crypto';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import { createSm4Cipher, createSm4Decipher, sm4Decrypt, sm4Encrypt } from '../../../shared/crypto/sm4-cipher';
import { hasVectors, readVectorJson, sm4AeadVectors } from '../../helpers/vectors';
import { streamChunks } from '../../helpers/streams';

const code = (c: string) => expect.objectContaining({ name: 'BidSealError', code: c });
const rand = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));

const stream = streamChunks;

describe('no SM4-GCM oracle in this environment', () => {
  it('node:crypto offers no sm4-gcm (so GCM is checked against published vectors only)', () => {
    expect(getCiphers()).not.toContain('sm4-gcm');
  });
});

describe.skipIf(!hasVectors)('SM4-GCM/CCM vectors in sm4/sm4_vectors.json', () => {
  const all = sm4AeadVectors();

  it('holds 34 GCM and 2 CCM vectors', () => {
    expect(all.filter((v) => v.mode === 'gcm').length).toBe(34);
    expect(all.filter((v) => v.mode === 'ccm').length).toBe(2);
  });

  for (const v of all.filter((x) => x.result === 'valid')) {
    it(`${v.id} (${v.mode}, ${v.iv_or_nonce.length / 2}-byte IV, ${v.tag.length / 2}-byte tag) seals and opens`, () => {
      const key = hexToBytes(v.key);
      const iv = hexToBytes(v.iv_or_nonce);
      const opts = { aad: hexToBytes(v.aad ?? ''), tagLength: v.tag.length / 2 };
      const sealed = sm4Encrypt(v.mode as 'gcm' | 'ccm', key, iv, hexToBytes(v.plaintext), opts);
      expect(bytesToHex(sealed)).toBe(v.ciphertext + v.tag);
      expect(bytesToHex(sm4Decrypt(v.mode as 'gcm' | 'ccm', key, iv, sealed, opts))).toBe(v.plaintext);
      if (v.mode === 'gcm') {
        // streaming, one byte at a time, tag given at the end
        const d = createSm4Decipher('gcm', key, iv, { aad: opts.aad });
        const pt: Uint8Array[] = [];
        for (const b of hexToBytes(v.ciphertext)) pt.push(d.update(Uint8Array.of(b)));
        d.setAuthTag!(hexToBytes(v.tag));
        pt.push(d.final());
        expect(bytesToHex(concatBytes(...pt))).toBe(v.plaintext);
      }
    });
  }

  it('rejects the zero-length-nonce GCM case (gmsm-gcm-30) for encryption and decryption', () => {
    const v = all.find((x) => x.id === 'gmsm-gcm-30')!;
    expect(v.result).toBe('invalid');
    expect(() => sm4Encrypt('gcm', hexToBytes(v.key), new Uint8Array(0), new Uint8Array(0))).toThrow(code('E_INVALID_ARGUMENT'));
    expect(() => sm4Decrypt('gcm', hexToBytes(v.key), new Uint8Array(0), hexToBytes(v.tag))).toThrow(code('E_INVALID_ARGUMENT'));
  });

  it('computes the standard CCM tag 16842d4f… for RFC 8998 A.2 and refuses the DISPUTED Bouncy Castle tag', () => {
    const v = all.find((x) => x.result === 'DISPUTED')!;
    expect(v.id).toBe('bc-rfc8998-ccm-tag-variant');
    const key = hexToBytes(v.key);
    const iv = hexToBytes(v.iv_or_nonce);
    const aad = hexToBytes(v.aad!);
    const sealed = sm4Encrypt('ccm', key, iv, hexToBytes(v.plaintext), { aad });
    expect(bytesToHex(sealed.subarray(-16))).toBe('16842d4fa186f56ab33256971fa110f4');
    expect(bytesToHex(sealed.subarray(0, -16))).toBe(v.ciphertext); // the ciphertext itself is agreed
    expect(() => sm4Decrypt('ccm', key, iv, hexToBytes(v.ciphertext + v.tag), { aad })).toThrow(code('E_AUTH_TAG_MISMATCH'));
  });
});

interface AeadTest {
  tcId: number;
  comment: string;
  flags: string[];
  key: string;
  iv: string;
  aad: string;
  msg: string;
  ct: string;
  tag: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface AeadFile {
  testGroups: { ivSize: number; tagSize: number; tests: AeadTest[] }[];
}

function runWycheproof(mode: 'gcm' | 'ccm', rel: string, expectedCounts: { valid: number; invalid: number }) {
  describe.skipIf(!hasVectors)(`Wycheproof ${rel}`, () => {
    const file = hasVectors ? readVectorJson<AeadFile>(rel) : { testGroups: [] };
    const tests = file.testGroups.flatMap((g) => g.tests.map((t) => ({ ...t, tagSize: g.tagSize })));

    it(`has ${expectedCounts.valid} valid, ${expectedCounts.invalid} invalid and no "acceptable" cases`, () => {
      expect(tests.filter((t) => t.result === 'valid').length).toBe(expectedCounts.valid);
      expect(tests.filter((t) => t.result === 'invalid').length).toBe(expectedCounts.invalid);
      expect(tests.filter((t) => t.result === 'acceptable').length).toBe(0);
    });

    it('seals every valid case to ct ‖ tag and opens it', () => {
      for (const t of tests.filter((x) => x.result === 'valid')) {
        const opts = { aad: hexToBytes(t.aad), tagLength: t.tagSize / 8 };
        const key = hexToBytes(t.key);
        const iv = hexToBytes(t.iv);
        expect(bytesToHex(sm4Encrypt(mode, key, iv, hexToBytes(t.msg), opts)), `tcId ${t.tcId}`).toBe(t.ct + t.tag);
        expect(bytesToHex(sm4Decrypt(mode, key, iv, hexToBytes(t.ct + t.tag), opts)), `tcId ${t.tcId}`).toBe(t.msg);
      }
    });

    it('refuses every invalid case: modified tags with E_AUTH_TAG_MISMATCH, bad parameters with E_INVALID_ARGUMENT', () => {
      for (const t of tests.filter((x) => x.result === 'invalid')) {
        const opts = { aad: hexToBytes(t.aad), tagLength: t.tagSize / 8 };
        const expected = t.flags.includes('ModifiedTag') ? 'E_AUTH_TAG_MISMATCH' : 'E_INVALID_ARGUMENT';
        expect(() => sm4Decrypt(mode, hexToBytes(t.key), hexToBytes(t.iv), hexToBytes(t.ct + t.tag), opts), `tcId ${t.tcId} ${t.flags.join(',')}`).toThrow(code(expected));
      }
    });
  });
}

runWycheproof('gcm', 'wycheproof/sm4_gcm_test.json', { valid: 75, invalid: 29 });
runWycheproof('ccm', 'wycheproof/sm4_ccm_test.json', { valid: 135, invalid: 49 });

describe('SM4-GCM API behaviour', () => {
  const key = rand(16);
  const iv = rand(12);

  it('accepts tags of 12..16 bytes and refuses shorter or longer ones', () => {
    const data = rand(33);
    for (const n of [12, 13, 14, 15, 16]) expect(bytesToHex(sm4Decrypt('gcm', key, iv, sm4Encrypt('gcm', key, iv, data, { tagLength: n }), { tagLength: n }))).toBe(bytesToHex(data));
    for (const n of [0, 4, 8, 11, 17]) expect(() => createSm4Cipher('gcm', key, iv, { tagLength: n })).toThrow(code('E_INVALID_ARGUMENT'));
    expect(() => createSm4Decipher('gcm', key, iv, { authTag: rand(8) })).toThrow(code('E_INVALID_ARGUMENT'));
  });

  it('a 12-byte tag is the first 12 bytes of the full tag', () => {
    const data = rand(40);
    expect(bytesToHex(sm4Encrypt('gcm', key, iv, data, { tagLength: 12 }))).toBe(bytesToHex(sm4Encrypt('gcm', key, iv, data).subarray(0, 40 + 12)));
  });

  it('getAuthTag() is only available after final(), and final() without a tag is refused on decryption', () => {
    const c = createSm4Cipher('gcm', key, iv);
    expect(() => c.getAuthTag!()).toThrow(code('E_INVALID_ARGUMENT'));
    c.update(rand(5));
    c.final();
    expect(c.getAuthTag!().length).toBe(16);
    const d = createSm4Decipher('gcm', key, iv);
    d.update(rand(5));
    expect(() => d.final()).toThrow(code('E_INVALID_ARGUMENT'));
  });

  it('streams 1 MiB + 5 bytes in 1 MiB, 64 KiB, 17-byte and 1-byte-then-rest chunks to the one-shot result', () => {
    const data = new Uint8Array((1 << 20) + 5);
    for (let o = 0; o < data.length; o += 65536) crypto.getRandomValues(data.subarray(o, Math.min(data.length, o + 65536)));
    const aad = rand(20);
    const sealed = sm4Encrypt('gcm', key, iv, data, { aad });
    for (const cuts of [[1 << 20], [65536], [17], [1, 1 << 21]]) {
      const c = createSm4Cipher('gcm', key, iv, { aad });
      const ct = stream(c, data, cuts);
      expect(bytesToHex(concatBytes(ct, c.getAuthTag!())) === bytesToHex(sealed), `cuts ${cuts}`).toBe(true);
    }
    expect(sm4Decrypt('gcm', key, iv, sealed, { aad }).length).toBe(data.length);
  });

  it('one-shot decryption of input shorter than the tag fails with E_TRUNCATED', () => {
    expect(() => sm4Decrypt('gcm', key, iv, rand(15))).toThrow(code('E_TRUNCATED'));
    expect(() => sm4Decrypt('ccm', key, iv, rand(15))).toThrow(code('E_TRUNCATED'));
  });
});

describe('SM4-GCM/CCM properties (fast-check)', () => {
  const arbKey = fc.uint8Array({ minLength: 16, maxLength: 16 });
  const arbIv = fc.oneof(fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.uint8Array({ minLength: 1, maxLength: 64 }));
  const arbCuts = fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 });

  it('gcm: streaming round trip for random keys, IVs (any length ≥ 1), AAD, lengths and chunkings', () => {
    fc.assert(
      fc.property(arbKey, arbIv, fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 300 }), arbCuts, arbCuts, (key, iv, aad, data, c1, c2) => {
        const enc = createSm4Cipher('gcm', key, iv, { aad });
        const ct = stream(enc, data, c1);
        const tag = enc.getAuthTag!();
        expect(bytesToHex(concatBytes(ct, tag))).toBe(bytesToHex(sm4Encrypt('gcm', key, iv, data, { aad })));
        expect(bytesToHex(stream(createSm4Decipher('gcm', key, iv, { aad, authTag: tag }), ct, c2))).toBe(bytesToHex(data));
      }),
      { numRuns: 150 },
    );
  });

  it('gcm: any flipped bit in ciphertext, tag or AAD fails with E_AUTH_TAG_MISMATCH', () => {
    fc.assert(
      fc.property(arbKey, arbIv, fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.uint8Array({ maxLength: 100 }), fc.nat(), fc.integer({ min: 0, max: 7 }), (key, iv, aad, data, pos, bit) => {
        const sealed = sm4Encrypt('gcm', key, iv, data, { aad });
        const where = pos % (sealed.length + aad.length);
        const s2 = sealed.slice();
        const a2 = aad.slice();
        if (where < sealed.length) s2[where] ^= 1 << bit;
        else a2[where - sealed.length] ^= 1 << bit;
        expect(() => sm4Decrypt('gcm', key, iv, s2, { aad: a2 })).toThrow(code('E_AUTH_TAG_MISMATCH'));
      }),
      { numRuns: 300 },
    );
  });

  it('ccm: round trip and any flipped bit refused, for random nonces (7..13 bytes) and tag lengths', () => {
    fc.assert(
      fc.property(
        arbKey,
        fc.uint8Array({ minLength: 7, maxLength: 13 }),
        fc.constantFrom(4, 6, 8, 10, 12, 14, 16),
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 100 }),
        fc.nat(),
        (key, nonce, tagLength, aad, data, pos) => {
          const sealed = sm4Encrypt('ccm', key, nonce, data, { aad, tagLength });
          expect(sealed.length).toBe(data.length + tagLength);
          expect(bytesToHex(sm4Decrypt('ccm', key, nonce, sealed, { aad, tagLength }))).toBe(bytesToHex(data));
          const s2 = sealed.slice();
          s2[pos % s2.length] ^= 1 << pos % 8;
          expect(() => sm4Decrypt('ccm', key, nonce, s2, { aad, tagLength })).toThrow(code('E_AUTH_TAG_MISMATCH'));
        },
      ),
      { numRuns: 150 },
    );
  });
});
