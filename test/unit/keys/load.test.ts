// openSoftwareKeystore: format detection (PFX DER / PEM / base64, PEM bundles with plain, PKCS#8-encrypted and
// traditional OpenSSL-encrypted keys, bare PKCS#8 / EncryptedPrivateKeyInfo / SEC1 / PKCS#1 DER), pairing of keys
// with certificates (SM2 dual certificates, chains), the password contract, and fuzzing: random bytes, truncations
// and bit flips never escape as anything but typed BidSealErrors, and the password never appears in an error.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { isBidSealError } from '../../../shared/errors';
import { parseCertificate } from '../../../shared/pki/certificate';
import { openSoftwareKeystore } from '../../../shared/keystore/load';
import { hasOpenssl, hasVectors, openssl, readVector } from '../../helpers/vectors';
import { expectCode, useFixtures, PASSWORD, write, type KeyName } from './fixtures';

describe.skipIf(!hasOpenssl)('openSoftwareKeystore', () => {
  const fx = useFixtures('bidseal-load-');
  let p12Default: Uint8Array;
  let p8Encrypted: Uint8Array;
  const utf8 = (name: string): string => new TextDecoder().decode(fx.read(name));

  beforeAll(() => {
    const f = fx.f;
    // an SM2 CA issuing a signing and an encryption certificate (GM dual-certificate style)
    openssl(['genpkey', '-algorithm', 'SM2', '-out', f('ca.key')]);
    openssl(['req', '-new', '-x509', '-utf8', '-key', f('ca.key'), '-subj', '/CN=Test SM2 CA', '-days', '30', '-sm3', '-sigopt', 'distid:1234567812345678', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', f('ca.crt')]);
    for (const [name, ku] of [
      ['sign', 'digitalSignature,nonRepudiation'],
      ['enc', 'keyEncipherment,dataEncipherment'],
    ]) {
      openssl(['genpkey', '-algorithm', 'SM2', '-out', f(`${name}.key`)]);
      openssl(['req', '-new', '-utf8', '-key', f(`${name}.key`), '-subj', `/CN=张三 ${name}`, '-sm3', '-sigopt', 'distid:1234567812345678', '-out', f(`${name}.csr`)]);
      write(f(`${name}.ext`), `keyUsage=critical,${ku}\nbasicConstraints=CA:FALSE\n`);
      openssl(['x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '30', '-sm3', '-sigopt', 'distid:1234567812345678', '-vfyopt', 'distid:1234567812345678', '-extfile', f(`${name}.ext`), '-out', f(`${name}.crt`)]);
    }
    p12Default = new Uint8Array(openssl(['pkcs12', '-export', '-inkey', fx.key('rsa'), '-in', fx.cert('rsa'), '-name', 'RSA 投标', '-passout', `pass:${PASSWORD}`]));
    p8Encrypted = new Uint8Array(openssl(['pkcs8', '-topk8', '-in', fx.key('ec256'), '-passout', `pass:${PASSWORD}`, '-outform', 'DER']));
  });

  it('opens an OpenSSL PFX into one entry with signer and decrypter, labelled by friendlyName', async () => {
    const ks = await openSoftwareKeystore(p12Default, PASSWORD, { location: 'rsa.p12' });
    expect(ks.format).toBe('pkcs12');
    expect(ks.entries).toHaveLength(1);
    const e = ks.entries[0];
    expect(e.label).toBe('RSA 投标');
    expect(e.keyKind).toBe('rsa');
    expect(e.signer?.algorithms).toContain('rsa-pkcs1-sha256');
    expect(e.decrypter?.algorithms).toContain('rsa-oaep-sha256');
    expect(e.info).toEqual({ kind: 'software', location: 'rsa.p12', label: 'RSA 投标' });
    expect(ks.protection).toEqual(['MAC HMAC-SHA-256', 'PBES2(PBKDF2-HMAC-SHA-256, AES-256-CBC)']);
    expect(Buffer.from(e.certificateDer).equals(Buffer.from(parseCertificate(fx.read('rsa.crt')).der))).toBe(true);
    const sig = await e.signer!.signDigest(sha256(new Uint8Array([1, 2, 3])), 'rsa-pkcs1-sha256');
    expect(sig.length).toBe(256);
    ks.close();
    await expectCode(e.signer!.signDigest(new Uint8Array(32), 'rsa-pkcs1-sha256'), 'E_INVALID_KEY');
  });

  it('opens a PFX given as PEM "PKCS12"-less base64 text (as some CA portals hand it out)', async () => {
    const b64 = Buffer.from(p12Default).toString('base64').replace(/(.{76})/g, '$1\n');
    const ks = await openSoftwareKeystore(b64, PASSWORD);
    expect(ks.format).toBe('pkcs12');
    expect(ks.entries).toHaveLength(1);
  });

  it('PFX: missing password → E_PASSWORD_REQUIRED, wrong → E_WRONG_PASSWORD, neither message contains the password', async () => {
    await expectCode(openSoftwareKeystore(p12Default), 'E_PASSWORD_REQUIRED');
    await expectCode(openSoftwareKeystore(p12Default, PASSWORD + '!'), 'E_WRONG_PASSWORD', PASSWORD);
  });

  it('pairs SM2 dual certificates from a PEM bundle: the signing cert gets a signer, the encryption cert a decrypter, both get the CA chain', async () => {
    const bundle = [utf8('sign.key'), utf8('sign.crt'), utf8('enc.key'), utf8('enc.crt'), utf8('ca.crt')].join('\n');
    const ks = await openSoftwareKeystore(bundle);
    expect(ks.format).toBe('pem');
    expect(ks.entries).toHaveLength(2);
    const [sign, enc] = ks.entries;
    expect(sign.label).toBe('张三 sign');
    expect(sign.signer?.algorithms).toEqual(['sm2-sm3']);
    expect(sign.decrypter).toBeUndefined();
    expect(enc.label).toBe('张三 enc');
    expect(enc.signer).toBeUndefined();
    expect(enc.decrypter?.algorithms).toEqual(['sm2-encrypt']);
    const caDer = parseCertificate(fx.read('ca.crt')).der;
    for (const e of ks.entries) expect(e.chain.map((c) => Buffer.from(c).toString('hex'))).toEqual([Buffer.from(caDer).toString('hex')]);
    expect(ks.certificates).toHaveLength(3);
  });

  it('reads PEM bundles with ENCRYPTED PRIVATE KEY and with traditional Proc-Type encrypted keys (AES-256, 3DES)', async () => {
    const encPkcs8 = openssl(['pkcs8', '-topk8', '-in', fx.key('sm2'), '-v2', 'sm4-cbc', '-passout', `pass:${PASSWORD}`]).toString();
    const cases: [KeyName, string][] = [['sm2', encPkcs8]];
    cases.push(['ec256', openssl(['ec', '-in', fx.key('ec256'), '-aes256', '-passout', `pass:${PASSWORD}`]).toString()]);
    cases.push(['rsa', openssl(['rsa', '-in', fx.key('rsa'), '-traditional', '-des3', '-passout', `pass:${PASSWORD}`]).toString()]);
    for (const [k, keyPem] of cases) {
      const bundle = keyPem + utf8(`${k}.crt`);
      const ks = await openSoftwareKeystore(bundle, PASSWORD);
      expect(ks.entries, k).toHaveLength(1);
      expect(ks.entries[0].keyKind).toBe(k === 'rsa' ? 'rsa' : k === 'sm2' ? 'sm2' : 'ec');
      await expectCode(openSoftwareKeystore(bundle), 'E_PASSWORD_REQUIRED');
      await expectCode(openSoftwareKeystore(bundle, 'Wr0ng-密码'), 'E_WRONG_PASSWORD', 'Wr0ng-密码');
    }
  });

  it('detects bare DER keys: PKCS#8, EncryptedPrivateKeyInfo, SEC1 and PKCS#1; pairs them with certificates passed separately', async () => {
    const certPem = utf8('ec256.crt');
    const pkcs8 = new Uint8Array(openssl(['pkcs8', '-topk8', '-nocrypt', '-in', fx.key('ec256'), '-outform', 'DER']));
    const sec1 = new Uint8Array(openssl(['ec', '-in', fx.key('ec256'), '-outform', 'DER']));
    const pkcs1 = new Uint8Array(openssl(['rsa', '-in', fx.key('rsa'), '-traditional', '-outform', 'DER']));
    expect((await openSoftwareKeystore(pkcs8, undefined, { certificates: [certPem] })).format).toBe('pkcs8');
    expect((await openSoftwareKeystore(sec1, undefined, { certificates: [certPem] })).format).toBe('sec1');
    const rsa = await openSoftwareKeystore(pkcs1, undefined, { certificates: [parseCertificate(fx.read('rsa.crt')).der] });
    expect(rsa.format).toBe('pkcs1');
    expect(rsa.entries).toHaveLength(1);
    const enc = await openSoftwareKeystore(p8Encrypted, PASSWORD, { certificates: [certPem] });
    expect(enc.format).toBe('pkcs8-encrypted');
    expect(enc.entries[0].signer?.algorithms).toEqual(['ecdsa-sha256', 'ecdsa-sha384']);
    await expectCode(openSoftwareKeystore(p8Encrypted), 'E_PASSWORD_REQUIRED');
    await expectCode(openSoftwareKeystore(p8Encrypted, 'nope-nope'), 'E_WRONG_PASSWORD', 'nope-nope');
  });

  it('a key without any certificate is listed in unpairedKeys (no entry, no error)', async () => {
    const ks = await openSoftwareKeystore(fx.read('sm2.key'));
    expect(ks.entries).toHaveLength(0);
    expect(ks.unpairedKeys).toHaveLength(1);
    expect(ks.unpairedKeys[0].keyKind).toBe('sm2');
    expect(ks.unpairedKeys[0].publicKeyFingerprint).toMatch(/^sm2:04[0-9a-f]{128}$/);
  });

  it('a key with an end-entity certificate that is not its own is E_INVALID_KEY', async () => {
    await expectCode(openSoftwareKeystore(utf8('sm2.key') + utf8('sign.crt')), 'E_INVALID_KEY');
    await expectCode(openSoftwareKeystore(fx.read('rsa.key'), undefined, { certificates: [utf8('ec256.crt')] }), 'E_INVALID_KEY');
  });

  it('truncated files are E_BAD_ENCODING; a damaged byte under a MAC is E_WRONG_PASSWORD ("wrong password or corrupted file")', async () => {
    for (const cut of [1, 10, p12Default.length >> 1, p12Default.length - 1]) await expectCode(openSoftwareKeystore(p12Default.subarray(0, cut), PASSWORD), 'E_BAD_ENCODING');
    for (const cut of [3, p8Encrypted.length >> 1, p8Encrypted.length - 1]) await expectCode(openSoftwareKeystore(p8Encrypted.subarray(0, cut), PASSWORD), 'E_BAD_ENCODING');
    const pem = utf8('sign.key') + utf8('sign.crt');
    await expectCode(openSoftwareKeystore(pem.slice(0, pem.length >> 2)), 'E_BAD_ENCODING');
    const damaged = p12Default.slice();
    damaged[damaged.length - 200] ^= 0x01;
    await expectCode(openSoftwareKeystore(damaged, PASSWORD), 'E_WRONG_PASSWORD', PASSWORD);
  });

  it('text that is neither PEM nor a key is E_BAD_ENCODING', async () => {
    await expectCode(openSoftwareKeystore('hello world, not a key'), 'E_BAD_ENCODING');
    await expectCode(openSoftwareKeystore(new Uint8Array(0)), 'E_BAD_ENCODING');
    await expectCode(openSoftwareKeystore('-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n'), 'E_BAD_ENCODING');
  });

  describe('fuzzing: only typed BidSealErrors escape, and never with the password', () => {
    const check = async (input: Uint8Array | string, password?: string): Promise<void> => {
      try {
        const ks = await openSoftwareKeystore(input, password);
        ks.close();
      } catch (e) {
        if (!isBidSealError(e)) throw new Error(`untyped error escaped: ${String(e)}`);
        const text = `${e.message} ${JSON.stringify(e.details ?? {})}`;
        if (password && password.length > 3 && text.includes(password)) throw new Error('the password leaked into an error');
      }
    };

    it('random bytes', async () => {
      await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.option(fc.string({ minLength: 4 }), { nil: undefined }), (b, pw) => check(b, pw)), { numRuns: 300 });
    });

    it('random bytes behind a DER SEQUENCE header and a PFX prefix', async () => {
      const pfxHead = p12Default.subarray(0, 40);
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 400 }), fc.boolean(), async (b, pfx) => {
          const body = pfx ? new Uint8Array([...pfxHead, ...b]) : new Uint8Array([0x30, 0x82, (b.length >> 8) & 0xff, b.length & 0xff, ...b]);
          await check(body, PASSWORD);
        }),
        { numRuns: 300 },
      );
    });

    it('truncations of a PFX, an encrypted PKCS#8 and a PEM bundle', async () => {
      const pem = utf8('sign.key') + utf8('sign.crt');
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom<'p12' | 'p8' | 'pem'>('p12', 'p8', 'pem'), async (n, which) => {
          if (which === 'pem') return check(pem.slice(0, n % pem.length));
          const src = which === 'p12' ? p12Default : p8Encrypted;
          return check(src.subarray(0, n % src.length), PASSWORD);
        }),
        { numRuns: 200 },
      );
    });

    it('single-byte corruptions of a PFX and an encrypted PKCS#8', async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), async (pos, x, p12) => {
          const src = (p12 ? p12Default : p8Encrypted).slice();
          src[pos % src.length] ^= x;
          await check(src, PASSWORD);
        }),
        { numRuns: 200 },
      );
    });
  });
});

