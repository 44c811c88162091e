// Bid letter and authorisation letter PDFs: Chinese text extracts, fonts embedded as subsets whose
// every glyph decodes, the file passes qpdf, the price reads in figures and capitals; the IPC handler
// files the PDF in the document store.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream, PDFDict } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { authorizationPdf, bidLetterPdf } from '../../../electron/services/documents/letters';
import { docsHandlers } from '../../../electron/services/ipc/docs';
import { openFileStore } from '../../../electron/services/documents/file-store';
import type { HostInfo } from '../../../electron/services/ipc/host-info';
import type { JobRegistry } from '../../../electron/services/ipc/dispatch';
import type { HandlerContext } from '../../../electron/services/ipc/dispatch';

const bidder = { name: '北京示例建设集团有限公司', uscc: '91110108MA01KX6Q98', legalRepresentative: '张三', address: '北京市海淀区中关村大街 1 号', postcode: '100080', phone: '010-12345678' };
const letter = { bidder, tenderee: '某某市第一中学', projectName: '某某市第一中学教学楼改扩建工程', lot: '一', tenderNo: 'ZB-2026-0815', price: '12345678.90', durationDays: 365, quality: '合格', validityDays: 90, date: '2026-11-24' };
const tmp = () => mkdtempSync(path.join(tmpdir(), 'bidseal-letters-'));
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

/** Counts the glyphs of every embedded subset that decode to an outline, and those that do not. */
async function embeddedFontsDecode(bytes: Uint8Array): Promise<{ glyphs: number; empty: number }> {
  const doc = await PDFDocument.load(bytes);
  let glyphs = 0;
  let empty = 0;
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor')) continue;
    const ref = obj.get(PDFName.of('FontFile2'));
    const stream = doc.context.lookup(ref) as PDFRawStream;
    const font = fontkit.create(Buffer.from(inflateSync(stream.getContents())));
    for (let gid = 1; gid < font.numGlyphs; gid++) {
      const g = font.getGlyph(gid);
      // a shifted loca makes most glyphs decode to nothing (or throw); only spaces may be empty
      if ((g.path as unknown as { commands: unknown[] }).commands.length > 0) glyphs++;
      else empty++;
    }
  }
  return { glyphs, empty };
}

describe('generated letters', () => {
  it('bid letter: one A4 page, Chinese text, price in capitals, subset fonts that decode, qpdf clean', async () => {
    const r = await bidLetterPdf(letter);
    expect(r.pages).toBe(1);
    const dir = tmp();
    const file = path.join(dir, 'bid.pdf');
    writeFileSync(file, r.bytes);
    const text = run('pdftotext', [file, '-']).replace(/\s+/g, '');
    for (const want of ['投标函', '致：某某市第一中学', '壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角整', '¥12,345,678.90元', '90日历天', '北京示例建设集团有限公司（盖单位章）', '91110108MA01KX6Q98', '2026年11月24日']) expect(text).toContain(want);
    const fonts = run('pdffonts', [file]);
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    run('qpdf', ['--check', file]);
    const decoded = await embeddedFontsDecode(r.bytes);
    expect(decoded.glyphs).toBeGreaterThan(150);
    expect(decoded.empty).toBeLessThanOrEqual(2); // U+0020 and U+3000
    // the seal area lies on the page, right of the label, clear of the margins
    expect(r.sealBox.x + r.sealBox.width).toBeLessThanOrEqual(595.28 - 70);
    expect(r.sealBox.y).toBeGreaterThan(50);
    expect(r.bytes.length).toBeLessThan(200_000); // subset, not the 10 MB font
  });

  it('authorisation letter names the legal representative and the agent', async () => {
    const r = await authorizationPdf({ bidder, legalRepresentativeId: '110101197001011234', agent: { name: '李四', idNumber: '110101199003071234' }, projectName: '某某工程', date: '2026-11-24' });
    const dir = tmp();
    writeFileSync(path.join(dir, 'a.pdf'), r.bytes);
    const text = run('pdftotext', [path.join(dir, 'a.pdf'), '-']).replace(/\s+/g, '');
    expect(text).toContain('法定代表人授权委托书');
    expect(text).toContain('本人张三（姓名）系北京示例建设集团有限公司（投标人名称）的法定代表人，现委托李四（姓名）为我方代理人');
    expect(text).toContain('代理人无转委托权');
  });

  it('refuses a character the font lacks instead of printing an empty box', async () => {
    await expect(bidLetterPdf({ ...letter, bidder: { ...bidder, legalRepresentative: '张𠀾' } })).rejects.toMatchObject({ code: 'E_FONT_UNAVAILABLE', message: expect.stringContaining('U+2003E') });
  });

  it('says which fields are missing', async () => {
    await expect(bidLetterPdf({ ...letter, price: '12.345', tenderee: '' })).rejects.toMatchObject({ code: 'E_DOC_TEMPLATE_FIELDS', details: { fields: ['tenderee', 'price'] } });
  });

  it('docs.generate files the PDF in the document store, tagged with the bidder', async () => {
    const dataDir = tmp();
    const h = docsHandlers({ dataDir } as HostInfo, {} as JobRegistry);
    const res = await h['docs.generate']({ template: 'bid-letter', data: letter, tags: { bidder: 'b1' } }, {} as HandlerContext);
    expect(res.file.name).toBe('投标函-某某市第一中学教学楼改扩建工程.pdf');
    expect(res.file.tags).toEqual({ bidder: 'b1', kind: 'generated' });
    const store = openFileStore(dataDir);
    expect((await store.list({ bidder: 'b1' })).map((f) => f.id)).toEqual([res.file.id]);
    run('qpdf', ['--check', await store.pathOf(res.file.id)]);
  });
});
