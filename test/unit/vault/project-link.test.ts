// The vault's links to the bid path (renderer/src/vault/project-link.ts): the generate link of a
// project checklist item, the letter facts taken from a project, filing a PDF under an item, the
// in-memory drafts (never persisted), the upload/receipt summary of a sealed bid's history record.
import { describe, expect, it } from 'vitest';
import { letterDate, letterFieldsOf, linkToItem, parseGenerateLink, ProjectDrafts, uploadState, uploadView } from '../../../renderer/src/vault/project-link';
import { defaultChecklist } from '../../../shared/workspace/project';
import { BidRecord } from '../../../shared/bid/history';

const PID = '0123456789abcdef0123456789abcdef';
const FID = 'fedcba9876543210fedcba9876543210';

describe('parseGenerateLink', () => {
  it('accepts the link ProjectDetail builds', () => {
    expect(parseGenerateLink(new URLSearchParams(`generate=bid-letter&project=${PID}&item=bid-letter`))).toEqual({ template: 'bid-letter', projectId: PID, itemId: 'bid-letter' });
    expect(parseGenerateLink(new URLSearchParams(`generate=authorization&project=${PID}&item=other-m3x1`))).toEqual({ template: 'authorization', projectId: PID, itemId: 'other-m3x1' });
  });
  it('refuses anything else', () => {
    for (const q of ['', `project=${PID}&item=x`, `generate=price-list&project=${PID}&item=x`, 'generate=bid-letter&project=../etc&item=x', `generate=bid-letter&project=${PID}`, `generate=bid-letter&project=${PID}&item=A/B`]) {
      expect(parseGenerateLink(new URLSearchParams(q)), q).toBeNull();
    }
  });
});

describe('letter facts from a project', () => {
  it('takes tenderer, title, tender number and every lot', () => {
    expect(letterFieldsOf({ title: '某某中学改扩建工程', tenderNo: 'ZB-2026-001', tenderer: '某某市教育局', lots: [{ id: 'lot-1', name: '第一标段' }, { id: 'lot-2', name: '第二标段' }] })).toEqual({
      tenderee: '某某市教育局',
      projectName: '某某中学改扩建工程',
      tenderNo: 'ZB-2026-001',
      lot: '第一标段、第二标段',
    });
  });
  it('dates the letter today, never after the deadline', () => {
    const now = new Date(2026, 10, 24, 10, 0);
    expect(letterDate(new Date(2026, 11, 1, 9, 30).toISOString(), now)).toBe('2026-11-24');
    expect(letterDate(new Date(2026, 10, 20, 9, 30).toISOString(), now)).toBe('2026-11-20');
    expect(letterDate('not a date', now)).toBe('2026-11-24');
  });
});

describe('linkToItem', () => {
  it('adds the file to that item once and leaves the others alone', () => {
    const p = { id: PID, checklist: defaultChecklist() };
    const once = linkToItem(p, 'bid-letter', FID);
    expect(once.checklist.find((i) => i.id === 'bid-letter')!.fileIds).toEqual([FID]);
    expect(once.checklist.filter((i) => i.id !== 'bid-letter').every((i) => i.fileIds.length === 0)).toBe(true);
    expect(linkToItem(once, 'bid-letter', FID).checklist.find((i) => i.id === 'bid-letter')!.fileIds).toEqual([FID]);
    expect(p.checklist[0]!.fileIds).toEqual([]); // the input is not changed
    expect(once.id).toBe(PID);
  });
  it('throws when the item is gone', () => {
    expect(() => linkToItem({ checklist: [] }, 'bid-letter', FID)).toThrow(/not found/);
  });
});

describe('ProjectDrafts', () => {
  it('keeps values per project and template, copies them, forgets all on clear', () => {
    const d = new ProjectDrafts();
    const v = { price: '12345678.90' };
    d.set(PID, 'bid-letter', v);
    v.price = '1';
    expect(d.get(PID, 'bid-letter')).toEqual({ price: '12345678.90' });
    expect(d.get(PID, 'authorization')).toBeUndefined();
    d.clear();
    expect(d.get(PID, 'bid-letter')).toBeUndefined();
  });
});

describe('uploads of a history record', () => {
  const base = BidRecord.parse({
    id: PID,
    createdAt: '2026-11-24T10:00:00.000Z',
    bidder: { name: '北京示例建设集团有限公司', uscc: '91110108MA01KX6Q98' },
    tender: { projectId: 'ZB-1' },
    sealed: { path: '/x.p7m', size: 1, sha256: 'a'.repeat(64), sm3: 'b'.repeat(64) },
    packageSm3: 'c'.repeat(64),
    cipher: 'sm4-gcm',
    custody: 'single',
    signer: { subject: 'CN=a', issuer: 'CN=b', serialNumber: '01', notAfter: '2027-01-01T00:00:00Z' },
    recipients: [],
  });
  const receipt = { outboxId: 'o1', uploadId: 'u1', platformId: 'reference', fileName: 'x.p7m', receivedAt: '2026-11-24T10:05:00Z', size: 1, sha256: 'a'.repeat(64), sm3: 'b'.repeat(64), duplicate: false, verified: true, signer: 'CN=platform', fileId: FID };
  it('reads the receipt the upload service keeps', () => {
    expect(uploadView({ at: 't', platformId: 'reference', status: 'uploaded', receipt })).toEqual({ at: 't', platformId: 'reference', status: 'uploaded', receipt: { receivedAt: receipt.receivedAt, verified: true, signer: 'CN=platform', uploadId: 'u1', fileId: FID } });
    expect(uploadView({ at: 't', platformId: 'reference', status: 'failed', receipt: { outboxId: 'o1', error: { code: 'E_UPLOAD_NETWORK', message: 'down' } } })).toEqual({ at: 't', platformId: 'reference', status: 'failed', error: { code: 'E_UPLOAD_NETWORK', message: 'down' } });
    expect(uploadView({ at: 't', platformId: 'reference', status: 'queued', receipt: { outboxId: 'o1' } }).receipt).toBeUndefined();
    expect(uploadView({ at: 't', platformId: 'reference', status: 'queued', receipt: 'junk' }).receipt).toBeUndefined();
  });
  it('names the furthest state', () => {
    const up = (status: 'queued' | 'uploaded' | 'failed', r?: unknown) => ({ at: 't', platformId: 'reference', status, receipt: r });
    expect(uploadState(base)).toBe('none');
    expect(uploadState({ uploads: [up('failed')] })).toBe('failed');
    expect(uploadState({ uploads: [up('failed'), up('queued', { outboxId: 'o' })] })).toBe('pending');
    expect(uploadState({ uploads: [up('queued'), up('uploaded')] })).toBe('uploaded');
    expect(uploadState({ uploads: [up('uploaded'), up('uploaded', receipt)] })).toBe('receipted');
  });
});
