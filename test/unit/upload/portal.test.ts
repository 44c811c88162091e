// Hand-in through a platform's web portal (electron/services/upload/portal.ts, shared/platforms/portal.ts):
// the expected file name (Chinese kept, characters Windows/Linux refuse replaced), the size-limit refusal
// with its numbers, the copy written under a temp name and checked against the bid record's SHA-256 (node
// crypto), receipts sniffed by content (a truncated PNG, a PDF without %%EOF and a renamed text file are
// refused and leave nothing in the library), and the hand-in recorded in the history beside the sealed hashes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { checkPortalReceipt, checkPortalSize, portalFileName, portalRequirements } from '../../../shared/platforms/portal';
import { PlatformProfile } from '../../../shared/platforms/profile';
import { attachPortalReceipt, listPortalHandIns, portalPlan, preparePortalCopy } from '../../../electron/services/upload/portal';
import { appendRecord, getRecord } from '../../../electron/services/bid/history';
import { openFileStore } from '../../../electron/services/documents/file-store';
import { digestFile } from '../../../electron/services/upload/file-digest';
import { setDirectoryDefaultsForTests } from '../../../electron/services/platforms/directory';
import { PORTAL_DEMO_ID, portalDemoPlatform, writeTestDirectory } from '../../helpers/e2e-directory';
import { crc32 } from '../../../shared/bid/zip';
import { codeOf } from '../../helpers/errors';

/** A real 2×2 RGB PNG (zlib from node, CRCs from the ZIP module). */
export function tinyPng(): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
  const raw = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bidseal-portal-'));
const out = mkdtempSync(path.join(os.tmpdir(), 'bidseal-portal-out-'));
const sealedBytes = randomBytes(300_000);
let recordId = '';
let fileId = '';

beforeAll(async () => {
  // a small limit on a second platform to see the refusal without a large file
  setDirectoryDefaultsForTests(writeTestDirectory([portalDemoPlatform(), { ...portalDemoPlatform({ maxBytes: 100_000, fileNamePattern: null, formats: null, portal: null }), id: 'portal-small' }]));
  const src = path.join(out, 'bid.p7m');
  writeFileSync(src, sealedBytes);
  const f = await openFileStore(dataDir).importPath(src, { name: 'bid.p7m', tags: { kind: 'sealed-bid' } });
  fileId = f.id;
  const d = await digestFile(src);
  const rec = await appendRecord(dataDir, {
    bidder: { name: '北京示例建设集团有限公司', uscc: '91110108MA01KX6Q98' },
    tender: { projectId: '京建招〔2026〕第7号', lot: '第一标段/A:区' },
    platformId: PORTAL_DEMO_ID,
    sealed: { fileId, path: src, size: d.size, sha256: d.sha256, sm3: d.sm3 },
    packageSm3: 'a'.repeat(64),
    cipher: 'sm4-cbc',
    custody: 'single',
    signer: { subject: 'CN=张三', issuer: 'CN=CA', serialNumber: '01', notAfter: '2027-01-01T00:00:00Z' },
    recipients: [],
  });
  recordId = rec.id;
});
afterAll(() => setDirectoryDefaultsForTests({}));

