// GM/T 0010 / GB/T 35275 and RFC 5652 messages in both flavours (shared/cms/message.ts): written, parsed by
// `openssl asn1parse` with field checks, SM2 signatures checked by `openssl pkeyutl -verify` with the default
// distinguishing ID over the exact signed bytes, SM4 content by `openssl enc`, read back; truncated and
// fuzzed input gives typed errors only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeFixtures, type Fixtures } from '../envelope/fixtures';
import { openSoftwareKeystore } from '../../../shared/keystore/load';
import { checkDigestedData, decryptAndVerify, decryptData, digestData, encryptData, inspectMessage, signAndEncrypt, signMessage, verifyMessage, type CmsFlavour } from '../../../shared/cms/message';
import { parseSignedData } from '../../../shared/cms/signed-data';
import { GM_TYPES, RFC5652_TYPES } from '../../../shared/cms/oids';
import { isBidSealError } from '../../../shared/errors';
import type { Signer } from '../../../shared/pki/carrier';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { parsePrivateKey } from '../../../shared/crypto/keys';
import * as sm2 from '../../../shared/crypto/sm2';

const d = hasOpenssl ? describe : describe.skip;
const text = (s: string) => new TextEncoder().encode(s);
const content = text('投标文件摘要 bid digest\n');

let fx: Fixtures;
let signer: Signer;
let signer2: Signer;
beforeAll(async () => {
  fx = makeFixtures(['sm2sign', 'sm2b', 'sm2x']);
  const ks = await openSoftwareKeystore(readFileSync(fx.keyPath('sm2sign'), 'utf8') + readFileSync(fx.certPath('sm2sign'), 'utf8'));
  signer = ks.entries[0].signer!;
  // a second signer over another key (its certificate's keyUsage does not matter to the CMS layer)
  const k2 = parsePrivateKey(readFileSync(fx.keyPath('sm2x'), 'utf8'));
  if (k2.kind !== 'sm2') throw new Error('fixture');
  signer2 = { certificateDer: fx.cert('sm2x'), algorithms: ['sm2-sm3'], signDigest: async (e) => sm2.signDigest(e, k2.privateKey, { format: 'der' }) };
}, 60_000);
afterAll(() => fx?.cleanup());

const asn1parse = (der: Uint8Array): string => {
  const f = path.join(fx.dir, 'p.der');
  writeFileSync(f, der);
  return openssl(['asn1parse', '-inform', 'DER', '-in', f]).toString();
};

/** `openssl pkeyutl -verify` of an SM2 signature over exactly `signed` with the default ID. */
function opensslSm2Verify(signed: Uint8Array, sig: Uint8Array, certPath: string): boolean {
  const pub = path.join(fx.dir, 'pub.pem');
  writeFileSync(pub, openssl(['x509', '-in', certPath, '-pubkey', '-noout']));
  writeFileSync(path.join(fx.dir, 'tbs.bin'), signed);
  writeFileSync(path.join(fx.dir, 'sig.bin'), sig);
  try {
    const out = openssl(['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-digest', 'sm3', '-in', path.join(fx.dir, 'tbs.bin'), '-sigfile', path.join(fx.dir, 'sig.bin'), '-pkeyopt', 'distid:1234567812345678']).toString();
    return /Signature Verified Successfully/.test(out);
  } catch {
    return false;
  }
}

