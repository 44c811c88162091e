import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assemble, embed, prepare, signPdf } from '../../../shared/pdf/sign';
import { MemorySource } from '../../../shared/pdf/source';
import { PdfDocument } from '../../../shared/pdf/xref';
import { PdfDict, PdfString } from '../../../shared/pdf/objects';
import { verifySignedData } from '../../../shared/cms/signed-data';
import { collect, hasPdfsig, hasQpdf, makeKey, minimalPdf, pdfsig, qpdfCheck, softwareSigner, tmp, writeTmp, type KeyKind } from '../../helpers/pdf';
import { hasOpenssl, hasVectors, openssl, vectorPath } from '../../helpers/vectors';
import type { SignatureAlgorithm } from '../../../shared/pki/carrier';

const work = hasOpenssl ? tmp() : '';
const keys = new Map<KeyKind, ReturnType<typeof makeKey>>();
const key = (k: KeyKind) => keys.get(k) ?? (keys.set(k, makeKey(work, k)), keys.get(k)!);

async function sign(pdf: Uint8Array, kind: KeyKind, alg: SignatureAlgorithm, extra: Record<string, unknown> = {}): Promise<Uint8Array> {
  return collect(await signPdf(new MemorySource(pdf), softwareSigner(key(kind)), { alg, ...extra }));
}

