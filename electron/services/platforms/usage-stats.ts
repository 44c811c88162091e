// Runs in Node (Electron main, the Node host, the CLI). The shared-certificate usage statistics a
// participating platform reports (notice attachment 2), counted from the bid generation history
// (bid-history.ts) against the platform directory (names, order), and written as CSV (UTF-8 with BOM)
// or XLSX (write-excel-file) into the document store or to a path — atomically either way.
import { writeFileSync } from 'node:fs';
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { monthlyUsage, usageCsv, usageTable, type MonthlyUsageRow, type UsageFilter } from '../../../shared/platforms/usage';
import type { PlatformProfile } from '../../../shared/platforms/profile';
import { listRecords } from '../bid/history';
import { listPlatforms } from './directory';
import { writeFileAtomic } from '../fs/atomic-write';
import { openFileStore, type StoredFile } from '../documents/file-store';

export type StatsFormat = 'csv' | 'xlsx';
export type StatsLang = 'zh' | 'en';

/** Rows per platform and month (filter by month YYYY-MM and/or platform). */
export async function monthlyStats(dataDir: string, filter: UsageFilter = {}): Promise<MonthlyUsageRow[]> {
  const [records, platforms] = await Promise.all([
    listRecords(dataDir).catch((e: unknown) => {
      throw isBidSealError(e) && e.code !== 'E_INTERNAL' ? e : new BidSealError('E_STATS_SOURCE', e instanceof Error ? e.message : String(e));
    }),
    listPlatforms(dataDir).catch((): PlatformProfile[] => []), // names only: a broken directory must not block the report
  ]);
  return monthlyUsage(records, platforms, filter);
}

/** The XLSX bytes: one sheet, bold header, numbers as numbers, widths that fit Chinese names. */
export async function usageXlsx(rows: readonly MonthlyUsageRow[], lang: StatsLang): Promise<Uint8Array> {
  const table = usageTable(rows, lang);
  const data: SheetData = table.map((row, i) =>
    row.map((v) => (i === 0 || i === table.length - 1 ? { value: v, fontWeight: 'bold' as const } : typeof v === 'number' ? { value: v, type: Number } : { value: v, type: String })),
  );
  const buf = await writeXlsxFile(data, { sheet: lang === 'zh' ? '共享证书使用统计' : 'Shared certificate usage', columns: [{ width: 10 }, { width: 18 }, { width: 40 }, { width: 16 }, { width: 14 }, { width: 14 }, { width: 14 }], stickyRowsCount: 1 }).toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

export async function renderStats(rows: readonly MonthlyUsageRow[], format: StatsFormat, lang: StatsLang): Promise<Uint8Array> {
  return format === 'csv' ? usageCsv(rows, lang) : usageXlsx(rows, lang);
}

/** Default file name, e.g. 共享证书使用统计-2026-11.xlsx / shared-certificate-usage-all.csv. */
export function statsFileName(format: StatsFormat, lang: StatsLang, month?: string): string {
  return `${lang === 'zh' ? '共享证书使用统计' : 'shared-certificate-usage'}-${month ?? (lang === 'zh' ? '全部' : 'all')}.${format}`;
}

/** Writes the statistics to a path (CLI). */
export async function exportStatsToPath(dataDir: string, file: string, format: StatsFormat, opts: UsageFilter & { lang?: StatsLang } = {}): Promise<{ rows: number }> {
  const rows = await monthlyStats(dataDir, opts);
  await writeFileAtomic(file, await renderStats(rows, format, opts.lang ?? 'zh'));
  return { rows: rows.length };
}

/** Writes the statistics into the document store (kind 'report'); returns the stored file. */
export async function exportStatsToStore(dataDir: string, format: StatsFormat, opts: UsageFilter & { lang?: StatsLang } = {}): Promise<StoredFile> {
  const lang = opts.lang ?? 'zh';
  const rows = await monthlyStats(dataDir, opts);
  const bytes = await renderStats(rows, format, lang);
  const out = await openFileStore(dataDir).output({ name: statsFileName(format, lang, opts.month), tags: { kind: 'report' } });
  try {
    writeFileSync(out.tempPath, bytes, { mode: 0o600 });
    return await out.commit();
  } catch (e) {
    await out.abort();
    throw e;
  }
}
