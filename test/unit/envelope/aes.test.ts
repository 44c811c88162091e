// AES (FIPS 197), AES key wrap (RFC 3394) and the streaming AES-CBC/GCM content ciphers, against published
// vectors, WebCrypto and `openssl enc`.
import { describe, expect, it } from 'vitest';
import { Aes } from '../../../shared/crypto/aes';
import { aesKeyUnwrap, aesKeyWrap } from '../../../shared/crypto/aes-kw';
import { CbcEncrypt, CbcDecrypt } from '../../../shared/crypto/block-modes';
import { GcmEncrypt } from '../../../shared/crypto/gcm';
import { codeOf } from '../../helpers/errors';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { pseudoRandom } from './fixtures';

const h = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const x = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('AES block cipher (FIPS 197)', () => {
  // FIPS 197 Appendix C.1–C.3
  const PT = '00112233445566778899aabbccddeeff';
  it.each([
    ['AES-128', '000102030405060708090a0b0c0d0e0f', '69c4e0d86a7b0430d8cdb78070b4c55a'],
    ['AES-192', '000102030405060708090a0b0c0d0e0f1011121314151617', 'dda97ca4864cdfe06eaf70a0ec0d7191'],
    ['AES-256', '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', '8ea2b7ca516745bfeafc49904b496089'],
  ])('%s matches the FIPS 197 Appendix C example both ways', (_n, key, ct) => {
    const a = new Aes(h(key));
    expect(x(a.encryptBlock(h(PT)))).toBe(ct);
    expect(x(a.decryptBlock(h(ct)))).toBe(PT);
  });

  it('FIPS 197 Appendix B (AES-128 cipher example)', () => {
    expect(x(new Aes(h('2b7e151628aed2a6abf7158809cf4f3c')).encryptBlock(h('3243f6a8885a308d313198a2e0370734')))).toBe('3925841d02dc09fbdc118597196a0b32');
  });

  it('rejects keys of other lengths with E_INVALID_KEY', () => {
    expect(codeOf(() => new Aes(new Uint8Array(20)))).toBe('E_INVALID_KEY');
  });

  it('streaming AES-256-CBC equals WebCrypto for many lengths and chunkings', async () => {
    const key = pseudoRandom(32, 3);
    const iv = pseudoRandom(16, 4);
    for (const len of [0, 1, 15, 16, 17, 31, 32, 33, 1000, 4099]) {
      const data = pseudoRandom(len, len + 9);
      const ck = await crypto.subtle.importKey('raw', key, 'AES-CBC', false, ['encrypt']);
      const ref = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, ck, data));
      const enc = new CbcEncrypt(new Aes(key), iv, true);
      const parts: Uint8Array[] = [];
      for (let o = 0; o < len; o += 7) parts.push(enc.update(data.subarray(o, o + 7)));
      parts.push(enc.final());
      const ours = Buffer.concat(parts);
      expect(x(ours)).toBe(x(ref));
      const dec = new CbcDecrypt(new Aes(key), iv, true);
      expect(x(Buffer.concat([dec.update(ours), dec.final()]))).toBe(x(data));
    }
  });

  it('streaming AES-256-GCM equals WebCrypto (ciphertext and tag)', async () => {
    const key = pseudoRandom(32, 5);
    const iv = pseudoRandom(12, 6);
    for (const len of [0, 1, 16, 100, 4097]) {
      const data = pseudoRandom(len, len + 1);
      const ck = await crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
      const ref = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 128 }, ck, data));
      const g = new GcmEncrypt(new Aes(key), iv);
      const ours = Buffer.concat([g.update(data), g.final(), g.getAuthTag()]);
      expect(x(ours)).toBe(x(ref));
    }
  });

  it.skipIf(!hasOpenssl)('AES-256-CBC output decrypts with `openssl enc -d -aes-256-cbc`', () => {
    const key = pseudoRandom(32, 11);
    const iv = pseudoRandom(16, 12);
    const data = pseudoRandom(100_003, 13);
    const enc = new CbcEncrypt(new Aes(key), iv, true);
    const ct = Buffer.concat([enc.update(data), enc.final()]);
    const back = openssl(['enc', '-d', '-aes-256-cbc', '-K', x(key), '-iv', x(iv)], ct);
    expect(Buffer.compare(back, Buffer.from(data))).toBe(0);
    const fromOssl = openssl(['enc', '-aes-256-cbc', '-K', x(key), '-iv', x(iv)], data);
    expect(x(fromOssl)).toBe(x(ct));
  });
});

describe('AES key wrap (RFC 3394 §4)', () => {
  const KEK = '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F';
  it.each([
    ['4.1 128-bit key, 128-bit KEK', KEK.slice(0, 32), '00112233445566778899AABBCCDDEEFF', '1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5'],
    ['4.2 128-bit key, 192-bit KEK', KEK.slice(0, 48), '00112233445566778899AABBCCDDEEFF', '96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D'],
    ['4.3 128-bit key, 256-bit KEK', KEK, '00112233445566778899AABBCCDDEEFF', '64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7'],
    ['4.4 192-bit key, 192-bit KEK', KEK.slice(0, 48), '00112233445566778899AABBCCDDEEFF0001020304050607', '031D33264E15D33268F24EC260743EDCE1C6C7DDEE725A936BA814915C6762D2'],
    ['4.6 256-bit key, 256-bit KEK', KEK, '00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F', '28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21'],
  ])('%s', (_n, kek, key, wrapped) => {
    expect(x(aesKeyWrap(h(kek), h(key))).toUpperCase()).toBe(wrapped);
    expect(x(aesKeyUnwrap(h(kek), h(wrapped))).toUpperCase()).toBe(key);
  });

  it('detects a wrong KEK or a flipped bit with E_DECRYPT_FAILED', () => {
    const w = aesKeyWrap(h(KEK), h('00112233445566778899AABBCCDDEEFF'));
    expect(codeOf(() => aesKeyUnwrap(h(KEK.replace(/^00/, '01')), w))).toBe('E_DECRYPT_FAILED');
    for (let bit = 0; bit < w.length * 8; bit += 13) {
      const t = w.slice();
      t[bit >> 3] ^= 1 << (bit & 7);
      expect(codeOf(() => aesKeyUnwrap(h(KEK), t))).toBe('E_DECRYPT_FAILED');
    }
  });

  it('agrees with WebCrypto AES-KW', async () => {
    const kek = pseudoRandom(32, 21);
    const key = pseudoRandom(16, 22);
    const wk = await crypto.subtle.importKey('raw', kek, 'AES-KW', false, ['wrapKey']);
    const k = await crypto.subtle.importKey('raw', key, 'AES-CBC', true, ['encrypt']);
    const ref = new Uint8Array(await crypto.subtle.wrapKey('raw', k, wk, 'AES-KW'));
    expect(x(aesKeyWrap(kek, key))).toBe(x(ref));
  });
});