describe.skipIf(!hasVectors)('openSoftwareKeystore on third-party files', () => {
  it("opens pyHanko's selfsigned.pfx (RC2-40 + 3DES) into a signer for its certificate", async () => {
    const ks = await openSoftwareKeystore(new Uint8Array(readVector('pdf/pyhanko/crypto/selfsigned.pfx')), 'exportsecret');
    expect(ks.entries).toHaveLength(1);
    expect(ks.entries[0].label).toBe('Lord Testerino');
    expect(ks.protection).toContain('pbeWithSHAAnd40BitRC2-CBC');
  });

  it("opens pyHanko's signer1.pfx (no password) and builds the chain intermediate → root", async () => {
    const ks = await openSoftwareKeystore(new Uint8Array(readVector('pdf/pyhanko/crypto/testing-ca/interm/signer1.pfx')));
    expect(ks.entries).toHaveLength(1);
    expect(ks.entries[0].chain.map((c) => parseCertificate(c).commonName)).toEqual(['Intermediate CA', 'Root CA']);
  });

  it('opens the openHiTLS SM4-encrypted RSA key (password 1234)', async () => {
    const ks = await openSoftwareKeystore(readVector('gm-x509-cms/openhitls/cert/rsa2048key_pkcs8_sm4enc.pem').toString('utf8'), '1234');
    expect(ks.unpairedKeys).toHaveLength(1);
    expect(ks.unpairedKeys[0].keyKind).toBe('rsa');
  });
});
