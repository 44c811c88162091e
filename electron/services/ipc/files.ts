// Runs in Node (Electron main or the Node host). IPC handlers of the document store: chunked imports
// from the renderer (sessions expire after 30 idle minutes and leave nothing behind), ranged reads
// for pdf.js, export through the host's native dialog or the Node host's /download route.
import { copyFile, open, rename, unlink } from 'node:fs/promises';
import { BidSealError } from '../../../shared/errors';
import type { FilesOperation } from '../../../shared/ipc/ops/files';
import type { DomainHandlers, HostInfo } from './host-info';
import type { JobRegistry } from './dispatch';
import { mediaTypeOf, openFileStore, type ChunkedImport } from '../documents/file-store';
import { checkImportablePdf } from '../pdf/ops';
import { fileError, hashFile } from '../fs/file-hash';
import { MAX_CHUNK } from '../../../shared/ipc/specs/files';
import { randomBytes } from 'node:crypto';

const IDLE_MS = 30 * 60_000;

/** The Node host serves stored documents here (cookie-authenticated like every other route). */
export const downloadUrlOf = (id: string) => `/download/${id}`;

export function filesHandlers(host: HostInfo, _jobs: JobRegistry): DomainHandlers<FilesOperation> {
  const store = openFileStore(host.dataDir);
  const imports = new Map<string, ChunkedImport>();
  const sessionOf = (uploadId: string) => {
    const s = imports.get(uploadId);
    if (!s) throw new BidSealError('E_IMPORT_UNKNOWN', 'unknown upload id');
    return s;
  };
  const expire = () => {
    const now = Date.now();
    for (const [k, s] of imports) {
      if (now - s.lastTouched > IDLE_MS) {
        imports.delete(k);
        void s.abort();
      }
    }
  };
  return {
    'files.importBegin': async (req) => {
      expire();
      const s = await store.beginImport({ name: req.name, tags: req.tags, ...(req.mediaType ? { mediaType: req.mediaType } : {}) }, req.size);
      const uploadId = randomBytes(16).toString('hex');
      imports.set(uploadId, s);
      return { uploadId, chunkSize: MAX_CHUNK };
    },
    'files.importChunk': async (req) => {
      const s = sessionOf(req.uploadId);
      try {
        return { received: await s.write(req.offset, Buffer.from(req.data, 'base64')) };
      } catch (e) {
        if ((e as BidSealError).code !== 'E_BAD_REQUEST') imports.delete(req.uploadId);
        throw e;
      }
    },
    'files.importCommit': async (req) => {
      const s = sessionOf(req.uploadId);
      imports.delete(req.uploadId);
      try {
        // a PDF for the documents library that cannot be opened is refused here, before it is listed (other
        // imports — a bid package's files, scans — are carried as bytes and checked where they are used)
        return await s.commit(async (tmp, meta) => {
          if (meta.tags?.kind === 'document' && (meta.mediaType ?? mediaTypeOf(meta.name)) === 'application/pdf') await checkImportablePdf(tmp);
        });
      } catch (e) {
        await s.abort();
        throw e;
      }
    },
    'files.importAbort': async (req) => {
      const s = imports.get(req.uploadId);
      imports.delete(req.uploadId);
      await s?.abort();
      return { aborted: !!s };
    },
    'files.list': async (req) => ({ files: await store.list({ ...req.tags, ...(req.mediaType ? { mediaType: req.mediaType } : {}) }) }),
    'files.get': async (req) => store.get(req.id),
    'files.read': async (req) => {
      const p = await store.pathOf(req.id);
      const fh = await open(p, 'r').catch((e) => Promise.reject(fileError(e, p)));
      try {
        const size = (await fh.stat()).size;
        const len = Math.max(0, Math.min(req.length, size - req.offset));
        const buf = Buffer.alloc(len);
        if (len) await fh.read(buf, 0, len, req.offset);
        return { data: buf.toString('base64'), size };
      } finally {
        await fh.close();
      }
    },
    'files.remove': async (req) => ({ removed: await store.remove(req.id) }),
    'files.trash': async (req) => store.trash(req.id),
    'files.restore': async (req) => store.restore(req.id),
    'files.purge': async (req) => ({ removed: await store.purge(req.id) }),
    'files.listTrash': async (req) => ({ files: await store.listTrash(req.tags) }),
    'files.rename': async (req) => store.rename(req.id, req.name),
    'files.export': async (req) => {
      const f = await store.get(req.id);
      if (!host.dialogs) return { kind: 'download', url: downloadUrlOf(f.id) };
      const target = await host.dialogs.saveAs({ defaultName: f.name });
      if (!target) return { kind: 'saved', path: null };
      const partial = `${target}.partial`;
      try {
        await copyFile(await store.pathOf(f.id), partial);
        await rename(partial, target);
      } catch (e) {
        await unlink(partial).catch(() => {});
        throw fileError(e, target);
      }
      return { kind: 'saved', path: target };
    },
  'files.hash': async (req, ctx) => {
    const files = [];
    for (const id of req.ids) {
      const f = await store.get(id);
      ctx.progress({ phase: 'hash', bytesDone: 0, item: f.name });
      const { size, hex } = await hashFile(await store.pathOf(id), req.alg, (done, total) => ctx.progress({ phase: 'hash', bytesDone: done, bytesTotal: total, item: f.name }), ctx.signal);
      files.push({ id, name: f.name, size, alg: req.alg, hex });
    }
    return { files };
  },
  };
}