d('SignedData, both flavours', () => {
  const flavours: CmsFlavour[] = ['gm', 'rfc5652'];
  for (const flavour of flavours) {
    for (const detached of [false, true]) {
      for (const signedAttributes of [true, false]) {
        it(`${flavour} ${detached ? 'detached' : 'attached'} ${signedAttributes ? 'with' : 'without'} signed attributes`, async () => {
          const der = await signMessage(content, { flavour, signers: [{ signer }], detached, signedAttributes, signingTime: new Date(Date.UTC(2026, 11, 4, 8, 0, 0)) });
          const dump = asn1parse(der);
          expect(dump).toContain(flavour === 'gm' ? ':1.2.156.10197.6.1.4.2.2' : ':pkcs7-signedData');
          expect(dump).toContain(flavour === 'gm' ? ':1.2.156.10197.6.1.4.2.1' : ':pkcs7-data');
          expect(dump).toMatch(flavour === 'gm' ? /:1\.2\.156\.10197\.1\.301\.1|:sm2\b|SM2/ : /SM2-with-SM3|1\.2\.156\.10197\.1\.501/);
          const p = parseSignedData(der);
          expect(p.contentType).toBe(flavour === 'gm' ? GM_TYPES.signedData : RFC5652_TYPES.signedData);
          expect(!!p.eContent).toBe(!detached);
          const si = p.signers[0];
          expect(!!si.signedAttrs).toBe(signedAttributes);
          // independent check of the signature value over the exact bytes it covers
          expect(opensslSm2Verify(si.signedAttrs ?? content, si.signature, fx.certPath('sm2sign'))).toBe(true);
          const v = await verifyMessage(der, detached ? content : undefined);
          expect(v.intact).toBe(true);
          expect(v.flavour).toBe(flavour);
          expect(v.signers[0]).toMatchObject({ sm2Id: 'default', covers: signedAttributes ? 'signedAttributes' : 'content' });
          expect(v.signers[0].signer?.subject).toContain('Bidder signing');
          // tampered content fails, typed
          const bad = await verifyMessage(der, detached ? text('other') : undefined).catch((e) => e);
          if (detached) expect(bad.intact).toBe(false);
        });
      }
    }
  }

  it('several signers, CRLs carried, and inspect names everything', async () => {
    const crlPath = path.join(fx.dir, 'dummy.crl');
    // an empty CRL made by OpenSSL with the signer as issuer
    writeFileSync(path.join(fx.dir, 'ca.cnf'), `[ca]\ndefault_ca=c\n[c]\ndatabase=${fx.dir}/index.txt\ndefault_md=sm3\ndefault_crl_days=30\n`);
    writeFileSync(path.join(fx.dir, 'index.txt'), '');
    openssl(['ca', '-gencrl', '-config', path.join(fx.dir, 'ca.cnf'), '-keyfile', fx.keyPath('sm2sign'), '-cert', fx.certPath('sm2sign'), '-out', crlPath]);
    const crl = new Uint8Array(openssl(['crl', '-in', crlPath, '-outform', 'DER']));
    const der = await signMessage(content, { flavour: 'gm', signers: [{ signer }, { signer: signer2 }], crls: [crl] });
    const v = await verifyMessage(der);
    expect(v.signers).toHaveLength(2);
    expect(v.intact).toBe(true);
    expect(v.crls).toBe(1);
    const s = inspectMessage(der);
    expect(s).toMatchObject({ type: 'signedData', flavour: 'gm', detached: false, crls: 1 });
    expect(s.signers).toHaveLength(2);
    expect(s.certificates?.map((c) => c.subject).join()).toMatch(/Outsider/);
  });

  it('reads BER (indefinite lengths) and signature OID 1.2.156.10197.1.501 as well as .301.1', async () => {
    const der = await signMessage(content, { flavour: 'gm', signers: [{ signer }] });
    // re-wrap the outer ContentInfo and [0] with indefinite lengths
    const ci = parseSignedData(der);
    expect(ci.signers[0].signatureAlgorithm.oid).toBe('1.2.156.10197.1.301.1');
    const inner = der.subarray(der.indexOf(0xa0) + (der[der.indexOf(0xa0) + 1] & 0x80 ? 1 + (der[der.indexOf(0xa0) + 1] & 0x7f) + 1 : 2));
    const oidBytes = Uint8Array.from([0x06, 0x0a, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x06, 0x01, 0x04, 0x02, 0x02]);
    const ber = Uint8Array.from([0x30, 0x80, ...oidBytes, 0xa0, 0x80, ...inner, 0, 0, 0, 0]);
    expect((await verifyMessage(ber)).intact).toBe(true);
    const rfc = await signMessage(content, { flavour: 'rfc5652', signers: [{ signer }] });
    expect(parseSignedData(rfc).signers[0].signatureAlgorithm.oid).toBe('1.2.156.10197.1.501');
  });
});

