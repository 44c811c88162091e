// OFD in the app's bid path: ofd.inspect (pages, every signature's verdict), ofd.sign with an electronic seal of the
// bidder's seal library (a new document, checked as written; a second seal keeps the first valid), refusals before
// anything is signed (a signer the seal does not list, a page that does not exist, a document that is not OFD), and
// the project checklist counting a sealed OFD as signed, the seal pre-flight failing a tampered OFD. Cross-checked: `openssl dgst -sm3` recomputes every
// reference of the output, `openssl pkeyutl -verify` checks the signer's SM2 signature over the exact TBS bytes
// asn1crypto extracted (test/unit/eseal/ses_check.py).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { testHost } from '../../helpers/ipc';
import { hasOpenssl } from '../../helpers/vectors';
import { hasAsn1crypto, makeTestSeal, opensslSm2Verify, pyCheck, type SealFixture } from '../../helpers/eseal';
import { useSealFixture } from '../../helpers/seal-fixture';
import { openFileStore } from '../../../electron/services/documents/file-store';
import { OfdPackage } from '../../../shared/ofd/package';
import { makeOfd } from '../../../shared/ofd/writer';
import { makeKey, minimalPdf } from '../../helpers/pdf';
import { ofdSignaturesOf } from '../../../electron/services/ofd/ops';
import { preflightChecks } from '../../../shared/bid/preflight';

const f = useSealFixture();

const b64 = (b: Uint8Array | Buffer) => Buffer.from(b).toString('base64');
const carrier = (k: SealFixture['holder']) => ({ kind: 'software' as const, data: b64(readFileSync(k.keyPath)), certificate: b64(k.certDer), fileName: 'k.pem' });
const USCC = '91350100M000100Y43';

