// SM3 against every digest in ../shared/vectors/sm3/sm3_vectors.json and the openHiTLS table,
// the streaming API at awkward chunk sizes, and OpenSSL's `dgst -sm3` on random inputs.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { sm3 } from '../../../shared/crypto/sm3';
import { hasOpenssl, hasVectors, openssl, readVectorJson, vectorPath } from '../../helpers/vectors';

interface Sm3Vector {
  id: string;
  message_hex?: string;
  message_ascii?: string;
  repeat?: number;
  message_pattern?: string;
  digest_hex: string;
}

function message(v: Sm3Vector): Uint8Array {
  if (v.message_hex !== undefined) return hexToBytes(v.message_hex);
  if (v.message_pattern !== undefined) {
    // the only pattern in the file: "65536 bytes, byte[i] = i mod 256"
    expect(v.message_pattern).toMatch(/^65536 bytes, byte\[i\] = i mod 256/);
    return Uint8Array.from({ length: 65536 }, (_, i) => i & 255);
  }
  const unit = utf8ToBytes(v.message_ascii ?? '');
  const n = v.repeat ?? 1;
  const out = new Uint8Array(unit.length * n);
  for (let i = 0; i < n; i++) out.set(unit, i * unit.length);
  return out;
}

describe('SM3 standard examples (stated in GB/T 32905-2016 Appendix A)', () => {
  it('hashes "abc" to 66c7f0f4…', () => {
    expect(bytesToHex(sm3(utf8ToBytes('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
  it('hashes "abcd" × 16 to debe9ff9…', () => {
    expect(bytesToHex(sm3(utf8ToBytes('abcd'.repeat(16))))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });
});

describe.skipIf(!hasVectors)('SM3 third-party vectors', () => {
  const file = hasVectors ? readVectorJson<{ vectors: Sm3Vector[] }>('sm3/sm3_vectors.json') : { vectors: [] };

  it('the file holds the 81 published vectors', () => {
    expect(file.vectors.length).toBe(81);
  });

  for (const v of file.vectors) {
    it(`matches ${v.id} one-shot and streamed in 1/63/64/65-byte chunks`, () => {
      const m = message(v);
      expect(bytesToHex(sm3(m))).toBe(v.digest_hex.toLowerCase());
      if (m.length > 200_000) return; // 10^6 × "a": one-shot is enough
      for (const step of [1, 63, 64, 65]) {
        const h = sm3.create();
        for (let o = 0; o < m.length; o += step) h.update(m.subarray(o, o + step));
        expect(bytesToHex(h.digest())).toBe(v.digest_hex.toLowerCase());
      }
    });
  }

  it('matches the openHiTLS SM3 test table (single and multi-update cases)', () => {
    const text = readFileSync(vectorPath('sm3/raw-openhitls/test_suite_sdv_eal_sm3.data'), 'utf8');
    let checked = 0;
    for (const line of text.split('\n')) {
      const m = /^SDV_CRYPT_EAL_SM3_FUNC_TC00[23]:(.*)$/.exec(line.trim());
      if (!m) continue;
      const fields = [...m[1].matchAll(/"([0-9A-Fa-f]*)"/g)].map((x) => x[1]);
      if (fields.length < 2) continue;
      const digest = fields.pop()!.toLowerCase();
      const h = sm3.create();
      for (const part of fields) h.update(hexToBytes(part));
      expect(bytesToHex(h.digest())).toBe(digest);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});

describe('SM3 streaming API', () => {
  it('gives the same digest for any chunking of the input (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.array(fc.integer({ min: 1, max: 130 }), { minLength: 1, maxLength: 20 }), (data, cuts) => {
        const h = sm3.create();
        let o = 0;
        for (let i = 0; o < data.length; i++) {
          const n = cuts[i % cuts.length];
          h.update(data.subarray(o, o + n));
          o += n;
        }
        expect(bytesToHex(h.digest())).toBe(bytesToHex(sm3(data)));
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same digest as OpenSSL when large chunks start at odd offsets (the WASM path after a partial block)', async () => {
    const { createHash } = await import('node:crypto');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 5000 }), fc.array(fc.integer({ min: 1, max: 1500 }), { minLength: 1, maxLength: 8 }), (data, cuts) => {
        const h = sm3.create();
        for (let i = 0, o = 0; o < data.length; i++) h.update(data.subarray(o, (o += cuts[i % cuts.length])));
        expect(bytesToHex(h.digest())).toBe(createHash('sm3').update(data).digest('hex'));
      }),
      { numRuns: 200 },
    );
  });

  it('clones an unfinished state so a common prefix is hashed once', () => {
    const base = sm3.create().update(utf8ToBytes('ab'));
    expect(bytesToHex(base.clone().update(utf8ToBytes('c')).digest())).toBe(bytesToHex(sm3(utf8ToBytes('abc'))));
    expect(bytesToHex(base.digest())).toBe(bytesToHex(sm3(utf8ToBytes('ab'))));
  });
});

describe.skipIf(!hasOpenssl)('SM3 agrees with `openssl dgst -sm3`', () => {
  it('on random inputs of lengths around block and padding boundaries', () => {
    const lengths = [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 4095, 65537, 1 << 20];
    for (const n of lengths) {
      const data = new Uint8Array(n);
      for (let o = 0; o < n; o += 65536) crypto.getRandomValues(data.subarray(o, Math.min(n, o + 65536)));
      expect(bytesToHex(sm3(data)), `length ${n}`).toBe(openssl(['dgst', '-sm3', '-binary'], data).toString('hex'));
    }
  });
});
