import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { signPdf } from '../../../shared/pdf/sign';
import { defaultSealText } from '../../../shared/pdf/appearance';
import { MemorySource } from '../../../shared/pdf/source';
import { PdfDocument } from '../../../shared/pdf/xref';
import { PdfDict, PdfStream } from '../../../shared/pdf/objects';
import { collect, hasPdfsig, hasPdftoppm, hasQpdf, makeKey, minimalPdf, pdfsig, qpdfCheck, renderPage, sampleJpeg, sealPng, softwareSigner, tmp, writeTmp } from '../../helpers/pdf';
import { hasOpenssl } from '../../helpers/vectors';

describe.skipIf(!hasOpenssl)('visible signature appearances (ISO 32000-1 §12.5.5)', () => {
  const work = hasOpenssl ? tmp() : '';
  const key = hasOpenssl ? makeKey(work, 'ec-p256') : undefined!;
  const sign = async (pdf: Uint8Array, extra: object) => collect(await signPdf(new MemorySource(pdf), softwareSigner(key), { alg: 'ecdsa-sha256', ...extra }));

  it('draws a PNG seal with transparency (image + /SMask) and a text line; pdfsig still validates', async () => {
    const time = new Date(Date.UTC(2026, 10, 24, 8, 0, 0));
    const out = await sign(minimalPdf(), { rect: [380, 560, 540, 740], appearance: { image: sealPng(), text: defaultSealText('Zhang San', time) }, signingTime: time, name: 'Zhang San' });
    const doc = await PdfDocument.open(new MemorySource(out));
    const page = (await doc.resolveDict((await doc.pages())[0]))!;
    const widget = (await doc.resolveDict((page.get('Annots') as unknown[])[0] as never))!;
    const ap = (await doc.resolve((widget.get('AP') as PdfDict).get('N'))) as PdfStream;
    const res = ap.dict.get('Resources') as PdfDict;
    const img = (await doc.resolve((res.get('XObject') as PdfDict).get('Im1'))) as PdfStream;
    expect(img.dict.name('Filter')).toBe('FlateDecode');
    expect(img.dict.get('SMask')).toBeDefined();
    expect(new TextDecoder().decode(await doc.streamData(ap))).toContain('(Signed by Zhang San) Tj');
    const f = writeTmp(work, 'visible-png.pdf', out);
    if (hasPdfsig) expect(pdfsig(f)).toContain('Signature is Valid');
    if (hasQpdf) expect(qpdfCheck(f).out).toContain('No syntax or stream encoding errors');
    if (hasPdftoppm) {
      const plain = renderPage(writeTmp(work, 'plain.pdf', minimalPdf()));
      const seal = renderPage(f);
      expect(readFileSync(seal).equals(readFileSync(plain))).toBe(false);
    }
  });

  it.skipIf(!hasPdftoppm)('passes a JPEG through as /DCTDecode', async () => {
    const jpg = sampleJpeg(work);
    const out = await sign(minimalPdf(), { rect: [50, 50, 200, 150], appearance: { image: jpg } });
    expect(Buffer.from(out).includes(Buffer.from(jpg.subarray(0, 64)))).toBe(true);
    expect(Buffer.from(out).toString('latin1')).toContain('/DCTDecode');
    const f = writeTmp(work, 'visible-jpeg.pdf', out);
    if (hasPdfsig) expect(pdfsig(f)).toContain('Signature is Valid');
    renderPage(f);
  });

  it('refuses Chinese text when no font is given (no fake glyphs; cjk-text.test.ts embeds one)', async () => {
    await expect(sign(minimalPdf(), { rect: [0, 0, 100, 50], appearance: { text: ['张三'] } })).rejects.toMatchObject({ code: 'E_FONT_UNAVAILABLE' });
  });

  it('rejects an image that is neither PNG nor JPEG', async () => {
    await expect(sign(minimalPdf(), { rect: [0, 0, 100, 50], appearance: { image: new Uint8Array([1, 2, 3, 4]) } })).rejects.toMatchObject({ code: 'E_PDF_UNSUPPORTED' });
  });
});