describe('portal requirements and file names', () => {
  it('marks what the directory does not publish as null (待确认) and never offers a user platform\'s address', () => {
    const shippedLike = PlatformProfile.parse({ ...portalDemoPlatform({ portal: null, fileNamePattern: null, maxBytes: null, formats: null }) });
    expect(portalRequirements(shippedLike)).toEqual({ platformId: PORTAL_DEMO_ID, portalOnly: true, portal: null, fileNamePattern: null, maxBytes: null, formats: null });
    const user = PlatformProfile.parse({ ...portalDemoPlatform(), source: 'user' });
    expect(portalRequirements(user).portal).toBeNull();
    expect(() => PlatformProfile.parse(portalDemoPlatform({ portal: 'http://portal.example/' }))).toThrow();
  });

  it('fills the pattern, keeps Chinese and replaces what Windows or Linux refuse', () => {
    const f = { uscc: '91110108MA01KX6Q98', bidder: '北京示例建设集团有限公司', project: '京建招〔2026〕第7号', lot: '第一标段/A:区', ext: 'p7m' };
    expect(portalFileName('{uscc}_{project}_{lot}.{ext}', f)).toBe('91110108MA01KX6Q98_京建招〔2026〕第7号_第一标段_A_区.p7m');
    expect(portalFileName(null, f)).toBe('北京示例建设集团有限公司_京建招〔2026〕第7号_第一标段_A_区.p7m');
    // no lot: no dangling separator; a pattern with its own extension keeps it
    expect(portalFileName('{uscc}_{project}_{lot}.{ext}', { ...f, lot: undefined })).toBe('91110108MA01KX6Q98_京建招〔2026〕第7号.p7m');
    expect(portalFileName('{project}.bid', f)).toBe('京建招〔2026〕第7号.bid');
    expect(portalFileName('{project}', { ...f, project: 'con' })).toBe('_con.p7m');
    expect(portalFileName(null, { ...f, bidder: 'a*b?"<>|\u0001' })).toBe('a_b_京建招〔2026〕第7号_第一标段_A_区.p7m'); // * ? " < > | and a control character replaced, runs of _ folded
  });

  it('refuses a file above the limit with both numbers', () => {
    expect(() => checkPortalSize(100, 100, 'x')).not.toThrow();
    expect(() => checkPortalSize(5, null, 'x')).not.toThrow();
    try {
      checkPortalSize(101, 100, 'x');
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string; details: unknown }).code).toBe('E_PORTAL_TOO_LARGE');
      expect((e as { details: unknown }).details).toMatchObject({ size: 101, maxBytes: 100 });
    }
  });
});

