// Runs in the renderer. The document store seen from the UI: import browser Files in bounded chunks
// (works in Electron and in the Node host alike), read byte ranges (pdf.js), export (native save
// dialog in Electron, a download in a browser). Documents are named by store id, never by path.
import type { Result } from '../../../shared/ipc/contract';
import type { StoredFileView } from '../../../shared/ipc/specs/files';
import { base64ToBytes, bytesToBase64 } from '../../../shared/encoding/base64';
import { client } from '../ipc/client';

export type { StoredFileView };
export type FileTags = { bidder?: string; project?: string; kind?: string };

export class IpcFailure extends Error {
  constructor(readonly error: { code: string; message: string }) {
    super(`${error.code}: ${error.message}`);
  }
}

/** Unwraps a Result, throwing IpcFailure (callers show it with ErrorAlert / useErrorText). */
export async function must<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new IpcFailure(r.error);
  return r.value;
}

export interface ImportProgress {
  file: string;
  index: number;
  count: number;
  bytesDone: number;
  bytesTotal: number;
}

/** Imports files one after another; a failure aborts that file's session (nothing half-stored) and stops. */
export async function importFiles(files: readonly File[], tags: FileTags = {}, onProgress?: (p: ImportProgress) => void, signal?: AbortSignal): Promise<StoredFileView[]> {
  const out: StoredFileView[] = [];
  for (const [index, file] of files.entries()) {
    const { uploadId, chunkSize } = await must(client['files.importBegin']({ name: file.name, size: file.size, tags }));
    try {
      let offset = 0;
      onProgress?.({ file: file.name, index, count: files.length, bytesDone: 0, bytesTotal: file.size });
      while (offset < file.size) {
        if (signal?.aborted) throw new IpcFailure({ code: 'E_CANCELLED', message: 'import cancelled' });
        const chunk = new Uint8Array(await file.slice(offset, offset + chunkSize).arrayBuffer());
        await must(client['files.importChunk']({ uploadId, offset, data: bytesToBase64(chunk) }));
        offset += chunk.length;
        onProgress?.({ file: file.name, index, count: files.length, bytesDone: offset, bytesTotal: file.size });
      }
      out.push(await must(client['files.importCommit']({ uploadId })));
    } catch (e) {
      await client['files.importAbort']({ uploadId });
      throw e;
    }
  }
  return out;
}

/** Bytes [offset, offset+length) of a stored document (length ≤ 4 MiB per call; longer reads are split). */
export async function readRange(id: string, offset: number, length: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  const step = 4 * 1024 * 1024;
  while (total < length) {
    const { data } = await must(client['files.read']({ id, offset: offset + total, length: Math.min(step, length - total) }));
    const b = base64ToBytes(data);
    if (!b.length) break;
    parts.push(b);
    total += b.length;
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) out.set(p, (o += p.length) - p.length);
  return out;
}

/** Saves a stored document where the user chooses. Resolves to the saved path, 'download', or null if cancelled. */
export async function exportFile(id: string): Promise<string | 'download' | null> {
  const r = await must(client['files.export']({ id }));
  if (r.kind === 'saved') return r.path;
  const a = document.createElement('a');
  a.href = r.url;
  a.download = '';
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  return 'download';
}

export const formatBytes = (n: number): string => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : n < 1024 ** 3 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${(n / 1024 ** 3).toFixed(2)} GB`);
