// Runs in Node (Electron main, the Node host, the CLI; never imports `electron`). The document store:
// every document the user works with (imported PDFs and scans, seal images, signed PDFs, sealed bids,
// backups, generated letters) lives under <dataDir>/documents, named by a random id, so the UI and
// the IPC contract speak ids, never raw paths, and both hosts behave alike (a browser cannot hand
// over a path; Electron could, but then a moved file would break a project).
//
// Layout: documents/<id>/<safe name> + documents/<id>/meta.json. An entry exists only once its
// meta.json is written (atomically, last), so a crash mid-import leaves nothing that looks valid;
// unfinished work lives in documents/.incoming and is swept on open. No global index to corrupt.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { FileTags, StoredFileView } from '../../../shared/ipc/specs/files';
import { safeFileName } from '../../../shared/text/file-name';
import { sm3 } from '../../../shared/crypto/sm3';
import { writeFileAtomic } from '../fs/atomic-write';
import { fileError, hashStream } from '../fs/file-hash';
import { readFileChunks, regularFileSize } from '../fs/file-read';

/** the mode of every stored document: readable and writable by the user alone */
export const FILE_MODE = 0o600;

/** bidder (unified social credit code or vault id: agencies keep bidders apart), project, and kind ('document',
 *  'seal-image', 'eseal', 'signed-pdf', 'signed-ofd', 'sealed-bid', 'bid-backup', 'generated', 'opened', 'report' …) */
export const StoredFileTags = FileTags;
export type StoredFileTags = z.infer<typeof StoredFileTags>;

/** The stored record: the IPC view of a document with the checks the store makes when it reads one back. */
export const StoredFile = StoredFileView.extend({
  name: z.string().min(1).max(255),
  sm3: z.string().regex(/^[0-9a-f]{64}$/),
});
export type StoredFile = z.infer<typeof StoredFile>;

export interface StoredFileMeta {
  name: string;
  tags?: StoredFileTags;
  derivedFrom?: string;
  mediaType?: string;
}

export interface PendingOutput {
  /** write the result here (then commit), e.g. with openAtomic or a stream */
  readonly tempPath: string;
  /** move it into the store and index it; `sm3` saves a re-read when the writer already hashed it */
  commit(opts?: { sm3?: string }): Promise<StoredFile>;
  abort(): Promise<void>;
}

const MEDIA_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.ofd': 'application/ofd',
  '.esl': 'application/x-eseal',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.p7m': 'application/pkcs7-mime',
  '.p7s': 'application/pkcs7-signature',
  '.zip': 'application/zip',
  '.json': 'application/json',
  '.csv': 'text/csv',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.doc': 'application/msword',
  '.txt': 'text/plain',
};
export const mediaTypeOf = (name: string): string => MEDIA_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream';

const ID_RE = /^[0-9a-f]{32}$/;
/** the kinds listed in the documents library (imported documents and their signed copies) */
const LIBRARY_KINDS = new Set(['document', 'signed-pdf']);
const newId = () => randomBytes(16).toString('hex');

/** A file name safe on every OS that keeps the user's (often Chinese) name readable. */
export function safeName(name: string): string {
  return safeFileName(path.basename(name.replace(/\\/g, '/')));
}

const sm3OfFile = (file: string, signal?: AbortSignal, onBytes?: (n: number) => void): Promise<string> => hashStream(readFileChunks(file, onBytes, signal), 'sm3', undefined, signal);

