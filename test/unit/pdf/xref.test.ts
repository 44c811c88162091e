import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PdfDocument } from '../../../shared/pdf/xref';
import { MemorySource } from '../../../shared/pdf/source';
import { PdfDict, PdfStream } from '../../../shared/pdf/objects';
import { minimalPdf } from '../../helpers/pdf';
import { hasVectors, vectorPath } from '../../helpers/vectors';

const open = (b: Uint8Array) => PdfDocument.open(new MemorySource(b));
const vec = (f: string) => readFileSync(vectorPath(`pdf/pyhanko/pdf/${f}`));

describe('cross-reference reading (ISO 32000-1 §7.5)', () => {
  it('reads a classic xref table and walks the page tree', async () => {
    const d = await open(minimalPdf({ pages: 3 }));
    expect(d.sections.map((s) => s.kind)).toEqual(['table']);
    expect((await d.pages()).length).toBe(3);
    expect((await d.catalog()).name('Type')).toBe('Catalog');
  });

  it('reads an xref stream with objects inside an object stream', async () => {
    const d = await open(minimalPdf({ pages: 2, xrefStream: true }));
    expect(d.sections[0].kind).toBe('stream');
    expect(d.entry(1)?.type).toBe(2);
    expect((await d.pages()).length).toBe(2);
    const content = await d.getObject(5);
    expect(content).toBeInstanceOf(PdfStream);
    expect(new TextDecoder().decode(await d.streamData(content as PdfStream))).toContain('BidSeal test page 1');
  });

  it('reads only the tail and the objects it needs from a large source', async () => {
    const pdf = minimalPdf();
    let read = 0;
    const big = { size: pdf.length, read: async (o: number, l: number) => ((read += Math.min(l, pdf.length - o)), pdf.subarray(o, o + l)) };
    await PdfDocument.open(big);
    expect(read).toBeLessThan(pdf.length * 4 + 16384);
  });

  it('throws E_PDF_CORRUPT for a truncated file and for random bytes', async () => {
    const pdf = minimalPdf();
    await expect(open(pdf.subarray(0, 200))).rejects.toMatchObject({ code: 'E_PDF_CORRUPT' });
    await expect(open(new TextEncoder().encode('%PDF-1.7\n' + 'x'.repeat(500)))).rejects.toMatchObject({ code: 'E_PDF_CORRUPT' });
    await expect(open(new Uint8Array(10))).rejects.toMatchObject({ code: 'E_PDF_CORRUPT' });
  });

  it('rebuilds the xref by scanning when startxref points nowhere', async () => {
    const pdf = Buffer.from(minimalPdf());
    const s = pdf.toString('latin1').replace(/startxref\n\d+/, 'startxref\n99999');
    const d = await open(Buffer.from(s, 'latin1'));
    expect(d.repaired).toBe(true);
    expect((await d.pages()).length).toBe(1);
  });

  it.skipIf(!hasVectors)('reads pyHanko samples: hybrid, xref streams, off-by-one startxref, several revisions', async () => {
    for (const f of ['minimal-hybrid-xref.pdf', 'minimal-hybrid-xref-mswordstyle.pdf', 'minimal-hybrid-xref-weirdgen.pdf', 'minimal-xref.pdf', 'minimal-startxref-obo1.pdf', 'minimal-startxref-obo4.pdf', 'minimal-two-fields-signed-twice.pdf', 'circular-page-tree.pdf']) {
      const d = await open(vec(f));
      expect((await d.pages()).length, f).toBeGreaterThan(0);
    }
    expect((await open(vec('minimal-two-fields-signed-twice.pdf'))).sections.length).toBe(3);
  });

  it.skipIf(!hasVectors)('reports encrypted PDFs as E_PDF_ENCRYPTED', async () => {
    for (const f of ['minimal-aes256.pdf', 'minimal-rc4.pdf', 'minimal-pubkey-aes256.pdf']) await expect(open(vec(f)), f).rejects.toMatchObject({ code: 'E_PDF_ENCRYPTED' });
  });

  it.skipIf(!hasVectors)('fails with typed errors (never a crash) on broken object streams', async () => {
    for (const f of ['broken-objstream1.pdf', 'broken-objstream2.pdf', 'broken-objstream3.pdf', 'broken-objstream6.pdf']) {
      await expect(open(vec(f)).then((d) => d.pages()), f).rejects.toMatchObject({ name: 'BidSealError' });
    }
  });

  it.skipIf(!hasVectors)('rebuilds the xref when it points at the wrong objects (qpdf: "file is damaged")', async () => {
    const d = await open(vec('minimal-annotless.pdf'));
    expect(d.repaired).toBe(true);
    expect((await d.pages()).length).toBe(1);
  });

  it.skipIf(!hasVectors)('decodes a FlateDecode xref stream with PNG predictors', async () => {
    const d = await open(vec('minimal-signed-twice-both-created.pdf'));
    const withPredictor = d.sections.filter((s) => s.kind === 'stream' && ((s.trailer.get('DecodeParms') as PdfDict | undefined)?.get('Predictor') as number) >= 10);
    expect(withPredictor.length).toBeGreaterThan(0);
    expect(withPredictor[0].entries.size).toBeGreaterThan(3);
    expect(await d.catalog()).toBeInstanceOf(PdfDict);
  });
});

describe('hostile cross-reference data', () => {
  const withXref = (mutate: (s: string) => string) => Buffer.from(mutate(Buffer.from(minimalPdf({ xrefStream: true })).toString('latin1')), 'latin1');

  it('survives a /Prev that points back at itself (no hang)', async () => {
    const pdf = Buffer.from(minimalPdf()).toString('latin1');
    const sx = /startxref\n(\d+)/.exec(pdf)![1];
    const looped = Buffer.from(pdf.replace('/Size', `/Prev ${sx} /Size`), 'latin1');
    const d = await open(looped).catch((e) => (expect(e.code).toBe('E_PDF_CORRUPT'), null));
    if (d) expect(d.repaired).toBe(true);
  });

  it('survives an xref stream whose /W is absurd', async () => {
    const pdf = withXref((s) => s.replace('/W [1 4 2]', '/W [9 9 9]'));
    await open(pdf).then(
      (d) => expect(d.repaired).toBe(true),
      (e) => expect(e.code).toBe('E_PDF_CORRUPT'),
    );
  });

  it('does not loop on an object stream that claims to live inside itself', async () => {
    const pdf = minimalPdf({ xrefStream: true });
    const s = Buffer.from(pdf).toString('latin1');
    // the object stream is object 6 (1 page: objects 1..5, ObjStm 6, XRef 7); make its own xref row type 2 → itself
    const rowsAt = s.indexOf('stream\n', s.indexOf('/Type /XRef')) + 7;
    const t = Buffer.from(pdf);
    t[rowsAt + 6 * 7] = 2;
    t.writeUInt32BE(6, rowsAt + 6 * 7 + 1);
    await open(t).then(
      (d) => expect(d.repaired).toBe(true),
      (e) => expect(e.code).toBe('E_PDF_CORRUPT'),
    );
  });
});
