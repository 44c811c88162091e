// Chinese text in seal appearances: an embedded Noto Sans SC subset (Type0 / CIDFontType2, Identity-H,
// ToUnicode). Checked with poppler: pdffonts lists an embedded, subset CID TrueType font with a ToUnicode
// map, pdftotext extracts the text, and pdftoppm draws ink in the cell of every glyph (a subset with broken
// glyph offsets renders blanks while extraction still works); pdfsig and qpdf still accept the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { signPdf } from '../../../shared/pdf/sign';
import { MemorySource } from '../../../shared/pdf/source';
import { loadSealFont } from '../../../electron/services/app/font-assets';
import { signPdfFile } from '../../../electron/services/pdf/file';
import { bidseal } from '../../helpers/cli';
import { collect, hasPdfsig, hasPdftoppm, hasQpdf, makeKey, minimalPdf, pdfsig, qpdfCheck, renderPage, sealPng, softwareSigner, tmp, type TestKey } from '../../helpers/pdf';
import { hasOpenssl } from '../../helpers/vectors';

const COMPANY = '北京某某建设有限公司';
const pdftotext = (file: string, page = 1) => execFileSync('pdftotext', ['-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });

/** Gray pixels of a page region rendered by pdftoppm (points from the bottom-left, `scale` pixels per point). */
function renderGray(file: string, [x0, y0, x1, y1]: number[], scale = 2, pageHeight = 842): { w: number; h: number; px: Uint8Array } {
  const args = ['-gray', '-r', String(72 * scale), '-x', String(Math.round(x0 * scale)), '-y', String(Math.round((pageHeight - y1) * scale)), '-W', String(Math.round((x1 - x0) * scale)), '-H', String(Math.round((y1 - y0) * scale)), '-singlefile', file];
  const pgm = execFileSync('pdftoppm', args); // P5 binary PGM on stdout
  const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 40))!;
  return { w: Number(m[1]), h: Number(m[2]), px: new Uint8Array(pgm.subarray(m[0].length)) };
}

describe.skipIf(!hasOpenssl)('Chinese seal text (embedded CIDFontType2 subset)', () => {
  const work = hasOpenssl ? tmp() : '';
  const f = (n: string) => path.join(work, n);
  let key: TestKey;
  let font: Uint8Array;
  beforeAll(async () => {
    key = makeKey(work, 'ec-p256', 'Zhang San');
    font = await loadSealFont();
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const sign = async (pdf: Uint8Array, extra: object) => collect(await signPdf(new MemorySource(pdf), softwareSigner(key), { alg: 'ecdsa-sha256', ...extra }));

  it('embeds a small subset that pdffonts lists as embedded, subset, with ToUnicode; pdftotext extracts the text', async () => {
    const out = await sign(minimalPdf(), { rect: [360, 560, 560, 760], appearance: { image: sealPng(), text: [COMPANY, '法定代表人：张三', '2026-11-24 16:30'], font } });
    const file = f('cjk.pdf');
    writeFileSync(file, out);
    expect(out.length).toBeLessThan(60_000); // a subset, not the 10 MB font
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    const text = pdftotext(file);
    for (const line of [COMPANY, '法定代表人：张三', '2026-11-24 16:30']) expect(text).toContain(line);
    if (hasPdfsig) expect(pdfsig(file)).toContain('Signature is Valid');
    if (hasQpdf) expect(qpdfCheck(file).out).toContain('No syntax or stream encoding errors');
    if (hasPdftoppm) renderPage(file, 50); // renders without error (looked at by hand: the three lines under the seal)
  });

  it.skipIf(!hasPdftoppm)('draws ink in the cell of every glyph (no blank glyphs from bad subset offsets)', async () => {
    // 16 distinct characters, each 12 pt wide, centred in a 220 pt box: cell j spans 22 + 12j … 34 + 12j
    const line = '投标文件签章北京建设有限公司张三';
    const rect = [100, 100, 320, 140];
    const out = await sign(minimalPdf(), { rect, appearance: { text: [line], font, fontSize: 12 } });
    writeFileSync(f('cells.pdf'), out);
    const { w, h, px } = renderGray(f('cells.pdf'), rect);
    const inkIn = (x0: number, x1: number): number => {
      let n = 0;
      for (let y = 0; y < h; y++) for (let x = Math.round(x0 * 2); x < Math.round(x1 * 2); x++) if (px[y * w + x] < 128) n++;
      return n;
    };
    const start = (220 - [...line].length * 12) / 2;
    const ink = [...line].map((_, j) => inkIn(start + 12 * j + 1, start + 12 * (j + 1) - 1));
    expect(ink.every((n) => n > 20), `ink per glyph: ${ink.join(',')}`).toBe(true);
    expect(inkIn(0, start - 2) + inkIn(220 - start + 2, 220)).toBe(0); // nothing outside the centred line
  });

  it('refuses characters the font lacks, and non-Latin-1 text without a font, with E_FONT_UNAVAILABLE', async () => {
    await expect(sign(minimalPdf(), { rect: [0, 0, 100, 50], appearance: { text: ['ok \u0089'], font } })).rejects.toMatchObject({ code: 'E_FONT_UNAVAILABLE', message: expect.stringContaining('U+0089') });
    await expect(sign(minimalPdf(), { rect: [0, 0, 100, 50], appearance: { text: ['张三'] } })).rejects.toMatchObject({ code: 'E_FONT_UNAVAILABLE' });
    await expect(sign(minimalPdf(), { rect: [0, 0, 100, 50], appearance: { text: ['x'], font: new Uint8Array(64) } })).rejects.toMatchObject({ code: 'E_FONT_UNAVAILABLE' });
  });

  it('the file service supplies Noto Sans SC for Chinese text; a seal on every page shares one font', async () => {
    writeFileSync(f('in2.pdf'), minimalPdf({ pages: 2 }));
    await signPdfFile(f('in2.pdf'), f('all.pdf'), softwareSigner(key), { alg: 'ecdsa-sha256', pages: 'all', rect: [400, 40, 560, 120], appearance: { image: sealPng(), text: [COMPANY], textPosition: 'over' } });
    for (const p of [1, 2]) expect(pdftotext(f('all.pdf'), p)).toContain(COMPANY);
    expect(execFileSync('pdffonts', [f('all.pdf')], { encoding: 'utf8' }).match(/NotoSansSC/g)).toHaveLength(1);
  });

  it('bidseal pdf sign --seal-text TEXT --seal-text-auto puts the company, the signer and the time under the seal', () => {
    writeFileSync(f('in.pdf'), minimalPdf());
    writeFileSync(f('seal.png'), sealPng(160));
    const r = bidseal(['pdf', 'sign', '--key', key.keyPath, '--cert', key.certPath, '--seal', f('seal.png'), '--rect', '380,560,160,190', '--seal-text', COMPANY, '--seal-text-auto', '-o', f('cli.pdf'), f('in.pdf')]);
    expect(r.stderr).toBe('');
    const text = pdftotext(f('cli.pdf'));
    expect(text).toContain(COMPANY);
    expect(text).toContain('Zhang San');
    expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    expect(bidseal(['pdf', 'verify', f('cli.pdf')]).code).toBe(0);
    expect(readFileSync(f('in.pdf')).length).toBe(minimalPdf().length);
  });
});
