// Runs anywhere (pure). IPC schemas of the document store. Documents are named by store id, never by a
// path (docs/ipc-security.md); bytes travel base64 in bounded chunks (a 500 MB PDF is read by pdf.js in ranges, imported in 4 MiB steps).
import { z } from 'zod';
import { Base64, FileHash, HashAlg, JobId, type OpSpec } from '../schemas';
import type { FilesOperation } from '../ops/files';

export const FileId = z.string().regex(/^[0-9a-f]{32}$/, 'document id');
/** what a document is filed under: the bidder it belongs to, the project, its kind (electron/services/documents/file-store.ts) */
export const FileTags = z.object({ bidder: z.string().max(100).optional(), project: z.string().max(100).optional(), kind: z.string().max(40).optional() }).strict();
export const StoredFileView = z.object({
  id: FileId,
  name: z.string(),
  size: z.number().int().nonnegative(),
  sm3: z.string(),
  mediaType: z.string(),
  addedAt: z.string(),
  origin: z.enum(['import', 'output']),
  derivedFrom: z.string().optional(),
  tags: FileTags,
});
export type StoredFileView = z.infer<typeof StoredFileView>;

/** the largest chunk a single call carries (raw bytes) */
export const MAX_CHUNK = 4 * 1024 * 1024;
const UploadId = z.string().regex(/^[0-9a-f]{32}$/, 'upload id');
const FileName = z.string().min(1).max(255);

export const filesSpecs = {
  'files.importBegin': { request: z.object({ name: FileName, size: z.number().int().nonnegative().max(64 * 1024 ** 3), tags: FileTags.default({}), mediaType: z.string().max(100).optional() }).strict(), response: z.object({ uploadId: UploadId, chunkSize: z.number().int() }) },
  'files.importChunk': { request: z.object({ uploadId: UploadId, offset: z.number().int().nonnegative(), data: Base64.max(Math.ceil(MAX_CHUNK / 3) * 4) }).strict(), response: z.object({ received: z.number().int() }) },
  'files.importCommit': { request: z.object({ uploadId: UploadId }).strict(), response: StoredFileView },
  'files.importAbort': { request: z.object({ uploadId: UploadId }).strict(), response: z.object({ aborted: z.boolean() }) },
  'files.list': { request: z.object({ tags: FileTags.default({}), mediaType: z.string().max(100).optional() }).strict(), response: z.object({ files: z.array(StoredFileView) }) },
  'files.get': { request: z.object({ id: FileId }).strict(), response: StoredFileView },
  'files.read': { request: z.object({ id: FileId, offset: z.number().int().nonnegative(), length: z.number().int().positive().max(MAX_CHUNK) }).strict(), response: z.object({ data: Base64, size: z.number().int() }) },
  'files.remove': { request: z.object({ id: FileId }).strict(), response: z.object({ removed: z.boolean() }) },
  /** to the store's trash (restorable), not deleted: the library's delete */
  'files.trash': { request: z.object({ id: FileId }).strict(), response: StoredFileView },
  'files.restore': { request: z.object({ id: FileId }).strict(), response: StoredFileView },
  /** removes a trashed document for good */
  'files.purge': { request: z.object({ id: FileId }).strict(), response: z.object({ removed: z.boolean() }) },
  'files.listTrash': { request: z.object({ tags: FileTags.default({}) }).strict(), response: z.object({ files: z.array(StoredFileView) }) },
  'files.rename': { request: z.object({ id: FileId, name: FileName }).strict(), response: StoredFileView },
  'files.export': {
    request: z.object({ id: FileId }).strict(),
    /** Electron: saved through the native dialog (path, or null when cancelled); Node host: a download link */
    response: z.union([z.object({ kind: z.literal('saved'), path: z.string().nullable() }), z.object({ kind: z.literal('download'), url: z.string() })]),
  },
  'files.hash': {
    request: z.object({ ids: z.array(FileId).min(1).max(1000), alg: HashAlg.default('sm3'), jobId: JobId.optional() }).strict(),
    response: z.object({ files: z.array(FileHash) }),
    progress: true,
  },
} as const satisfies Record<FilesOperation, OpSpec>;
