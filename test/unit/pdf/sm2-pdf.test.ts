// SM2-with-SM3 PDF signatures (adbe.pkcs7.detached with the international CMS OIDs, digest
// SM3 1.2.156.10197.1.401, signature SM2 …1.501), made by `bidseal pdf sign` with a software SM2 key and
// checked without our verifier: OpenSSL recomputes SM3 over the ByteRange bytes and verifies the SM2
// signature over the DER signed attributes with the default ID 1234567812345678.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bidseal } from '../../helpers/cli';
import { makeKey, minimalPdf, qpdfCheck, hasQpdf, sealPng, tmp, type TestKey } from '../../helpers/pdf';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { OIDS, parseSignedData } from '../../../shared/cms/signed-data';
import { children, readTlv } from '../../../shared/asn1';

/** /Contents (DER, padding trimmed) and the ByteRange bytes of the i-th signature in file order. */
function extract(pdf: Buffer, i: number): { cms: Buffer; signed: Buffer } {
  const s = pdf.toString('latin1');
  const m = [...s.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)][i];
  const [a, b, c, d] = m.slice(1, 5).map(Number);
  const full = Buffer.from(s.slice(b + 1, c - 1), 'hex');
  return { cms: full.subarray(0, readTlv(full).raw.length), signed: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]) };
}

describe.skipIf(!hasOpenssl)('SM2-with-SM3 PDF signatures, cross-checked with OpenSSL', () => {
  const work = hasOpenssl ? tmp() : '';
  const f = (n: string) => path.join(work, n);
  let key: TestKey;
  beforeAll(() => {
    key = makeKey(work, 'sm2', 'Wang Wu SM2');
    openssl(['pkey', '-in', key.keyPath, '-pubout', '-out', f('sm2.pub')]);
    writeFileSync(f('in.pdf'), minimalPdf({ pages: 2 }));
    writeFileSync(f('seal.png'), sealPng(160));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('messageDigest is openssl dgst -sm3 of the ByteRange bytes; openssl pkeyutl verifies the SM2 signature; bidseal says intact', () => {
    const r = bidseal(['pdf', 'sign', '--key', key.keyPath, '--cert', key.certPath, '--seal', f('seal.png'), '--rect', '400,60,120,120', '--json', '-o', f('sm2.pdf'), f('in.pdf')]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).algorithm).toBe('sm2-sm3');
    // a second SM2 signature on top keeps the first intact
    expect(bidseal(['pdf', 'sign', '--key', key.keyPath, '--cert', key.certPath, '--cross-page', '--seal', f('seal.png'), '-o', f('sm2-2.pdf'), f('sm2.pdf')]).code).toBe(0);
    const pdf = readFileSync(f('sm2-2.pdf'));
    for (const i of [0, 1]) {
      const { cms, signed } = extract(pdf, i);
      writeFileSync(f('signed.bin'), signed);
      const sm3 = openssl(['dgst', '-sm3', '-binary', f('signed.bin')]);
      const sd = parseSignedData(cms);
      expect(sd.digestAlgorithms[0].oid).toBe('1.2.156.10197.1.401');
      const si = sd.signers[0];
      expect(si.digestAlgorithm.oid).toBe('1.2.156.10197.1.401');
      expect(si.signatureAlgorithm.oid).toBe('1.2.156.10197.1.501');
      const md = si.attributes!.find((a) => a.type === OIDS.messageDigest)!.values[0].v;
      expect(Buffer.from(md).toString('hex')).toBe(sm3.toString('hex'));
      // the signature is over the DER SET OF attributes (tag 0x31), as hashed: SM3(Z ‖ attrs) with the default ID
      expect(si.signedAttrs![0]).toBe(0x31);
      writeFileSync(f('attrs.der'), si.signedAttrs!);
      writeFileSync(f('sig.der'), si.signature);
      const out = openssl(['pkeyutl', '-verify', '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-pubin', '-inkey', f('sm2.pub'), '-in', f('attrs.der'), '-sigfile', f('sig.der')]).toString();
      expect(out).toContain('Signature Verified Successfully');
      // and a flipped bit of the attributes does not verify
      const bad = Buffer.from(si.signedAttrs!);
      bad[bad.length - 1] ^= 1;
      writeFileSync(f('attrs-bad.der'), bad);
      expect(() => openssl(['pkeyutl', '-verify', '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-pubin', '-inkey', f('sm2.pub'), '-in', f('attrs-bad.der'), '-sigfile', f('sig.der')])).toThrow();
      // OpenSSL's own CMS parser reads the structure (it cannot verify SM2 in CMS in 3.0)
      writeFileSync(f('cms.der'), cms);
      expect(openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', f('cms.der')]).toString()).toMatch(/1\.2\.156\.10197\.1\.501|SM2/i);
      expect(children(readTlv(cms).v)[0].tag).toBe(0x06);
    }
    if (hasQpdf) expect(qpdfCheck(f('sm2-2.pdf')).out).toContain('No syntax or stream encoding errors');
    const v = JSON.parse(bidseal(['pdf', 'verify', '--json', f('sm2-2.pdf')]).stdout);
    expect(v.ok).toBe(true);
    expect(v.signatures.map((s: Record<string, unknown>) => [s.intact, s.valid, s.digestAlgorithm, s.signatureAlgorithm])).toEqual([
      [true, true, 'SM3', 'SM2-SM3'],
      [true, true, 'SM3', 'SM2-SM3'],
    ]);
  });
});
