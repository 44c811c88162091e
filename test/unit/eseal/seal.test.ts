// SESeal v1/v4 and SES_Signature v1/v4: what BidSeal writes is read by an independent parser (python3-asn1crypto,
// test/unit/eseal/ses_check.py) and its SM2 signatures verify with OpenSSL over the exact bytes; tampering and
// misuse give typed verdicts.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import {  } from 'node:fs';
import { parseSeal, verifySeal, sealListsCertificate, makeSeal, describeSeal } from '../../../shared/eseal/seal';
import { parseSesSignature, signSes, verifySes } from '../../../shared/eseal/signature';
import { sm3 } from '../../../shared/crypto/sm3';
import { toHex, seq, integer, ia5String, tlv } from '../../../shared/asn1';
import { hasOpenssl } from '../../helpers/vectors';
import { hasAsn1crypto, makeTestSeal, opensslSm2Verify, pyCheck, sealInput, softwareSigner } from '../../helpers/eseal';
import { useSealFixture } from '../../helpers/seal-fixture';
import { isBidSealError } from '../../../shared/errors';

const f = useSealFixture();

const flip = (b: Uint8Array, at: number): Uint8Array => {
  const c = b.slice();
  c[at] ^= 0x01;
  return c;
};
const indexOf = (hay: Uint8Array, needle: Uint8Array): number => Buffer.from(hay).indexOf(Buffer.from(needle));

