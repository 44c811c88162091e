// Seals placed by the document's words: the phrases that ask for a seal ("（盖单位章）", "法定代表人或其
// 委托代理人：（签字或盖章）"…) are found in a PDF set in an embedded Noto Sans SC subset, `bidseal pdf sign
// --at-text` puts a seal centred on every occurrence — checked against poppler's own word boxes
// (pdftotext -bbox) and pdfsig — and `bidseal pdf check-seals` finds a deliberately missing seal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_SEAL_PHRASES, coveredPlaces, findSealPlaces, phrasesFromText, sealRectOver, type TextRun } from '../../../shared/pdf/seal-places';
import { verifyPdfFile } from '../../../electron/services/pdf/file';
import { sealCoverageOf, sealPlacesOf } from '../../../electron/services/pdf/text';
import { preflightChecks } from '../../../shared/bid/preflight';
import { main } from '../../../electron/cli/main';
import { PassThrough } from 'node:stream';

/** `bidseal …` in this process (no start-up cost), for the read-only commands */
async function cli(args: string[], lang: 'zh' | 'en' = 'en'): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough(), err = new PassThrough();
  let stdout = '', stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  const code = await main(args, { stdout: out, stderr: err, lang });
  return { code, stdout, stderr };
}
import { hasPdfsig, makeKey, pdfsig, sealPng, type TestKey } from '../../helpers/pdf';
import { pdftotextWords, sealDocPdf } from '../../helpers/seal-doc';
import { hasOpenssl } from '../../helpers/vectors';

const run = (page: number, str: string, x: number, y = 700, size = 12): TextRun => ({ page, str, x, y, width: [...str].length * size, size });

describe('finding the places that ask for a seal (pure)', () => {
  it('joins runs of one line, reads half-width brackets and colons alike, and boxes the mark', () => {
    const places = findSealPlaces([run(0, '投标人:', 72), run(0, '北京某某公司', 72 + 48), run(0, '(盖单位章)', 72 + 48 + 72)]);
    expect(places).toHaveLength(1);
    expect(places[0]).toMatchObject({ page: 0, phrase: '投标人：（盖单位章）', kind: 'company', text: '投标人：北京某某公司（盖单位章）' });
    // the mark is the third run, 192 … 264
    expect(places[0].box[2]).toBe(192 + 72);
    expect(places[0].box[0]).toBe(192);
    expect(places[0].box[1]).toBeLessThan(700);
    expect(places[0].box[3]).toBeGreaterThan(700);
  });

  it('the more specific phrase wins: a 法定代表人 （盖章） is personal, a bare （盖章） company; lines on other baselines stay apart', () => {
    const places = findSealPlaces([run(0, '法定代表人：（盖章）', 72, 600), run(0, '（盖章）', 300, 500), run(1, '（签字）', 72, 500)]);
    expect(places.map((p) => [p.page, p.kind, p.phrase])).toEqual([
      [0, 'personal', '法定代表人：（盖章）'],
      [0, 'company', '（盖章）'],
      [1, 'personal', '（签字）'],
    ]);
  });

  it('a seal covers the place it is centred on, not the one under it; a seal elsewhere covers none; user phrases get a kind', () => {
    const places = findSealPlaces([run(0, '投标人：（盖单位章）', 100, 400), run(0, '法定代表人：（签字）', 100, 370)]);
    const rect = sealRectOver(places[0], 119, 119);
    expect((rect[0] + rect[2]) / 2).toBeCloseTo((places[0].box[0] + places[0].box[2]) / 2, 6);
    expect(coveredPlaces(places, [{ page: 0, rect }])).toEqual([true, false]);
    expect(coveredPlaces(places, [{ page: 0, rect }, { page: 0, rect: sealRectOver(places[1], 60, 60) }])).toEqual([true, true]);
    expect(coveredPlaces(places, [{ page: 1, rect }])).toEqual([false, false]);
    expect(coveredPlaces(places, [{ page: 0, rect: [0, 0, 50, 50] }])).toEqual([false, false]);
    expect(phrasesFromText(['（盖章）', '法定代表人：（签字）', ' '])).toEqual([
      { text: '（盖章）', kind: 'company' },
      { text: '法定代表人：（签字）', kind: 'personal' },
    ]);
    expect(DEFAULT_SEAL_PHRASES.length).toBeGreaterThan(10);
  });
});

