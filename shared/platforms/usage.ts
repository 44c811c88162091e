// Runs anywhere (pure). Usage statistics of the shared certificate for the platforms' reports
// (发改办法规〔2023〕54号, attachment 2): per platform and calendar month, how many bids were sealed
// (generated: signed and encrypted) and how many were uploaded, counted from the bid generation
// history (shared/bid/history.ts). Months are Beijing time (UTC+8), as the platforms report them.
// The CSV is RFC 4180 with CRLF, UTF-8 with a BOM (Excel reads Chinese correctly only with it), and
// cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
import type { BidRecord } from '../bid/history';
import type { PlatformProfile } from './profile';

export interface MonthlyUsageRow {
  /** YYYY-MM, Beijing time */
  month: string;
  /** null for bids sealed without a platform */
  platformId: string | null;
  platformName: { zh: string; en: string };
  /** bids generated (sealed) in the month for this platform */
  sealed: number;
  /** bids uploaded successfully in the month to this platform (a bid counts once per platform and month) */
  uploaded: number;
  /** bids whose upload failed or was refused in the month and that were not uploaded then */
  uploadFailed: number;
  /** distinct signing certificates (issuer + serial) used for the sealed bids */
  certificates: number;
}

export interface UsageFilter {
  /** YYYY-MM */
  month?: string;
  platformId?: string;
}

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
export const isMonth = (s: string): boolean => MONTH_RE.test(s);

/** YYYY-MM of an ISO time in Beijing time (UTC+8); null when the time does not parse. */
export function beijingMonth(iso: string): string | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 7);
}

const NO_PLATFORM = { zh: '（未指定平台）', en: '(no platform)' };

/** Counts per platform and month, sorted by month (newest first) and then by the directory's order. */
export function monthlyUsage(records: readonly BidRecord[], platforms: readonly PlatformProfile[], filter: UsageFilter = {}): MonthlyUsageRow[] {
  type Acc = { sealed: Set<string>; uploaded: Set<string>; failed: Set<string>; certs: Set<string> };
  const acc = new Map<string, Acc>();
  const slot = (month: string, pid: string | null): Acc => {
    const k = `${month}\0${pid ?? ''}`;
    let a = acc.get(k);
    if (!a) acc.set(k, (a = { sealed: new Set(), uploaded: new Set(), failed: new Set(), certs: new Set() }));
    return a;
  };
  const want = (month: string | null, pid: string | null): month is string =>
    month !== null && (!filter.month || filter.month === month) && (!filter.platformId || filter.platformId === pid);
  for (const r of records) {
    const m = beijingMonth(r.createdAt);
    const pid = r.platformId ?? null;
    if (want(m, pid)) {
      const a = slot(m, pid);
      a.sealed.add(r.id);
      a.certs.add(`${r.signer.issuer}\0${r.signer.serialNumber.toUpperCase()}`);
    }
    for (const u of r.uploads ?? []) {
      const um = beijingMonth(u.at);
      if (!want(um, u.platformId)) continue;
      const a = slot(um, u.platformId);
      if (u.status === 'uploaded' || u.status === 'portal') a.uploaded.add(r.id);
      else if (u.status === 'failed' || u.status === 'refused') a.failed.add(r.id);
    }
  }
  const order = new Map(platforms.map((p, i) => [p.id, i] as const));
  const rows: MonthlyUsageRow[] = [...acc.entries()].map(([k, a]) => {
    const [month, pidRaw] = k.split('\0');
    const platformId = pidRaw || null;
    const p = platformId ? platforms.find((x) => x.id === platformId) : undefined;
    return {
      month,
      platformId,
      platformName: p ? { zh: p.name.zh, en: p.name.en } : platformId ? { zh: platformId, en: platformId } : NO_PLATFORM,
      sealed: a.sealed.size,
      uploaded: a.uploaded.size,
      uploadFailed: [...a.failed].filter((id) => !a.uploaded.has(id)).length,
      certificates: a.certs.size,
    };
  });
  const rank = (id: string | null) => (id === null ? Number.MAX_SAFE_INTEGER : (order.get(id) ?? Number.MAX_SAFE_INTEGER - 1));
  return rows.sort((x, y) => (x.month !== y.month ? (x.month < y.month ? 1 : -1) : rank(x.platformId) - rank(y.platformId) || (x.platformId ?? '').localeCompare(y.platformId ?? '')));
}

export interface UsageTotals {
  sealed: number;
  uploaded: number;
  uploadFailed: number;
}
export function usageTotals(rows: readonly MonthlyUsageRow[]): UsageTotals {
  return rows.reduce((t, r) => ({ sealed: t.sealed + r.sealed, uploaded: t.uploaded + r.uploaded, uploadFailed: t.uploadFailed + r.uploadFailed }), { sealed: 0, uploaded: 0, uploadFailed: 0 });
}

export const USAGE_HEADERS = {
  zh: ['月份', '平台标识', '平台名称', '生成投标文件数', '上传成功数', '上传失败数', '使用证书数'],
  en: ['Month', 'Platform id', 'Platform', 'Bids sealed', 'Bids uploaded', 'Uploads failed', 'Certificates used'],
} as const;
export const TOTAL_LABEL = { zh: '合计', en: 'Total' } as const;

/** The table as cells (header, rows, total), shared by the CSV and XLSX writers. */
export function usageTable(rows: readonly MonthlyUsageRow[], lang: 'zh' | 'en'): (string | number)[][] {
  const t = usageTotals(rows);
  return [
    [...USAGE_HEADERS[lang]],
    ...rows.map((r) => [r.month, r.platformId ?? '', r.platformName[lang], r.sealed, r.uploaded, r.uploadFailed, r.certificates]),
    [TOTAL_LABEL[lang], '', '', t.sealed, t.uploaded, t.uploadFailed, ''],
  ];
}

function csvCell(v: string | number): string {
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV bytes: UTF-8 BOM, CRLF line ends. */
export function usageCsv(rows: readonly MonthlyUsageRow[], lang: 'zh' | 'en'): Uint8Array {
  const text = usageTable(rows, lang)
    .map((row) => row.map(csvCell).join(','))
    .join('\r\n');
  return new TextEncoder().encode('\uFEFF' + text + '\r\n');
}