describe.skipIf(!hasOpenssl)('SESeal', () => {
  for (const format of [4, 1] as const) {
    it(`v${format}: written, parsed back, read by asn1crypto, maker signature verified by OpenSSL`, async () => {
      const der = await makeTestSeal(f, format);
      const s = parseSeal(der);
      expect(s.format).toBe(format);
      expect(s.header).toEqual({ id: 'ES', version: format, vid: 'BidSeal-Test' });
      expect(s.property.name).toBe('某某建设有限公司合同专用章');
      expect(s.picture).toMatchObject({ type: 'PNG', widthMm: 40, heightMm: 40 });
      const v = await verifySeal(s, { signerCert: f.holder.certDer, anchors: [f.maker.certDer] });
      expect(v.problems).toEqual([]);
      expect(v.status).toBe('valid');
      expect(v.tbsForm).toBe('standard');
      if (!hasAsn1crypto) return;
      const py = pyCheck('seal', der, f.dir);
      expect(py.format).toBe(format);
      expect(py.header).toEqual({ id: 'ES', version: format, vid: 'BidSeal-Test' });
      expect(py.name).toBe('某某建设有限公司合同专用章');
      expect(py.certs).toEqual([toHex(f.holder.certDer)]);
      expect(py.picture).toMatchObject({ type: 'PNG', width: 40, height: 40, bytes: f.png.length });
      expect(py.alg).toBe('1.2.156.10197.1.501');
      expect(new Date(py.validEnd).getTime()).toBe(Math.floor(s.property.validEnd.getTime() / 1000) * 1000);
      expect(opensslSm2Verify(f.dir, path.join(f.dir, 'maker_cert.der'), path.join(f.dir, 'maker_tbs.bin'), path.join(f.dir, 'maker_sig.bin'))).toBe(true);
    });
  }

  it('v4 with a certificate digest list: the listed certificate by SM3 digest, another one refused', async () => {
    const der = await makeSeal({ ...sealInput(f), property: { ...sealInput(f).property, certs: [], certDigests: [{ type: 'sm3', value: sm3(f.holder.certDer) }] } }, softwareSigner(f.maker), 4);
    const s = parseSeal(der);
    expect(s.property.certListType).toBe(2);
    expect(sealListsCertificate(s, f.holder.certDer)).toBe(true);
    expect(sealListsCertificate(s, f.other.certDer)).toBe(false);
    if (hasAsn1crypto) expect(pyCheck('seal', der, f.dir).certDigests).toEqual([{ type: 'sm3', value: toHex(sm3(f.holder.certDer)) }]);
  });

  it('typed verdicts: tampered, expired, not yet valid, signer not listed, maker untrusted', async () => {
    const der = await makeTestSeal(f, 4);
    const nameAt = indexOf(der, new TextEncoder().encode('合同专用章'));
    const bad = await verifySeal(parseSeal(flip(der, nameAt + 1)), { signerCert: f.holder.certDer, anchors: [f.maker.certDer] });
    expect(bad.status).toBe('bad-maker-signature');
    expect(bad.intact).toBe(false);
    const later = await verifySeal(parseSeal(der), { at: new Date(Date.now() + 400 * 86400_000), anchors: [f.maker.certDer] });
    expect(later.problems.map((p) => p.code)).toContain('seal-expired');
    expect(later.intact).toBe(true);
    const early = await verifySeal(parseSeal(der), { at: new Date(Date.now() - 86400_000), anchors: [f.maker.certDer] });
    expect(early.problems.map((p) => p.code)).toContain('seal-not-yet-valid');
    const other = await verifySeal(parseSeal(der), { signerCert: f.other.certDer, anchors: [f.maker.certDer] });
    expect(other.status).toBe('signer-not-listed');
    const untrusted = await verifySeal(parseSeal(der), {});
    expect(untrusted.status).toBe('maker-untrusted');
    expect(untrusted.intact).toBe(true);
  });

  it('reads the bytes as carried: a non-strict explicit BOOLEAN FALSE in an extension still verifies', async () => {
    // the maker signed the non-DER form: build the seal info with critical FALSE written out, signed as is
    const { makerTbs, carrierDigest } = await import('../../../shared/eseal/seal');
    const { seq: s2, octets, oid, bitString, boolean: b } = await import('../../../shared/asn1');
    const { encodeSealInfo } = await import('../../../shared/eseal/seal');
    const base = encodeSealInfo({ ...sealInput(f), extensions: [{ id: '1.2.3.4', critical: true, value: Uint8Array.of(1, 2) }] }, 4);
    const strictExt = s2(oid('1.2.3.4'), b(true), octets(Uint8Array.of(1, 2)));
    const looseExt = s2(oid('1.2.3.4'), b(false), octets(Uint8Array.of(1, 2)));
    const at = indexOf(base, strictExt);
    expect(at).toBeGreaterThan(0);
    const info = Uint8Array.from([...base.subarray(0, at), ...looseExt, ...base.subarray(at + strictExt.length)]);
    const signer = softwareSigner(f.maker);
    const certTlv = octets(f.maker.certDer);
    const algTlv = oid('1.2.156.10197.1.501');
    const sig = await signer.signDigest(carrierDigest(makerTbs(4, info, certTlv, algTlv), 'sm2-sm3', f.maker.certDer), 'sm2-sm3');
    const der = s2(info, certTlv, algTlv, bitString(sig));
    const s = parseSeal(der);
    expect(s.extensions).toEqual([{ id: '1.2.3.4', critical: false, value: Uint8Array.of(1, 2) }]);
    expect((await verifySeal(s, { anchors: [f.maker.certDer] })).status).toBe('valid');
  });

  it('a GM/T 0031-2025 (v5) draft seal is unsupported, not a bad signature', () => {
    const v5 = seq(seq(seq(ia5String('ES'), integer(5), ia5String('x')), ia5String('id'), seq(), seq()), tlv(0x04, Uint8Array.of(1)), tlv(0x06, Uint8Array.of(0x2a)), tlv(0x03, Uint8Array.of(0)));
    let code = '';
    try {
      parseSeal(v5);
    } catch (e) {
      code = isBidSealError(e) ? e.code : 'other';
    }
    expect(code).toBe('E_ESEAL_UNSUPPORTED_VERSION');
    expect(() => parseSeal(Uint8Array.of(0x30, 0x03, 1, 2))).toThrow(/./);
  });

  it('describeSeal summarises for show / the vault', async () => {
    const d = describeSeal(parseSeal(await makeTestSeal(f, 4)));
    expect(d).toMatchObject({ name: '某某建设有限公司合同专用章', esId: '11010800000001', certListType: 'certificates' });
    expect(String((d.holders as string[])[0])).toContain('Holder Construction Co');
  });
});