d('EncryptedData, DigestedData, SignedAndEnvelopedData', () => {
  it('EncryptedData (SM4-CBC) decrypts with openssl enc and back', () => {
    const key = crypto.getRandomValues(new Uint8Array(16));
    for (const flavour of ['gm', 'rfc5652'] as const) {
      const der = encryptData(content, key, { flavour });
      expect(asn1parse(der)).toContain(flavour === 'gm' ? ':1.2.156.10197.6.1.4.2.5' : ':pkcs7-encryptedData');
      expect(decryptData(der, key)).toEqual(content);
      const s = inspectMessage(der);
      expect(s).toMatchObject({ type: 'encryptedData', contentEncryption: '1.2.156.10197.1.104.2' });
      // independent: IV from the AlgorithmIdentifier, ciphertext from [0], `openssl enc -sm4-cbc`
      const dump = openssl(['asn1parse', '-inform', 'DER', '-in', path.join(fx.dir, 'p.der')]).toString().split('\n');
      const ivLine = dump.find((l) => /OCTET STRING\s+\[HEX DUMP\]:/.test(l))!;
      const iv = ivLine.split(':').pop()!.trim();
      const body = der.subarray(der.length - Math.ceil((content.length + 1) / 16) * 16);
      const plain = openssl(['enc', '-d', '-sm4-cbc', '-K', Buffer.from(key).toString('hex'), '-iv', iv], body);
      expect(new Uint8Array(plain)).toEqual(content);
    }
  });
  it('DigestedData with SM3, checked against openssl dgst -sm3', () => {
    for (const flavour of ['gm', 'rfc5652'] as const) {
      const der = digestData(content, { flavour });
      const r = checkDigestedData(der);
      expect(r).toMatchObject({ intact: true, digestAlgorithm: 'SM3' });
      const sm3 = openssl(['dgst', '-sm3', '-binary'], content);
      expect(Buffer.from(der).includes(sm3)).toBe(true);
      const bad = Uint8Array.from(der);
      bad[bad.length - 1] ^= 1;
      expect(checkDigestedData(bad).intact).toBe(false);
    }
  });
  it('SignedAndEnvelopedData round trip in both flavours; outsiders are refused', async () => {
    for (const flavour of ['gm', 'rfc5652'] as const) {
      const der = await signAndEncrypt(content, { flavour, signers: [{ signer }], recipients: [{ certificate: fx.cert('sm2b') }] });
      expect(asn1parse(der)).toContain(flavour === 'gm' ? ':1.2.156.10197.6.1.4.2.4' : ':pkcs7-signedAndEnvelopedData');
      const r = await decryptAndVerify(der, [fx.decrypter('sm2x'), fx.decrypter('sm2b')]);
      expect(r.content).toEqual(content);
      expect(r.intact).toBe(true);
      expect(r.signers[0].signer?.subject).toContain('Bidder signing');
      expect(inspectMessage(der)).toMatchObject({ type: 'signedAndEnvelopedData', flavour });
      await expect(decryptAndVerify(der, [fx.decrypter('sm2x')])).rejects.toMatchObject({ code: 'E_NOT_A_RECIPIENT' });
    }
  });
});

d('hostile input', () => {
  it('truncated and fuzzed messages give typed errors, never an exception', async () => {
    const samples = [await signMessage(content, { flavour: 'gm', signers: [{ signer }] }), encryptData(content, new Uint8Array(16), { flavour: 'gm' }), digestData(content, { flavour: 'rfc5652' })];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...samples), fc.nat(), fc.nat(255), async (s, pos, val) => {
        const cut = s.subarray(0, pos % s.length);
        const flip = Uint8Array.from(s);
        flip[pos % s.length] = val;
        for (const x of [cut, flip]) {
          for (const f of [() => inspectMessage(x), () => verifyMessage(x, content), () => checkDigestedData(x), () => decryptData(x, new Uint8Array(16))]) {
            try {
              await f();
            } catch (e) {
              if (!isBidSealError(e)) throw e;
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