export class FileStore {
  readonly root: string;
  private readonly incoming: string;
  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'documents');
    this.incoming = path.join(this.root, '.incoming');
  }

  private dirOf(id: string): string {
    if (!ID_RE.test(id)) throw new BidSealError('E_FILE_NOT_FOUND', 'no such document', { id });
    return path.join(this.root, id);
  }

  async get(id: string): Promise<StoredFile> {
    let raw: string;
    try {
      raw = await readFile(path.join(this.dirOf(id), 'meta.json'), 'utf8');
    } catch (e) {
      if (isBidSealError(e)) throw e;
      throw new BidSealError('E_FILE_NOT_FOUND', 'no such document', { id });
    }
    const parsed = StoredFile.safeParse(JSON.parse(raw));
    if (!parsed.success) throw new BidSealError('E_FILE_READ', 'document record is damaged', { id });
    return parsed.data;
  }

  /** The absolute path of a stored document (checked to exist). */
  async pathOf(id: string): Promise<string> {
    const f = await this.get(id);
    const p = path.join(this.dirOf(id), safeName(f.name));
    await regularFileSize(p);
    return p;
  }

  async list(filter: StoredFileTags & { mediaType?: string } = {}): Promise<StoredFile[]> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    const out: StoredFile[] = [];
    for (const n of names) {
      if (!ID_RE.test(n)) continue;
      const f = await this.get(n).catch(() => undefined); // an entry without meta.json is unfinished: not listed
      if (!f) continue;
      if (filter.bidder !== undefined && f.tags.bidder !== filter.bidder) continue;
      if (filter.project !== undefined && f.tags.project !== filter.project) continue;
      if (filter.kind !== undefined && f.tags.kind !== filter.kind) continue;
      if (filter.mediaType !== undefined && f.mediaType !== filter.mediaType) continue;
      out.push(f);
    }
    return out.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.name.localeCompare(b.name));
  }

  async remove(id: string): Promise<boolean> {
    const dir = this.dirOf(id);
    // meta.json first: from then on the entry is gone even if removing the data is interrupted.
    const had = await unlink(path.join(dir, 'meta.json')).then(
      () => true,
      () => false,
    );
    await rm(dir, { recursive: true, force: true });
    return had;
  }

  private get trashDir(): string {
    return path.join(this.root, '.trash');
  }

  /** Moves a document to the store's trash (documents/.trash/<id>): not listed, restorable, removed for good only by purge. */
  async trash(id: string): Promise<StoredFile> {
    const f = await this.get(id);
    await mkdir(this.trashDir, { recursive: true, mode: 0o700 });
    await rename(this.dirOf(id), path.join(this.trashDir, id));
    return f;
  }

  /** The documents in the trash (same filter as list), newest first. */
  async listTrash(filter: StoredFileTags = {}): Promise<StoredFile[]> {
    const names = await readdir(this.trashDir).catch(() => [] as string[]);
    const out: StoredFile[] = [];
    for (const n of names) {
      if (!ID_RE.test(n)) continue;
      const raw = await readFile(path.join(this.trashDir, n, 'meta.json'), 'utf8').catch(() => undefined);
      const f = raw ? StoredFile.safeParse(JSON.parse(raw)) : undefined;
      if (!f?.success) continue;
      if (filter.bidder !== undefined && f.data.tags.bidder !== filter.bidder) continue;
      if (filter.project !== undefined && f.data.tags.project !== filter.project) continue;
      if (filter.kind !== undefined && f.data.tags.kind !== filter.kind) continue;
      out.push(f.data);
    }
    return out.sort((a, b) => b.addedAt.localeCompare(a.addedAt));
  }

  /** Puts a trashed document back where it was (same id, so project links still resolve). */
  async restore(id: string): Promise<StoredFile> {
    if (!ID_RE.test(id)) throw new BidSealError('E_FILE_NOT_FOUND', 'no such document', { id });
    try {
      await rename(path.join(this.trashDir, id), this.dirOf(id));
    } catch {
      throw new BidSealError('E_FILE_NOT_FOUND', 'no such document in the trash', { id });
    }
    return this.get(id);
  }

  /** Removes a trashed document for good. */
  async purge(id: string): Promise<boolean> {
    if (!ID_RE.test(id)) return false;
    const dir = path.join(this.trashDir, id);
    const had = await stat(dir).then(() => true, () => false);
    await rm(dir, { recursive: true, force: true });
    return had;
  }

  /**
   * Renames a document (the file on disk and its record). The new name keeps the old extension when
   * none is given, and is made unique among the bidder's documents.
   */
  async rename(id: string, newName: string): Promise<StoredFile> {
    const f = await this.get(id);
    const trimmed = newName.trim();
    let name = safeName(trimmed);
    if (!trimmed || trimmed.startsWith('.') || !name) throw new BidSealError('E_FILE_NAME_INVALID', 'empty file name', { id });
    const ext = path.extname(f.name);
    if (ext && path.extname(name).toLowerCase() !== ext.toLowerCase()) name += ext;
    if (name === f.name) return f;
    name = await this.uniqueName(name, f.tags, id);
    const dir = this.dirOf(id);
    await rename(path.join(dir, safeName(f.name)), path.join(dir, name));
    const next: StoredFile = { ...f, name };
    try {
      await writeFileAtomic(path.join(dir, 'meta.json'), new TextEncoder().encode(JSON.stringify(next, null, 1)));
    } catch (e) {
      await rename(path.join(dir, name), path.join(dir, safeName(f.name))).catch(() => {});
      throw e;
    }
    return next;
  }

  /**
   * `name`, or "name (2).ext", "name (3).ext"… when another listed document of the same bidder already
   * has that name: two files called 投标函.pdf side by side cannot be told apart in a list.
   */
  async uniqueName(name: string, tags: StoredFileTags = {}, exceptId?: string): Promise<string> {
    const taken = new Set((await this.list(tags.bidder !== undefined ? { bidder: tags.bidder } : {})).filter((f) => f.id !== exceptId).map((f) => f.name.toLowerCase()));
    if (!taken.has(name.toLowerCase())) return name;
    const ext = path.extname(name);
    const stem = name.slice(0, name.length - ext.length).replace(/ \(\d+\)$/, '');
    for (let n = 2; ; n++) {
      const candidate = `${stem} (${n})${ext}`;
      if (!taken.has(candidate.toLowerCase())) return candidate;
    }
  }

  async updateTags(id: string, tags: StoredFileTags): Promise<StoredFile> {
    const f = await this.get(id);
    const next: StoredFile = { ...f, tags: { ...f.tags, ...tags } };
    await writeFileAtomic(path.join(this.dirOf(id), 'meta.json'), new TextEncoder().encode(JSON.stringify(next, null, 1)));
    return next;
  }

  /** Moves a finished temporary file into the store (same file system) and writes its record. */
  private async adopt(tempPath: string, meta: StoredFileMeta, origin: StoredFile['origin'], sm3Hex?: string): Promise<StoredFile> {
    const id = newId();
    let name = safeName(meta.name);
    // the library's PDFs are told apart by name: a second 投标函.pdf becomes "投标函 (2).pdf"
    if (LIBRARY_KINDS.has(meta.tags?.kind ?? '')) name = await this.uniqueName(name, meta.tags);
    const dir = this.dirOf(id);
    try {
      const size = await regularFileSize(tempPath);
      const hex = sm3Hex ?? (await sm3OfFile(tempPath));
      await chmod(tempPath, FILE_MODE); // whatever wrote it, a stored document is the user's alone
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await rename(tempPath, path.join(dir, name));
      const rec: StoredFile = {
        id,
        name,
        size,
        sm3: hex,
        mediaType: meta.mediaType ?? mediaTypeOf(name),
        addedAt: new Date().toISOString(),
        origin,
        ...(meta.derivedFrom ? { derivedFrom: meta.derivedFrom } : {}),
        tags: StoredFileTags.parse(meta.tags ?? {}),
      };
      await writeFileAtomic(path.join(dir, 'meta.json'), new TextEncoder().encode(JSON.stringify(rec, null, 1)));
      return rec;
    } catch (e) {
      await rm(dir, { recursive: true, force: true }).catch(() => {});
      await unlink(tempPath).catch(() => {});
      throw e;
    }
  }

  private async tempPath(name: string): Promise<string> {
    await mkdir(this.incoming, { recursive: true });
    return path.join(this.incoming, `${newId()}-${safeName(name)}`);
  }

  /** A place for a service to write a result; commit() files it in the store, abort() removes it. */
  async output(meta: StoredFileMeta): Promise<PendingOutput> {
    const tempPath = await this.tempPath(meta.name);
    let settled = false;
    return {
      tempPath,
      commit: async (opts = {}) => {
        if (settled) throw new BidSealError('E_INTERNAL', 'output already settled');
        settled = true;
        return this.adopt(tempPath, meta, 'output', opts.sm3);
      },
      abort: async () => {
        settled = true;
        await unlink(tempPath).catch(() => {});
        await unlink(`${tempPath}.partial`).catch(() => {});
      },
    };
  }

  /** Copies a file from anywhere on disk into the store (the original is never touched). */
  async importPath(src: string, meta: Partial<StoredFileMeta> = {}, opts: { signal?: AbortSignal; onBytes?: (n: number) => void } = {}): Promise<StoredFile> {
    await regularFileSize(src);
    const name = meta.name ?? path.basename(src);
    const tmp = await this.tempPath(name);
    // copied by hand into a file created with the store's mode: copyFile would give the copy the source's
    // mode (a world-readable scan stays world-readable); hashed on the way, flushed before adopting
    const h = sm3.create();
    let fh: FileHandle | undefined;
    try {
      fh = await open(tmp, 'wx', FILE_MODE);
      for await (const c of readFileChunks(src, opts.onBytes, opts.signal)) {
        h.update(c);
        await fh.write(c);
      }
      await fh.sync();
      await fh.close();
      fh = undefined;
    } catch (e) {
      await fh?.close().catch(() => {});
      await unlink(tmp).catch(() => {});
      throw isBidSealError(e) ? e : fileError(e, src);
    }
    return this.adopt(tmp, { ...meta, name }, 'import', Buffer.from(h.digest()).toString('hex'));
  }

  /** Starts a chunked import (bytes arrive in order from the renderer). */
  async beginImport(meta: StoredFileMeta, size: number): Promise<ChunkedImport> {
    const tmp = await this.tempPath(meta.name);
    const fh = await open(tmp, 'w', FILE_MODE);
    return new ChunkedImport(this, tmp, fh, meta, size, (t, m, h) => this.adopt(t, m, 'import', h));
  }

  /** Removes leftovers of interrupted imports and outputs older than `maxAgeMs`. */
  async sweep(maxAgeMs = 24 * 3600_000): Promise<void> {
    const names = await readdir(this.incoming).catch(() => [] as string[]);
    const now = Date.now();
    for (const n of names) {
      const p = path.join(this.incoming, n);
      const st = await stat(p).catch(() => undefined);
      if (st && now - st.mtimeMs > maxAgeMs) await rm(p, { force: true, recursive: true }).catch(() => {});
    }
  }
}

