// Key encodings: SM2 PKCS#8 / SEC1 / SPKI in PEM and DER as OpenSSL, openHiTLS and GmSSL write them,
// our writer read back by OpenSSL, P-256/P-384/RSA detection for WebCrypto, GM/T 0009 SM2EnvelopedKey.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as sm2 from '../../../shared/crypto/sm2';
import * as keys from '../../../shared/crypto/keys';
import { sm4Encrypt } from '../../../shared/crypto/sm4-cipher';
import { hasOpenssl, hasVectors, openssl, readVector } from '../../helpers/vectors';
import { codeOf } from '../../helpers/errors';

const b2h = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const h2b = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
const sm2Of = (k: keys.ParsedPrivateKey) => {
  if (k.kind !== 'sm2') throw new Error(`expected sm2, got ${k.kind}`);
  return k;
};

const D = h2b('3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8');
const P = sm2.getPublicKey(D);

describe('SM2 key encodings written and read by us', () => {
  it('PKCS#8 PEM and DER round-trip d and P', () => {
    const pem = keys.exportSm2PrivateKey(D);
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const k = sm2Of(keys.parsePrivateKey(pem));
    expect(b2h(k.privateKey)).toBe(b2h(D));
    expect(b2h(k.publicKey)).toBe(b2h(P));
    expect(b2h(sm2Of(keys.parsePrivateKey(keys.exportSm2PrivateKey(D, { encoding: 'der' }))).privateKey)).toBe(b2h(D));
  });
  it('SEC1 with and without parameters and public key round-trips', () => {
    for (const includeParameters of [true, false])
      for (const includePublicKey of [true, false]) {
        const der = keys.exportSm2PrivateKey(D, { format: 'sec1', encoding: 'der', includeParameters, includePublicKey });
        expect(b2h(sm2Of(keys.parsePrivateKey(der)).privateKey)).toBe(b2h(D));
      }
    expect(keys.exportSm2PrivateKey(D, { format: 'sec1' })).toMatch(/BEGIN EC PRIVATE KEY/);
  });
  it('SPKI PEM/DER round-trips; compressed SPKI is accepted and returned uncompressed', () => {
    const k = keys.parsePublicKey(keys.exportSm2PublicKey(P));
    expect(k.kind === 'sm2' && b2h(k.publicKey)).toBe(b2h(P));
    const c = keys.parsePublicKey(keys.exportSm2PublicKey(P, { encoding: 'der', compressed: true }));
    expect(c.kind === 'sm2' && b2h(c.publicKey)).toBe(b2h(P));
  });
  it('accepts PKCS#8 whose AlgorithmIdentifier is the sm2 OID itself (GmSSL style)', () => {
    const der = keys.exportSm2PrivateKey(D, { encoding: 'der' });
    // replace "06072A8648CE3D0201 06082A811CCF5501822D" (ecPublicKey + sm2) by "06082A811CCF5501822D" (sm2 only)
    const hex = b2h(der).toUpperCase();
    const swapped = hex.replace('301306072A8648CE3D020106082A811CCF5501822D', '300A06082A811CCF5501822D');
    expect(swapped).not.toBe(hex);
    const outerLen = parseInt(swapped.slice(4, 6), 16) - 9;
    const fixed = swapped.slice(0, 4) + outerLen.toString(16).padStart(2, '0').toUpperCase() + swapped.slice(6);
    expect(b2h(sm2Of(keys.parsePrivateKey(h2b(fixed))).privateKey)).toBe(b2h(D));
  });
  it('rejects a key file whose public key does not match d (E_INVALID_KEY)', () => {
    const other = sm2.generateKeyPair();
    const der = keys.exportSm2PrivateKey(D, { format: 'sec1', encoding: 'der' });
    const bad = h2b(b2h(der).replace(b2h(P), b2h(other.publicKey)));
    expect(codeOf(() => keys.parsePrivateKey(bad))).toBe('E_INVALID_KEY');
  });
  it('rejects garbage with E_BAD_ENCODING, encrypted keys and unknown curves with E_UNSUPPORTED_ALGORITHM', () => {
    expect(codeOf(() => keys.parsePrivateKey(h2b('3003020101')))).toBe('E_BAD_ENCODING');
    expect(codeOf(() => keys.parsePrivateKey('not a pem'))).toBe('E_BAD_ENCODING');
    expect(codeOf(() => keys.parsePublicKey(h2b('300a')))).toBe('E_BAD_ENCODING');
    expect(codeOf(() => keys.parsePrivateKey('-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n'))).toBe('E_UNSUPPORTED_ALGORITHM');
  });
});

