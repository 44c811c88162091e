// Bid projects through the IPC contract: create with the default checklist, link documents, the lot
// status derived from facts, bidders kept apart, concurrent edits refused, diagnostics without secrets.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { testHost } from '../../helpers/ipc';
import { openFileStore } from '../../../electron/services/documents/file-store';
import { appendRecord } from '../../../electron/services/bid/history';
import { lotStatus, defaultChecklist } from '../../../shared/workspace/project';

const BIDDER_A = { id: 'bidder-a', name: '福建某某建设有限公司', uscc: '91350100M000100Y43' };
const BIDDER_B = { id: 'bidder-b', name: '浙江某某工程有限公司', uscc: '91330000MA27U0FX1P' };
const newProject = (bidder = BIDDER_A) => ({
  bidder,
  title: '某市政道路改造工程施工',
  tenderNo: 'ZB-2026-0042',
  tenderer: '某市住房和城乡建设局',
  platformId: 'reference',
  lots: [{ id: 'lot-1', name: '第一标段' }],
  deadline: '2030-12-01T09:30:00+08:00',
  openingTime: '2030-12-01T09:30:00+08:00',
});

describe('bid projects', () => {
  it('creates a project with the standard checklist and keeps bidders apart', async () => {
    const h = testHost();
    const a = await h.ok('projects.create', newProject());
    await h.ok('projects.create', newProject(BIDDER_B));
    expect(a.checklist.map((i) => i.kind)).toEqual(['bid-letter', 'authorization', 'commercial', 'technical', 'qualification', 'price-list']);
    expect((await h.ok('projects.list', { bidderId: 'bidder-a' })).projects.map((p) => p.id)).toEqual([a.id]);
    expect((await h.ok('projects.list', {})).projects).toHaveLength(2);
    expect(await h.call('projects.create', { ...newProject(), openingTime: '2030-11-30T09:30:00+08:00' })).toMatchObject({ ok: false, error: { code: 'E_INVALID_ARGUMENT' } });
  });

  it('refuses a save based on a stale copy and a move to another bidder', async () => {
    const h = testHost();
    const p = await h.ok('projects.create', newProject());
    const saved = await h.ok('projects.update', { ...p, title: '改名' });
    expect(saved.updatedAt > p.updatedAt).toBe(true);
    expect(await h.call('projects.update', { ...p, title: '旧副本' })).toMatchObject({ ok: false, error: { code: 'E_PROJECT_CHANGED' } });
    expect(await h.call('projects.update', { ...saved, bidder: BIDDER_B })).toMatchObject({ ok: false, error: { code: 'E_INVALID_ARGUMENT' } });
    expect(await h.ok('projects.remove', { id: p.id })).toEqual({ removed: true });
    expect(await h.call('projects.get', { id: p.id })).toMatchObject({ ok: false, error: { code: 'E_PROJECT_NOT_FOUND' } });
  });

  it('derives each lot status from documents, signing outputs, the history and receipts', async () => {
    const h = testHost();
    const store = openFileStore(h.dataDir);
    let p = await h.ok('projects.create', newProject());
    const put = async (name: string, extra: { derivedFrom?: string; kind?: string } = {}) => {
      const o = await store.output({ name, tags: { bidder: BIDDER_A.uscc, project: p.id, ...(extra.kind ? { kind: extra.kind } : {}) }, ...(extra.derivedFrom ? { derivedFrom: extra.derivedFrom } : {}) });
      writeFileSync(o.tempPath, `%PDF-1.7 ${name}`);
      return o.commit();
    };
    let s = await h.ok('projects.status', { id: p.id });
    expect(s.lots[0]).toMatchObject({ status: 'draft', missing: defaultChecklist().map((i) => i.id) });
    const originals = await Promise.all(p.checklist.map((i) => put(`${i.id}.pdf`)));
    p = await h.ok('projects.update', { ...p, checklist: p.checklist.map((i, k) => ({ ...i, fileIds: [originals[k]!.id] })) });
    s = await h.ok('projects.status', { id: p.id });
    expect(s.lots[0]).toMatchObject({ status: 'ready', missing: [] });
    expect(s.lots[0]!.unsigned).toHaveLength(6);
    // signing derives new documents from the linked originals: the checklist follows them
    const signed = await Promise.all(originals.map((f) => put(`${f.name}-signed.pdf`, { derivedFrom: f.id, kind: 'signed-pdf' })));
    s = await h.ok('projects.status', { id: p.id });
    expect(s.lots[0]!.status).toBe('signed');
    expect(s.items[0]!.files[0]).toMatchObject({ linkedId: originals[0]!.id, current: { id: signed[0]!.id }, signed: true });
    const cert = { subject: 'CN=x', issuer: 'CN=ca', serialNumber: '01', notAfter: '2031-01-01T00:00:00.000Z' };
    const rec = await appendRecord(h.dataDir, {
      bidder: { name: BIDDER_A.name, uscc: BIDDER_A.uscc },
      tender: { projectId: p.id, lot: 'lot-1' },
      sealed: { path: '/x.p7m', size: 1, sha256: 'a'.repeat(64), sm3: 'b'.repeat(64) },
      packageSm3: 'c'.repeat(64),
      cipher: 'sm4-cbc',
      custody: 'single',
      signer: cert,
      recipients: [cert],
    });
    expect((await h.ok('projects.status', { id: p.id })).lots[0]!.status).toBe('sealed');
    expect(lotStatus({ itemFiles: [], records: [{ uploads: [{ status: 'uploaded' }] }] })).toBe('uploaded');
    expect(lotStatus({ itemFiles: [], records: [{ uploads: [{ status: 'uploaded', receipt: { ok: true } }] }] })).toBe('receipted');
    expect(rec.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('writes a diagnostic bundle with versions and recent error codes, never arguments', async () => {
    const h = testHost();
    await h.call('projects.get', { id: 'f'.repeat(32) });
    const f = await h.ok('diagnostics.create', { settings: { language: 'zh-CN' }, description: '开标时无法解密' });
    const store = openFileStore(h.dataDir);
    const bundle = JSON.parse(readFileSync(await store.pathOf(f.id), 'utf8'));
    expect(bundle).toMatchObject({ format: 'bidseal-diagnostics/1', settings: { language: 'zh-CN' }, app: { name: 'BidSeal' } });
    expect(f.tags.kind).toBe('report');
    expect(bundle.recentErrors).toEqual([expect.objectContaining({ op: 'projects.get', code: 'E_PROJECT_NOT_FOUND' })]);
    expect(JSON.stringify(bundle)).not.toContain('f'.repeat(32));
  });

  it('says LibreOffice is missing (or converts) when asked to turn a Word file into a PDF', async () => {
    const h = testHost();
    const store = openFileStore(h.dataDir);
    const o = await store.output({ name: '技术标.docx' });
    writeFileSync(o.tempPath, 'not really a docx');
    const f = await o.commit();
    const r = await h.call('documents.convert', { fileId: f.id });
    expect(r.ok ? 'converted' : r.error.code).toMatch(/^(converted|E_LIBREOFFICE_MISSING|E_CONVERSION_FAILED)$/);
  });
});
