import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { IncrementalUpdate } from '../../../shared/pdf/incremental-writer';
import { PdfDocument } from '../../../shared/pdf/xref';
import { MemorySource } from '../../../shared/pdf/source';
import { PdfDict, PdfRef, PdfString, name } from '../../../shared/pdf/objects';
import { hasQpdf, minimalPdf, qpdfCheck, tmp, writeTmp } from '../../helpers/pdf';
import { hasVectors, vectorPath } from '../../helpers/vectors';

async function appendInfo(pdf: Uint8Array): Promise<Uint8Array> {
  const doc = await PdfDocument.open(new MemorySource(pdf));
  const upd = new IncrementalUpdate(doc);
  const r = upd.allocate();
  upd.set(r, new PdfDict([['Title', PdfString.text('appended')], ['Kind', name('Test')]]));
  const cat = (await doc.catalog()).clone().set('BidSealTest', r);
  upd.set(doc.trailer.get('Root') as PdfRef, cat);
  const { bytes } = await upd.build();
  return Buffer.concat([pdf, bytes]);
}

describe('incremental updates (ISO 32000-1 §7.5.6)', () => {
  for (const xrefStream of [false, true]) {
    it(`appends a revision without touching earlier bytes (${xrefStream ? 'xref stream' : 'xref table'})`, async () => {
      const pdf = minimalPdf({ xrefStream, pages: 2 });
      const out = await appendInfo(pdf);
      expect(Buffer.from(out.subarray(0, pdf.length)).equals(Buffer.from(pdf))).toBe(true);
      const doc = await PdfDocument.open(new MemorySource(out));
      expect(doc.sections.length).toBe(2);
      expect(doc.sections[1].kind).toBe(xrefStream ? 'stream' : 'table');
      expect(doc.sections[1].trailer.get('Prev')).toBe(doc.sections[0].offset);
      const id = doc.trailer.get('ID') as PdfString[];
      expect(Buffer.from(id[0].bytes).toString('hex')).toBe('00112233445566778899aabbccddeeff');
      const info = await doc.resolveDict((await doc.catalog()).get('BidSealTest'));
      expect((info!.get('Title') as PdfString).toText()).toBe('appended');
      if (hasQpdf) {
        const r = qpdfCheck(writeTmp(tmp(), 'out.pdf', out));
        expect(r.out).toContain('No syntax or stream encoding errors');
      }
    });
  }

  it('adds a newline when the file does not end with one', async () => {
    const pdf = minimalPdf({ noFinalNewline: true });
    const out = await appendInfo(pdf);
    expect(out[pdf.length]).toBe(0x0a);
    await expect(PdfDocument.open(new MemorySource(out))).resolves.toBeTruthy();
  });

  it.skipIf(!hasVectors || !hasQpdf)('appends to pyHanko samples (hybrid xref, several revisions) and qpdf accepts them', async () => {
    for (const f of ['minimal-hybrid-xref.pdf', 'minimal-two-fields-signed-twice.pdf', 'minimal-xref.pdf']) {
      const pdf = readFileSync(vectorPath(`pdf/pyhanko/pdf/${f}`));
      const out = await appendInfo(pdf);
      const r = qpdfCheck(writeTmp(tmp(), f, out));
      expect(r.out, f).toContain('No syntax or stream encoding errors');
    }
  });
});
