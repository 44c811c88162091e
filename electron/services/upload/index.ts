// Runs in Node (Electron main, the Node host, the CLI). The outbox of a data folder, wired to the rest of
// BidSeal: verified receipts go into the document store (kind 'upload-receipt', derived from the sealed
// bid) and into the bid's history record (BidRecord.uploads[]), and platforms resolve through the
// platform directory. One Outbox per data folder per process.
import { writeFile } from 'node:fs/promises';
import { BidSealError } from '../../../shared/errors';
import { openFileStore } from '../documents/file-store';
import { updateRecord } from '../bid/history';
import type { UploadRecord } from '../../../shared/bid/history';
import { Outbox, type OutboxItem } from './outbox';

export * from './outbox';

const statusOf = (s: OutboxItem['state']): UploadRecord['status'] =>
  s === 'done' ? 'uploaded' : s === 'refused' ? 'refused' : s === 'failed' ? 'failed' : s === 'uploading' ? 'uploading' : 'queued';

export function outboxHooks(dataDir: string) {
  return {
    storeReceipt: async (item: OutboxItem, der: Uint8Array): Promise<string | undefined> => {
      const store = openFileStore(dataDir);
      const out = await store.output({ name: `${item.fileName.replace(/\.[^.]*$/, '')}.receipt.p7m`, tags: { kind: 'upload-receipt' }, ...(item.fileId ? { derivedFrom: item.fileId } : {}), mediaType: 'application/pkcs7-mime' });
      try {
        await writeFile(out.tempPath, der);
        return (await out.commit()).id;
      } catch (e) {
        await out.abort();
        throw e;
      }
    },
    recordUpload: async (item: OutboxItem): Promise<void> => {
      if (!item.recordId) return;
      await updateRecord(dataDir, item.recordId, (rec) => {
        const entry: UploadRecord = {
          at: item.updatedAt,
          platformId: item.platformId,
          url: item.endpoint,
          ...(item.receipt?.uploadId ? { uploadId: item.receipt.uploadId } : {}),
          status: statusOf(item.state),
          ...(item.receipt ? { receipt: { outboxId: item.id, ...item.receipt } } : item.error ? { receipt: { outboxId: item.id, error: item.error } } : { receipt: { outboxId: item.id } }),
        };
        const i = rec.uploads.findIndex((u) => (u.receipt as { outboxId?: string } | undefined)?.outboxId === item.id);
        const uploads = [...rec.uploads];
        // a cancelled upload was the user's choice, not a failure: it leaves the history (and the statistics)
        if (item.state === 'cancelled') {
          if (i >= 0) uploads.splice(i, 1);
        } else if (i >= 0) uploads[i] = entry;
        else uploads.push(entry);
        return { ...rec, uploads };
      });
    },
  };
}

const outboxes = new Map<string, Outbox>();

/** The app's outbox for a data folder: processes the queue on its own and resumes after a restart. */
export function appOutbox(dataDir: string): Outbox {
  let o = outboxes.get(dataDir);
  if (!o) {
    o = new Outbox(dataDir, outboxHooks(dataDir), true);
    outboxes.set(dataDir, o);
    void o.startQueue();
  }
  return o;
}

export function noEndpoint(platformId: string): never {
  throw new BidSealError('E_UPLOAD_NO_ENDPOINT', `platform ${platformId} has no upload endpoint`);
}