describe.skipIf(!hasVectors)('SM2 keys from third-party files', () => {
  it('reads openHiTLS SEC1 DER keys (with [0] sm2 parameters and [1] public key)', () => {
    for (const f of ['sm2.key.der', 'sm2_ssl.key.der']) {
      const k = sm2Of(keys.parsePrivateKey(new Uint8Array(readVector(`gm-x509-cms/openhitls/cert/sm2_cert/${f}`))));
      expect(k.privateKey.length).toBe(32);
    }
  });
  it('reads openHiTLS PKCS#8 PEM keys', () => {
    for (const f of ['sign.key', 'ca.key']) sm2Of(keys.parsePrivateKey(readVector(`gm-x509-cms/openhitls/cert/sm2_with_userid/${f}`).toString('utf8')));
  });
  it('refuses the SM4-encrypted PKCS#8 RSA key with E_UNSUPPORTED_ALGORITHM (decrypt it first)', () => {
    expect(codeOf(() => keys.parsePrivateKey(readVector('gm-x509-cms/openhitls/cert/rsa2048key_pkcs8_sm4enc.pem').toString('utf8')))).toBe('E_UNSUPPORTED_ALGORITHM');
  });
});

describe.skipIf(!hasOpenssl)('key files exchanged with OpenSSL 3', () => {
  let dir = '';
  const f = (n: string) => path.join(dir, n);
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bidseal-keys-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('parses `openssl genpkey -algorithm SM2` (PKCS#8) and its `pkey -pubout` SPKI, PEM and DER', () => {
    const pem = openssl(['genpkey', '-algorithm', 'SM2']).toString();
    writeFileSync(f('g.pem'), pem);
    const k = sm2Of(keys.parsePrivateKey(pem));
    const pub = keys.parsePublicKey(openssl(['pkey', '-in', f('g.pem'), '-pubout']).toString());
    expect(pub.kind === 'sm2' && b2h(pub.publicKey)).toBe(b2h(k.publicKey));
    const der = openssl(['pkey', '-in', f('g.pem'), '-outform', 'DER']); // SEC1 with [0] sm2 for SM2 keys
    expect(b2h(sm2Of(keys.parsePrivateKey(new Uint8Array(der))).privateKey)).toBe(b2h(k.privateKey));
    const pubDer = openssl(['pkey', '-in', f('g.pem'), '-pubout', '-outform', 'DER']);
    expect(keys.parsePublicKey(new Uint8Array(pubDer)).kind).toBe('sm2');
  });
  it('parses `openssl ecparam -name SM2 -genkey` output (a PARAMETERS block then the key)', () => {
    const pem = openssl(['ecparam', '-name', 'SM2', '-genkey']).toString();
    expect(pem).toContain('SM2 PARAMETERS');
    sm2Of(keys.parsePrivateKey(pem));
  });
  it('parses `openssl genpkey -outform DER` (SEC1 with [0] sm2) and the SEC1 inside a PKCS#8 (no [0] → SM2 assumed)', () => {
    const sec1 = new Uint8Array(openssl(['genpkey', '-algorithm', 'SM2', '-outform', 'DER']));
    expect(sec1.subarray(0, 5)).toEqual(Uint8Array.of(0x30, 0x77, 0x02, 0x01, 0x01));
    sm2Of(keys.parsePrivateKey(sec1));
    // (OpenSSL's -outform DER writes SEC1 for SM2, so the PKCS#8 DER is taken from the PEM)
    const pem = openssl(['genpkey', '-algorithm', 'SM2']).toString();
    const der = new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    expect(der[27]).toBe(0x04); // PKCS#8 privateKey OCTET STRING (after version and AlgorithmIdentifier)
    const inner = der.subarray(29, 29 + der[28]);
    expect(inner[0]).toBe(0x30);
    const a = sm2Of(keys.parsePrivateKey(der));
    expect(b2h(sm2Of(keys.parsePrivateKey(inner)).privateKey)).toBe(b2h(a.privateKey));
  });
  it('OpenSSL reads our PKCS#8, SEC1 (with/without public key) and SPKI (also compressed) and agrees on the public key', () => {
    const kp = sm2.generateKeyPair();
    const pubHex = b2h(kp.publicKey);
    const check = (file: string, args: string[] = []) => {
      const text = openssl(['pkey', '-in', file, ...args, '-text', '-noout']).toString().replace(/[\s:]/g, '');
      expect(text).toContain(pubHex);
    };
    writeFileSync(f('p8.pem'), keys.exportSm2PrivateKey(kp.privateKey));
    check(f('p8.pem'));
    writeFileSync(f('p8.der'), keys.exportSm2PrivateKey(kp.privateKey, { encoding: 'der' }));
    check(f('p8.der'), ['-inform', 'DER']);
    // SEC1 needs its [0] namedCurve for OpenSSL (without it the curve is unknown to anyone but us)
    writeFileSync(f('sec1.pem'), keys.exportSm2PrivateKey(kp.privateKey, { format: 'sec1' }));
    check(f('sec1.pem'));
    writeFileSync(f('sec1np.pem'), keys.exportSm2PrivateKey(kp.privateKey, { format: 'sec1', includePublicKey: false }));
    check(f('sec1np.pem'));
    writeFileSync(f('pub.pem'), keys.exportSm2PublicKey(kp.publicKey));
    check(f('pub.pem'), ['-pubin']);
    writeFileSync(f('pubc.der'), keys.exportSm2PublicKey(kp.publicKey, { encoding: 'der', compressed: true }));
    const t = openssl(['pkey', '-pubin', '-inform', 'DER', '-in', f('pubc.der'), '-text', '-noout']).toString();
    expect(t).toMatch(/SM2/);
    // OpenSSL re-emits our PKCS#8 byte for byte
    expect(openssl(['pkey', '-in', f('p8.pem')]).toString()).toBe(keys.exportSm2PrivateKey(kp.privateKey));
  });
  it('detects P-256, P-384 and RSA (PKCS#8, SEC1, PKCS#1, SPKI) and WebCrypto imports them', async () => {
    const cases: [string[], string, string?][] = [
      [['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'P-256'],
      [['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'], 'P-384'],
      [['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], 'rsa'],
    ];
    for (const [args, want] of cases) {
      const pem = openssl(args).toString();
      writeFileSync(f('x.pem'), pem);
      const variants = [pem, openssl(['pkey', '-in', f('x.pem'), '-traditional']).toString()];
      for (const v of variants) {
        const k = keys.parsePrivateKey(v);
        if (want === 'rsa') {
          expect(k.kind).toBe('rsa');
          if (k.kind === 'rsa') await crypto.subtle.importKey('pkcs8', k.pkcs8, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
        } else {
          expect(k.kind === 'ec' && k.curve).toBe(want);
          if (k.kind === 'ec') await crypto.subtle.importKey('pkcs8', k.pkcs8, { name: 'ECDSA', namedCurve: k.curve }, false, ['sign']);
        }
      }
      const pub = keys.parsePublicKey(openssl(['pkey', '-in', f('x.pem'), '-pubout']).toString());
      if (pub.kind === 'ec') await crypto.subtle.importKey('spki', pub.spki, { name: 'ECDSA', namedCurve: pub.curve }, false, ['verify']);
      else if (pub.kind === 'rsa') await crypto.subtle.importKey('spki', pub.spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
      expect(pub.kind).toBe(want === 'rsa' ? 'rsa' : 'ec');
    }
  });
});

describe('GM/T 0009 SM2EnvelopedKey', () => {
  const holder = sm2.generateKeyPair();
  const escrowed = sm2.generateKeyPair();
  it('unwraps an envelope: SM2-decrypts the SM4 key, SM4-ECB-decrypts d, checks sm2PublicKey', () => {
    const env = keys.wrapSm2EnvelopedKey(escrowed.privateKey, holder.publicKey);
    const out = keys.unwrapSm2EnvelopedKey(env, holder.privateKey);
    expect(b2h(out.privateKey)).toBe(b2h(escrowed.privateKey));
    expect(b2h(out.publicKey)).toBe(b2h(escrowed.publicKey));
    expect(out.symAlgorithm).toBe(keys.OID.sm4Ecb);
  });
  it('fails with E_DECRYPT_FAILED for the wrong holder key', () => {
    const env = keys.wrapSm2EnvelopedKey(escrowed.privateKey, holder.publicKey);
    expect(codeOf(() => keys.unwrapSm2EnvelopedKey(env, sm2.generateKeyPair().privateKey))).toBe('E_DECRYPT_FAILED');
  });
  it('fails with E_DECRYPT_FAILED when the encrypted private key is altered or does not match sm2PublicKey', () => {
    const env = keys.wrapSm2EnvelopedKey(escrowed.privateKey, holder.publicKey);
    const tampered = env.slice();
    tampered[tampered.length - 3] ^= 1;
    expect(codeOf(() => keys.unwrapSm2EnvelopedKey(tampered, holder.privateKey))).toBe('E_DECRYPT_FAILED');
    const other = sm2.generateKeyPair();
    const swapped = h2b(b2h(env).replace(b2h(escrowed.publicKey), b2h(other.publicKey)));
    expect(codeOf(() => keys.unwrapSm2EnvelopedKey(swapped, holder.privateKey))).toBe('E_DECRYPT_FAILED');
  });
  it('accepts the 64-byte (SKF-style, right-aligned) private key field', () => {
    const symKey = new Uint8Array(16).fill(7);
    const d64 = new Uint8Array(64);
    d64.set(escrowed.privateKey, 32);
    const encPriv = sm4Encrypt('ecb', symKey, undefined, d64, { padding: false });
    const encKey = sm2.encrypt(symKey, holder.publicKey);
    const bitstr = (b: Uint8Array) => Uint8Array.from([0x03, ...derLen(b.length + 1), 0, ...b]);
    const body = Uint8Array.from([...h2b('300a06082a811ccf55016801'), ...encKey, ...bitstr(escrowed.publicKey), ...bitstr(encPriv)]);
    const env = Uint8Array.from([0x30, ...derLen(body.length), ...body]);
    expect(b2h(keys.unwrapSm2EnvelopedKey(env, holder.privateKey).privateKey)).toBe(b2h(escrowed.privateKey));
  });
  it('rejects a non-SM4 symmetric algorithm with E_UNSUPPORTED_ALGORITHM and garbage with E_BAD_ENCODING', () => {
    const env = keys.wrapSm2EnvelopedKey(escrowed.privateKey, holder.publicKey);
    const aes = h2b(b2h(env).replace('06082a811ccf5501680' + '1', '06082a864886f70d0307'));
    expect(codeOf(() => keys.unwrapSm2EnvelopedKey(aes, holder.privateKey))).toBe('E_UNSUPPORTED_ALGORITHM');
    expect(codeOf(() => keys.unwrapSm2EnvelopedKey(h2b('3000'), holder.privateKey))).toBe('E_BAD_ENCODING');
  });
});

function derLen(n: number): number[] {
  return n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
}

describe('bare SM2 public key points', () => {
  it('parsePublicKey accepts 65-byte, 33-byte and 64-byte points (also a 64-byte x‖y starting with 0x30)', () => {
    for (let i = 0; i < 400; i++) {
      const { publicKey } = sm2.generateKeyPair();
      if (publicKey[1] !== 0x30 && i < 399) continue; // find an x starting with 0x30 (≈1 in 256)
      for (const form of [publicKey, publicKey.subarray(1), sm2.normalizePublicKey(publicKey, { compressed: true })]) {
        const k = keys.parsePublicKey(form);
        expect(k.kind === 'sm2' && b2h(k.publicKey)).toBe(b2h(publicKey));
      }
      if (publicKey[1] === 0x30) break;
    }
  });
});
