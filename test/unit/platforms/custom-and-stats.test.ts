// User-added platforms (checked certificates, round trip through custom.json, removal rules) and the
// shared-certificate usage statistics: counting per platform and Beijing-time month, CSV with BOM,
// and an XLSX that is a real workbook (a zip whose sheet XML holds the rows).
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { addCustomPlatform, getPlatform, listCustomPlatforms, listPlatforms, removeCustomPlatform } from '../../../electron/services/platforms/directory';
import { exportStatsToPath, exportStatsToStore, monthlyStats, usageXlsx } from '../../../electron/services/platforms/usage-stats';
import { appendRecord } from '../../../electron/services/bid/history';
import { beijingMonth, monthlyUsage, usageCsv } from '../../../shared/platforms/usage';
import { openFileStore } from '../../../electron/services/documents/file-store';
import type { BidRecord } from '../../../shared/bid/history';
import { hasOpenssl } from '../../helpers/vectors';
import { codeOf } from '../../helpers/errors';
import { buildCustomProfile } from '../../../shared/platforms/custom';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'bidseal-plat-'));
let encPem = '';
let signPem = '';

function cert(dir: string, name: string, ku: string, days = 30): string {
  const key = path.join(dir, `${name}.key`);
  execFileSync('openssl', ['genpkey', '-algorithm', 'SM2', '-out', key]);
  const args = ['req', '-x509', '-new', '-key', key, '-sm3', '-sigopt', 'distid:1234567812345678', '-subj', `/CN=${name}`, '-days', String(days), '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', `keyUsage=critical,${ku}`];
  execFileSync('openssl', [...args, '-out', path.join(dir, `${name}.pem`)]);
  return readFileSync(path.join(dir, `${name}.pem`), 'utf8');
}

beforeAll(() => {
  if (!hasOpenssl) return;
  const dir = tmp();
  encPem = cert(dir, 'Demo Platform Enc', 'keyEncipherment,dataEncipherment');
  signPem = cert(dir, 'Demo Platform Sign', 'digitalSignature');
});

