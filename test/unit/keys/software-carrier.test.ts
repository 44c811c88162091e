// SoftwareSigner / SoftwareDecrypter: signatures over precomputed digests (SM2 e = SM3(Z‖M), ECDSA P-256/P-384,
// RSA PKCS#1 v1.5 and PSS) verified by `openssl pkeyutl -verify` with the certificate's public key; content keys
// encrypted by `openssl pkeyutl -encrypt` (SM2, RSA OAEP SHA-1/SHA-256, PKCS#1) unwrapped; P-256/P-384 ECDH equal to
// `openssl pkeyutl -derive`; key/certificate checks.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { parsePrivateKey } from '../../../shared/crypto/keys';
import { computeZ } from '../../../shared/crypto/sm2';
import { sm3 } from '../../../shared/crypto/sm3';
import { parseCertificate } from '../../../shared/pki/certificate';
import type { KeyTransportAlgorithm, SignatureAlgorithm } from '../../../shared/pki/carrier';
import { keyMatchesCertificate, SoftwareDecrypter, SoftwareSigner } from '../../../shared/keystore/software-carrier';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { expectCode, makeFixtures, useFixtures, write, type KeyName } from './fixtures';

describe.skipIf(!hasOpenssl)('software carrier against OpenSSL 3', () => {
  const fx = useFixtures('bidseal-carrier-');
  const msg = new TextEncoder().encode('投标文件 BidSeal signer test ' + Date.now());
  beforeAll(() => {
    write(fx.f('msg.bin'), msg);
  });

  const signer = (k: KeyName): SoftwareSigner => new SoftwareSigner(fx.read(`${k}.key`), parseCertificate(fx.read(`${k}.crt`)).der, { location: `${k}.key` });

  function verifyWithOpenssl(k: KeyName, alg: SignatureAlgorithm, sig: Uint8Array, digest: Uint8Array): boolean {
    write(fx.f('sig.bin'), sig);
    const pub = fx.pub(k);
    let args: string[];
    if (alg === 'sm2-sm3') args = ['-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-in', fx.f('msg.bin')];
    else {
      write(fx.f('dg.bin'), digest);
      args = ['-in', fx.f('dg.bin'), '-pkeyopt', `digest:${alg.endsWith('384') ? 'sha384' : 'sha256'}`];
      if (alg.startsWith('rsa-pss')) args.push('-pkeyopt', 'rsa_padding_mode:pss', '-pkeyopt', 'rsa_pss_saltlen:digest');
    }
    try {
      return /Signature Verified Successfully/.test(openssl(['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-sigfile', fx.f('sig.bin'), ...args]).toString());
    } catch {
      return false;
    }
  }

  const cases: [KeyName, SignatureAlgorithm][] = [
    ['sm2', 'sm2-sm3'],
    ['ec256', 'ecdsa-sha256'],
    ['ec256', 'ecdsa-sha384'],
    ['ec384', 'ecdsa-sha384'],
    ['ec384', 'ecdsa-sha256'],
    ['rsa', 'rsa-pkcs1-sha256'],
    ['rsa', 'rsa-pkcs1-sha384'],
    ['rsa', 'rsa-pss-sha256'],
    ['rsa', 'rsa-pss-sha384'],
  ];
  it.each(cases)('%s key: OpenSSL verifies a %s signature over a precomputed digest', async (k, alg) => {
    const s = signer(k);
    expect(s.algorithms).toContain(alg);
    let digest: Uint8Array;
    if (alg === 'sm2-sm3') {
      const pub = parseCertificate(s.certificateDer).publicKey.publicKey;
      digest = sm3(new Uint8Array([...computeZ(pub), ...msg]));
    } else digest = (alg.endsWith('384') ? sha384 : sha256)(msg);
    for (let i = 0; i < 3; i++) {
      const sig = await s.signDigest(digest, alg);
      expect(verifyWithOpenssl(k, alg, sig, digest)).toBe(true);
    }
    // a signature over another digest does not verify (the check above is not vacuous)
    const other = await s.signDigest(digest.map((x, i) => (i === 0 ? x ^ 1 : x)), alg);
    expect(verifyWithOpenssl(k, alg, other, digest)).toBe(false);
  });

  it('offers the right algorithm lists per key type', () => {
    expect(signer('sm2').algorithms).toEqual(['sm2-sm3']);
    expect(signer('ec256').algorithms).toEqual(['ecdsa-sha256', 'ecdsa-sha384']);
    expect(signer('rsa').algorithms).toEqual(['rsa-pkcs1-sha256', 'rsa-pkcs1-sha384', 'rsa-pss-sha256', 'rsa-pss-sha384']);
    expect(signer('sm2').info).toMatchObject({ kind: 'software', location: 'sm2.key', label: 'sm2 测试' });
  });

  it('rejects a digest of the wrong length, an algorithm the key cannot do, and an aborted signal', async () => {
    const s = signer('ec256');
    await expectCode(s.signDigest(new Uint8Array(20), 'ecdsa-sha256'), 'E_INVALID_ARGUMENT');
    await expectCode(s.signDigest(new Uint8Array(32), 'sm2-sm3'), 'E_UNSUPPORTED_ALGORITHM');
    const ac = new AbortController();
    ac.abort();
    await expectCode(s.signDigest(new Uint8Array(32), 'ecdsa-sha256', ac.signal), 'E_CANCELLED');
  });

  it('destroy() wipes the key: later use fails with E_INVALID_KEY', async () => {
    const s = signer('sm2');
    s.destroy();
    await expectCode(s.signDigest(new Uint8Array(32), 'sm2-sm3'), 'E_INVALID_KEY');
  });

  const kt: [KeyName, KeyTransportAlgorithm, string[]][] = [
    ['sm2', 'sm2-encrypt', []],
    ['rsa', 'rsa-oaep-sha1', ['-pkeyopt', 'rsa_padding_mode:oaep']],
    ['rsa', 'rsa-oaep-sha256', ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256']],
    ['rsa', 'rsa-pkcs1', ['-pkeyopt', 'rsa_padding_mode:pkcs1']],
  ];
  it.each(kt)('%s key: unwraps a content key that `openssl pkeyutl -encrypt` wrapped with %s', async (k, alg, args) => {
    const d = new SoftwareDecrypter(fx.read(`${k}.key`), parseCertificate(fx.read(`${k}.crt`)).der);
    expect(d.algorithms).toContain(alg);
    for (let i = 0; i < 3; i++) {
      const cek = randomBytes(16 + 8 * i);
      const wrapped = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', fx.pub(k), ...args, '-in', write(fx.f('cek.bin'), cek)]);
      expect(Buffer.from(await d.unwrapKey(new Uint8Array(wrapped), alg)).equals(cek)).toBe(true);
    }
    const wrapped = new Uint8Array(openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', fx.pub(k), ...args, '-in', write(fx.f('cek.bin'), randomBytes(16))]));
    wrapped[wrapped.length - 5] ^= 0x40;
    await expectCode(d.unwrapKey(wrapped, alg), 'E_DECRYPT_FAILED');
  });

  it.each(['ec256', 'ec384'] as KeyName[])('%s key: no key transport, and ECDH equals `openssl pkeyutl -derive`; off-curve points are refused', async (k) => {
    const d = new SoftwareDecrypter(fx.read(`${k}.key`), parseCertificate(fx.read(`${k}.crt`)).der);
    expect(d.algorithms).toEqual([]);
    const curve = k === 'ec256' ? 'P-256' : 'P-384';
    const peerKey = fx.f(`peer-${k}.key`);
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-out', peerKey]);
    const expected = openssl(['pkeyutl', '-derive', '-inkey', peerKey, '-peerkey', fx.pub(k)]);
    const spki = openssl(['pkey', '-in', peerKey, '-pubout', '-outform', 'DER']);
    const point = new Uint8Array(spki.subarray(spki.length - (k === 'ec256' ? 65 : 97)));
    expect(point[0]).toBe(4);
    const z = await d.deriveSharedSecret(point);
    expect(z.length).toBe(k === 'ec256' ? 32 : 48);
    expect(Buffer.from(z).equals(expected)).toBe(true);
    const off = point.slice();
    off[off.length - 1] ^= 1; // y no longer matches x
    await expectCode(d.deriveSharedSecret(off), 'E_DECRYPT_FAILED');
    await expectCode(d.deriveSharedSecret(point.subarray(0, 33)), 'E_DECRYPT_FAILED');
    d.destroy();
    await expectCode(d.deriveSharedSecret(point), 'E_INVALID_KEY');
  });

  it('SM2 and RSA decrypters refuse ECDH (E_UNSUPPORTED_ALGORITHM)', async () => {
    for (const k of ['sm2', 'rsa'] as KeyName[]) {
      const d = new SoftwareDecrypter(fx.read(`${k}.key`), parseCertificate(fx.read(`${k}.crt`)).der);
      await expectCode(d.deriveSharedSecret(new Uint8Array(65)), 'E_UNSUPPORTED_ALGORITHM');
    }
  });

  it('a key that does not match the certificate is E_INVALID_KEY "key does not match certificate"', async () => {
    const other = makeFixtures('bidseal-carrier2-');
    try {
      for (const k of ['sm2', 'ec256', 'rsa'] as KeyName[]) {
        await expectCode(() => new SoftwareSigner(other.read(`${k}.key`), parseCertificate(fx.read(`${k}.crt`)).der), 'E_INVALID_KEY');
        expect(keyMatchesCertificate(other.read(`${k}.key`), parseCertificate(fx.read(`${k}.crt`)).der)).toBe(false);
        expect(keyMatchesCertificate(fx.read(`${k}.key`), parseCertificate(fx.read(`${k}.crt`)).der)).toBe(true);
      }
      // a key of another type altogether
      await expectCode(() => new SoftwareSigner(fx.read('rsa.key'), parseCertificate(fx.read('sm2.crt')).der), 'E_INVALID_KEY');
      let msgText = '';
      try {
        new SoftwareSigner(parsePrivateKey(other.read('sm2.key')), parseCertificate(fx.read('sm2.crt')).der);
      } catch (e) {
        msgText = (e as Error).message;
      }
      expect(msgText).toBe('key does not match certificate');
    } finally {
      other.cleanup();
    }
  });
});
