// The algorithm interface: lookup by OID/name, SM2/SM3/SM4 and the WebCrypto-backed international
// algorithms, checked with Wycheproof (valid must pass, invalid must be rejected, 'acceptable' recorded).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as alg from '../../../shared/crypto/algorithms';
import * as sm2 from '../../../shared/crypto/sm2';
import { exportSm2PrivateKey, exportSm2PublicKey, parsePrivateKey, parsePublicKey } from '../../../shared/crypto/keys';
import { hasOpenssl, hasVectors, openssl, readVectorJson, vectorPath } from '../../helpers/vectors';
import { codeOf } from '../../helpers/errors';

const h2b = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
const b2h = (b: Uint8Array): string => Buffer.from(b).toString('hex');
async function codeOfAsync(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
  } catch (e) {
    return (e as { code?: string }).code ?? 'NO_CODE';
  }
  return undefined;
}

describe('algorithm lookup', () => {
  it('finds entries by OID and by name, case-insensitively, with aliases', () => {
    expect(alg.getDigest('1.2.156.10197.1.401').name).toBe('SM3');
    expect(alg.getDigest('sha-256').oid).toBe('2.16.840.1.101.3.4.2.1');
    expect(alg.getSignatureAlgorithm('1.2.156.10197.1.501').name).toBe('SM2-SM3');
    expect(alg.getSignatureAlgorithm('1.2.156.10197.1.301.1').name).toBe('SM2-SM3');
    expect(alg.getKeyTransportAlgorithm('1.2.156.10197.1.301.3').name).toBe('SM2-ENC');
    expect(alg.getKeyTransportAlgorithm('1.2.156.10197.1.301.2').name).toBe('SM2-ENC'); // GmSSL
    expect(alg.getSignatureAlgorithm('1.2.840.10045.4.3.2').name).toBe('ECDSA-SHA256');
  });
  it('throws E_UNSUPPORTED_ALGORITHM for unknown identifiers', () => {
    expect(codeOf(() => alg.getDigest('1.2.3.4'))).toBe('E_UNSUPPORTED_ALGORITHM');
    expect(codeOf(() => alg.getSignatureAlgorithm('MD5withRSA'))).toBe('E_UNSUPPORTED_ALGORITHM');
    expect(codeOf(() => alg.getKeyTransportAlgorithm('1.2.156.10197.1.301.1'))).toBe('E_UNSUPPORTED_ALGORITHM');
  });
  it('lists every registered algorithm once', () => {
    const names = alg.listAlgorithms().map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['SM3', 'SM2-SM3', 'SM2-ENC', 'RSASSA-PSS', 'RSAES-PKCS1-v1_5']));
  });
});

