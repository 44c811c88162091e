// Generation history: append/list/get/update, concurrency, corrupt and partial files.
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendRecord, getRecord, historyPath, listRecords, updateRecord, type BidRecordInput } from '../../../electron/services/bid/history';

const H = (c: string) => c.repeat(64);
function rec(over: Partial<BidRecordInput> = {}): BidRecordInput {
  return {
    bidder: { name: '测试建设有限公司', uscc: '91110000MA01ABCD1X' },
    tender: { projectId: 'ZB-2026-001', lot: '1', title: '某道路工程' },
    platformId: 'beijing-ggzy',
    sealed: { path: '/tmp/bid.p7m', size: 1234, sha256: H('a'), sm3: H('b') },
    packageSm3: H('c'),
    cipher: 'sm4-cbc',
    custody: 'single',
    signer: { subject: 'CN=签名', issuer: 'CN=CA', serialNumber: '01', notAfter: '2027-01-01T00:00:00.000Z' },
    recipients: [{ subject: 'CN=平台', issuer: 'CN=CA', serialNumber: '02', notAfter: '2027-01-01T00:00:00.000Z', role: 'platform' }],
    uploads: [],
    ...over,
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bs-hist-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bid generation history', () => {
  it('appends, lists newest first with filters, gets and updates records', async () => {
    expect(await listRecords(dir)).toEqual([]);
    const a = await appendRecord(dir, rec({ createdAt: '2026-01-01T00:00:00.000Z' }));
    const b = await appendRecord(dir, rec({ createdAt: '2026-02-01T00:00:00.000Z', platformId: 'other', tender: { projectId: 'ZB-2' } }));
    expect(a.id).toMatch(/^[0-9a-f]{32}$/);
    expect((await listRecords(dir)).map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await listRecords(dir, { platformId: 'other' })).map((r) => r.id)).toEqual([b.id]);
    expect((await listRecords(dir, { projectId: 'ZB-2026-001' })).map((r) => r.id)).toEqual([a.id]);
    expect(await listRecords(dir, { bidderUscc: 'nobody' })).toEqual([]);
    expect((await getRecord(dir, a.id)).tender.title).toBe('某道路工程');
    const u = await updateRecord(dir, a.id, (r) => ({ ...r, uploads: [...r.uploads, { at: '2026-01-02T00:00:00Z', platformId: 'beijing-ggzy', status: 'uploaded', receipt: { no: 7 } }] }));
    expect(u.uploads[0].receipt).toEqual({ no: 7 });
    const p = await updateRecord(dir, a.id, { platformId: 'x-y', id: 'f'.repeat(32) });
    expect(p.id).toBe(a.id);
    expect((await getRecord(dir, a.id)).platformId).toBe('x-y');
  });

  it('serializes concurrent changes within the process (none lost)', async () => {
    const first = await appendRecord(dir, rec());
    await Promise.all([
      ...Array.from({ length: 20 }, () => appendRecord(dir, rec())),
      ...Array.from({ length: 10 }, (_, i) => updateRecord(dir, first.id, (r) => ({ ...r, uploads: [...r.uploads, { at: `2026-01-0${(i % 9) + 1}T00:00:00Z`, platformId: 'p' + i, status: 'queued' as const }] }))),
    ]);
    expect(await listRecords(dir)).toHaveLength(21);
    expect((await getRecord(dir, first.id)).uploads).toHaveLength(10);
  });

  it('rejects invalid records and unknown ids with typed errors, writing nothing', async () => {
    await expect(appendRecord(dir, rec({ packageSm3: 'nothex' }))).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(getRecord(dir, 'f'.repeat(32))).rejects.toMatchObject({ code: 'E_BID_RECORD_NOT_FOUND' });
    const a = await appendRecord(dir, rec());
    await expect(updateRecord(dir, a.id, { cipher: 'des' as never })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    expect((await getRecord(dir, a.id)).cipher).toBe('sm4-cbc');
  });

  it('never overwrites a corrupt or truncated history; says which file', async () => {
    const a = await appendRecord(dir, rec());
    const file = historyPath(dir);
    const good = await readFile(file, 'utf8');
    await writeFile(file, good.slice(0, good.length / 2));
    for (const p of [listRecords(dir), getRecord(dir, a.id), appendRecord(dir, rec()), updateRecord(dir, a.id, {})]) {
      await expect(p).rejects.toMatchObject({ code: 'E_BID_HISTORY_CORRUPT', details: { path: file } });
    }
    expect(await readFile(file, 'utf8')).toBe(good.slice(0, good.length / 2));
    await writeFile(file, JSON.stringify({ format: 'bidseal-bid-history/1', records: [{ id: 1 }] }));
    await expect(listRecords(dir)).rejects.toMatchObject({ code: 'E_BID_HISTORY_CORRUPT' });
    // a stale partial from a crash is ignored
    await writeFile(file, good);
    await writeFile(file + '.partial', '{"format":');
    expect(await listRecords(dir)).toHaveLength(1);
  });
});
