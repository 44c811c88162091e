// Seals placed by the words through the UI's operations: pdf.sealPlaces lists the places of a stored
// document, pdf.sign takes the reviewed seals as one signature per kind with a seal at each place, and a
// batch finds the places in every document — leaving out, with a note, what does not apply to a document
// (a cross-page seal on a one-page letter) instead of failing it.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bidLetterPdf } from '../../../electron/services/documents/letters';
import { testHost } from '../../helpers/ipc';
import { minimalPdf, sealPng } from '../../helpers/pdf';
import { sealDocPdf } from '../../helpers/seal-doc';
import { hasOpenssl, openssl } from '../../helpers/vectors';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const bidder = { name: '北京示例建设集团有限公司', uscc: '91110108MA01KX6Q98', legalRepresentative: '张三', address: '北京市海淀区中关村大街 1 号', postcode: '100080', phone: '010-12345678' };
const letter = { bidder, tenderee: '某某市第一中学', projectName: '某某市第一中学教学楼改扩建工程', price: '12345678.90', validityDays: 90, date: '2026-11-24' };

describe.skipIf(!hasOpenssl)('pdf.sealPlaces, pdf.sign and pdf.signBatch by the words', () => {
  it('finds, seals, re-checks; a batch notes the cross-page seal left out on a one-page letter', async () => {
    const h = testHost();
    const put = (name: string, bytes: Uint8Array, kind?: string) => h.put(name, bytes, kind ? { kind } : undefined);
    const f = (n: string) => path.join(h.dataDir, n);
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('k.pem'), '-out', f('c.pem'), '-subj', '/CN=Bidder Co Ltd', '-days', '30']);
    openssl(['pkcs12', '-export', '-inkey', f('k.pem'), '-in', f('c.pem'), '-out', f('k.p12'), '-passout', 'pass:pw-1']);
    const carrier = { kind: 'software' as const, data: b64(readFileSync(f('k.p12'))), password: 'pw-1', fileName: 'k.p12' };
    const doc = await put('投标文件.pdf', await sealDocPdf());
    const seal = await put('公章.png', sealPng(200), 'seal-image');
    const rep = await put('法人章.png', sealPng(90), 'seal-image');

    const found = await h.ok('pdf.sealPlaces', { fileId: doc.id });
    expect(found.pageCount).toBe(3);
    expect(found.places.map((p) => [p.page, p.kind, p.covered])).toEqual([[0, 'company', false], [0, 'personal', false], [1, 'company', false], [2, 'company', false], [2, 'personal', false]]);
    expect(found.defaults.some((d) => d.text === '（盖单位章）')).toBe(true);

    // the UI's reviewed seals: the company places as one signature with three seals (one moved a little)
    const company = found.places.filter((p) => p.kind === 'company').map((p, i) => ({ page: p.page, rect: { x: p.box.x + p.box.width / 2 - 59.5 + (i === 1 ? 5 : 0), y: p.box.y + p.box.height / 2 - 59.5, width: 119, height: 119 } }));
    const signed = await h.ok('pdf.sign', { fileId: doc.id, carrier, placements: [{ kind: 'company', places: company, sealImageFileId: seal.id }], jobId: 'job-0000000001' });
    expect(signed.signatures).toHaveLength(1);
    expect(signed.signatures[0].widgets.map((w) => w.page)).toEqual([0, 1, 2]);
    expect([...new Set(h.events.filter((e) => e.jobId === 'job-0000000001').map((e) => e.item))]).toEqual(['company', '投标文件.pdf']);
    const after = await h.ok('pdf.sealPlaces', { fileId: signed.file.id });
    expect(after.places.map((p) => p.covered)).toEqual([true, false, true, true, false]);

    // the batch: the personal places of the signed copy; the letter gets the company and personal seals by
    // its words and a note for the cross-page seal; a plain page with none of the words fails with the reason
    const letterDoc = await put('投标函.pdf', (await bidLetterPdf(letter)).bytes);
    const plain = await put('说明.pdf', minimalPdf({ pages: 1 }));
    const r = await h.ok('pdf.signBatch', {
      fileIds: [signed.file.id, letterDoc.id, plain.id],
      carrier,
      placements: [{ kind: 'company', atText: {}, sealImageFileId: seal.id }, { kind: 'personal', atText: {}, sealImageFileId: rep.id }, { kind: 'cross-page', sealImageFileId: seal.id }],
      jobId: 'job-0000000002',
    });
    expect(r.results.map((x) => [x.status, x.error?.code, x.notes?.map((n) => [n.code, n.placement])])).toEqual([
      ['signed', undefined, [['E_PDF_PLACES_ALL_SEALED', 0]]],
      ['signed', undefined, [['E_PDF_CROSS_PAGE_ONE_PAGE', 2]]],
      ['failed', 'E_PDF_TEXT_NOT_FOUND', undefined],
    ]);
    const check = await h.ok('pdf.sealPlaces', { fileId: r.results[0].output!.id });
    expect(check.places.every((p) => p.covered)).toBe(true);
    const letterCheck = await h.ok('pdf.sealPlaces', { fileId: r.results[1].output!.id });
    expect(letterCheck.places.map((p) => [p.kind, p.covered])).toEqual([['company', true], ['personal', true]]);
    const v = await h.ok('pdf.verify', { fileId: r.results[1].output!.id });
    expect(v.signatures.map((s) => [s.kind, s.intact])).toEqual([['company', true], ['personal', true]]);
  }, 60_000);
});
