// The upload operations through the real dispatch: a sealed bid from the document store is queued for a
// platform the user added (the reference platform on this computer, with its receipt certificate), uploads
// on its own, and its receipt is stored (outbox, document store, bid history) and verifies through
// receipt.verify. The renderer names platforms only: a URL in the request, or an endpoint that is neither
// https nor this computer, is refused (docs/ipc-security.md).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { testHost } from '../../helpers/ipc';
import { hasOpenssl } from '../../helpers/vectors';
import { openFileStore } from '../../../electron/services/documents/file-store';
import { appendRecord, getRecord } from '../../../electron/services/bid/history';
import { useReferencePlatform } from '../../helpers/platform-server';
import { createHash } from 'node:crypto';
import net from 'node:net';

describe.skipIf(!hasOpenssl)('upload IPC', () => {
  const platform = useReferencePlatform();

  it('queues a stored sealed bid, uploads it, and keeps the verified receipt with the bid record', async () => {
    const { fx } = platform;
    const h = testHost();
    const port = await freePort();
    const user = await h.ok('platforms.addCustom', { name: { zh: '本地演示平台（本机端口）' }, endpoint: `http://127.0.0.1:${port}/files/`, encryptionCertificates: [fx.platformCertPem], receiptCertificate: fx.receiptCertPem });
    const s = await fx.server({ platformId: user.id, port });
    expect(s.filesUrl).toBe(`http://127.0.0.1:${port}/files/`);
    const file = await fx.seal('ipc-bid', 100_000, 11);
    const stored = await openFileStore(h.dataDir).importPath(file, { tags: { kind: 'sealed-bid' } });
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
    const rec = await appendRecord(h.dataDir, {
      bidder: { name: '某某建设集团有限公司', uscc: '91350100M000100Y43' },
      tender: { projectId: 'REF-2026-0007', lot: '第一标段' },
      platformId: user.id,
      sealed: { fileId: stored.id, path: file, size: stored.size, sha256, sm3: stored.sm3 },
      packageSm3: '0'.repeat(64),
      cipher: 'sm4-cbc',
      custody: 'single',
      signer: { subject: 'CN=x', issuer: 'CN=x', serialNumber: '01', notAfter: '2030-01-01T00:00:00.000Z' },
      recipients: [],
      openingTime: new Date(Date.now() + 3600_000).toISOString(),
    });

    const q = await h.ok('upload.enqueue', { fileId: stored.id, platformId: user.id });
    expect(q).toMatchObject({ fileName: 'ipc-bid.p7m', platformId: user.id, receiptCheck: true, recordId: rec.id, deadline: rec.openingTime });
    expect(q).not.toHaveProperty('filePath');
    let item = q;
    for (let i = 0; i < 200 && item.state !== 'done' && item.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      item = (await h.ok('upload.list', {})).items.find((x) => x.id === q.id)!;
    }
    expect(item.error).toBeUndefined();
    expect(item.state).toBe('done');
    expect(item.receipt).toMatchObject({ verified: true, sha256, platformId: user.id, signatureAlgorithm: 'SM2-SM3' });

    const r = await h.ok('upload.receipt', { id: q.id });
    expect(r.fileId).toBeTruthy();
    expect((await openFileStore(h.dataDir).get(r.fileId!)).tags.kind).toBe('upload-receipt');
    const v = await h.ok('receipt.verify', { data: r.data, platformId: user.id, fileId: stored.id });
    expect(v).toMatchObject({ matchedFile: true, payload: { sha256, bidder: '某某建设集团有限公司', tender: 'REF-2026-0007 第一标段' } });
    const other = await h.call('receipt.verify', { data: r.data, certificatePem: fx.platformCertPem });
    expect(other).toMatchObject({ ok: false, error: { code: 'E_RECEIPT_WRONG_SIGNER' } });

    const history = await getRecord(h.dataDir, rec.id);
    expect(history.uploads).toHaveLength(1);
    expect(history.uploads[0]).toMatchObject({ platformId: user.id, status: 'uploaded', uploadId: item.receipt!.uploadId });
  });

  it('refuses a platform without an upload endpoint and an unknown outbox id', async () => {
    const { fx } = platform;
    const h = testHost();
    const file = await fx.seal('ipc-none', 1000, 12);
    const stored = await openFileStore(h.dataDir).importPath(file, { tags: { kind: 'sealed-bid' } });
    expect(await h.call('upload.enqueue', { fileId: stored.id, platformId: 'beijing' })).toMatchObject({ ok: false, error: { code: 'E_UPLOAD_NO_ENDPOINT' } });
    expect(await h.call('upload.pause', { id: '0'.repeat(32) })).toMatchObject({ ok: false, error: { code: 'E_UPLOAD_NOT_FOUND' } });
  });

  it('the renderer cannot choose where a bid goes: a URL in the request, a plain-http or credentialed endpoint are refused', async () => {
    const { fx } = platform;
    const h = testHost();
    const file = await fx.seal('ipc-attack', 1000, 13);
    const stored = await openFileStore(h.dataDir).importPath(file, { tags: { kind: 'sealed-bid' } });
    const attack = await h.call('upload.enqueue', { fileId: stored.id, platformId: 'reference', url: 'http://127.0.0.1:9/steal' } as never);
    expect(attack).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    for (const endpoint of ['http://evil.example/files/', 'ftp://127.0.0.1/files/', 'https://user:pw@bids.example.cn/files/', 'http://127.0.0.1.evil.example/files/']) {
      const r = await h.call('platforms.addCustom', { name: { zh: `测试 ${endpoint}` }, endpoint, encryptionCertificates: [fx.platformCertPem] });
      expect(r, endpoint).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    }
    expect((await h.ok('upload.list', {})).items).toEqual([]);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}
