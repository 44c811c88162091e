// The app's ofd.verify (a document id → the report of `bidseal ofd verify --json`, one shared view in
// shared/ofd/views.ts): a sealed OFD verifies, the same JSON as the CLI; a tampered page, an unsigned OFD and a
// document that is not an OFD are reported, never thrown as untyped errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { main } from '../../../electron/cli/main';
import { openFileStore } from '../../../electron/services/documents/file-store';
import { OfdPackage } from '../../../shared/ofd/package';
import { makeOfd } from '../../../shared/ofd/writer';
import { sealOfd } from '../../../shared/ofd/signatures';
import { testHost } from '../../helpers/ipc';
import { minimalPdf } from '../../helpers/pdf';
import { hasOpenssl } from '../../helpers/vectors';
import { makeTestSeal, sealFixture, softwareSigner, type SealFixture } from '../../helpers/eseal';

let f: SealFixture;
beforeAll(() => {
  f = sealFixture();
});
afterAll(() => rmSync(f.dir, { recursive: true, force: true }));

async function cliJson(args: string[]): Promise<{ code: number; json: unknown }> {
  const out: Buffer[] = [];
  const sink = new Writable({ write: (c, _e, cb) => (out.push(Buffer.from(c)), cb()) });
  const code = await main(args, { stdout: sink, stderr: new Writable({ write: (_c, _e, cb) => cb() }), stdin: Readable.from([]) as never, lang: 'en' });
  return { code, json: JSON.parse(Buffer.concat(out).toString()) };
}

describe.skipIf(!hasOpenssl)('ofd.verify over IPC', () => {
  it('reports as `ofd verify --json` does; tampering, unsigned and non-OFD documents', async () => {
    const h = testHost();
    const store = openFileStore(h.dataDir);
    const put = async (name: string, bytes: Uint8Array) => {
      const src = path.join(h.dataDir, `src-${name}`);
      writeFileSync(src, bytes);
      return { file: await store.importPath(src, { name }), src };
    };
    const doc = makeOfd({ title: '投标文件', pages: [{ lines: [{ x: 20, y: 20, text: '投标函' }] }, { lines: [{ x: 20, y: 20, text: '第二页 Page 2' }] }] });
    const signed = await sealOfd(OfdPackage.open(doc.toBytes()), softwareSigner(f.holder), { seal: await makeTestSeal(f, 4), placements: [{ page: 0, x: 120, y: 200 }] });
    const good = await put('投标文件.ofd', signed.toBytes());
    expect(good.file.mediaType).toBe('application/ofd');

    const v = await h.ok('ofd.verify', { fileId: good.file.id });
    expect(v.ok).toBe(true);
    expect(v.signatures).toHaveLength(1);
    expect(v.signatures[0]).toMatchObject({ intact: true, references: { failed: [] }, ses: { intact: true, seal: { name: '某某建设有限公司合同专用章', signerListed: true } } });
    expect(v.signatures[0].ses?.signer?.subject).toContain('Holder Construction Co');
    expect(v.unprotected).toEqual([]);
    // the same report as the CLI with no --ca (the trust store is empty)
    const cli = await cliJson(['ofd', 'verify', '--json', good.src]);
    expect(cli.code).toBe(0);
    expect(cli.json).toEqual(v);

    const page = 'Doc_0/Pages/Page_1/Content.xml';
    const edited = new TextEncoder().encode(new TextDecoder().decode(signed.get(page)).replace('Page 2', 'Page 9'));
    const bad = await put('改过.ofd', signed.with({ [page]: edited }).toBytes());
    const t = await h.ok('ofd.verify', { fileId: bad.file.id });
    expect(t.ok).toBe(false);
    expect(t.signatures[0].references.failed).toEqual([{ path: page, ok: false, problem: 'digest-mismatch' }]);

    const unsigned = await put('未签.ofd', doc.toBytes());
    expect(await h.ok('ofd.verify', { fileId: unsigned.file.id })).toEqual({ ok: false, signatures: [], unprotected: [] });

    const pdf = await put('a.pdf', minimalPdf());
    expect(await h.call('ofd.verify', { fileId: pdf.file.id })).toMatchObject({ ok: false, error: { code: 'E_OFD_NOT_OFD' } });
    const junk = await put('坏.ofd', new TextEncoder().encode('not a zip'));
    expect(await h.call('ofd.verify', { fileId: junk.file.id })).toMatchObject({ ok: false, error: { code: 'E_OFD_NOT_OFD' } });
    rmSync(h.dataDir, { recursive: true, force: true });
  });
});
