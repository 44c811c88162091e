// The hand-written legacy ciphers (DES/3DES, RC2, RC4) against published answers (FIPS 46 worked example,
// RFC 2268 §5 vectors) and against OpenSSL's `enc` on random data.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { cbcDecryptRaw, cbcEncrypt, des, desEde3 } from '../../../shared/keystore/des';
import { rc2, rc4 } from '../../../shared/keystore/rc2';
import { unpad } from '../../../shared/keystore/pbe';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { expectCode, hasLegacyProvider } from './fixtures';

const h = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('DES / Triple-DES', () => {
  it('matches the classic DES worked example (key 133457799BBCDFF1)', () => {
    const c = des(h('133457799BBCDFF1'));
    expect(hex(c.encryptBlock(h('0123456789ABCDEF')))).toBe('85e813540f0ab405');
    expect(hex(c.decryptBlock(h('85e813540f0ab405')))).toBe('0123456789abcdef');
  });

  it('3DES-EDE with K1=K2=K3 equals single DES', () => {
    const k = h('0123456789abcdef');
    const p = h('4e6f772069732074');
    expect(hex(desEde3(new Uint8Array([...k, ...k, ...k])).encryptBlock(p))).toBe(hex(des(k).encryptBlock(p)));
  });

  it.skipIf(!hasOpenssl)('decrypts what `openssl enc -des-ede3-cbc` wrote, and encrypts identically', () => {
    for (let i = 0; i < 4; i++) {
      const key = randomBytes(24);
      const iv = randomBytes(8);
      const pt = randomBytes(1 + i * 50);
      const ct = openssl(['enc', '-des-ede3-cbc', '-K', hex(key), '-iv', hex(iv)], pt);
      expect(hex(unpad(cbcDecryptRaw(desEde3(key), iv, new Uint8Array(ct)), 8))).toBe(hex(pt));
      expect(hex(cbcEncrypt(desEde3(key), iv, pt))).toBe(ct.toString('hex'));
    }
  });
});

describe('RC2 (RFC 2268)', () => {
  const vectors: [string, number, string, string][] = [
    ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
    ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
    ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
    ['88', 64, '0000000000000000', '61a8a244adacccf0'],
    ['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
    ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
    ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
    ['88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e', 129, '0000000000000000', '5b78d3a43dfff1f1'],
  ];
  it.each(vectors)('key %s, %i effective bits: encrypts and decrypts the RFC vector', (k, bits, p, c) => {
    const r = rc2(h(k), bits);
    expect(hex(r.encryptBlock(h(p)))).toBe(c);
    expect(hex(r.decryptBlock(h(c)))).toBe(p);
  });

  it.skipIf(!hasOpenssl || !hasLegacyProvider())('decrypts what `openssl enc -rc2-40-cbc / -rc2-cbc / -rc2-64-cbc` wrote', () => {
    for (const [name, klen, bits] of [['rc2-40-cbc', 5, 40], ['rc2-cbc', 16, 128], ['rc2-64-cbc', 8, 64]] as const) {
      const key = randomBytes(klen);
      const iv = randomBytes(8);
      const pt = randomBytes(77);
      const ct = openssl(['enc', `-${name}`, '-provider', 'legacy', '-provider', 'default', '-K', hex(key), '-iv', hex(iv)], pt);
      expect(hex(unpad(cbcDecryptRaw(rc2(key, bits), iv, new Uint8Array(ct)), 8))).toBe(hex(pt));
    }
  });
});

describe('RC4', () => {
  it('matches the well-known "Key"/"Plaintext" example', () => {
    expect(hex(rc4(new TextEncoder().encode('Key'), new TextEncoder().encode('Plaintext')))).toBe('bbf316e8d940af0ad3');
  });
});

describe('CBC padding', () => {
  it('a bad PKCS#7 pad is reported as E_WRONG_PASSWORD (the usual cause after password-based decryption)', async () => {
    await expectCode(() => unpad(h('0102030405060700'), 8), 'E_WRONG_PASSWORD');
    await expectCode(() => unpad(h('0102030405060709'), 8), 'E_WRONG_PASSWORD');
    expect(hex(unpad(h('0102030405060202'), 8))).toBe('010203040506');
  });
  it('a ciphertext that is not whole blocks is E_BAD_ENCODING', async () => {
    await expectCode(() => cbcDecryptRaw(des(new Uint8Array(8)), new Uint8Array(8), new Uint8Array(7)), 'E_BAD_ENCODING');
  });
});
