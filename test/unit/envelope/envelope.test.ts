// Sealing and opening: every cipher × recipient kind, multiple recipients each opening alone, SKI recipient ids,
// the GM/T 0010 profile rule, "not a recipient" listing, and envelopes in the shapes GmSSL and CFCA write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sm2 from '../../../shared/crypto/sm2';
import { sm4Encrypt } from '../../../shared/crypto/sm4-cipher';
import { explicit, integer, octets, oid, seq, setOf, tlv, parseBer } from '../../../shared/asn1';
import { findRecipient, inspect, openStream, sealStream, type RecipientSpec } from '../../../shared/envelope';
import { parseCertificate } from '../../../shared/pki/certificate';
import { hasOpenssl } from '../../helpers/vectors';
import { chunked, codeOfAsync, collect, makeFixtures, once, pseudoRandom, type Fixtures } from './fixtures';

const CIPHERS = ['sm4-cbc', 'aes-256-cbc', 'sm4-gcm', 'aes-256-gcm'] as const;
const eq = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

describe.skipIf(!hasOpenssl)('digital envelopes (needs OpenSSL 3 to make test certificates)', () => {
  let f: Fixtures;
  beforeAll(() => {
    f = makeFixtures(['rsa', 'rsa2', 'ec256', 'ec384', 'sm2p', 'sm2b', 'sm2x', 'sm2sign']);
  });
  afterAll(() => f?.cleanup());

  const msg = pseudoRandom(70_001, 42);
  const seal = (recipients: RecipientSpec[], contentCipher: (typeof CIPHERS)[number], extra: object = {}) =>
    collect(sealStream(chunked(msg, 3000), { recipients, contentCipher, ...extra }));

  for (const cc of CIPHERS) {
    it(`${cc}: platform (SM2), bidder (SM2), escrow (RSA-OAEP) and an EC P-256/P-384 holder each open the envelope alone`, async () => {
      const env = await seal(
        [{ certificate: f.cert('sm2p'), label: 'platform' }, { certificate: f.cert('sm2b'), label: 'bidder' }, { certificate: f.cert('rsa'), label: 'escrow' }, { certificate: f.cert('ec256') }, { certificate: f.cert('ec384') }],
        cc,
      );
      for (const n of ['sm2p', 'sm2b', 'rsa', 'ec256', 'ec384'] as const) {
        const d = f.decrypter(n);
        const o = await openStream(chunked(env, 777, n.length), d);
        expect(eq(await collect(o.content), msg), `${cc} opened by ${n}`).toBe(true);
        expect(o.openedBy.description).toContain(parseCertificate(f.cert(n)).serialNumber);
      }
    });
  }

  it('RSA recipients get RSAES-OAEP with explicit SHA-256 parameters by default and rsaEncryption when asked', async () => {
    const env = await seal([{ certificate: f.cert('rsa') }, { certificate: f.cert('rsa2'), rsaPadding: 'pkcs1' }], 'aes-256-cbc');
    const info = await inspect(once(env));
    const algs = info.recipients.map((r) => `${r.description}: ${r.algorithm.oid} ${r.algorithm.name}`).sort();
    expect(algs).toEqual(['CN=Escrow RSA, serial 0100: 1.2.840.113549.1.1.7 RSAES-OAEP (SHA-256)', 'CN=Other RSA, serial 0101: 1.2.840.113549.1.1.1 RSAES-PKCS1-v1_5']);
    for (const n of ['rsa', 'rsa2'] as const) expect(eq(await collect((await openStream(once(env), f.decrypter(n))).content), msg)).toBe(true);
  });

  it('an all-SM2 SM4-CBC envelope uses the GM/T 0010 OIDs and version 1; mixing in RSA switches to RFC 5652 OIDs', async () => {
    const gm = await inspect(once(await seal([{ certificate: f.cert('sm2p') }, { certificate: f.cert('sm2b') }], 'sm4-cbc')));
    expect(gm).toMatchObject({ type: 'EnvelopedData', contentType: '1.2.156.10197.6.1.4.2.3', profile: 'gmt0010', version: 1, encryptedContentType: '1.2.156.10197.6.1.4.2.1' });
    expect(gm.contentEncryption).toMatchObject({ oid: '1.2.156.10197.1.104.2', ivLength: 16 });
    expect(gm.recipients.map((r) => [r.version, r.algorithm.oid])).toEqual([
      [1, '1.2.156.10197.1.301.3'],
      [1, '1.2.156.10197.1.301.3'],
    ]);
    const mixed = await inspect(once(await seal([{ certificate: f.cert('sm2p') }, { certificate: f.cert('rsa') }], 'sm4-cbc')));
    expect(mixed).toMatchObject({ contentType: '1.2.840.113549.1.7.3', profile: 'rfc5652', version: 0, encryptedContentType: '1.2.840.113549.1.7.1' });
    expect(await codeOfAsync(() => seal([{ certificate: f.cert('rsa') }], 'sm4-cbc', { profile: 'gmt0010' }))).toBe('E_CMS_FLAVOUR_UNSUITABLE');
  });

  it('GCM produces AuthEnvelopedData with GCMParameters {12-byte nonce, icvLen 16}', async () => {
    const info = await inspect(once(await seal([{ certificate: f.cert('sm2p') }], 'sm4-gcm')));
    expect(info).toMatchObject({ type: 'AuthEnvelopedData', contentType: '1.2.840.113549.1.9.16.1.23', version: 0 });
    expect(info.contentEncryption).toEqual({ oid: '1.2.156.10197.1.104.8', name: 'sm4-gcm', ivLength: 12, tagLength: 16 });
  });

  it('SKI recipient identifiers (KeyTransRecipientInfo v2, rKeyId for key agreement) open like issuer-and-serial ones', async () => {
    const env = await seal([{ certificate: f.cert('sm2b') }, { certificate: f.cert('rsa') }, { certificate: f.cert('ec256') }], 'aes-256-gcm', { recipientId: 'ski' });
    const info = await inspect(once(env));
    expect(info.recipients.every((r) => r.id.type === 'ski' && /^SKI [0-9A-F]{40}$/.test(r.description))).toBe(true);
    expect(info.version).toBe(0); // AuthEnvelopedData is always 0
    for (const n of ['sm2b', 'rsa', 'ec256'] as const) expect(eq(await collect((await openStream(once(env), f.decrypter(n))).content), msg)).toBe(true);
    const cbc = await inspect(once(await seal([{ certificate: f.cert('sm2b') }], 'aes-256-cbc', { recipientId: 'ski' })));
    expect(cbc.version).toBe(2);
  });

  it('a wrong identity gets E_NOT_A_RECIPIENT listing every recipient it saw (issuer CN + serial)', async () => {
    const env = await seal([{ certificate: f.cert('sm2p') }, { certificate: f.cert('sm2b') }, { certificate: f.cert('rsa') }], 'sm4-cbc');
    const outsider = f.decrypter('sm2x');
    const err = await openStream(once(env), outsider).then(
      () => null,
      (e) => e,
    );
    expect(err?.code).toBe('E_NOT_A_RECIPIENT');
    expect([...err.details.recipients].sort()).toEqual(['CN=Escrow RSA, serial 0100', 'CN=平台加密证书 Platform SM2, serial A1B2C3', 'CN=投标人加密证书 Bidder SM2, serial 7F0102']);
    expect(err.details.identities[0]).toContain('Outsider SM2');
    expect(err.message).toContain('not a recipient');
    expect((outsider as unknown as { calls: number }).calls).toBe(0);
    // pre-flight without any key: which certificates can open it
    const info = await inspect(once(env));
    expect(findRecipient(info, f.cert('sm2b'))?.description).toBe('CN=投标人加密证书 Bidder SM2, serial 7F0102');
    expect(findRecipient(info, f.cert('sm2x'))).toBeUndefined();
  });

  it('refuses to seal to a signing-only certificate (keyUsage without encipherment) unless told to', async () => {
    const err = await seal([{ certificate: f.cert('sm2p') }, { certificate: f.cert('sm2sign') }], 'sm4-cbc').then(
      () => null,
      (e) => e,
    );
    expect(err?.code).toBe('E_CERT_NOT_FOR_ENCRYPTION');
    expect(err.details.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    const env = await seal([{ certificate: f.cert('sm2sign'), ignoreKeyUsage: true }], 'sm4-cbc');
    expect(eq(await collect((await openStream(once(env), f.decrypter('sm2sign'))).content), msg)).toBe(true);
  });

  it('with several carriers the matching one opens, and the others are not asked', async () => {
    const env = await seal([{ certificate: f.cert('sm2b') }], 'sm4-gcm');
    const a = f.decrypter('sm2x');
    const b = f.decrypter('sm2b');
    const o = await openStream(once(env), { decrypters: [a, b] });
    expect(eq(await collect(o.content), msg)).toBe(true);
    expect((a as unknown as { calls: number }).calls).toBe(0);
  });

  it('empty content seals and opens for every cipher', async () => {
    for (const cc of CIPHERS) {
      const env = await collect(sealStream([], { recipients: [{ certificate: f.cert('sm2b') }], contentCipher: cc }));
      expect((await collect((await openStream(once(env), f.decrypter('sm2b'))).content)).length).toBe(0);
    }
  });

  describe('envelopes written by others', () => {
    const key = pseudoRandom(16, 5);
    const iv = pseudoRandom(16, 6);
    const pt = pseudoRandom(5000, 7);
    const ct = sm4Encrypt('cbc', key, iv, pt);
    const gmEnvelope = (rid: Uint8Array, ridVersion: number, keAlg: string, ek: Uint8Array, contentAlg: string, content: Uint8Array) =>
      seq(
        oid('1.2.156.10197.6.1.4.2.3'),
        explicit(0, seq(integer(1), setOf(seq(integer(ridVersion), rid, seq(oid(keAlg)), octets(ek))), seq(oid('1.2.156.10197.6.1.4.2.1'), seq(oid(contentAlg), octets(iv)), content))),
      );
    const sm2pub = () => parseCertificate(f.cert('sm2b')).publicKey.publicKey;
    const issuerSerial = () => {
      const c = parseCertificate(f.cert('sm2b'));
      return seq(c.issuer.der, integer(BigInt('0x' + c.serialNumber)));
    };

    it('opens GmSSL-style DER (SM2 OID …301.2, definite lengths, primitive [0] content)', async () => {
      const env = gmEnvelope(issuerSerial(), 1, '1.2.156.10197.1.301.2', sm2.encrypt(key, sm2pub(), { format: 'der' }), '1.2.156.10197.1.104.2', tlv(0x80, ct));
      const o = await openStream(chunked(env, 100), f.decrypter('sm2b'));
      expect(o.recipients[0].algorithm.oid).toBe('1.2.156.10197.1.301.2');
      expect(eq(await collect(o.content), pt)).toBe(true);
    });

    it.each(['c1c3c2', 'c1c2c3'] as const)('opens CFCA-style envelopes: SKI recipient, bare SM4 OID, raw %s wrapped key', async (format) => {
      const ski = Uint8Array.from(Buffer.from(parseCertificate(f.cert('sm2b')).subjectKeyId!, 'hex'));
      const env = gmEnvelope(tlv(0x80, ski), 2, '1.2.156.10197.1.301.3', sm2.encrypt(key, sm2pub(), { format }), '1.2.156.10197.1.104', tlv(0xa0, Buffer.concat([tlv(0x04, ct.subarray(0, 1000)), tlv(0x04, ct.subarray(1000))])));
      const o = await openStream(once(env), f.decrypter('sm2b'));
      expect(o.contentEncryption.name).toBe('sm4-cbc');
      expect(o.recipients[0].id.type).toBe('ski');
      expect(eq(await collect(o.content), pt)).toBe(true);
    });

    it('reports an unknown content cipher as E_UNSUPPORTED_ALGORITHM, not as corruption', async () => {
      const env = gmEnvelope(issuerSerial(), 1, '1.2.156.10197.1.301.3', sm2.encrypt(key, sm2pub()), '1.2.156.10197.1.104.99', tlv(0x80, ct));
      const d = f.decrypter('sm2b');
      expect(await codeOfAsync(() => openStream(once(env), d))).toBe('E_UNSUPPORTED_ALGORITHM');
      expect((d as unknown as { calls: number }).calls).toBe(0); // no PIN prompt for an envelope we cannot open
      const info = await inspect(once(env)); // pre-flight still lists who it is for
      expect(info.contentEncryption).toEqual({ oid: '1.2.156.10197.1.104.99', name: 'unsupported', ivLength: 0 });
      expect(info.recipients).toHaveLength(1);
      expect(parseBer(env).children!.length).toBe(2);
    });
  });
});
