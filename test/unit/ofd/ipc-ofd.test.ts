// The app's ofd.verify (a document id → the report of `bidseal ofd verify --json`, one shared view in
// shared/ofd/views.ts): a sealed OFD verifies, the same JSON as the CLI; a tampered page, an unsigned OFD and a
// document that is not an OFD are reported, never thrown as untyped errors.
import { describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { OfdPackage } from '../../../shared/ofd/package';
import { makeOfd } from '../../../shared/ofd/writer';
import { sealOfd } from '../../../shared/ofd/signatures';
import { testHost } from '../../helpers/ipc';
import { minimalPdf } from '../../helpers/pdf';
import { hasOpenssl } from '../../helpers/vectors';
import { cliMain } from '../../helpers/cli';
import { makeTestSeal, softwareSigner } from '../../helpers/eseal';
import { useSealFixture } from '../../helpers/seal-fixture';

const f = useSealFixture();

describe.skipIf(!hasOpenssl)('ofd.verify over IPC', () => {
  it('reports as `ofd verify --json` does; tampering, unsigned and non-OFD documents', async () => {
    const h = testHost();
    const doc = makeOfd({ title: '投标文件', pages: [{ lines: [{ x: 20, y: 20, text: '投标函' }] }, { lines: [{ x: 20, y: 20, text: '第二页 Page 2' }] }] });
    const signed = await sealOfd(OfdPackage.open(doc.toBytes()), softwareSigner(f.holder), { seal: await makeTestSeal(f, 4), placements: [{ page: 0, x: 120, y: 200 }] });
    const good = await h.put('投标文件.ofd', signed.toBytes());
    expect(good.mediaType).toBe('application/ofd');

    const v = await h.ok('ofd.verify', { fileId: good.id });
    expect(v.ok).toBe(true);
    expect(v.signatures).toHaveLength(1);
    expect(v.signatures[0]).toMatchObject({ intact: true, references: { failed: [] }, ses: { intact: true, seal: { name: '某某建设有限公司合同专用章', signerListed: true } } });
    expect(v.signatures[0].ses?.signer?.subject).toContain('Holder Construction Co');
    expect(v.unprotected).toEqual([]);
    // the same report as the CLI with no --ca (the trust store is empty)
    const cli = await cliMain(['ofd', 'verify', '--json', good.src]);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.out)).toEqual(v);

    const page = 'Doc_0/Pages/Page_1/Content.xml';
    const edited = new TextEncoder().encode(new TextDecoder().decode(signed.get(page)).replace('Page 2', 'Page 9'));
    const bad = await h.put('改过.ofd', signed.with({ [page]: edited }).toBytes());
    const t = await h.ok('ofd.verify', { fileId: bad.id });
    expect(t.ok).toBe(false);
    expect(t.signatures[0].references.failed).toEqual([{ path: page, ok: false, problem: 'digest-mismatch' }]);

    const unsigned = await h.put('未签.ofd', doc.toBytes());
    expect(await h.ok('ofd.verify', { fileId: unsigned.id })).toEqual({ ok: false, signatures: [], unprotected: [] });

    const pdf = await h.put('a.pdf', minimalPdf());
    expect(await h.call('ofd.verify', { fileId: pdf.id })).toMatchObject({ ok: false, error: { code: 'E_OFD_NOT_OFD' } });
    const junk = await h.put('坏.ofd', new TextEncoder().encode('not a zip'));
    expect(await h.call('ofd.verify', { fileId: junk.id })).toMatchObject({ ok: false, error: { code: 'E_OFD_NOT_OFD' } });
    rmSync(h.dataDir, { recursive: true, force: true });
  });
});
