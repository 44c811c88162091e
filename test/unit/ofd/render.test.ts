// The OFD page draw list (shared/ofd/render.ts): a page written by hand, independently of BidSeal's writer (default
// namespace and prefixes mixed, a template, DeltaX with "g", a PageBlock, a picture scaled by its CTM), a page of
// BidSeal's own writer, and a sealed page whose stamp carries the seal's own picture (also a cross-page seal's
// clipped slices), served over IPC, and damaged pages (typed errors only). The drawn pixels are checked in the browser by test/e2e/seal-library.spec.ts.
import { describe, expect, it } from 'vitest';
import {  } from 'node:fs';
import { OfdPackage } from '../../../shared/ofd/package';
import { makeOfd } from '../../../shared/ofd/writer';
import { sealOfd } from '../../../shared/ofd/signatures';
import { abbreviatedToSvg, drawOfdPage, mul, parseColor, parseDeltas } from '../../../shared/ofd/render';
import { parseXml } from '../../../shared/ofd/package';
import { handWrittenOfd, SAMPLE } from '../../helpers/ofd-sample';
import { makeTestSeal } from '../../helpers/eseal';
import { useSealFixture } from '../../helpers/seal-fixture';
import { softwareSigner } from '../../helpers/pdf';
import { BidSealError } from '../../../shared/errors';
import { testHost } from '../../helpers/ipc';

const f = useSealFixture();

