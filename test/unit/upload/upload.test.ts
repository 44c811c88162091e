// Uploads against the reference platform on 127.0.0.1 (in-process, ephemeral port): completion with
// matching hashes and a verified receipt, duplicates recognised, deadline refusals (client and server),
// an interrupted 50 MB upload resumed from the server's offset by a fresh outbox (a restarted app), a
// server restart mid-upload survived, and the opening (开标) of what the client sealed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Outbox, type OutboxHooks, type OutboxItem } from '../../../electron/services/upload/outbox';
import { verifyReceipt } from '../../../shared/receipt/receipt';
import { hasOpenssl } from '../../helpers/vectors';
import { makeUploadFixtures, type UploadFixtures } from './fixtures';

const sha256 = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const fast: OutboxHooks = { retryDelays: [50, 100, 200], backoff: [100] };

describe.skipIf(!hasOpenssl)('uploads to the reference platform', () => {
  let fx: UploadFixtures;
  beforeAll(async () => {
    fx = await makeUploadFixtures();
  }, 60_000);
  afterAll(async () => fx?.cleanup());

  const outbox = (name: string, hooks: OutboxHooks = fast) => new Outbox(path.join(fx.dir, name), hooks, false);
  /** the upload is done and the platform stores exactly `file` under the receipt's upload id */
  const expectStored = (item: OutboxItem, file: string) => {
    expect(item.state).toBe('done');
    expect(sha256(path.join(fx.dir, 'platform', 'files', item.receipt!.uploadId))).toBe(sha256(file));
  };

  it('uploads a sealed bid; the platform stores the same bytes and answers with a receipt that verifies', async () => {
    const s = await fx.server();
    const file = await fx.seal('small', 300_000, 1);
    const ob = outbox('client-a');
    const q = await ob.enqueue({ filePath: file, platformId: 'reference', endpoint: s.filesUrl, receiptCertificatePem: fx.receiptCertPem, bidder: '某某建设集团有限公司', tender: 'REF-2026-0007' });
    expect(q.state).toBe('queued');
    const done = await ob.run(q.id);
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('done');
    expect(done.receipt).toMatchObject({ verified: true, duplicate: false, size: statSync(file).size, sha256: sha256(file), platformId: 'reference' });
    expectStored(done, file);
    const der = await ob.receipt(q.id);
    const v = await verifyReceipt(der, fx.receiptCertPem, { sha256: sha256(file), size: statSync(file).size });
    expect(v.payload).toMatchObject({ fileName: 'small.p7m', bidder: '某某建设集团有限公司', tender: 'REF-2026-0007' });
    expect(v.signatureAlgorithm).toBe('SM2-SM3');
    // the receipt endpoint serves the same receipt; bids themselves are never served back
    const res = await fetch(`${s.url}/receipts/${done.receipt!.uploadId}`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array(der));
    expect((await fetch(`${s.filesUrl}${done.receipt!.uploadId}`)).status).toBe(405);
    // no opening before the deadline; then it decrypts with the platform key and verifies the bidder's signed manifest
    s.setDeadline(new Date(Date.now() + 60_000));
    await expect(s.open(done.receipt!.uploadId)).rejects.toMatchObject({ code: 'E_OPENING_FAILED' });
    s.setDeadline(new Date(Date.now() - 1000));
    const opened = await s.open(done.receipt!.uploadId);
    expect(opened).toMatchObject({ kind: 'envelope', bottomLine: 'valid', files: ['small.pdf'] });
    expect(readFileSync(path.join(opened.outDir, 'small.pdf'))).toEqual(readFileSync(path.join(fx.dir, 'small.pdf')));
    expect(opened.manifest?.bidder.uscc).toBe('91350100M000100Y43');
    await s.close();
  });

  it('recognises a duplicate: the same file again is answered with the first receipt, not stored twice', async () => {
    const s = await fx.server();
    const file = await fx.seal('dup', 20_000, 2);
    const first = await outbox('client-b1').enqueue({ filePath: file, platformId: 'reference', endpoint: s.filesUrl, receiptCertificatePem: fx.receiptCertPem });
    const a = await outbox('client-b1').run(first.id);
    const ob2 = outbox('client-b2');
    const second = await ob2.run((await ob2.enqueue({ filePath: file, platformId: 'reference', endpoint: s.filesUrl, receiptCertificatePem: fx.receiptCertPem })).id);
    expect(second.state).toBe('done');
    expect(second.receipt).toMatchObject({ duplicate: true, uploadId: a.receipt!.uploadId, verified: true });
    // a client that does not look first is refused at creation, naming the first upload
    const res = await fetch(s.filesUrl, {
      method: 'POST',
      headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': String(statSync(file).size), 'Upload-Metadata': `filename ${btoa('x.p7m')},sha256 ${btoa(sha256(file))},sm3 ${btoa('0'.repeat(64))}` },
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'E_UPLOAD_DUPLICATE', uploadId: a.receipt!.uploadId });
    expect((await s.uploads()).filter((u) => u.sha256 === sha256(file))).toHaveLength(1);
    await s.close();
  });

  it('refuses a late upload: the platform after its deadline, the client after the bid deadline', async () => {
    const s = await fx.server({ deadline: new Date(Date.now() - 60_000) });
    const file = await fx.seal('late', 10_000, 3);
    const ob = outbox('client-c');
    const r = await ob.run((await ob.enqueue({ filePath: file, platformId: 'reference', endpoint: s.filesUrl, receiptCertificatePem: fx.receiptCertPem })).id);
    expect(r.state).toBe('refused');
    expect(r.error?.code).toBe('E_UPLOAD_DEADLINE_PASSED');
    expect(r.error?.message).toMatch(/deadline .* has passed/);
    expect(r.receipt).toBeUndefined();
    expect(await s.uploads()).not.toContainEqual(expect.objectContaining({ sha256: sha256(file) }));
    // the client refuses by itself too, without sending a byte
    s.setDeadline(null);
    const c = await ob.run((await ob.enqueue({ filePath: file, platformId: 'reference', endpoint: s.filesUrl, deadline: new Date(Date.now() - 1000).toISOString() })).id);
    expect(c).toMatchObject({ state: 'refused', bytesSent: 0, error: { code: 'E_UPLOAD_DEADLINE_PASSED' } });
    expect(c.uploadUrl).toBeUndefined();
    await s.close();
  });

  it('refuses a file that is not sealed to the platform and discards it', async () => {
    const s = await fx.server();
    const ob = outbox('client-d');
    const r = await ob.run((await ob.enqueue({ filePath: fx.bid.cert('sign'), platformId: 'reference', endpoint: s.filesUrl })).id);
    expect(r.state).toBe('failed');
    expect(r.error?.code).toBe('E_UPLOAD_ENVELOPE_INVALID');
    expect(r.uploadUrl).toBeUndefined();
    await s.close();
  });

  it('resumes a 50 MB upload interrupted mid-way from the offset the server holds, in a fresh outbox (app restarted)', async () => {
    const s = await fx.server();
    const file = await fx.seal('big', 50 * 1024 * 1024, 4);
    const size = statSync(file).size;
    const hooks: OutboxHooks = { ...fast, chunkSize: 4 * 1024 * 1024 };
    const ob1 = outbox('client-e', hooks);
    const item = await ob1.enqueue({ filePath: file, platformId: 'reference', endpoint: s.filesUrl, receiptCertificatePem: fx.receiptCertPem });
    const cut = Math.floor(size * (0.25 + Math.random() * 0.5));
    const stop = ob1.on((e) => {
      if (e.id === item.id && (e.progress?.bytesDone ?? 0) > cut) void ob1.close();
    });
    const paused = await ob1.run(item.id);
    stop();
    expect(paused.state).toBe('paused');
    expect(paused.uploadUrl).toBeTruthy();
    const head = await fetch(paused.uploadUrl!, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } });
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(size);
    // a new process: the item is read back from disk and continues
    const ob2 = outbox('client-e', hooks);
    await ob2.start(item.id);
    const done = await ob2.run(item.id);
    expectStored(done, file);
    expect(done.resumedFrom).toBe(offset);
    expect(done.uploadUrl).toBe(paused.uploadUrl);
    await s.close();
  }, 120_000);

  it('survives a platform restart mid-upload: retries with backoff and completes on the same upload', async () => {
    let s = await fx.server();
    const port = s.port;
    const file = await fx.seal('restart', 12 * 1024 * 1024, 5);
    const ob = outbox('client-f', { retryDelays: [100, 200, 400, 800, 1600], backoff: [200], chunkSize: 1024 * 1024 });
    const item = await ob.enqueue({ filePath: file, platformId: 'reference', endpoint: s.filesUrl, receiptCertificatePem: fx.receiptCertPem });
    let restarted: Promise<void> | undefined;
    ob.on((e) => {
      if (!restarted && (e.progress?.bytesDone ?? 0) > 4 * 1024 * 1024) {
        restarted = (async () => {
          await s.close();
          await new Promise((r) => setTimeout(r, 300));
          s = await fx.server({ port });
        })();
      }
    });
    let r = await ob.run(item.id);
    await restarted;
    for (let i = 0; r.state === 'waiting-network' && i < 5; i++) r = await ob.run(item.id);
    expect(restarted).toBeDefined();
    expectStored(r, file);
    expect(r.resumedFrom).toBeGreaterThan(0);
    await s.close();
  }, 60_000);

  it('keeps a bid sealed offline in the outbox and sends it by itself once the platform is reachable', async () => {
    const probe = await fx.server();
    const port = probe.port;
    const endpoint = probe.filesUrl;
    await probe.close(); // offline: nothing listens there now
    const file = await fx.seal('offline', 30_000, 7);
    const ob = new Outbox(path.join(fx.dir, 'client-h'), { retryDelays: [50], backoff: [300] }, true);
    const states: string[] = [];
    ob.on((e) => states.push(e.item.state));
    const q = await ob.enqueue({ filePath: file, platformId: 'reference', endpoint, receiptCertificatePem: fx.receiptCertPem });
    const waitFor = async (pred: (st: string) => boolean) => {
      for (let i = 0; i < 200; i++) {
        const it = await ob.get(q.id);
        if (pred(it.state)) return it;
        await new Promise((r) => setTimeout(r, 50));
      }
      return ob.get(q.id);
    };
    const waiting = await waitFor((st) => st === 'waiting-network');
    expect(waiting).toMatchObject({ state: 'waiting-network', error: { code: 'E_UPLOAD_NETWORK' } });
    expect(waiting.nextAttemptAt).toBeTruthy();
    const s = await fx.server({ port });
    const done = await waitFor((st) => st === 'done');
    expect(done.state).toBe('done');
    expect(done.receipt?.verified).toBe(true);
    expect(states).toContain('uploading');
    await ob.close();
    await s.close();
  });

  it('opens a joint-custody bid with the platform key plus the key the bidder released for its share', async () => {
    const s = await fx.server();
    const file = await fx.seal('joint', 50_000, 6, { custody: { kind: 'joint' } });
    const ob = outbox('client-g');
    const done = await ob.run((await ob.enqueue({ filePath: file, platformId: 'reference', endpoint: s.filesUrl, receiptCertificatePem: fx.receiptCertPem })).id);
    expect(done.state).toBe('done');
    await expect(s.open(done.receipt!.uploadId)).rejects.toMatchObject({ code: 'E_CUSTODY_INSUFFICIENT' });
    const { releaseCustodyKey } = await import('../../../electron/services/upload/custody-release');
    const released = await releaseCustodyKey(file, await fx.bid.decrypter('bidderEnc'));
    const opened = await s.open(done.receipt!.uploadId, [released]);
    expect(opened).toMatchObject({ kind: 'custody', bottomLine: 'valid', files: ['joint.pdf'] });
    expect(existsSync(path.join(opened.outDir, 'joint.pdf'))).toBe(true);
    await s.close();
  });
});