export class ChunkedImport {
  received = 0;
  private readonly hash = sm3.create();
  lastTouched = Date.now();
  constructor(
    readonly store: FileStore,
    private readonly tmp: string,
    private readonly fh: FileHandle,
    private readonly meta: StoredFileMeta,
    readonly size: number,
    private readonly adopt: (tmp: string, meta: StoredFileMeta, sm3: string) => Promise<StoredFile>,
  ) {}

  async write(offset: number, bytes: Uint8Array): Promise<number> {
    if (offset !== this.received) throw new BidSealError('E_BAD_REQUEST', `chunk at ${offset}, expected ${this.received}`);
    if (this.received + bytes.length > this.size) throw new BidSealError('E_BAD_REQUEST', 'more bytes than announced');
    try {
      await this.fh.write(bytes, 0, bytes.length, offset);
    } catch (e) {
      await this.abort();
      const code = (e as NodeJS.ErrnoException).code;
      throw new BidSealError(code === 'ENOSPC' ? 'E_DISK_FULL' : 'E_FILE_WRITE', code ?? 'write failed');
    }
    this.hash.update(bytes);
    this.received += bytes.length;
    this.lastTouched = Date.now();
    return this.received;
  }

  /** Files the upload in the store; `check` may refuse the bytes first (then nothing is listed). */
  async commit(check?: (tempPath: string, meta: StoredFileMeta) => Promise<void>): Promise<StoredFile> {
    if (this.received !== this.size) throw new BidSealError('E_TRUNCATED', `received ${this.received} of ${this.size} bytes`);
    await this.fh.sync();
    await this.fh.close();
    await check?.(this.tmp, this.meta);
    return this.adopt(this.tmp, this.meta, Buffer.from(this.hash.digest()).toString('hex'));
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => {});
    await unlink(this.tmp).catch(() => {});
  }
}

const stores = new Map<string, FileStore>();
/** One store object per data folder (they are stateless on disk; this only saves sweeping twice). */
export function openFileStore(dataDir: string): FileStore {
  let s = stores.get(dataDir);
  if (!s) {
    s = new FileStore(dataDir);
    stores.set(dataDir, s);
    void s.sweep();
  }
  return s;
}