describe('OFD draw list', () => {
  it('reads a hand-written page: template under the content, text glyphs by DeltaX, paths, the picture', () => {
    const d = drawOfdPage(OfdPackage.open(handWrittenOfd()), 0);
    expect(d.box).toEqual([0, 0, 100, 80]);
    expect(d.skipped).toBe(0);
    expect(d.items.map((i) => i.kind)).toEqual(['path', 'text', 'path', 'image', 'path', 'image']);
    const [band, text, rect, image, line, annot] = d.items as any[];
    // the visible annotation's Appearance, placed in its Boundary (the hidden watermark is left out)
    expect(annot).toMatchObject({ media: '13', m: [20, 0, 0, 12, 72, 62], clip: [72, 62, 20, 12] });
    expect(band.fill).toEqual({ rgb: '#808080', alpha: 1 });
    expect(band.stroke).toBeNull();
    expect(text.runs.map((r: any) => [r.x, r.y, r.text])).toEqual([[0.5, 6.5, '投'], [8.5, 6.5, '标'], [16.5, 6.5, '文'], [24.5, 6.5, '件']]);
    expect(text.m).toEqual([1, 0, 0, 1, 10, 8]);
    expect(text.bold).toBe(true);
    expect(text.fill.rgb).toBe('#c80000');
    expect(d.fonts).toEqual([{ id: '2', name: 'SimSun', family: 'SimSun' }]);
    expect(rect.d).toBe('M 0 0 L 40 0 L 40 20 L 0 20 Z');
    expect(rect.fill.rgb).toBe('#00a000');
    expect(rect.lineWidth).toBe(1);
    expect(image.m).toEqual([30, 0, 0, 30, 60, 30]);
    expect(d.media['5']!.mediaType).toBe('image/png');
    expect(line.d).toBe('M 0 1 L 80 1');
    expect(line.fill).toBeNull();
    expect(line.stroke.rgb).toBe('#000000');
    expect(SAMPLE.text.text).toBe('投标文件');
  });

  it('reads BidSeal\'s own writer and the seal stamps with the seal picture, cross-page slices clipped', async () => {
    const pkg = makeOfd({ title: 't', pages: [{ lines: [{ x: 20, y: 20, text: '投标函 ABC' }] }, { lines: [{ x: 20, y: 30, size: 5, text: '第二页' }] }] });
    const p0 = drawOfdPage(pkg, 0);
    expect(p0.box).toEqual([0, 0, 210, 297]);
    expect(p0.items).toHaveLength(1);
    expect(p0.items[0]).toMatchObject({ kind: 'text', size: 3.5, m: [1, 0, 0, 1, 20, 20], runs: [{ x: 0, y: 3.5, text: '投标函 ABC' }] });
    expect(p0.fonts[0]).toMatchObject({ name: '宋体' });
    const seal = await makeTestSeal(f);
    const signer = softwareSigner(f.holder);
    const sealed = await sealOfd(pkg, signer, { seal, placements: [{ page: 1, x: 100, y: 200 }], crossPage: {} });
    const p1 = drawOfdPage(OfdPackage.open(sealed.toBytes()), 1);
    const stamps = p1.items.filter((i) => i.kind === 'stamp') as any[];
    expect(stamps).toHaveLength(2);
    expect(stamps[0]).toMatchObject({ box: [100, 200, 40, 40], clip: [100, 200, 40, 40] });
    expect(p1.media[stamps[0].media].mediaType).toBe('image/png');
    expect(Buffer.from(p1.media[stamps[0].media].data).equals(Buffer.from(f.png))).toBe(true);
    // slice 2 of 2 against the right edge: the seal's right half shows on page 2 (its left half on page 1)
    expect(stamps[1].box).toEqual([170, 128.5, 40, 40]);
    expect(stamps[1].clip).toEqual([190, 128.5, 20, 40]);
    expect(p1.items[0]!.kind).toBe('text');
    expect(() => drawOfdPage(pkg, 5)).toThrowError(BidSealError);
  });

  it('serves a page over IPC (ofd.page): pictures as base64, a missing page and a non-OFD as typed errors', async () => {
    const h = testHost();
    const put = (name: string, bytes: Uint8Array) => h.put(name, bytes);
    const doc = await put('手写.ofd', handWrittenOfd());
    const d = await h.ok('ofd.page', { fileId: doc.id, page: 0 });
    expect(d.items).toHaveLength(6);
    expect(Buffer.from(d.media['5']!.data, 'base64').subarray(1, 4).toString()).toBe('PNG');
    const missing = await h.call('ofd.page', { fileId: doc.id, page: 3 });
    expect(missing.ok ? null : missing.error.code).toBe('E_INVALID_ARGUMENT');
    const pdf = await put('a.pdf', new TextEncoder().encode('%PDF-1.7\n'));
    const notOfd = await h.call('ofd.page', { fileId: pdf.id, page: 0 });
    expect(notOfd.ok ? null : notOfd.error.code).toBe('E_OFD_NOT_OFD');
  });

  it('damaged pages give a typed error or a drawing, never a crash', () => {
    const pkg = OfdPackage.open(handWrittenOfd());
    const page = 'Doc_0/Pages/Page_0/Content.xml';
    const src = pkg.get(page);
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let i = 0; i < 300; i++) {
      const b = Uint8Array.from(src);
      for (let k = 0; k < 1 + rnd(4); k++) b[rnd(b.length)] = [0x3c, 0x22, 0x20, 0x67, 0x2d, 0x39, rnd(256)][rnd(7)]!;
      try {
        const d = drawOfdPage(pkg.with({ [page]: b }), 0);
        expect(Array.isArray(d.items)).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(BidSealError);
      }
    }
    // a hostile repeat count costs no more than the glyphs it spaces
    expect(parseDeltas('g 999999999 1', 3)).toEqual([1, 1, 1]);
  });

  it('reads the small grammars liberally', () => {
    expect(parseDeltas('1 g 3 2.5 4')).toEqual([1, 2.5, 2.5, 2.5, 4]);
    expect(abbreviatedToSvg('S 0 0 B 1 2 3 4 5 6 Q 1 1 2 2 A 5 5 0 0 1 9 9 C')).toBe('M 0 0 C 1 2 3 4 5 6 Q 1 1 2 2 A 5 5 0 0 1 9 9 Z');
    expect(abbreviatedToSvg('M 0 0 L 1')).toBe('M 0 0');
    expect(mul([2, 0, 0, 2, 10, 10], [1, 0, 0, 1, 3, 4])).toEqual([2, 0, 0, 2, 16, 18]);
    const el = (x: string) => parseXml(new TextEncoder().encode(x), 'c');
    expect(parseColor(el('<FillColor Value="#FF8000" Alpha="128"/>'), null)).toEqual({ rgb: '#ff8000', alpha: 128 / 255 });
    expect(parseColor(el('<FillColor Value="0 255 255 0"/>'), null)!.rgb).toBe('#ff0000');
    expect(parseColor(el('<FillColor Value="51"/>'), null)!.rgb).toBe('#333333');
    expect(parseColor(el('<FillColor Value="a b"/>'), null)).toBeNull();
  });
});