/** Extracts /Contents (CMS DER) and the ByteRange bytes of signature `i` (in file order). */
function extract(pdf: Uint8Array, i: number): { cms: Uint8Array; signed: Uint8Array; br: number[] } {
  const s = Buffer.from(pdf).toString('latin1');
  const all = [...s.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const br = all[i].slice(1, 5).map(Number);
  const hex = s.slice(br[1] + 1, br[2] - 1);
  const cmsFull = Buffer.from(hex, 'hex');
  const len = cmsFull[1] & 0x80 ? cmsFull.subarray(2, 2 + (cmsFull[1] & 0x7f)).reduce((a, b) => a * 256 + b, 0) + 2 + (cmsFull[1] & 0x7f) : cmsFull[1] + 2;
  return { cms: cmsFull.subarray(0, len), signed: Buffer.concat([pdf.subarray(br[0], br[0] + br[1]), pdf.subarray(br[2], br[2] + br[3])]), br };
}

function checkWithTools(file: string, nSigs: number): void {
  if (hasPdfsig) {
    const out = pdfsig(file);
    expect(out.match(/Signature is Valid/g)?.length ?? 0, out).toBe(nSigs);
  }
  if (hasQpdf) expect(qpdfCheck(file).out).toContain('No syntax or stream encoding errors');
}

describe.skipIf(!hasOpenssl)('PDF signing session (ISO 32000-1 §12.8)', () => {
  const cases: [KeyKind, SignatureAlgorithm][] = [
    ['rsa', 'rsa-pkcs1-sha256'],
    ['ec-p256', 'ecdsa-sha256'],
    ['rsa', 'rsa-pss-sha256'],
  ];
  for (const xrefStream of [false, true]) {
    for (const [kind, alg] of cases) {
      it(`signs a ${xrefStream ? 'xref-stream' : 'classic'} PDF with ${alg}: pdfsig valid, qpdf clean, openssl verifies the CMS`, async () => {
        const pdf = minimalPdf({ xrefStream, pages: 2 });
        const out = await sign(pdf, kind, alg, { reason: 'Bid submission', location: 'Beijing', name: 'Test Signer' });
        expect(Buffer.from(out.subarray(0, pdf.length)).equals(Buffer.from(pdf))).toBe(true);
        const f = writeTmp(work, `one-${xrefStream}-${alg}.pdf`, out);
        checkWithTools(f, 1);
        const { cms, signed, br } = extract(out, 0);
        expect(br[0]).toBe(0);
        expect(br[2] + br[3]).toBe(out.length);
        writeFileSync(path.join(work, 'c.der'), cms);
        writeFileSync(path.join(work, 'c.bin'), signed);
        openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(work, 'c.der'), '-content', path.join(work, 'c.bin'), '-noverify', '-out', '/dev/null']);
        expect((await verifySignedData(cms, signed, { requireDetached: true }))[0].intact).toBe(true);
      });
    }
  }

  it('signs a second and third time and earlier signatures stay valid', async () => {
    let pdf = minimalPdf({ pages: 3 });
    pdf = await sign(pdf, 'rsa', 'rsa-pkcs1-sha256', { name: 'Company seal' });
    pdf = await sign(pdf, 'ec-p256', 'ecdsa-sha256', { page: 1, name: 'Legal representative' });
    pdf = await sign(pdf, 'ec-p384', 'ecdsa-sha384', { page: 2 });
    const f = writeTmp(work, 'three.pdf', pdf);
    checkWithTools(f, 3);
    const doc = await PdfDocument.open(new MemorySource(pdf));
    const acro = await doc.resolveDict((await doc.catalog()).get('AcroForm'));
    const fields = (await doc.resolve(acro!.get('Fields'))) as unknown[];
    const names = await Promise.all(fields.map(async (r) => ((await doc.resolveDict(r as never))!.get('T') as PdfString).toText()));
    expect(names).toEqual(['Signature1', 'Signature2', 'Signature3']);
    expect(acro!.get('SigFlags')).toBe(3);
  });

  it('stages: prepare gives the digest, the carrier signs elsewhere, embed writes; cancel writes nothing', async () => {
    const pdf = minimalPdf();
    const src = new MemorySource(pdf);
    const signer = softwareSigner(key('rsa'));
    const p = await prepare(src, { alg: 'rsa-pkcs1-sha256', certificateDer: signer.certificateDer, fieldName: 'Seal' });
    expect(p.documentDigest.length).toBe(32);
    expect(p.byteRange[0]).toBe(0);
    expect(p.byteRange[1]).toBe(pdf.length + p.contentsAt);
    // the digest covers exactly the ByteRange of the final file
    const out = await collect(embed(p, assemble(p, await signer.signDigest(p.toBeSigned, 'rsa-pkcs1-sha256'))));
    const { signed } = extract(out, 0);
    const { sha256 } = await import('@noble/hashes/sha2.js');
    expect(Buffer.from(sha256(signed)).equals(Buffer.from(p.documentDigest))).toBe(true);
    checkWithTools(writeTmp(work, 'staged.pdf', out), 1);
  });

  it('cancels while hashing with E_CANCELLED and reports progress', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(prepare(new MemorySource(minimalPdf()), { alg: 'ecdsa-sha256', certificateDer: key('ec-p256').certDer, signal: ac.signal })).rejects.toMatchObject({ code: 'E_CANCELLED' });
    const seen: number[] = [];
    const pdf = minimalPdf();
    await prepare(new MemorySource(pdf), { alg: 'ecdsa-sha256', certificateDer: key('ec-p256').certDer, onProgress: (d) => seen.push(d) });
    expect(seen[seen.length - 1]).toBe(pdf.length);
  });

  it('reads the original into two reused buffers (the writer copies each chunk before the next) and refuses a file that ends early', async () => {
    const pdf = minimalPdf({ bulk: 3 << 20 });
    // a file-like source (readInto) whose last `short` bytes are gone by the time they are read
    const targets = new Set<ArrayBufferLike>();
    const source = (short: number) => ({
      size: pdf.length,
      read: (o: number, l: number) => new MemorySource(pdf).read(o, l),
      readInto: async (o: number, t: Uint8Array) => {
        targets.add(t.buffer);
        const n = Math.max(0, Math.min(t.length, pdf.length - short - o));
        t.set(pdf.subarray(o, o + n));
        return n;
      },
    });
    const copies: Uint8Array[] = [];
    const p = await prepare(source(0), { alg: 'ecdsa-sha256', certificateDer: key('ec-p256').certDer, onOriginalChunk: (c) => void copies.push(c.slice()) });
    expect(Buffer.compare(Buffer.concat(copies), pdf)).toBe(0);
    expect(copies.length).toBeGreaterThanOrEqual(4);
    expect(targets.size).toBe(2);
    const { sha256 } = await import('@noble/hashes/sha2.js');
    const placeholder = p.byteRange[2] - p.byteRange[1];
    const signedBytes = Buffer.concat([pdf, p.revision.subarray(0, p.contentsAt), p.revision.subarray(p.contentsAt + placeholder)]);
    expect(Buffer.from(sha256(signedBytes)).equals(Buffer.from(p.documentDigest))).toBe(true);
    await expect(prepare(source(7), { alg: 'ecdsa-sha256', certificateDer: key('ec-p256').certDer })).rejects.toMatchObject({ code: 'E_TRUNCATED' });
  });

  it('refuses to write when the carrier signs with a key that does not match the certificate', async () => {
    const wrong = { ...softwareSigner(key('ec-p256')), certificateDer: makeKey(tmp(), 'ec-p256', 'other').certDer };
    await expect(signPdf(new MemorySource(minimalPdf()), wrong, { alg: 'ecdsa-sha256' })).rejects.toMatchObject({ code: 'E_BAD_SIGNATURE' });
  });

  it('refuses a CMS larger than the reserved /Contents space', async () => {
    const p = await prepare(new MemorySource(minimalPdf()), { alg: 'ecdsa-sha256', certificateDer: key('ec-p256').certDer });
    await expect(collect(embed(p, new Uint8Array(p.capacity + 1)))).rejects.toMatchObject({ code: 'E_PDF_SIGNATURE_SPACE' });
  });

  it('rejects a duplicate field name and a missing page', async () => {
    const pdf = await sign(minimalPdf(), 'ec-p256', 'ecdsa-sha256', { fieldName: 'Seal' });
    await expect(sign(pdf, 'ec-p256', 'ecdsa-sha256', { fieldName: 'Seal' })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(sign(pdf, 'ec-p256', 'ecdsa-sha256', { page: 5 })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });

  it('updates an indirect /Annots array instead of the page', async () => {
    const pdf = minimalPdf({ indirectAnnots: true });
    const out = await sign(pdf, 'ec-p256', 'ecdsa-sha256');
    const doc = await PdfDocument.open(new MemorySource(out));
    expect(doc.sections[1].entries.has(4)).toBe(false); // page object not rewritten
    const page = (await doc.resolveDict((await doc.pages())[0])) as PdfDict;
    expect(((await doc.resolve(page.get('Annots'))) as unknown[]).length).toBe(1);
    checkWithTools(writeTmp(work, 'indirect-annots.pdf', out), 1);
  });

  it('signs with SM2/SM3 (digest 1.2.156.10197.1.401, signature …1.501) and the CMS verifies', async () => {
    const out = await sign(minimalPdf(), 'sm2', 'sm2-sm3');
    const { cms, signed } = extract(out, 0);
    const r = await verifySignedData(cms, signed, { requireDetached: true });
    expect(r[0].intact, r[0].error?.message).toBe(true);
    expect(r[0].digestAlgorithm).toBe('SM3');
    expect(r[0].signatureAlgorithm).toBe('SM2-SM3');
    if (hasQpdf) expect(qpdfCheck(writeTmp(work, 'sm2.pdf', out)).out).toContain('No syntax or stream encoding errors');
  });

  it.skipIf(!hasVectors)('signs pyHanko samples (hybrid xref, existing field, existing signatures) keeping earlier signatures valid', async () => {
    for (const [f, before] of [['minimal-hybrid-xref.pdf', 0], ['minimal-with-field.pdf', 0], ['minimal-one-field-indir-annots.pdf', 0], ['minimal-two-fields-signed-twice.pdf', 2], ['minimal-signed-twice-no-sig-type.pdf', 2]] as const) {
      const pdf = readFileSync(vectorPath(`pdf/pyhanko/pdf/${f}`));
      const out = await sign(pdf, 'rsa', 'rsa-pkcs1-sha256');
      const file = writeTmp(work, `py-${f}`, out);
      if (hasQpdf) expect(qpdfCheck(file).out, f).toContain('No syntax or stream encoding errors');
      if (hasPdfsig) expect(pdfsig(file).match(/Signature is Valid/g)?.length ?? 0, `${f}\n${pdfsig(file)}`).toBe(before + 1);
    }
  });

  it.skipIf(!hasVectors)('fills a pre-placed empty signature field in place (both fields, one after the other)', async () => {
    let pdf: Uint8Array = readFileSync(vectorPath('pdf/pyhanko/pdf/minimal-two-fields.pdf'));
    pdf = await sign(pdf, 'rsa', 'rsa-pkcs1-sha256', { fieldName: 'Sig1', appearance: { text: ['Company seal'] } });
    pdf = await sign(pdf, 'ec-p256', 'ecdsa-sha256', { fieldName: 'Sig2' });
    const doc = await PdfDocument.open(new MemorySource(pdf));
    const acro = await doc.resolveDict((await doc.catalog()).get('AcroForm'));
    expect(((await doc.resolve(acro!.get('Fields'))) as unknown[]).length).toBe(2);
    const file = writeTmp(work, 'filled-fields.pdf', pdf);
    checkWithTools(file, 2);
    if (hasPdfsig) expect(pdfsig(file)).toContain('Signature Field Name: Sig2');
    await expect(sign(pdf, 'rsa', 'rsa-pkcs1-sha256', { fieldName: 'Sig1' })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });

  it('writes a PAdES signature (ETSI.CAdES.detached) without the signing-time attribute', async () => {
    const out = await sign(minimalPdf(), 'rsa', 'rsa-pkcs1-sha256', { subFilter: 'ETSI.CAdES.detached' });
    const { cms, signed } = extract(out, 0);
    const { parseSignedData, OIDS } = await import('../../../shared/cms/signed-data');
    const attrs = parseSignedData(cms).signers[0].attributes!.map((a) => a.type);
    expect(attrs).not.toContain(OIDS.signingTime);
    expect(attrs).toContain(OIDS.signingCertificateV2);
    expect((await verifySignedData(cms, signed))[0].intact).toBe(true);
    const f = writeTmp(work, 'pades.pdf', out);
    checkWithTools(f, 1);
    if (hasPdfsig) expect(pdfsig(f)).toContain('ETSI.CAdES.detached');
  });

  it('signs a file whose xref had to be rebuilt by writing a complete xref section (no /Prev)', async () => {
    const broken = Buffer.from(Buffer.from(minimalPdf()).toString('latin1').replace(/startxref\n\d+/, 'startxref\n99999'), 'latin1');
    const out = await sign(broken, 'ec-p256', 'ecdsa-sha256');
    const doc = await PdfDocument.open(new MemorySource(out));
    expect(doc.repaired).toBe(false);
    expect(doc.trailer.has('Prev')).toBe(false);
    checkWithTools(writeTmp(work, 'rebuilt.pdf', out), 1);
  });

  it.skipIf(!hasVectors)('refuses to sign an encrypted PDF with E_PDF_ENCRYPTED', async () => {
    await expect(sign(readFileSync(vectorPath('pdf/pyhanko/pdf/minimal-aes256.pdf')), 'rsa', 'rsa-pkcs1-sha256')).rejects.toMatchObject({ code: 'E_PDF_ENCRYPTED' });
  });
});
