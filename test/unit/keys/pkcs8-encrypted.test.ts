// Encrypted PKCS#8 (EncryptedPrivateKeyInfo): openHiTLS vectors (SM4-encrypted RSA key, SM2 keys), every
// `openssl pkcs8 -topk8` scheme this OpenSSL writes (PBES2 AES/SM4/3DES/RC2 with SHA-1/SHA-256/SHA-512 PRFs,
// PBES1, PKCS#12 PBE) opened to the same key, our PBES2 exports read back by OpenSSL, and the password errors.
import { describe, expect, it } from 'vitest';
import { createCipheriv, getCiphers, getHashes, pbkdf2Sync, randomBytes } from 'node:crypto';
import { integer as INT, octets as OCT, oid as OID, seq as SEQ } from '../../../shared/asn1';
import { parsePrivateKey } from '../../../shared/crypto/keys';
import { decryptPrivateKeyInfo, describeEncryptedPrivateKeyInfo, encryptPrivateKeyInfo } from '../../../shared/keystore/pkcs8-encrypted';
import { privateKeyFingerprint } from '../../../shared/keystore/software-carrier';
import { hasOpenssl, hasVectors, openssl, readVector } from '../../helpers/vectors';
import { expectCode, hasLegacyProvider, useFixtures, PASSWORD, write, type KeyName } from './fixtures';

const pemToDer = (pem: string): Uint8Array => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
const fp = (der: Uint8Array | string): string => privateKeyFingerprint(parsePrivateKey(der));

describe.skipIf(!hasVectors)('openHiTLS encrypted PKCS#8 vectors', () => {
  const dir = 'gm-x509-cms/openhitls/cert/';

  it('decrypts the SM4-CBC encrypted RSA-2048 key (PBES2, PBKDF2-HMAC-SHA1, password "1234") to a valid RSA key', async () => {
    // the password is not documented next to the file; "1234" was found by trial and OpenSSL agrees (see below)
    const der = pemToDer(readVector(dir + 'rsa2048key_pkcs8_sm4enc.pem').toString('utf8'));
    expect(describeEncryptedPrivateKeyInfo(der)).toBe('PBES2(PBKDF2-HMAC-SHA-1, SM4-CBC)');
    const pkcs8 = await decryptPrivateKeyInfo(der, '1234');
    const key = parsePrivateKey(pkcs8);
    expect(key.kind).toBe('rsa');
    if (hasOpenssl) {
      const ref = openssl(['pkey', '-passin', 'pass:1234', '-outform', 'DER'], readVector(dir + 'rsa2048key_pkcs8_sm4enc.pem'));
      expect(fp(pkcs8)).toBe(fp(new Uint8Array(ref)));
    }
  });

  it('reports a wrong password for the SM4 file as E_WRONG_PASSWORD and a missing one as E_PASSWORD_REQUIRED', async () => {
    const der = pemToDer(readVector(dir + 'rsa2048key_pkcs8_sm4enc.pem').toString('utf8'));
    await expectCode(decryptPrivateKeyInfo(der, 'not-the-password'), 'E_WRONG_PASSWORD', 'not-the-password');
    await expectCode(decryptPrivateKeyInfo(der, undefined), 'E_PASSWORD_REQUIRED');
  });

  it('parses the encrypted SM2 key structure (PBES2 AES-256-CBC, HMAC-SHA256); its password is undocumented, so a guess fails cleanly', async () => {
    const der = new Uint8Array(readVector(dir + 'sm2_p8_encrypted.der'));
    expect(describeEncryptedPrivateKeyInfo(der)).toBe('PBES2(PBKDF2-HMAC-SHA-256, AES-256-CBC)');
    await expectCode(decryptPrivateKeyInfo(der, '123456'), 'E_WRONG_PASSWORD', '123456');
  });

  it('reads the unencrypted SM2 PKCS#8 vectors; sm2_pkcs8.der and the SEC1 sm2_pkcs1.der hold the same key', () => {
    expect(parsePrivateKey(new Uint8Array(readVector(dir + 'sm2_p8_unencrypted.der'))).kind).toBe('sm2');
    const a = fp(new Uint8Array(readVector(dir + 'sm2_pkcs8/sm2_pkcs8.der')));
    const b = fp(new Uint8Array(readVector(dir + 'sm2_pkcs8/sm2_pkcs1.der')));
    expect(a).toBe(b);
    expect(a.startsWith('sm2:04')).toBe(true);
  });
});