describe.skipIf(!hasOpenssl)('ofd.sign with a seal of the library', () => {
  it('seals, verifies as written, keeps the first seal valid under a second, refuses before signing', async () => {
    const h = testHost();
    const store = openFileStore(h.dataDir);
    const put = (name: string, bytes: Uint8Array, kind = 'document') => h.put(name, bytes, { bidder: USCC, kind });
    const doc = await put('投标文件.ofd', makeOfd({ title: '投标文件', pages: [{ lines: [{ x: 20, y: 20, text: '投标函' }] }, { lines: [{ x: 20, y: 20, text: '第二页' }] }] }).toBytes());
    const up = await put('公章.esl', await makeTestSeal(f, 4), 'eseal-upload');
    const seal = (await h.ok('seals.adopt', { fileId: up.id, bidder: USCC })).seal;

    const before = await h.ok('ofd.inspect', { fileId: doc.id });
    expect(before.pages).toHaveLength(2);
    expect(before.pages[0]).toMatchObject({ widthMm: 210, heightMm: 297 });
    expect(before.verify).toMatchObject({ ok: false, signatures: [] });

    // refused before any key is used: a page that does not exist, a document that is not an OFD
    expect(await h.call('ofd.sign', { fileId: doc.id, sealFileId: seal.fileId, carrier: carrier(f.holder), placements: [{ page: 5, x: 10, y: 10 }] })).toMatchObject({ ok: false, error: { code: 'E_INVALID_ARGUMENT' } });
    const pdf = await put('x.pdf', minimalPdf({ pages: 1 }));
    expect(await h.call('ofd.sign', { fileId: pdf.id, sealFileId: seal.fileId, carrier: carrier(f.holder), placements: [{ page: 0, x: 10, y: 10 }] })).toMatchObject({ ok: false, error: { code: 'E_OFD_NOT_OFD' } });
    // a signer the seal does not list: refused, nothing written
    const count = (await store.list()).length;
    expect(await h.call('ofd.sign', { fileId: doc.id, sealFileId: seal.fileId, carrier: carrier(f.other), placements: [{ page: 0, x: 10, y: 10 }] })).toMatchObject({ ok: false, error: { code: 'E_ESEAL_SIGNER_NOT_LISTED' } });
    expect((await store.list()).length).toBe(count);

    // a seal that lists a P-256 certificate: a GB/T 38540 seal signature is SM2, said as such
    const p256 = makeKey(mkdtempSync(path.join(h.dataDir, 'p256-')), 'ec-p256', 'P256 Co');
    const upP = await put('p256.esl', await makeTestSeal(f, 4, { certs: [p256.certDer] }), 'eseal-upload');
    const sealP = (await h.ok('seals.adopt', { fileId: upP.id, bidder: USCC })).seal;
    expect(await h.call('ofd.sign', { fileId: doc.id, sealFileId: sealP.fileId, carrier: carrier(p256), placements: [{ page: 0, x: 10, y: 10 }] })).toMatchObject({ ok: false, error: { code: 'E_ESEAL_SIGNER_NOT_SM2' } });

    const one = await h.ok('ofd.sign', { fileId: doc.id, sealFileId: seal.fileId, carrier: carrier(f.holder), placements: [{ page: 0, x: 140, y: 230 }] });
    expect(one.file).toMatchObject({ name: '投标文件-已签章.ofd', mediaType: 'application/ofd', derivedFrom: doc.id, tags: { bidder: USCC, kind: 'signed-ofd' } });
    expect(one.verify.ok).toBe(true);
    expect(one.verify.signatures[0]).toMatchObject({ type: 'Seal', intact: true, stamps: [{ page: 0, boundary: [140, 230, 40, 40] }], ses: { intact: true, seal: { name: '某某建设有限公司合同专用章', signerListed: true } } });
    // a cross-page seal on top keeps the first valid
    const two = await h.ok('ofd.sign', { fileId: one.file.id, sealFileId: seal.fileId, carrier: carrier(f.holder), crossPage: {} });
    expect(two.file.name).toBe('投标文件-已签章.ofd');
    expect(two.verify.ok).toBe(true);
    expect(two.verify.signatures.map((s) => s.intact)).toEqual([true, true]);
    expect(two.verify.signatures[1]!.stamps).toHaveLength(2);
    expect(await h.ok('ofd.verify', { fileId: two.file.id })).toEqual(two.verify);

    // independent: every reference's SM3 by openssl, the signer's SM2 signature by openssl over the TBS asn1crypto extracted
    const pkg = OfdPackage.open(new Uint8Array(readFileSync(await store.pathOf(two.file.id))));
    const work = mkdtempSync(path.join(h.dataDir, 'check-'));
    const sigXml = new TextDecoder().decode(pkg.get('Doc_0/Signs/Sign_0/Signature.xml'));
    const refs = [...sigXml.matchAll(/FileRef="\/([^"]+)"><ofd:CheckValue>([^<]+)</g)];
    expect(refs.length).toBeGreaterThan(3);
    for (const [, ref, value] of refs) {
      const file = path.join(work, 'part');
      writeFileSync(file, pkg.get(ref!));
      const hex = execFileSync('openssl', ['dgst', '-sm3', '-r', file]).toString().split(' ')[0]!;
      expect(Buffer.from(hex, 'hex').toString('base64'), ref).toBe(value);
    }
    if (hasAsn1crypto) {
      const j = pyCheck('sig', pkg.get('Doc_0/Signs/Sign_0/SignedValue.dat'), work);
      writeFileSync(path.join(work, 'sigxml'), pkg.get('Doc_0/Signs/Sign_0/Signature.xml'));
      expect(j.dataHash).toBe(execFileSync('openssl', ['dgst', '-sm3', '-binary', path.join(work, 'sigxml')]).toString('hex'));
      expect(opensslSm2Verify(work, f.holder.certDer, path.join(work, 'tbs.bin'), path.join(work, 'sig.bin'))).toBe(true);
      expect(opensslSm2Verify(work, path.join(work, 'seal_maker_cert.der'), path.join(work, 'seal_maker_tbs.bin'), path.join(work, 'seal_maker_sig.bin'))).toBe(true);
    }

    // the checklist follows the linked original to the sealed OFD and counts it signed
    const p = await h.ok('projects.create', { bidder: { id: 'b', name: '福建某某建设有限公司', uscc: USCC }, title: '工程', tenderNo: 'ZB-1', tenderer: '招标人', platformId: 'reference', lots: [{ id: 'lot-1', name: '第一标段' }], deadline: '2030-12-01T09:30:00+08:00', openingTime: '2030-12-01T09:30:00+08:00' });
    await h.ok('projects.update', { ...p, checklist: p.checklist.map((i, k) => ({ ...i, fileIds: k === 0 ? [doc.id] : [] })) });
    const st = await h.ok('projects.status', { id: p.id });
    expect(st.items[0]!.files[0]).toMatchObject({ linkedId: doc.id, current: { id: two.file.id, mediaType: 'application/ofd' }, signed: true });

    // the seal pre-flight: a tampered OFD fails, an unsealed one warns, a sealed one passes; PDFs and other ZIPs are not OFD
    const tampered = await put('改过.ofd', pkg.with({ 'Doc_0/Pages/Page_1/Content.xml': new TextEncoder().encode(new TextDecoder().decode(pkg.get('Doc_0/Pages/Page_1/Content.xml')).replace('第二页', '第三页')) }).toBytes());
    const entry = async (fl: { id: string; name: string }) => ({ path: await store.pathOf(fl.id), name: fl.name });
    const o = await ofdSignaturesOf([await entry(doc), await entry(two.file), await entry(tampered), await entry(pdf)]);
    expect(o).toEqual({ documents: 3, unsigned: ['投标文件.ofd'], broken: ['改过.ofd'] });
    const status = (x: typeof o) => preflightChecks({ recipients: [], custody: { kind: 'single' }, ofdSignatures: x }).checks.find((c) => c.id === 'ofdSignatures')?.status;
    expect(status(o)).toBe('fail');
    expect(status({ ...o, broken: [] })).toBe('warn');
    expect(status({ documents: 1, unsigned: [], broken: [] })).toBe('pass');
    expect(status({ documents: 0, unsigned: [], broken: [] })).toBeUndefined();
  });
});