describe('receipts by content', () => {
  const pdf = readFileSync(path.resolve(import.meta.dirname, '../../../docs/formats/README.md')); // any text: not a receipt
  it('accepts PNG, JPEG and PDF and refuses damaged or foreign files', () => {
    expect(checkPortalReceipt(tinyPng())).toBe('png');
    const png = tinyPng();
    expect(codeOf(() => checkPortalReceipt(png.subarray(0, png.length - 5)))).toBe('E_PORTAL_RECEIPT_INVALID');
    const flipped = Uint8Array.from(png);
    flipped[40] ^= 1;
    expect(codeOf(() => checkPortalReceipt(flipped))).toBe('E_PORTAL_RECEIPT_INVALID');
    expect(codeOf(() => checkPortalReceipt(pdf))).toBe('E_PORTAL_RECEIPT_INVALID');
    expect(codeOf(() => checkPortalReceipt(new Uint8Array(0)))).toBe('E_PORTAL_RECEIPT_INVALID');
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0, 2, 0, 2, 1, 1, 0x11, 0, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0x12, 0x34, 0xff, 0xd9]);
    expect(checkPortalReceipt(jpeg)).toBe('jpeg');
    expect(codeOf(() => checkPortalReceipt(jpeg.subarray(0, jpeg.length - 2)))).toBe('E_PORTAL_RECEIPT_INVALID');
    expect(checkPortalReceipt(Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\nstartxref\n9\n%%EOF\n'))).toBe('pdf');
    expect(codeOf(() => checkPortalReceipt(Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\n')))).toBe('E_PORTAL_RECEIPT_INVALID');
  });
});

describe('preparing the hand-in copy and attaching the receipt', () => {
  it('plans from the directory and the record', async () => {
    const p = await portalPlan(dataDir, PORTAL_DEMO_ID, { fileId });
    expect(p.fileName).toBe('91110108MA01KX6Q98_京建招〔2026〕第7号_第一标段_A_区.p7m');
    expect(p).toMatchObject({ recordId, sizeOk: true, formatOk: true, requirements: { portal: 'https://portal.bidseal-e2e.test/tender/', maxBytes: 50 * 1024 * 1024 } });
    const small = await portalPlan(dataDir, 'portal-small', { recordId });
    expect(small).toMatchObject({ sizeOk: false, formatOk: null, requirements: { portal: null, fileNamePattern: null } });
  });

  it('writes the copy under the expected name, byte-identical, and leaves no partial', async () => {
    const r = await preparePortalCopy(dataDir, PORTAL_DEMO_ID, { recordId }, out);
    expect(path.basename(r.path)).toBe(r.name);
    expect(createHash('sha256').update(readFileSync(r.path)).digest('hex')).toBe(createHash('sha256').update(sealedBytes).digest('hex'));
    expect(readdirSync(out).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('refuses above the size limit and writes nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bidseal-portal-none-'));
    await expect(preparePortalCopy(dataDir, 'portal-small', { recordId }, dir)).rejects.toMatchObject({ code: 'E_PORTAL_TOO_LARGE', details: { size: 300_000, maxBytes: 100_000 } });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses when the stored sealed bid no longer matches its record', async () => {
    const store = openFileStore(dataDir);
    const p = await store.pathOf(fileId);
    const keep = readFileSync(p);
    writeFileSync(p, Buffer.concat([keep.subarray(0, 1000), Buffer.from([keep[1000]! ^ 1]), keep.subarray(1001)]));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bidseal-portal-bad-'));
    try {
      await expect(preparePortalCopy(dataDir, PORTAL_DEMO_ID, { recordId }, dir)).rejects.toMatchObject({ code: 'E_PORTAL_COPY_MISMATCH' });
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      writeFileSync(p, keep);
    }
  });

  it('refuses a corrupt receipt and removes it from the library', async () => {
    const store = openFileStore(dataDir);
    const bad = path.join(out, '回执.png');
    writeFileSync(bad, tinyPng().subarray(0, 40));
    const f = await store.importPath(bad);
    await expect(attachPortalReceipt(dataDir, { platformId: PORTAL_DEMO_ID, ref: { recordId }, receiptFileId: f.id })).rejects.toMatchObject({ code: 'E_PORTAL_RECEIPT_INVALID' });
    expect(existsSync(await store.pathOf(f.id).catch(() => '/nonexistent'))).toBe(false);
    expect((await getRecord(dataDir, recordId)).uploads).toEqual([]);
  });

  it('records a PNG receipt beside the sealed hashes and lists it', async () => {
    const store = openFileStore(dataDir);
    const good = path.join(out, '平台回执.png');
    writeFileSync(good, tinyPng());
    const f = await store.importPath(good);
    const h = await attachPortalReceipt(dataDir, { platformId: PORTAL_DEMO_ID, ref: { fileId }, receiptFileId: f.id, now: new Date('2026-12-04T10:00:00Z') });
    const rec = await getRecord(dataDir, recordId);
    expect(h.receipt).toMatchObject({ kind: 'portal', mediaType: 'image/png', sha256: createHash('sha256').update(tinyPng()).digest('hex'), sealed: { sha256: rec.sealed.sha256, sm3: rec.sealed.sm3 } });
    expect(rec.uploads).toMatchObject([{ status: 'portal', platformId: PORTAL_DEMO_ID, at: '2026-12-04T10:00:00.000Z' }]);
    expect((await store.get(f.id)).tags).toMatchObject({ kind: 'portal-receipt', bidder: '91110108MA01KX6Q98' });
    expect((await listPortalHandIns(dataDir)).map((x) => x.receipt.fileId)).toEqual([f.id]);
  });
});

describe('bidseal portal (in process)', () => {
  const run = async (args: string[], lang: 'zh' | 'en' = 'en') => {
    const { main } = await import('../../../electron/cli/main');
    let out = '';
    let err = '';
    const sink = (f: (s: string) => void) => ({ write: (c: string | Uint8Array) => (f(typeof c === 'string' ? c : Buffer.from(c).toString('utf8')), true) }) as unknown as NodeJS.WritableStream;
    const code = await main(args, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), lang });
    return { code, out, err };
  };

  it('prepare writes the checked copy, refuses above the limit (exit 1, E_PORTAL_TOO_LARGE), open prints the portal', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bidseal-portal-cli-'));
    const bid = path.join(out, 'bid.p7m');
    const ok = await run(['portal', 'prepare', bid, '--platform', PORTAL_DEMO_ID, '-o', dir, '--data-dir', dataDir, '--json']);
    expect(ok.code, ok.err).toBe(0);
    const j = JSON.parse(ok.out) as { path: string; sha256: string };
    expect(path.basename(j.path)).toBe('91110108MA01KX6Q98_京建招〔2026〕第7号_第一标段_A_区.p7m');
    expect(createHash('sha256').update(readFileSync(j.path)).digest('hex')).toBe(j.sha256);
    const big = await run(['portal', 'prepare', bid, '--platform', 'portal-small', '-o', dir, '--data-dir', dataDir], 'zh');
    expect(big.code).toBe(1);
    expect(big.err).toContain('E_PORTAL_TOO_LARGE');
    const open = await run(['portal', 'open', '--platform', PORTAL_DEMO_ID, '--no-open', '--data-dir', dataDir]);
    expect(open.out.trim()).toBe('https://portal.bidseal-e2e.test/tender/');
    expect((await run(['portal', 'open', '--platform', 'portal-small', '--data-dir', dataDir])).err).toContain('E_PORTAL_NO_URL');
  });

  it('attach-receipt records a receipt and refuses a file that is not one', async () => {
    const bid = path.join(out, 'bid.p7m');
    const txt = path.join(out, 'receipt.png');
    writeFileSync(txt, 'not an image');
    const bad = await run(['portal', 'attach-receipt', bid, txt, '--platform', PORTAL_DEMO_ID, '--data-dir', dataDir]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('E_PORTAL_RECEIPT_INVALID');
    const png = path.join(out, 'cli-receipt.png');
    writeFileSync(png, tinyPng());
    const good = await run(['portal', 'attach-receipt', bid, png, '--platform', PORTAL_DEMO_ID, '--data-dir', dataDir], 'zh');
    expect(good.code, good.err).toBe(0);
    expect(good.out).toContain('已记录：通过平台网页递交');
    expect((await getRecord(dataDir, recordId)).uploads.filter((u) => u.status === 'portal')).toHaveLength(2);
  });
});

describe('a portal hand-in in the project view', () => {
  it('counts as delivered (uploaded), never as a verified receipt', async () => {
    const { lotStatus } = await import('../../../shared/workspace/project');
    const portal = { at: '2026-12-04T10:00:00Z', platformId: PORTAL_DEMO_ID, status: 'portal', receipt: { kind: 'portal' } };
    expect(lotStatus({ records: [{ uploads: [portal] }], itemFiles: [] } as never)).toBe('uploaded');
  });
});

describe('IPC upload.portal* (the renderer names a platform and a bid, never a folder or URL)', () => {
  it('Electron-like host: the folder comes from its dialog, the portal opens through its shell; the Node host gets a download link', async () => {
    const { testHost } = await import('../../helpers/ipc');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bidseal-portal-ipc-'));
    const opened: string[] = [];
    const asked: string[] = [];
    const shown: string[] = [];
    const electron = testHost({
      dataDir,
      dialogs: { saveAs: async () => null, showInFolder: (p) => void shown.push(p), chooseFolder: async ({ title }) => (asked.push(title), dir) },
      openExternal: async (u) => void opened.push(u),
    });
    const r = await electron.ok('upload.portalPrepare', { platformId: PORTAL_DEMO_ID, fileId });
    expect(r).toMatchObject({ kind: 'saved', name: '91110108MA01KX6Q98_京建招〔2026〕第7号_第一标段_A_区.p7m' });
    expect(r.kind === 'saved' && r.path && path.dirname(r.path)).toBe(dir);
    expect(shown).toHaveLength(1);
    // refused before any dialog when the bid is above the limit
    expect(await electron.call('upload.portalPrepare', { platformId: 'portal-small', recordId })).toMatchObject({ ok: false, error: { code: 'E_PORTAL_TOO_LARGE' } });
    expect(asked).toHaveLength(1);
    expect(await electron.ok('upload.portalOpen', { platformId: PORTAL_DEMO_ID })).toEqual({ opened: true, url: 'https://portal.bidseal-e2e.test/tender/' });
    expect(opened).toEqual(['https://portal.bidseal-e2e.test/tender/']);
    expect(await electron.call('upload.portalOpen', { platformId: 'portal-small' })).toMatchObject({ ok: false, error: { code: 'E_PORTAL_NO_URL' } });
    expect(await electron.call('upload.portalOpen', { platformId: PORTAL_DEMO_ID, url: 'https://evil.example/' } as never)).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });

    const node = testHost({ dataDir });
    const d = await node.ok('upload.portalPrepare', { platformId: PORTAL_DEMO_ID, recordId });
    expect(d).toMatchObject({ kind: 'download', url: `/download/${fileId}?name=${encodeURIComponent('91110108MA01KX6Q98_京建招〔2026〕第7号_第一标段_A_区.p7m')}` });
    expect(await node.ok('upload.portalOpen', { platformId: PORTAL_DEMO_ID })).toEqual({ opened: false, url: 'https://portal.bidseal-e2e.test/tender/' });
    expect((await node.ok('upload.portalList', {})).items.length).toBeGreaterThan(0);
  });
});