describe.skipIf(!hasOpenssl)('encrypted PKCS#8 written by OpenSSL 3', () => {
  const fx = useFixtures('bidseal-p8-');
  const legacy = hasOpenssl && hasLegacyProvider();

  const schemes: { name: string; args: string[]; needsLegacy?: boolean; desc: string }[] = [
    { name: 'PBES2 AES-256-CBC (OpenSSL 3 default)', args: ['-v2', 'aes-256-cbc'], desc: 'PBES2(PBKDF2-HMAC-SHA-256, AES-256-CBC)' },
    { name: 'PBES2 AES-128-CBC, PRF HMAC-SHA512', args: ['-v2', 'aes-128-cbc', '-v2prf', 'hmacWithSHA512'], desc: 'PBES2(PBKDF2-HMAC-SHA-512, AES-128-CBC)' },
    { name: 'PBES2 AES-192-CBC, PRF HMAC-SHA1', args: ['-v2', 'aes-192-cbc', '-v2prf', 'hmacWithSHA1'], desc: 'PBES2(PBKDF2-HMAC-SHA-1, AES-192-CBC)' },
    { name: 'PBES2 SM4-CBC', args: ['-v2', 'sm4-cbc'], desc: 'PBES2(PBKDF2-HMAC-SHA-256, SM4-CBC)' },
    { name: 'PBES2 3DES-CBC', args: ['-v2', 'des3'], desc: 'PBES2(PBKDF2-HMAC-SHA-256, 3DES-CBC)' },
    { name: 'PKCS#12 PBE-SHA1-3DES', args: ['-v1', 'PBE-SHA1-3DES'], desc: 'pbeWithSHAAnd3-KeyTripleDES-CBC' },
    { name: 'PKCS#12 PBE-SHA1-2DES', args: ['-v1', 'PBE-SHA1-2DES'], desc: 'pbeWithSHAAnd2-KeyTripleDES-CBC' },
    { name: 'PBES2 RC2-CBC', args: ['-v2', 'rc2-cbc'], needsLegacy: true, desc: 'PBES2(PBKDF2-HMAC-SHA-256, RC2-CBC)' },
    { name: 'PKCS#12 PBE-SHA1-RC2-40', args: ['-v1', 'PBE-SHA1-RC2-40'], needsLegacy: true, desc: 'pbeWithSHAAnd40BitRC2-CBC' },
    { name: 'PKCS#12 PBE-SHA1-RC2-128', args: ['-v1', 'PBE-SHA1-RC2-128'], needsLegacy: true, desc: 'pbeWithSHAAnd128BitRC2-CBC' },
    { name: 'PKCS#12 PBE-SHA1-RC4-128', args: ['-v1', 'PBE-SHA1-RC4-128'], needsLegacy: true, desc: 'pbeWithSHAAnd128BitRC4' },
    { name: 'PBES1 PBE-MD5-DES', args: ['-v1', 'PBE-MD5-DES'], needsLegacy: true, desc: 'pbeWithMD5AndDES-CBC' },
    { name: 'PBES1 PBE-SHA1-DES', args: ['-v1', 'PBE-SHA1-DES'], needsLegacy: true, desc: 'pbeWithSHA1AndDES-CBC' },
  ];
  const keys: KeyName[] = ['rsa', 'ec256', 'sm2'];

  for (const s of schemes) {
    it.skipIf(s.needsLegacy && !legacy)(`opens ${s.name} for RSA, EC and SM2 keys to the same key (non-ASCII password)`, async () => {
      for (const k of keys) {
        const prov = s.needsLegacy ? ['-provider', 'legacy', '-provider', 'default'] : [];
        const der = openssl(['pkcs8', '-topk8', '-in', fx.key(k), ...s.args, ...prov, '-passout', `pass:${PASSWORD}`, '-outform', 'DER']);
        const enc = new Uint8Array(der);
        expect(describeEncryptedPrivateKeyInfo(enc)).toBe(s.desc);
        const pkcs8 = await decryptPrivateKeyInfo(enc, PASSWORD);
        expect(fp(pkcs8)).toBe(fp(fx.read(`${k}.key`)));
        await expectCode(decryptPrivateKeyInfo(enc, PASSWORD + 'x'), 'E_WRONG_PASSWORD', PASSWORD);
      }
    });
  }

  it('OpenSSL reads back our PBES2 exports (AES-256-CBC + HMAC-SHA256 default, SM4-CBC + HMAC-SHA256, AES-128)', async () => {
    for (const k of keys) {
      const plain = openssl(['pkcs8', '-topk8', '-nocrypt', '-in', fx.key(k), '-outform', 'DER']);
      for (const opts of [{}, { cipher: 'sm4-cbc' as const }, { cipher: 'aes-128-cbc' as const, prf: 'sha512' as const, iterations: 2048 }]) {
        const enc = await encryptPrivateKeyInfo(new Uint8Array(plain), PASSWORD, opts);
        const back = openssl(['pkey', '-inform', 'DER', '-in', write(fx.f('ours.der'), enc), '-passin', `pass:${PASSWORD}`, '-outform', 'DER']);
        expect(fp(new Uint8Array(back))).toBe(fp(new Uint8Array(plain)));
        expect(Buffer.from(await decryptPrivateKeyInfo(enc, PASSWORD)).equals(plain)).toBe(true);
      }
    }
  });

  it('our PBES2 export with HMAC-SM3 (GmSSL OID) round-trips (OpenSSL 3.0 has no hmacWithSM3 PRF to cross-check)', async () => {
    const plain = openssl(['pkcs8', '-topk8', '-nocrypt', '-in', fx.key('sm2'), '-outform', 'DER']);
    const enc = await encryptPrivateKeyInfo(new Uint8Array(plain), PASSWORD, { prf: 'sm3', cipher: 'sm4-cbc', iterations: 1000 });
    expect(describeEncryptedPrivateKeyInfo(enc)).toBe('PBES2(PBKDF2-HMAC-SM3, SM4-CBC)');
    expect(Buffer.from(await decryptPrivateKeyInfo(enc, PASSWORD)).equals(plain)).toBe(true);
    await expectCode(decryptPrivateKeyInfo(enc, 'nope'), 'E_WRONG_PASSWORD');
  });

  it.skipIf(!getHashes().includes('sm3') || !getCiphers().includes('sm4-cbc'))(
    'opens PBKDF2-HMAC-SM3 + SM4-CBC keys built with node:crypto, under the GmSSL and GM/T 0091 OIDs',
    async () => {
      const plain = new Uint8Array(openssl(['pkcs8', '-topk8', '-nocrypt', '-in', fx.key('sm2'), '-outform', 'DER']));
      for (const [pbes, pbkdf, prf] of [
        ['1.2.840.113549.1.5.13', '1.2.840.113549.1.5.12', '1.2.156.10197.1.401.2'],
        ['1.2.156.10197.6.1.4.1.5.2', '1.2.156.10197.6.1.4.1.5.1', '1.2.156.10197.1.401.3.1'],
      ]) {
        const salt = randomBytes(16);
        const iv = randomBytes(16);
        const key = pbkdf2Sync(Buffer.from(PASSWORD, 'utf8'), salt, 1000, 16, 'sm3');
        const c = createCipheriv('sm4-cbc', key, iv);
        const ct = Buffer.concat([c.update(plain), c.final()]);
        const der = SEQ(SEQ(OID(pbes), SEQ(SEQ(OID(pbkdf), SEQ(OCT(salt), INT(1000), SEQ(OID(prf)))), SEQ(OID('1.2.156.10197.1.104.2'), OCT(iv)))), OCT(ct));
        expect(describeEncryptedPrivateKeyInfo(der)).toBe('PBES2(PBKDF2-HMAC-SM3, SM4-CBC)');
        expect(Buffer.from(await decryptPrivateKeyInfo(der, PASSWORD)).equals(Buffer.from(plain))).toBe(true);
        await expectCode(decryptPrivateKeyInfo(der, 'x' + PASSWORD), 'E_WRONG_PASSWORD', PASSWORD);
      }
    },
  );

  it('an empty password is a password (E_WRONG_PASSWORD, not E_PASSWORD_REQUIRED) when it is wrong', async () => {
    const der = new Uint8Array(openssl(['pkcs8', '-topk8', '-in', fx.key('ec256'), '-passout', `pass:${PASSWORD}`, '-outform', 'DER']));
    await expectCode(decryptPrivateKeyInfo(der, ''), 'E_WRONG_PASSWORD');
    await expectCode(decryptPrivateKeyInfo(der, undefined), 'E_PASSWORD_REQUIRED');
  });
});
