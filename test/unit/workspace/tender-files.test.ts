// A tender file proposes the checklist end to end: the sample 招标文件 as a PDF with an embedded CJK font
// (text through pdf.js; the same proposal from poppler's pdftotext as an independent reader) and as a .docx
// (auto-numbered list, dates in a table), through the service and the IPC op by document id. Refused with
// typed errors: a .doc, a file that is neither, a truncated ZIP, a docx whose document.xml declares a huge
// size (zip bomb) or lies about it, and a PDF without text.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { readTender } from '../../../electron/services/workspace/tender';
import { documentXmlOf, docxParagraphs, MAX_DOCUMENT_XML } from '../../../shared/workspace/docx-text';
import { proposeFromTender } from '../../../shared/workspace/tender';
import { openFileStore } from '../../../electron/services/documents/file-store';
import { testHost } from '../../helpers/ipc';
import { PDFDocument } from 'pdf-lib';
import { TENDER_DEADLINE, TENDER_ITEMS, tenderDocumentXml, tenderDocx, tenderPdf } from '../../helpers/tender-doc';

const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-tender-'));
const put = (name: string, bytes: Uint8Array | string) => {
  const f = path.join(dir, name);
  writeFileSync(f, bytes);
  return f;
};
const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code);

describe('tender files', () => {
  it('reads the sample tender PDF: the 投标文件格式 chapter, the deadline and the opening; poppler reads the same', async () => {
    const file = put('招标文件.pdf', await tenderPdf());
    const progress: string[] = [];
    const r = await readTender(file, { onPage: (done, total) => progress.push(`${done}/${total}`) });
    expect(progress).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect(r).toMatchObject({ format: 'pdf', pages: 4, chapter: { heading: '第八章 投标文件格式', page: 3 } });
    expect(r.items.map((i) => i.title)).toEqual(TENDER_ITEMS);
    expect(r.items.map((i) => i.kind)).toEqual(['bid-letter', 'authorization', 'authorization', 'commercial', 'price-list', 'technical', 'qualification']);
    expect(r.deadline).toMatchObject({ iso: TENDER_DEADLINE, page: 0 });
    expect(r.deadline!.source).toBe('投标文件递交的截止时间（投标截止时间，下同）为 2026年12月20日9时30分');
    expect(r.opening).toMatchObject({ iso: TENDER_DEADLINE, source: '开标时间：同投标截止时间', page: 0 });
    // poppler, an independent text extractor: its lines give the same proposal
    const pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, 4).map((p) => p.split('\n'));
    const { pages: _n, ...fromPoppler } = proposeFromTender(pages);
    const { format: _f, pages: _m, ...fromPdfJs } = r;
    expect(fromPoppler).toEqual(fromPdfJs);
  });

  it('reads the sample .docx: the auto-numbered list, the dates from the table', async () => {
    expect(docxParagraphs(tenderDocumentXml()).slice(6, 11)).toEqual(['开标时间', '2026年12月20日上午10:00', '3.1 投标文件的组成', '3.1.1 投标文件应包括下列内容：', '（1）投标函及投标函附录；']);
    const r = await readTender(put('招标文件.docx', tenderDocx()));
    expect(r).toMatchObject({ format: 'docx', pages: 1, chapter: { heading: '3.1 投标文件的组成', page: 0 } });
    expect(r.items.map((i) => i.title)).toEqual(TENDER_ITEMS);
    expect(r.deadline?.iso).toBe('2026-12-20T09:30:00+08:00');
    expect(r.opening?.iso).toBe('2026-12-20T10:00:00+08:00');
  });

  it('a tender without the chapter gives an empty proposal, not an error', async () => {
    const xml = tenderDocumentXml().replace(/3\.1 投标文件的组成[\s\S]*?(?=<w:sectPr)/, '');
    const r = await readTender(put('无章节.docx', tenderDocx(xml.replace('3.1 投标文件的组成', ''))));
    expect(r.items).toEqual([]);
    expect(r.chapter).toBeUndefined();
  });

  it('refuses what it cannot read, with typed errors', async () => {
    const ole = new Uint8Array(2048);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(await code(readTender(put('招标文件.doc', ole)))).toBe('E_TENDER_DOC_LEGACY');
    expect(await code(readTender(put('note.txt', '投标截止时间：2026年12月20日9时30分')))).toBe('E_TENDER_UNSUPPORTED');
    const docx = tenderDocx();
    expect(await code(readTender(put('cut.docx', docx.subarray(0, docx.length >> 1))))).toBe('E_TENDER_DOCX_CORRUPT');
    expect(() => documentXmlOf(strToU8('not a zip at all'))).toThrow(expect.objectContaining({ code: 'E_TENDER_DOCX_CORRUPT' }));
    expect(await code(readTender(put('empty.docx', zipSync({ 'a.txt': strToU8('x') }))))).toBe('E_TENDER_DOCX_CORRUPT');
    const scan = await PDFDocument.create();
    scan.addPage([595, 842]);
    expect(await code(readTender(put('scan.pdf', await scan.save())))).toBe('E_TENDER_NO_TEXT');
  });

  it('refuses a zip bomb: a document.xml declared larger than the limit is not inflated; one lying small is cut and refused', async () => {
    const bomb = tenderDocx();
    // the central directory's uncompressed size of word/document.xml (APPNOTE 4.3.12, offset 24) set to 4 GiB - 1
    const dv = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
    let patched = 0;
    for (let i = bomb.length - 22; i >= 0; i--) {
      if (dv.getUint32(i, true) !== 0x02014b50) continue;
      const nameLen = dv.getUint16(i + 28, true);
      if (new TextDecoder().decode(bomb.subarray(i + 46, i + 46 + nameLen)) === 'word/document.xml') {
        dv.setUint32(i + 24, 0xffffffff - 1, true);
        patched++;
      }
    }
    expect(patched).toBe(1);
    const t0 = performance.now();
    expect(await code(readTender(put('bomb.docx', bomb)))).toBe('E_TENDER_DOCX_TOO_LARGE');
    expect(performance.now() - t0).toBeLessThan(2000);
    // a real expansion: 80 MiB of the same XML character deflates to ~80 KiB, beyond the 64 MiB limit
    const big = zipSync({ 'word/document.xml': [new Uint8Array(MAX_DOCUMENT_XML + 16 * 1024 * 1024).fill(0x20), { level: 1 }] });
    expect(big.length).toBeLessThan(1024 * 1024);
    expect(await code(readTender(put('big.docx', big)))).toBe('E_TENDER_DOCX_TOO_LARGE');
    // declared small, inflating to more: cut at the declared size, so the XML is incomplete
    const liar = tenderDocx();
    const lv = new DataView(liar.buffer, liar.byteOffset, liar.byteLength);
    for (let i = liar.length - 22; i >= 0; i--) if (lv.getUint32(i, true) === 0x02014b50 && new TextDecoder().decode(liar.subarray(i + 46, i + 46 + lv.getUint16(i + 28, true))) === 'word/document.xml') lv.setUint32(i + 24, 100, true);
    expect(await code(readTender(put('liar.docx', liar)))).toBe('E_TENDER_DOCX_CORRUPT');
  });

  it('projects.readTender reads a stored document by its id', async () => {
    const h = testHost();
    const store = openFileStore(h.dataDir);
    const o = await store.output({ name: '招标文件.docx', tags: { kind: 'tender' } });
    writeFileSync(o.tempPath, tenderDocx());
    const f = await o.commit();
    const r = await h.ok('projects.readTender', { fileId: f.id });
    expect(r.items.map((i) => i.title)).toEqual(TENDER_ITEMS);
    expect(r.deadline?.iso).toBe(TENDER_DEADLINE);
    expect(await h.call('projects.readTender', { fileId: 'f'.repeat(32) })).toMatchObject({ ok: false, error: { code: 'E_FILE_NOT_FOUND' } });
    expect(await h.call('projects.readTender', { path: '/etc/passwd' } as never)).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
  });
});
