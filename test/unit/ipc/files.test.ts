// The document store through the IPC contract: chunked import, ranged reads, listing by tags,
// export through a (fake) native dialog, and no trace left by failed or abandoned imports.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { testHost } from '../../helpers/ipc';
import { sm3 } from '../../../shared/crypto/sm3';
import { openFileStore, safeName } from '../../../electron/services/documents/file-store';
import { minimalPdf } from '../../helpers/pdf';

const hex = (u: Uint8Array) => Buffer.from(u).toString('hex');

async function importBytes(h: ReturnType<typeof testHost>, name: string, bytes: Uint8Array, chunk = 1 << 20, tags = {}) {
  const { uploadId } = await h.ok('files.importBegin', { name, size: bytes.length, tags });
  for (let o = 0; o < bytes.length; o += chunk) await h.ok('files.importChunk', { uploadId, offset: o, data: Buffer.from(bytes.subarray(o, o + chunk)).toString('base64') });
  return h.ok('files.importCommit', { uploadId });
}

describe('document store', () => {
  it('imports in chunks, keeps the name and SM3, and reads ranges back byte for byte', async () => {
    const h = testHost();
    const bytes = randomBytes(3 * (1 << 20) + 123);
    const f = await importBytes(h, '投标文件（商务部分）.zip', bytes, 1 << 20, { bidder: '91350100M000100Y43', kind: 'document' });
    expect(f).toMatchObject({ name: '投标文件（商务部分）.zip', size: bytes.length, mediaType: 'application/zip', origin: 'import', sm3: hex(sm3(bytes)) });
    const r = await h.ok('files.read', { id: f.id, offset: 1000, length: 4096 });
    expect(Buffer.from(r.data, 'base64')).toEqual(bytes.subarray(1000, 5096));
    expect(r.size).toBe(bytes.length);
    const tail = await h.ok('files.read', { id: f.id, offset: bytes.length - 10, length: 100 });
    expect(Buffer.from(tail.data, 'base64')).toEqual(bytes.subarray(bytes.length - 10));
    expect((await h.ok('files.list', { tags: { bidder: '91350100M000100Y43' } })).files.map((x) => x.id)).toEqual([f.id]);
    expect((await h.ok('files.list', { tags: { bidder: 'someone-else' } })).files).toEqual([]);
  });

  it('refuses out-of-order chunks, short commits and unknown sessions, leaving nothing listed', async () => {
    const h = testHost();
    const { uploadId } = await h.ok('files.importBegin', { name: 'a.pdf', size: 10 });
    expect(await h.call('files.importChunk', { uploadId, offset: 5, data: Buffer.from('abcde').toString('base64') })).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    await h.ok('files.importChunk', { uploadId, offset: 0, data: Buffer.from('abcde').toString('base64') });
    expect(await h.call('files.importCommit', { uploadId })).toMatchObject({ ok: false, error: { code: 'E_TRUNCATED' } });
    expect(await h.call('files.importChunk', { uploadId, offset: 5, data: Buffer.from('fghij').toString('base64') })).toMatchObject({ ok: false, error: { code: 'E_IMPORT_UNKNOWN' } });
    expect((await h.ok('files.list', {})).files).toEqual([]);
    const incoming = path.join(h.dataDir, 'documents/.incoming');
    expect(existsSync(incoming) ? readdirSync(incoming) : []).toEqual([]);
  });

  it('outputs appear only when committed; aborted outputs leave nothing', async () => {
    const h = testHost();
    const store = openFileStore(h.dataDir);
    const out = await store.output({ name: 'sealed.p7m', tags: { kind: 'sealed-bid' } });
    writeFileSync(out.tempPath, 'sealed bytes');
    expect((await store.list()).length).toBe(0);
    const f = await out.commit();
    expect(f).toMatchObject({ origin: 'output', mediaType: 'application/pkcs7-mime', size: 12 });
    expect(readFileSync(await store.pathOf(f.id), 'utf8')).toBe('sealed bytes');
    const gone = await store.output({ name: 'x.pdf' });
    writeFileSync(gone.tempPath, 'half');
    await gone.abort();
    expect((await store.list()).map((x) => x.id)).toEqual([f.id]);
    expect(await h.ok('files.remove', { id: f.id })).toEqual({ removed: true });
    await expect(store.pathOf(f.id)).rejects.toMatchObject({ code: 'E_FILE_NOT_FOUND' });
  });

  it('exports through the native dialog in Electron and as a download link in the Node host', async () => {
    const target = path.join(mkdtempSync(path.join(tmpdir(), 'bidseal-export-')), 'out.pdf');
    const electronLike = testHost({ dialogs: { saveAs: async () => target, showInFolder: () => {} } });
    const pdf = minimalPdf();
    const f = await importBytes(electronLike, 'in.pdf', pdf);
    expect(await electronLike.ok('files.export', { id: f.id })).toEqual({ kind: 'saved', path: target });
    expect(readFileSync(target)).toEqual(Buffer.from(pdf));
    const nodeHost = testHost({ dataDir: electronLike.dataDir });
    expect(await nodeHost.ok('files.export', { id: f.id })).toEqual({ kind: 'download', url: `/download/${f.id}` });
  });

  it('imports from a path (main process only) without touching the original, and names stay safe on every OS', async () => {
    const h = testHost();
    const src = path.join(mkdtempSync(path.join(tmpdir(), 'bidseal-src-')), 'scan.png');
    writeFileSync(src, 'png');
    const f = await openFileStore(h.dataDir).importPath(src, { tags: { kind: 'seal-image' } });
    expect(f).toMatchObject({ name: 'scan.png', mediaType: 'image/png', tags: { kind: 'seal-image' } });
    expect(readFileSync(src, 'utf8')).toBe('png');
    expect(safeName('../../etc/passwd')).toBe('passwd');
    expect(safeName('a<b>:c?.pdf')).toBe('a_b__c_.pdf');
    expect(safeName('CON.pdf')).toBe('_CON.pdf');
    expect(await h.call('files.read', { id: '0'.repeat(32), offset: 0, length: 1 })).toMatchObject({ ok: false, error: { code: 'E_FILE_NOT_FOUND' } });
  });

  it('the renderer cannot import a path: files.importPath {"path":"/etc/shadow"} then files.read is refused', async () => {
    const h = testHost();
    const attack = await h.call('files.importPath' as never, { path: '/etc/passwd' } as never);
    expect(attack).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    expect(await openFileStore(h.dataDir).list()).toEqual([]);
    // files.hash takes document ids only
    expect(await h.call('files.hash', { paths: ['/etc/passwd'] } as never)).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    expect(await h.call('files.hash', { ids: ['/etc/passwd'] } as never)).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
  });

  it('the library: a damaged or fake PDF is refused at import and not listed; delete goes to a restorable trash; rename; same names told apart', async () => {
    const h = testHost();
    const tags = { bidder: '91350100M000100Y43', kind: 'document' };
    const pdf = minimalPdf();
    // truncated in the middle of the objects: no page can be recovered
    const cut = await h.call('files.importCommit', { uploadId: await begin(h, '投标函.pdf', pdf.subarray(0, 40), tags) });
    expect(cut).toMatchObject({ ok: false, error: { code: 'E_PDF_IMPORT_DAMAGED' } });
    const html = Buffer.from('<html><body>404 Not Found</body></html>');
    expect(await h.call('files.importCommit', { uploadId: await begin(h, '报价单.pdf', html, tags) })).toMatchObject({ ok: false, error: { code: 'E_PDF_IMPORT_NOT_PDF' } });
    expect((await h.ok('files.list', {})).files).toEqual([]);
    expect(readdirSync(path.join(h.dataDir, 'documents/.incoming'))).toEqual([]);

    const a = await importBytes(h, '投标函.pdf', pdf, 1 << 20, tags);
    const b = await importBytes(h, '投标函.pdf', pdf, 1 << 20, tags);
    const c = await importBytes(h, '投标函.pdf', pdf, 1 << 20, tags);
    expect([a.name, b.name, c.name]).toEqual(['投标函.pdf', '投标函 (2).pdf', '投标函 (3).pdf']);
    // another bidder's documents do not count
    expect((await importBytes(h, '投标函.pdf', pdf, 1 << 20, { bidder: 'other', kind: 'document' })).name).toBe('投标函.pdf');

    const r = await h.ok('files.rename', { id: b.id, name: '商务标' });
    expect(r.name).toBe('商务标.pdf');
    expect(readFileSync(await openFileStore(h.dataDir).pathOf(b.id))).toEqual(Buffer.from(pdf));
    expect((await h.ok('files.rename', { id: c.id, name: '商务标.pdf' })).name).toBe('商务标 (2).pdf');
    expect(await h.call('files.rename', { id: c.id, name: '  ' })).toMatchObject({ ok: false, error: { code: 'E_FILE_NAME_INVALID' } });

    await h.ok('files.trash', { id: a.id });
    expect((await h.ok('files.list', { tags })).files.map((x) => x.id)).toEqual([b.id, c.id]);
    expect((await h.ok('files.listTrash', { tags })).files.map((x) => x.id)).toEqual([a.id]);
    await h.ok('files.restore', { id: a.id });
    expect(readFileSync(await openFileStore(h.dataDir).pathOf(a.id))).toEqual(Buffer.from(pdf));
    expect((await h.ok('files.listTrash', { tags })).files).toEqual([]);
    await h.ok('files.trash', { id: a.id });
    expect(await h.ok('files.purge', { id: a.id })).toEqual({ removed: true });
    expect(await h.call('files.restore', { id: a.id })).toMatchObject({ ok: false, error: { code: 'E_FILE_NOT_FOUND' } });
  });
});

async function begin(h: ReturnType<typeof testHost>, name: string, bytes: Uint8Array, tags = {}) {
  const { uploadId } = await h.ok('files.importBegin', { name, size: bytes.length, tags });
  await h.ok('files.importChunk', { uploadId, offset: 0, data: Buffer.from(bytes).toString('base64') });
  return uploadId;
}
