// Runs in the renderer. Small helpers of the vault section: error text for thrown errors, file
// download from bytes, dates between antd's dayjs and the model's YYYY-MM-DD strings.
import dayjs, { type Dayjs } from 'dayjs';
import { describeError, isBidSealError, isErrorCode } from '../../../../shared/errors';
import { errorLang } from '../../../i18n';
import { IpcFailure } from '../../files/store';

export function errorText(e: unknown, language: string): string {
  const lang = errorLang(language);
  if (isBidSealError(e)) return describeError(e.code, lang, e.message);
  if (e instanceof IpcFailure && isErrorCode(e.error.code)) return describeError(e.error.code, lang, e.error.message);
  const code = (e as { code?: unknown })?.code;
  if (isErrorCode(code)) return describeError(code, lang, (e as Error).message);
  return describeError('E_INTERNAL', lang, e instanceof Error ? e.message : String(e));
}

export function downloadBytes(bytes: Uint8Array, name: string, mediaType = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: mediaType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export const toDay = (s: string | undefined): Dayjs | undefined => (s ? dayjs(s, 'YYYY-MM-DD') : undefined);
export const fromDay = (d: Dayjs | null | undefined): string | undefined => (d ? d.format('YYYY-MM-DD') : undefined);
export const shortHash = (hex: string) => `${hex.slice(0, 8)}…${hex.slice(-8)}`;

/** The common props of a vault list: rows by id, 20 a page once there are more, the empty text. */
export const listProps = <T>(rows: T[], emptyText: string) => ({ size: 'middle' as const, rowKey: 'id', dataSource: rows, pagination: rows.length > 20 ? { pageSize: 20 } : (false as const), locale: { emptyText } });