describe('digests', () => {
  it('SM3("abc") and SHA-256("abc") match the standards; streaming equals one-shot', async () => {
    const abc = new TextEncoder().encode('abc');
    expect(b2h(await alg.digest('SM3', abc))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(b2h(await alg.digest('SHA-256', abc))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const id of ['SM3', 'SHA-256', 'SHA-384', 'SHA-512']) {
      const d = alg.getDigest(id);
      const data = new Uint8Array(1000).map((_, i) => i);
      const st = d.create();
      for (let i = 0; i < 1000; i += 77) st.update(data.subarray(i, i + 77));
      expect(b2h(st.digest())).toBe(b2h(d.digest(data)));
      expect(d.digest(data).length).toBe(d.outputLength);
    }
  });
});

describe('SM2 through the interface', () => {
  const kp = sm2.generateKeyPair();
  const priv = exportSm2PrivateKey(kp.privateKey);
  const pub = exportSm2PublicKey(kp.publicKey);
  it('signs and verifies with PEM keys, DER and raw signatures, default and empty ID', async () => {
    const s = alg.getSignatureAlgorithm('1.2.156.10197.1.501');
    const m = new TextEncoder().encode('bid document');
    const der = await s.sign(priv, m);
    expect(await s.verify(pub, m, der)).toBe(true);
    expect(await s.verify(kp.publicKey, m, der)).toBe(true); // raw point also accepted
    const raw = await s.sign(parsePrivateKey(priv), m, { format: 'raw', id: new Uint8Array(0) });
    expect(raw.length).toBe(64);
    expect(await s.verify(pub, m, raw, { id: new Uint8Array(0) })).toBe(true);
    expect(await s.verify(pub, m, raw)).toBe(false);
  });
  it('wraps and unwraps a content key (SM2-ENC) in DER and raw layouts', async () => {
    const t = alg.getKeyTransportAlgorithm('SM2-ENC');
    const key = new Uint8Array(16).fill(9);
    for (const format of ['der', 'c1c3c2', 'c1c2c3'] as const) expect(b2h(await t.decrypt(priv, await t.encrypt(pub, key, { format })))).toBe(b2h(key));
  });
  it('refuses an SM2 key for RSA and vice versa with E_INVALID_KEY', async () => {
    expect(await codeOfAsync(() => alg.getSignatureAlgorithm('RSA-PKCS1-SHA256').sign(priv, new Uint8Array(1)))).toBe('E_INVALID_KEY');
  });
});

// ---------------------------------------------------------------------------------------------------
// Wycheproof
// ---------------------------------------------------------------------------------------------------

type Wy = { testGroups: { [k: string]: any; tests: { tcId: number; comment: string; msg: string; sig?: string; ct?: string; label?: string; result: 'valid' | 'invalid' | 'acceptable'; flags: string[] }[] }[] };
const wy = (f: string): Wy => readVectorJson(`wycheproof/${f}`);
const hashName = (s: string): string => s.replace('SHA-', 'SHA');

describe.skipIf(!hasVectors)('Wycheproof through the algorithm interface', () => {
  it('covers every RSA/ECDSA Wycheproof file present', () => {
    const files = readdirSync(vectorPath('wycheproof')).filter((f) => /^(ecdsa|rsa)_.*\.json$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(13);
  });

  for (const [file, format] of [
    ['ecdsa_secp256r1_sha256_test.json', 'der'],
    ['ecdsa_secp256r1_sha512_test.json', 'der'],
    ['ecdsa_secp256r1_sha256_p1363_test.json', 'raw'],
  ] as const) {
    it(`${file}: valid signatures verify, invalid ones do not (${format})`, async () => {
      const w = wy(file);
      let n = 0;
      for (const g of w.testGroups) {
        const key = parsePublicKey(h2b(g.publicKeyDer));
        const s = alg.getSignatureAlgorithm(`ECDSA-${hashName(g.sha)}`);
        for (const t of g.tests) {
          const ok = await s.verify(key, h2b(t.msg), h2b(t.sig!), { format });
          if (t.result !== 'acceptable') expect(ok, `tc ${t.tcId} ${t.comment}`).toBe(t.result === 'valid');
          n++;
        }
      }
      expect(n).toBeGreaterThan(200);
    });
  }

  for (const file of ['rsa_signature_2048_sha256_test.json', 'rsa_signature_2048_sha384_test.json', 'rsa_signature_2048_sha512_test.json', 'rsa_signature_3072_sha256_test.json']) {
    it(`${file}: valid PKCS#1 v1.5 signatures verify, invalid ones do not; 'acceptable' (missing NULL) recorded`, async () => {
      const w = wy(file);
      const acceptable: string[] = [];
      for (const g of w.testGroups) {
        const key = parsePublicKey(h2b(g.publicKeyDer));
        const s = alg.getSignatureAlgorithm(`RSA-PKCS1-${hashName(g.sha)}`);
        for (const t of g.tests) {
          const ok = await s.verify(key, h2b(t.msg), h2b(t.sig!));
          if (t.result === 'acceptable') acceptable.push(`${t.tcId}:${ok ? 'accepted' : 'rejected'}`);
          else expect(ok, `tc ${t.tcId} ${t.comment}`).toBe(t.result === 'valid');
        }
      }
      // WebCrypto (OpenSSL/BoringSSL) rejects the DigestInfo without NULL parameters: stricter than required.
      expect(acceptable.every((a) => a.endsWith('rejected'))).toBe(true);
    });
  }

  it('rsa_pkcs1_2048_sig_gen_test.json: our PKCS#1 v1.5 signatures equal the expected (deterministic) ones', async () => {
    const w = wy('rsa_pkcs1_2048_sig_gen_test.json');
    let n = 0;
    for (const g of w.testGroups) {
      if (!['SHA-256', 'SHA-384', 'SHA-512'].includes(g.sha)) continue; // SHA-1/224 groups: not offered for signing
      const key = parsePrivateKey(h2b(g.privateKeyPkcs8));
      const s = alg.getSignatureAlgorithm(`RSA-PKCS1-${hashName(g.sha)}`);
      for (const t of g.tests) {
        if (t.result === 'invalid') continue;
        expect(b2h(await s.sign(key, h2b(t.msg))), `tc ${t.tcId}`).toBe(t.sig);
        n++;
      }
    }
    expect(n).toBeGreaterThan(0);
  });

  it('rsa_pss_2048_sha256_mgf1_32_test.json: valid PSS signatures verify, invalid ones do not', async () => {
    const w = wy('rsa_pss_2048_sha256_mgf1_32_test.json');
    const s = alg.getSignatureAlgorithm('1.2.840.113549.1.1.10');
    for (const g of w.testGroups) {
      const key = parsePublicKey(h2b(g.publicKeyDer));
      for (const t of g.tests) {
        if (t.result === 'acceptable') continue;
        expect(await s.verify(key, h2b(t.msg), h2b(t.sig!), { hash: g.sha, saltLength: g.sLen }), `tc ${t.tcId} ${t.comment}`).toBe(t.result === 'valid');
      }
    }
  });

  for (const file of ['rsa_oaep_2048_sha1_mgf1sha1_test.json', 'rsa_oaep_2048_sha256_mgf1sha256_test.json', 'rsa_oaep_2048_sha256_mgf1sha1_test.json']) {
    it(`${file}: valid ciphertexts decrypt to msg, invalid ones fail with E_DECRYPT_FAILED`, async () => {
      const w = wy(file);
      const t0 = alg.getKeyTransportAlgorithm('RSAES-OAEP');
      let n = 0;
      for (const g of w.testGroups) {
        const key = parsePrivateKey(h2b(g.privateKeyPkcs8));
        for (const t of g.tests) {
          // MGF1 hash ≠ OAEP hash goes through our raw-RSA OAEP (WebCrypto cannot mix them)
          const opts = { hash: g.sha, mgfHash: g.mgfSha, label: h2b(t.label ?? '') };
          if (t.result === 'valid') expect(b2h(await t0.decrypt(key, h2b(t.ct!), opts)), `tc ${t.tcId}`).toBe(t.msg);
          else if (t.result === 'invalid') expect(await codeOfAsync(() => t0.decrypt(key, h2b(t.ct!), opts)), `tc ${t.tcId} ${t.comment}`).toBe('E_DECRYPT_FAILED');
          n++;
        }
      }
      expect(n).toBeGreaterThan(25);
    });
  }

  it('rsa_pkcs1_2048_test.json: RSAES-PKCS1-v1_5 (ours, bigint) decrypts valid cases, rejects invalid ones', async () => {
    const w = wy('rsa_pkcs1_2048_test.json');
    const t0 = alg.getKeyTransportAlgorithm('RSAES-PKCS1-v1_5');
    let n = 0;
    for (const g of w.testGroups) {
      const key = parsePrivateKey(h2b(g.privateKeyPkcs8));
      for (const t of g.tests) {
        if (t.result === 'valid') expect(b2h(await t0.decrypt(key, h2b(t.ct!))), `tc ${t.tcId}`).toBe(t.msg);
        else if (t.result === 'invalid') expect(await codeOfAsync(() => t0.decrypt(key, h2b(t.ct!))), `tc ${t.tcId} ${t.comment}`).toBe('E_DECRYPT_FAILED');
        n++;
      }
    }
    expect(n).toBeGreaterThan(50);
  });
});

describe.skipIf(!hasOpenssl)('RSA and ECDSA keys from OpenSSL through the interface', () => {
  it('RSAES-PKCS1-v1_5 and OAEP (incl. SHA-256 with MGF1-SHA1): ours encrypts, OpenSSL decrypts, and back', async () => {
    const pem = openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']).toString();
    const pubPem = openssl(['pkey', '-pubout'], Buffer.from(pem)).toString();
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-rsa-'));
    try {
      writeFileSync(path.join(dir, 'k.pem'), pem);
      writeFileSync(path.join(dir, 'pub.pem'), pubPem);
      const msg = new Uint8Array(32).fill(0x42);
      writeFileSync(path.join(dir, 'msg'), msg);
      const cases: [string, alg.KeyTransportOptions, string[]][] = [
        ['RSAES-PKCS1-v1_5', {}, ['-pkeyopt', 'rsa_padding_mode:pkcs1']],
        ['RSAES-OAEP', {}, ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256']],
        ['RSAES-OAEP', { hash: 'SHA-256', mgfHash: 'SHA-1' }, ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha1']],
      ];
      for (const [name, opts, po] of cases) {
        const t = alg.getKeyTransportAlgorithm(name);
        const ct = await t.encrypt(pubPem, msg, opts);
        expect(b2h(await t.decrypt(pem, ct, opts)), name).toBe(b2h(msg));
        writeFileSync(path.join(dir, 'ct'), ct);
        expect(b2h(openssl(['pkeyutl', '-decrypt', '-inkey', path.join(dir, 'k.pem'), '-in', path.join(dir, 'ct'), ...po])), `${name} ${JSON.stringify(opts)} → OpenSSL`).toBe(b2h(msg));
        const theirs = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', path.join(dir, 'pub.pem'), '-in', path.join(dir, 'msg'), ...po]);
        expect(b2h(await t.decrypt(pem, theirs, opts)), `OpenSSL → ${name} ${JSON.stringify(opts)}`).toBe(b2h(msg));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('ECDSA P-256 / P-384: sign (DER) verifies in OpenSSL-compatible DER and raw forms', async () => {
    for (const [curve, name] of [
      ['P-256', 'ECDSA-SHA256'],
      ['P-384', 'ECDSA-SHA384'],
    ]) {
      const pem = openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`]).toString();
      const pubPem = openssl(['pkey', '-pubout'], Buffer.from(pem)).toString();
      const s = alg.getSignatureAlgorithm(name);
      const m = new Uint8Array(50).fill(3);
      const der = await s.sign(pem, m);
      expect(der[0]).toBe(0x30);
      expect(await s.verify(pubPem, m, der)).toBe(true);
      const raw = alg.ecdsaDerToRaw(der, curve === 'P-256' ? 32 : 48)!;
      expect(await s.verify(pubPem, m, raw, { format: 'raw' })).toBe(true);
      expect(b2h(alg.ecdsaRawToDer(raw))).toBe(b2h(der));
    }
  });
});