describe.skipIf(!hasOpenssl)('platforms of your own', () => {
  it('adds, lists, finds and removes a platform with its encryption certificate (PEM or base64 DER)', async () => {
    const dataDir = tmp();
    const der = execFileSync('openssl', ['x509', '-outform', 'DER'], { input: encPem }).toString('base64');
    const p = await addCustomPlatform(dataDir, { name: { zh: '某市公共资源交易中心（自定义）' }, region: '某市', endpoint: 'https://bids.example.cn/files/', maxBytes: 200 * 1024 * 1024, encryptionCertificates: [der], envelope: { cipher: 'sm4-gcm', recipientId: 'ski' }, businessTypes: ['construction-tendering'] });
    expect(p.id).toMatch(/^user-[0-9a-f]{8}$/);
    expect(p).toMatchObject({ source: 'user', kind: 'other', name: { zh: '某市公共资源交易中心（自定义）', en: '某市公共资源交易中心（自定义）' }, upload: { endpoint: 'https://bids.example.cn/files/', maxBytes: 209715200 } });
    expect(p.envelope).toMatchObject({ cipher: 'sm4-gcm', recipientId: 'ski', includeBidderRecipient: true, custody: { kind: 'single' } });
    expect(p.recipients).toHaveLength(1);
    expect(p.recipients[0]).toMatchObject({ role: 'platform', label: 'Demo Platform Enc' });
    expect(p.recipients[0].certificatePem.replace(/\s/g, '')).toBe(encPem.replace(/\s/g, ''));

    const all = await listPlatforms(dataDir);
    expect(all).toHaveLength(14);
    expect(all.at(-1)).toEqual(p);
    expect(await getPlatform(dataDir, p.id)).toEqual(p);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'platforms/custom.json'), 'utf8')).platforms[0].id).toBe(p.id);

    await expect(addCustomPlatform(dataDir, { name: { zh: '某市公共资源交易中心（自定义）' }, encryptionCertificates: [encPem] })).rejects.toMatchObject({ code: 'E_PLATFORM_CUSTOM_EXISTS' });
    await expect(removeCustomPlatform(dataDir, 'beijing')).rejects.toMatchObject({ code: 'E_PLATFORM_NOT_CUSTOM' });
    expect(await removeCustomPlatform(dataDir, p.id)).toBe(true);
    expect(await removeCustomPlatform(dataDir, p.id)).toBe(false);
    expect(await listCustomPlatforms(dataDir)).toEqual([]);
    await expect(getPlatform(dataDir, p.id)).rejects.toMatchObject({ code: 'E_PLATFORM_UNKNOWN' });
  });

  it('refuses signing, expired and unreadable certificates, and a profile nobody could open', async () => {
    const dataDir = tmp();
    await expect(addCustomPlatform(dataDir, { name: { zh: 'A' }, encryptionCertificates: [signPem] })).rejects.toMatchObject({ code: 'E_CERT_NOT_FOR_ENCRYPTION' });
    expect(codeOf(() => buildCustomProfile({ name: { zh: 'B' }, encryptionCertificates: [encPem] }, 'user-00000000', new Date('2100-01-01')))).toBe('E_CERT_EXPIRED');
    await expect(addCustomPlatform(dataDir, { name: { zh: 'C' }, encryptionCertificates: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'] })).rejects.toMatchObject({ code: 'E_PLATFORM_CUSTOM_INVALID' });
    await expect(addCustomPlatform(dataDir, { name: { zh: 'D' }, envelope: { includeBidderRecipient: false } })).rejects.toMatchObject({ code: 'E_PLATFORM_CUSTOM_INVALID' });
    await expect(addCustomPlatform(dataDir, { name: { zh: 'E' }, endpoint: 'ftp://x.example/' })).rejects.toMatchObject({ code: 'E_PLATFORM_CUSTOM_INVALID' });
    expect(await listCustomPlatforms(dataDir)).toEqual([]);
  });

  it('reports a corrupt custom.json instead of replacing it', async () => {
    const dataDir = tmp();
    await addCustomPlatform(dataDir, { name: { zh: 'X' }, encryptionCertificates: [encPem] });
    writeFileSync(path.join(dataDir, 'platforms/custom.json'), '{ broken');
    await expect(listPlatforms(dataDir)).rejects.toMatchObject({ code: 'E_BAD_ENCODING' });
    await expect(addCustomPlatform(dataDir, { name: { zh: 'Y' }, encryptionCertificates: [encPem] })).rejects.toMatchObject({ code: 'E_BAD_ENCODING' });
    expect(readFileSync(path.join(dataDir, 'platforms/custom.json'), 'utf8')).toBe('{ broken');
  });
});

const H = 'a'.repeat(64);
function rec(id: number, createdAt: string, platformId: string | undefined, uploads: BidRecord['uploads'] = [], serial = '01'): BidRecord {
  return {
    id: id.toString(16).padStart(32, '0'),
    createdAt,
    bidder: { name: '某某建设有限公司', uscc: '91110000MA00000000' },
    tender: { projectId: 'P-1' },
    ...(platformId ? { platformId } : {}),
    sealed: { path: '/x', size: 1, sha256: H, sm3: H },
    packageSm3: H,
    cipher: 'sm4-cbc',
    custody: 'single',
    signer: { subject: 'CN=A', issuer: 'CN=CA', serialNumber: serial, notAfter: '2030-01-01T00:00:00Z' },
    recipients: [],
    uploads,
  };
}
const platforms = [
  { id: 'beijing', name: { zh: '北京市公共资源交易平台', en: 'Beijing' } },
  { id: 'reference', name: { zh: '本地演示平台', en: 'Local reference platform' } },
] as never;

describe('usage statistics', () => {
  const records = [
    rec(1, '2026-10-31T15:59:59Z', 'beijing', [{ at: '2026-10-31T16:30:00Z', platformId: 'beijing', status: 'uploaded' }]), // 10-31 23:59 Beijing; uploaded 11-01 00:30 Beijing
    rec(2, '2026-10-31T16:00:00Z', 'beijing', [
      { at: '2026-11-02T01:00:00Z', platformId: 'beijing', status: 'failed' },
      { at: '2026-11-02T02:00:00Z', platformId: 'beijing', status: 'uploaded' },
    ]),
    rec(3, '2026-11-05T02:00:00Z', 'beijing', [{ at: '2026-11-05T03:00:00Z', platformId: 'beijing', status: 'refused' }], '02'),
    rec(4, '2026-11-06T02:00:00Z', 'reference', [{ at: '2026-11-06T03:00:00Z', platformId: 'reference', status: 'uploaded' }, { at: '2026-11-06T04:00:00Z', platformId: 'reference', status: 'uploaded' }]),
    rec(5, '2026-11-07T02:00:00Z', undefined),
  ];

  it('counts per platform and Beijing-time month: sealed, uploaded once per bid, failures that never succeeded, distinct certificates', () => {
    expect(beijingMonth('2026-10-31T15:59:59Z')).toBe('2026-10');
    expect(beijingMonth('2026-10-31T16:00:00Z')).toBe('2026-11');
    const rows = monthlyUsage(records, platforms);
    expect(rows.map((r) => [r.month, r.platformId, r.sealed, r.uploaded, r.uploadFailed, r.certificates])).toEqual([
      ['2026-11', 'beijing', 2, 2, 1, 2],
      ['2026-11', 'reference', 1, 1, 0, 1],
      ['2026-11', null, 1, 0, 0, 1],
      ['2026-10', 'beijing', 1, 0, 0, 1],
    ]);
    expect(monthlyUsage(records, platforms, { month: '2026-10' })).toHaveLength(1);
    expect(monthlyUsage(records, platforms, { platformId: 'reference' }).map((r) => r.sealed)).toEqual([1]);
  });

  it('writes CSV with a UTF-8 BOM, CRLF, quoted cells and no live formulas', () => {
    const rows = monthlyUsage(records, [{ id: 'beijing', name: { zh: '=HYPERLINK("x"),北京', en: 'B' } }] as never);
    const bytes = usageCsv(rows, 'zh');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.subarray(3));
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('月份,平台标识,平台名称,生成投标文件数,上传成功数,上传失败数,使用证书数');
    expect(lines[1]).toBe('2026-11,beijing,"\'=HYPERLINK(""x""),北京",2,2,1,2');
    expect(lines.at(-2)).toBe('合计,,,5,3,1,');
    expect(lines.at(-1)).toBe('');
  });

  it('exports from the bid history to CSV and XLSX files and into the document store', async () => {
    const dataDir = tmp();
    for (const r of records) await appendRecord(dataDir, r);
    expect((await monthlyStats(dataDir, { month: '2026-11' })).map((r) => r.platformName.zh)).toEqual(['北京市公共资源交易平台', '本地演示平台', '（未指定平台）']);
    const out = tmp();
    await exportStatsToPath(dataDir, path.join(out, 's.csv'), 'csv', { lang: 'en' });
    expect(readFileSync(path.join(out, 's.csv'), 'utf8')).toContain('2026-11,beijing,Beijing Public Resource Trading Platform,2,2,1,2');
    await exportStatsToPath(dataDir, path.join(out, 's.xlsx'), 'xlsx', {});
    const sheet = sheetXml(readFileSync(path.join(out, 's.xlsx')));
    for (const s of ['北京市公共资源交易平台', '本地演示平台', '生成投标文件数', '合计']) expect(sheet).toContain(s);
    expect(readdirSync(out).sort()).toEqual(['s.csv', 's.xlsx']);

    const stored = await exportStatsToStore(dataDir, 'xlsx', { month: '2026-11' });
    expect(stored).toMatchObject({ name: '共享证书使用统计-2026-11.xlsx', origin: 'output', tags: { kind: 'report' }, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(sheetXml(readFileSync(await openFileStore(dataDir).pathOf(stored.id)))).toContain('本地演示平台');
  });

  it('writes an XLSX that unzips to a workbook whose sheet holds every row (numbers as numbers)', async () => {
    const xml = sheetXml(Buffer.from(await usageXlsx(monthlyUsage(records, platforms), 'en')));
    expect(xml.match(/<row /g)).toHaveLength(6); // header, 4 rows, total
    expect(xml).toMatch(/<c r="D2"[^>]*><v>2<\/v><\/c>/);
    expect(xml).toContain('Bids sealed');
  });
});

/** The first worksheet's XML with shared strings inlined (a minimal ZIP reader: local headers + inflate). */
function sheetXml(zip: Buffer): string {
  const files = new Map<string, string>();
  let off = 0;
  expect(zip.readUInt32LE(0)).toBe(0x04034b50);
  while (zip.readUInt32LE(off) === 0x04034b50) {
    const method = zip.readUInt16LE(off + 8);
    const flags = zip.readUInt16LE(off + 6);
    let size = zip.readUInt32LE(off + 18);
    const nameLen = zip.readUInt16LE(off + 26);
    const extra = zip.readUInt16LE(off + 28);
    const name = zip.subarray(off + 30, off + 30 + nameLen).toString();
    const start = off + 30 + nameLen + extra;
    if (flags & 8 && size === 0) {
      // sizes in the central directory; find it by name
      const cd = zip.lastIndexOf(Buffer.from(name), zip.length);
      size = zip.readUInt32LE(cd - 46 + 20);
    }
    const data = zip.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    off = start + size + (flags & 8 ? (zip.readUInt32LE(start + size) === 0x08074b50 ? 16 : 12) : 0);
  }
  expect(files.has('xl/workbook.xml')).toBe(true);
  const sheetName = [...files.keys()].find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))!;
  const shared = [...(files.get('xl/sharedStrings.xml') ?? '').matchAll(/<si>(?:<t[^>]*>([\s\S]*?)<\/t>)<\/si>/g)].map((m) => m[1]);
  return files.get(sheetName)!.replace(/<c r="([A-Z]+\d+)"([^>]*)t="s"([^>]*)><v>(\d+)<\/v><\/c>/g, (_m, r, a, b, i) => `<c r="${r}"${a}${b}><is>${shared[Number(i)]}</is></c>`);
}