describe.skipIf(!hasOpenssl)('SES_Signature', () => {
  const content = new TextEncoder().encode('<ofd:Signature>…</ofd:Signature>');
  for (const format of [4, 1] as const) {
    it(`v${format}: signed with the holder's key, verified here, by asn1crypto and by OpenSSL`, async () => {
      const seal = await makeTestSeal(f, format);
      const der = await signSes({ seal, dataHash: sm3(content), propertyInfo: '/Doc_0/Signs/Sign_0/Signature.xml' }, softwareSigner(f.holder));
      const p = parseSesSignature(der);
      expect(p.format).toBe(format);
      expect(p.time).toBeInstanceOf(Date);
      const v = await verifySes(der, { dataHash: sm3(content), anchors: [f.maker.certDer, f.holder.certDer] });
      expect(v.problems).toEqual([]);
      expect(v.intact).toBe(true);
      expect(v.trusted).toBe(true);
      expect((await verifySes(der, { dataHash: sm3(new Uint8Array(1)) })).problems.map((q) => q.code)).toContain('data-hash-mismatch');
      if (!hasAsn1crypto) return;
      const py = pyCheck('sig', der, f.dir);
      expect(py.format).toBe(format);
      expect(py.version).toBe(format);
      expect(py.dataHash).toBe(toHex(sm3(content)));
      expect(py.propertyInfo).toBe('/Doc_0/Signs/Sign_0/Signature.xml');
      expect(py.alg).toBe('1.2.156.10197.1.501');
      expect(opensslSm2Verify(f.dir, path.join(f.dir, 'signer_cert.der'), path.join(f.dir, 'tbs.bin'), path.join(f.dir, 'sig.bin'))).toBe(true);
      expect(opensslSm2Verify(f.dir, path.join(f.dir, 'seal_maker_cert.der'), path.join(f.dir, 'seal_maker_tbs.bin'), path.join(f.dir, 'seal_maker_sig.bin'))).toBe(true);
    });
  }

  it('refuses before signing: a seal that does not list the signer, an expired seal', async () => {
    const seal = await makeTestSeal(f, 4);
    await expect(signSes({ seal, dataHash: sm3(content), propertyInfo: 'x' }, softwareSigner(f.other))).rejects.toMatchObject({ code: 'E_ESEAL_SIGNER_NOT_LISTED' });
    const old = await makeTestSeal(f, 4, { validStart: new Date(Date.now() - 10 * 86400_000), validEnd: new Date(Date.now() - 86400_000) });
    await expect(signSes({ seal: old, dataHash: sm3(content), propertyInfo: 'x' }, softwareSigner(f.holder))).rejects.toMatchObject({ code: 'E_ESEAL_EXPIRED' });
  });

  it('tampering the seal inside or the signature is detected', async () => {
    const seal = await makeTestSeal(f, 4);
    const der = await signSes({ seal, dataHash: sm3(content), propertyInfo: 'p' }, softwareSigner(f.holder));
    const nameAt = indexOf(der, new TextEncoder().encode('合同专用章'));
    const v1 = await verifySes(flip(der, nameAt + 1), { dataHash: sm3(content) });
    expect(v1.intact).toBe(false);
    expect(v1.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['bad-signature', 'seal-invalid']));
    const v2 = await verifySes(flip(der, der.length - 5), { dataHash: sm3(content) });
    expect(v2.problems.map((p) => p.code)).toContain('bad-signature');
  });
});

describe.skipIf(!hasOpenssl)('hostile input', () => {
  it('truncated or bit-flipped seals and signatures give typed errors or failed verdicts, never a crash', async () => {
    const seal = await makeTestSeal(f, 4);
    const sig = await signSes({ seal, dataHash: sm3(Uint8Array.of(1)), propertyInfo: 'p' }, softwareSigner(f.holder));
    for (const der of [seal, sig]) {
      for (let i = 0; i < 60; i++) {
        const cut = Math.floor((der.length * i) / 60);
        const bad = i % 2 ? der.subarray(0, cut) : flip(der, cut);
        try {
          const p = der === seal ? parseSeal(bad) : parseSesSignature(bad);
          const v = der === seal ? await verifySeal(p as ReturnType<typeof parseSeal>) : await verifySes(p as ReturnType<typeof parseSesSignature>);
          expect(v).toBeTruthy();
        } catch (e) {
          expect(isBidSealError(e), String(e)).toBe(true);
        }
      }
    }
  });
});