describe.skipIf(!hasOpenssl)('bidseal pdf sign --at-text / check-seals on a PDF with an embedded CJK font', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-places-'));
  const p = (f: string) => path.join(dir, f);
  let key: TestKey;
  const keyArgs = () => ['--key', key.keyPath, '--cert', key.certPath];
  beforeAll(async () => {
    key = makeKey(dir, 'ec-p256', '北京示例建设集团有限公司');
    writeFileSync(p('bid.pdf'), await sealDocPdf());
    writeFileSync(p('company.png'), sealPng(200));
    writeFileSync(p('personal.png'), sealPng(90));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds every phrase where poppler sees it', async () => {
    const { pageCount, places } = await sealPlacesOf(p('bid.pdf'), undefined);
    expect(pageCount).toBe(3);
    expect(places.map((x) => [x.page, x.kind])).toEqual([[0, 'company'], [0, 'personal'], [1, 'company'], [2, 'company'], [2, 'personal']]);
    const words = pdftotextWords(p('bid.pdf'));
    // the marks set apart by a space are words of their own for poppler: the boxes agree within a point
    for (const w of words.filter((x) => /^（(盖单位章|签字或盖章)）$/.test(x.text))) {
      const hit = places.find((x) => x.page === w.page && Math.abs(x.box[2] - w.box[2]) < 1)!;
      expect(hit, w.text).toBeDefined();
      expect(Math.abs(hit.box[0] - w.box[0])).toBeLessThan(1);
    }
  });

  it('seals the company places with the company seal and the personal ones with the personal seal, centred on each mark', async () => {
    const one = await cli(['pdf', 'sign', ...keyArgs(), '--json', '--seal', p('company.png'), '--at-text', '投标人：（盖单位章）', '--at-text', '投标人：（盖章）', '-o', p('one.pdf'), p('bid.pdf')]);
    expect(one.code, one.stderr).toBe(0);
    // a deliberately missing seal: the personal places are still open
    const missing = await cli(['pdf', 'check-seals', '--json', p('one.pdf')]);
    expect(missing.code).toBe(1);
    const m = JSON.parse(missing.stdout);
    expect(m).toMatchObject({ ok: false, found: 5, missing: 2 });
    expect(m.places.map((x: { page: number; kind: string }) => [x.page, x.kind])).toEqual([[1, 'personal'], [3, 'personal']]);
    const zh = await cli(['pdf', 'check-seals', p('one.pdf')], 'zh');
    expect(zh.stdout).toContain('第1 页\t缺章\t法定代表人或其委托代理人：（签字或盖章）');
    expect(zh.stdout).toContain('共 5 处需要盖章，2 处缺章');

    const two = await cli(['pdf', 'sign', ...keyArgs(), '--seal', p('personal.png'), '--seal-width', '60', '--at-marks', '-o', p('two.pdf'), p('one.pdf')]);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stdout).toContain('2 places'); // the company places are covered already: not sealed twice
    expect((await cli(['pdf', 'check-seals', p('two.pdf')])).code).toBe(0);
    if (hasPdfsig) {
      const out = pdfsig(p('two.pdf'));
      expect(out.match(/Signature is Valid/g)?.length ?? 0, out).toBeGreaterThanOrEqual(2);
      expect(out).not.toMatch(/Signature is Invalid|not signed/);
    }

    // every seal's centre sits on its mark as poppler boxes it
    const reports = await verifyPdfFile(p('two.pdf'));
    expect(reports.every((r) => r.intact && r.valid)).toBe(true);
    const widgets = reports.flatMap((r) => r.widgets.map((w) => ({ ...w, field: r.fieldName })));
    expect(widgets).toHaveLength(5);
    const words = pdftotextWords(p('bid.pdf'));
    const centre = (b: number[]) => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
    for (const w of words.filter((x) => /^（(盖单位章|签字或盖章)）$/.test(x.text))) {
      const [wx, wy] = centre(w.box);
      const seal = widgets.find((s) => s.page === w.page && Math.abs(centre(s.rect)[0] - wx) < 1);
      expect(seal, `${w.page} ${w.text}`).toBeDefined();
      expect(Math.abs(centre(seal!.rect)[1] - wy)).toBeLessThan(3);
      const size = seal!.rect[2] - seal!.rect[0];
      expect(size).toBeCloseTo(w.text === '（盖单位章）' ? 119 : 60, 3);
    }
    // the marks joined to their label: the seal's centre is over the last characters of poppler's word
    for (const w of words.filter((x) => x.page === 2 && x.text.endsWith('）'))) {
      const mark = /（[^（]*）$/.exec(w.text)![0];
      const markCentre = w.box[2] - ([...mark].length * 12) / 2;
      const seal = widgets.find((s) => s.page === 2 && Math.abs(centre(s.rect)[1] - centre(w.box)[1]) < 3);
      expect(Math.abs(centre(seal!.rect)[0] - markCentre), w.text).toBeLessThan(1);
    }
    // the company seal is one signature with three widgets; sealing again finds nothing open
    expect(reports.find((r) => r.fieldName === one.stdout.match(/"field": "([^"]+)"/)![1])!.widgets).toHaveLength(3);
    // the seal pre-flight: a coverage line that names the missing places, a pass once all are sealed
    const cov = await sealCoverageOf([{ path: p('one.pdf'), name: '投标函.pdf' }, { path: p('company.png'), name: 'seal.png' }]);
    expect(cov).toEqual({ places: 5, missing: [{ document: '投标函.pdf', page: 0, text: '法定代表人或其委托代理人：（签字或盖章）' }, { document: '投标函.pdf', page: 2, text: '法定代表人：张三（签字）' }] });
    const line = preflightChecks({ recipients: [], custody: { kind: 'single' }, sealCoverage: cov }).checks.find((c) => c.id === 'sealCoverage');
    expect(line).toMatchObject({ status: 'warn', params: { places: 5, missing: 2, where: '投标函.pdf p.1 法定代表人或其委托代理人：（签字或盖章）; 投标函.pdf p.3 法定代表人：张三（签字）' } });
    const all = await sealCoverageOf([{ path: p('two.pdf'), name: '投标函.pdf' }]);
    expect(preflightChecks({ recipients: [], custody: { kind: 'single' }, sealCoverage: all }).checks.find((c) => c.id === 'sealCoverage')?.status).toBe('pass');

    const again = await cli(['pdf', 'sign', ...keyArgs(), '--seal', p('company.png'), '--at-marks', '-o', p('three.pdf'), p('two.pdf')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^E_PDF_PLACES_ALL_SEALED/);
  });

  it('a document without the phrases fails before any key is used; usage errors are refused', async () => {
    const r = await cli(['pdf', 'sign', ...keyArgs(), '--seal', p('company.png'), '--at-text', '（不存在的文字）', '-o', p('x.pdf'), p('bid.pdf')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^E_PDF_TEXT_NOT_FOUND/);
    expect((await cli(['pdf', 'sign', ...keyArgs(), '--at-marks', '-o', p('x.pdf'), p('bid.pdf')])).code).toBe(2);
    expect((await cli(['pdf', 'sign', ...keyArgs(), '--seal', p('company.png'), '--at-marks', '--rect', '1,1,2,2', '-o', p('x.pdf'), p('bid.pdf')])).code).toBe(2);
    const list = await cli(['pdf', 'check-seals', '--list']);
    expect(list.stdout).toContain('（盖单位章）');
  });
});
