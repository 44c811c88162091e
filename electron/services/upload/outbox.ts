// Runs in Node (Electron main, the Node host, the CLI). The outbox: sealed bids waiting to be delivered
// to a platform, persisted one JSON file per item under <dataDir>/outbox (written atomically), so
// bids sealed offline wait there and a restarted app carries on where it stopped. One item uploads at a
// time (a bidder's line is the bottleneck, and one finished bid beats two half ones); network failures
// retry inside the upload (tus-js-client backoff) and then at the outbox level with a growing delay
// (30 s … 10 min), until the item's deadline. A completed upload is not "done" until the platform's
// receipt verified against the platform's receipt certificate and matched the file's SHA-256 and size;
// the receipt is kept next to the item, in the document store and in the bid's history record.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { readReceiptPayload, verifyReceipt } from '../../../shared/receipt/receipt';
import { writeFileAtomic } from '../fs/atomic-write';
import { digestFile, type FileDigests } from './file-digest';
import { tusUpload } from './tus-upload';
import { OutboxItemView, type OutboxState, type ReceiptSummaryView } from '../../../shared/ipc/specs/upload';

/** The stored item: the UI's view of it (less what is computed for the UI) and what stays in the host. */
export const OutboxItem = OutboxItemView.omit({ receiptCheck: true, progress: true }).extend({
  filePath: z.string(),
  mtimeMs: z.number(),
  endpoint: z.url(),
  receiptCertificatePem: z.string().optional(),
  bidder: z.string().optional(),
  tender: z.string().optional(),
  uploadUrl: z.string().optional(),
  bytesSent: z.number().int().nonnegative().default(0),
  attempts: z.number().int().nonnegative().default(0),
});
export type OutboxItem = z.infer<typeof OutboxItem>;

export type LiveProgress = NonNullable<OutboxItemView['progress']>;

export interface EnqueueInput {
  filePath: string;
  fileName?: string;
  fileId?: string;
  platformId: string;
  endpoint: string;
  receiptCertificatePem?: string;
  deadline?: string;
  recordId?: string;
  bidder?: string;
  tender?: string;
  /** digests the caller already computed (saves a pass over a large file) */
  digests?: FileDigests;
}

export interface OutboxHooks {
  /** keep the verified receipt elsewhere too (document store); returns its store id */
  storeReceipt?(item: OutboxItem, der: Uint8Array): Promise<string | undefined>;
  /** the bid history: add or update the upload entry of item.recordId */
  recordUpload?(item: OutboxItem): Promise<void>;
  now?(): Date;
  retryDelays?: number[];
  chunkSize?: number;
  /** outbox-level retry delays after the in-upload retries gave up (ms); default 30 s, 1, 2, 5, 10 min */
  backoff?: number[];
}

const BACKOFF = [30_000, 60_000, 120_000, 300_000, 600_000];
const ACTIVE: OutboxState[] = ['queued', 'waiting-network'];

export type OutboxEvent = { id: string; item: OutboxItem; progress?: LiveProgress };

export class Outbox {
  readonly dir: string;
  private running: { id: string; ac: AbortController; done: Promise<void> } | null = null;
  private live = new Map<string, LiveProgress & { samples: Array<[number, number]> }>();
  private timer: NodeJS.Timeout | null = null;
  private listeners = new Set<(e: OutboxEvent) => void>();
  private kick: Promise<void> = Promise.resolve();
  private closed = false;
  /** autostart: process the queue on its own (the app); the CLI drives items itself */
  constructor(
    readonly dataDir: string,
    private readonly hooks: OutboxHooks = {},
    private readonly autostart = true,
  ) {
    this.dir = path.join(dataDir, 'outbox');
  }

  private now = () => this.hooks.now?.() ?? new Date();
  private file = (id: string) => path.join(this.dir, `${id}.json`);
  receiptPath = (id: string) => path.join(this.dir, `${id}.receipt.p7m`);

  on(fn: (e: OutboxEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  private emit(item: OutboxItem): void {
    for (const l of this.listeners) l({ id: item.id, item, progress: this.live.get(item.id) });
  }

  /** writes of one item, in order (the upload URL arrives from a callback while the item moves on) */
  private writes = new Map<string, Promise<unknown>>();

  private save(item: OutboxItem): Promise<OutboxItem> {
    item.updatedAt = this.now().toISOString();
    const valid = OutboxItem.parse(item);
    const prev = this.writes.get(item.id) ?? Promise.resolve();
    const next = prev
      .catch(() => {})
      .then(async () => {
        await mkdir(this.dir, { recursive: true });
        await writeFileAtomic(this.file(item.id), new TextEncoder().encode(JSON.stringify(valid, null, 2)));
        this.emit(valid);
        return valid;
      });
    this.writes.set(item.id, next);
    void next.finally(() => {
      if (this.writes.get(item.id) === next) this.writes.delete(item.id);
    }).catch(() => {});
    return next;
  }

  async get(id: string): Promise<OutboxItem> {
    if (!/^[0-9a-f]{32}$/.test(id)) throw new BidSealError('E_UPLOAD_NOT_FOUND', id);
    await this.writes.get(id)?.catch(() => {});
    try {
      return OutboxItem.parse(JSON.parse(await readFile(this.file(id), 'utf8')));
    } catch (e) {
      if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') throw new BidSealError('E_UPLOAD_NOT_FOUND', `no outbox item ${id}`);
      throw new BidSealError('E_FILE_READ', `outbox item ${id} is damaged`, undefined, { cause: e });
    }
  }

  async list(): Promise<Array<OutboxItem & { progress?: LiveProgress }>> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const out: Array<OutboxItem & { progress?: LiveProgress }> = [];
    for (const n of names) {
      const m = /^([0-9a-f]{32})\.json$/.exec(n);
      if (!m) continue;
      const it = await this.get(m[1]).catch(() => undefined);
      if (!it) continue;
      const p = this.live.get(it.id);
      out.push(p ? { ...it, progress: { bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, speed: p.speed, eta: p.eta } } : it);
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** The same file to the same endpoint that is not finished: resumed instead of queued twice. */
  async findOpen(sha256: string, endpoint: string): Promise<OutboxItem | undefined> {
    return (await this.list()).find((i) => i.sha256 === sha256 && i.endpoint === endpoint && !['cancelled', 'failed', 'refused'].includes(i.state));
  }

  async enqueue(i: EnqueueInput): Promise<OutboxItem> {
    const st = await stat(i.filePath).catch(() => {
      throw new BidSealError('E_FILE_NOT_FOUND', i.filePath);
    });
    if (!st.isFile()) throw new BidSealError('E_FILE_NOT_FOUND', `${i.filePath} is not a file`);
    let endpoint: string;
    try {
      endpoint = new URL(i.endpoint).toString();
    } catch {
      throw new BidSealError('E_UPLOAD_NO_ENDPOINT', `not a URL: ${i.endpoint}`);
    }
    if (!/^https?:$/.test(new URL(endpoint).protocol)) throw new BidSealError('E_UPLOAD_NO_ENDPOINT', `unsupported scheme: ${endpoint}`);
    const d = i.digests ?? (await digestFile(i.filePath));
    const same = await this.findOpen(d.sha256, endpoint);
    if (same) {
      if (same.state === 'paused' || same.state === 'waiting-network') return this.resume(same.id);
      return same;
    }
    const t = this.now().toISOString();
    const item = await this.save({
      id: randomBytes(16).toString('hex'),
      createdAt: t,
      updatedAt: t,
      ...(i.fileId ? { fileId: i.fileId } : {}),
      filePath: path.resolve(i.filePath),
      fileName: i.fileName ?? path.basename(i.filePath),
      size: d.size,
      mtimeMs: st.mtimeMs,
      sha256: d.sha256,
      sm3: d.sm3,
      platformId: i.platformId,
      endpoint,
      ...(i.receiptCertificatePem ? { receiptCertificatePem: i.receiptCertificatePem } : {}),
      ...(i.deadline ? { deadline: new Date(i.deadline).toISOString() } : {}),
      ...(i.recordId ? { recordId: i.recordId } : {}),
      ...(i.bidder ? { bidder: i.bidder } : {}),
      ...(i.tender ? { tender: i.tender } : {}),
      state: 'queued',
      bytesSent: 0,
      attempts: 0,
    });
    await this.hooks.recordUpload?.(item).catch(() => {});
    this.schedule();
    return item;
  }

  /** Starts the queue (the app at launch): reconciled first (items left 'uploading' by a crash queue again). */
  async startQueue(): Promise<void> {
    await this.reconcile();
    this.schedule();
  }

  /**
   * After a crash (docs/CRASH-CONSISTENCY.md): an item is 'done' only with its receipt beside it naming its
   * file — otherwise it queues again and the platform's receipt is fetched again by hash; an item left
   * 'uploading' by a dead process queues again; the bid history learns every finished upload it missed.
   */
  async reconcile(): Promise<void> {
    for (const it of await this.list()) {
      if (this.running?.id === it.id) continue;
      if (it.state === 'done') {
        const der = await readFile(this.receiptPath(it.id)).catch(() => undefined);
        let ok: boolean;
        try {
          const p = der ? readReceiptPayload(der) : undefined;
          ok = Boolean(p && p.sha256 === it.sha256 && p.size === it.size);
        } catch {
          ok = false;
        }
        if (!ok) {
          const { receipt: _r, ...rest } = it;
          await this.save({ ...rest, state: 'queued', bytesSent: 0 });
          continue;
        }
        await this.hooks.recordUpload?.(it).catch(() => {});
      } else if (it.state === 'uploading') await this.save({ ...it, state: 'queued' });
    }
  }

  private schedule(delay = 0): void {
    if (!this.autostart || this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick = this.kick.then(() => this.pump()).catch(() => {});
    }, delay);
    this.timer.unref?.();
  }

  private async pump(): Promise<void> {
    if (this.running || this.closed) return;
    const items = await this.list();
    const t = this.now().getTime();
    const next = items.find((i) => ACTIVE.includes(i.state) && (!i.nextAttemptAt || Date.parse(i.nextAttemptAt) <= t));
    if (next) {
      await this.run(next.id);
      return this.schedule();
    }
    const waits = items.filter((i) => i.state === 'waiting-network' && i.nextAttemptAt).map((i) => Date.parse(i.nextAttemptAt!) - t);
    if (waits.length) this.schedule(Math.max(1000, Math.min(...waits)));
  }

  /** Runs one item to its end (done, refused, failed, paused or waiting for the network). */
  async run(id: string): Promise<OutboxItem> {
    if (this.running) {
      if (this.running.id === id) {
        await this.running.done;
        return this.get(id);
      }
      throw new BidSealError('E_UPLOAD_BUSY', `another upload (${this.running.id}) is running`);
    }
    const ac = new AbortController();
    let release!: () => void;
    this.running = { id, ac, done: new Promise<void>((r) => (release = r)) };
    try {
      return await this.attempt(id, ac.signal);
    } finally {
      this.running = null;
      this.live.delete(id);
      release();
    }
  }

  private async attempt(id: string, signal: AbortSignal): Promise<OutboxItem> {
    let item = await this.get(id);
    if (item.state === 'done' || item.state === 'cancelled') return item;
    if (item.deadline && this.now().getTime() > Date.parse(item.deadline)) {
      return this.finishWith(item, 'refused', new BidSealError('E_UPLOAD_DEADLINE_PASSED', `the deadline ${item.deadline} has passed; the bid was not sent`));
    }
    // the file must still be the one queued
    try {
      const st = await stat(item.filePath);
      if (st.size !== item.size || st.mtimeMs !== item.mtimeMs) {
        const d = await digestFile(item.filePath, undefined, signal);
        if (d.sha256 !== item.sha256) return this.finishWith(item, 'failed', new BidSealError('E_UPLOAD_FILE_CHANGED', item.filePath));
        item.mtimeMs = st.mtimeMs;
      }
    } catch (e) {
      if (isBidSealError(e) && e.code === 'E_CANCELLED') return this.save({ ...item, state: 'paused' });
      return this.finishWith(item, 'failed', new BidSealError('E_FILE_NOT_FOUND', item.filePath));
    }
    item = await this.save({ ...item, state: 'uploading', attempts: item.attempts + 1, error: undefined, nextAttemptAt: undefined });
    // already there? (a duplicate: answered with the platform's first receipt)
    const known = await this.lookupByHash(item).catch(() => undefined);
    if (known) return this.accept(item, known.receipt, true);
    const live = { bytesDone: item.bytesSent, bytesTotal: item.size, speed: 0, eta: null as number | null, samples: [] as Array<[number, number]> };
    this.live.set(id, live);
    try {
      const r = await tusUpload({
        file: item.filePath,
        size: item.size,
        endpoint: item.endpoint,
        uploadUrl: item.uploadUrl,
        metadata: {
          filename: item.fileName,
          filetype: 'application/pkcs7-mime',
          sha256: item.sha256,
          sm3: item.sm3,
          ...(item.bidder ? { bidder: item.bidder } : {}),
          ...(item.tender ? { tender: item.tender } : {}),
        },
        chunkSize: this.hooks.chunkSize,
        retryDelays: this.hooks.retryDelays,
        signal,
        onUrl: async (url) => {
          item = await this.save({ ...item, uploadUrl: url });
        },
        onProgress: (sent, total) => {
          const t = Date.now();
          live.bytesDone = sent;
          live.bytesTotal = total;
          live.samples.push([t, sent]);
          while (live.samples.length > 2 && t - live.samples[0][0] > 5000) live.samples.shift();
          const [t0, b0] = live.samples[0];
          live.speed = t > t0 ? ((sent - b0) * 1000) / (t - t0) : 0;
          live.eta = live.speed > 0 ? (total - sent) / live.speed : null;
          item.bytesSent = sent;
          this.emit(item);
        },
      });
      // the receipt comes with the final response; when that response was lost (the resumed HEAD found the
      // upload complete), the platform serves it again by upload id
      const receiptB64 = r.body?.receipt;
      const der = receiptB64 ? Uint8Array.from(Buffer.from(receiptB64, 'base64')) : await this.fetchReceipt(item, r.body?.uploadId ?? r.uploadId);
      return this.accept({ ...item, bytesSent: item.size, resumedFrom: r.resumedFrom }, der, r.body?.duplicate === true);
    } catch (e) {
      const err = isBidSealError(e) ? e : new BidSealError('E_UPLOAD_NETWORK', String((e as Error)?.message ?? e));
      item = await this.get(id);
      item.bytesSent = Math.max(item.bytesSent, live.bytesDone);
      if (err.code === 'E_CANCELLED') return this.save({ ...item, state: item.state === 'cancelled' ? 'cancelled' : 'paused' });
      if (err.code === 'E_UPLOAD_DUPLICATE') {
        const known = await this.lookupByHash(item).catch(() => undefined);
        if (known) return this.accept(item, known.receipt, true);
      }
      if (err.code === 'E_UPLOAD_DEADLINE_PASSED') return this.finishWith(item, 'refused', err);
      if (err.code === 'E_UPLOAD_NETWORK') {
        const delays = this.hooks.backoff ?? BACKOFF;
        const wait = delays[Math.min(item.attempts - 1, delays.length - 1)] ?? delays[delays.length - 1];
        const saved = await this.save({ ...item, state: 'waiting-network', nextAttemptAt: new Date(this.now().getTime() + wait).toISOString(), error: { code: err.code, message: err.message } });
        this.schedule(wait);
        return saved;
      }
      // the platform discarded what it received: start afresh next time
      return this.finishWith({ ...item, uploadUrl: undefined, bytesSent: 0 }, 'failed', err);
    }
  }

  private async finishWith(item: OutboxItem, state: 'failed' | 'refused', err: BidSealError): Promise<OutboxItem> {
    const saved = await this.save({ ...item, state, error: { code: err.code, message: err.message }, nextAttemptAt: undefined });
    await this.hooks.recordUpload?.(saved).catch(() => {});
    return saved;
  }

  private receiptsBase(item: OutboxItem): URL {
    return new URL('/receipts/', item.endpoint);
  }

  private async lookupByHash(item: OutboxItem): Promise<{ uploadId: string; receipt: Uint8Array } | undefined> {
    const u = new URL(this.receiptsBase(item));
    u.pathname = u.pathname.replace(/\/$/, '');
    u.searchParams.set('sha256', item.sha256);
    const res = await fetch(u, { signal: AbortSignal.timeout(15_000) });
    if (res.status !== 200) return undefined;
    const j = (await res.json()) as { uploadId?: string; receipt?: string };
    if (!j.uploadId || !j.receipt) return undefined;
    return { uploadId: j.uploadId, receipt: Uint8Array.from(Buffer.from(j.receipt, 'base64')) };
  }

  private async fetchReceipt(item: OutboxItem, uploadId: string): Promise<Uint8Array> {
    const res = await fetch(new URL(encodeURIComponent(uploadId), this.receiptsBase(item)), { signal: AbortSignal.timeout(15_000) }).catch((e: unknown) => {
      throw new BidSealError('E_UPLOAD_NETWORK', `receipt: ${String((e as Error)?.message ?? e)}`);
    });
    if (res.status === 404) throw new BidSealError('E_UPLOAD_REJECTED', 'the upload completed but the platform holds no receipt for it (it was not accepted)');
    if (res.status !== 200) throw new BidSealError(res.status >= 500 ? 'E_UPLOAD_NETWORK' : 'E_UPLOAD_REJECTED', `receipt: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  }

  /** Verifies the receipt and completes the item; a receipt that does not verify fails the item. */
  private async accept(item: OutboxItem, der: Uint8Array, duplicate: boolean): Promise<OutboxItem> {
    let summary: ReceiptSummaryView;
    try {
      if (item.receiptCertificatePem) {
        const v = await verifyReceipt(der, item.receiptCertificatePem, { sha256: item.sha256, size: item.size, platformId: item.platformId });
        summary = { uploadId: v.payload.uploadId, platformId: v.payload.platformId, fileName: v.payload.fileName, receivedAt: v.payload.receivedAt, size: v.payload.size, sha256: v.payload.sha256, sm3: v.payload.sm3, duplicate, verified: true, signer: v.signer.subject, signatureAlgorithm: v.signatureAlgorithm };
      } else {
        const p = readReceiptPayload(der);
        if (p.sha256 !== item.sha256 || p.size !== item.size) throw new BidSealError('E_RECEIPT_MISMATCH', `receipt names ${p.sha256} (${p.size} B)`);
        summary = { uploadId: p.uploadId, platformId: p.platformId, fileName: p.fileName, receivedAt: p.receivedAt, size: p.size, sha256: p.sha256, sm3: p.sm3, duplicate, verified: false };
      }
    } catch (e) {
      const err = isBidSealError(e) ? e : new BidSealError('E_RECEIPT_INVALID', String(e));
      return this.finishWith(item, 'failed', err);
    }
    await writeFileAtomic(this.receiptPath(item.id), der);
    const fileId = await this.hooks.storeReceipt?.(item, der).catch(() => undefined);
    const saved = await this.save({ ...item, state: 'done', bytesSent: item.size, error: undefined, nextAttemptAt: undefined, receipt: { ...summary, ...(fileId ? { fileId } : {}) } });
    await this.hooks.recordUpload?.(saved).catch(() => {});
    return saved;
  }

  async receipt(id: string): Promise<Uint8Array> {
    await this.get(id);
    return readFile(this.receiptPath(id)).catch(() => {
      throw new BidSealError('E_UPLOAD_NOT_FOUND', `no receipt for ${id} yet`);
    });
  }

  async start(id: string): Promise<OutboxItem> {
    const it = await this.get(id);
    if (it.state === 'done' || it.state === 'uploading') return it;
    const saved = await this.save({ ...it, state: 'queued', nextAttemptAt: undefined, ...(it.state === 'failed' ? { error: undefined } : {}) });
    this.schedule();
    return saved;
  }
  resume = (id: string) => this.start(id);

  async pause(id: string): Promise<OutboxItem> {
    const it = await this.get(id);
    if (this.running?.id === id) {
      this.running.ac.abort();
      await this.running?.done;
      return this.get(id);
    }
    if (ACTIVE.includes(it.state)) return this.save({ ...it, state: 'paused' });
    return it;
  }

  /** Cancels: stops the transfer, asks the server to drop the partial upload, keeps the item as 'cancelled'. */
  async cancel(id: string): Promise<OutboxItem> {
    let it = await this.get(id);
    if (it.state === 'done') return it;
    it = await this.save({ ...it, state: 'cancelled' });
    if (this.running?.id === id) {
      this.running.ac.abort();
      await this.running?.done;
    }
    if (it.uploadUrl) await fetch(it.uploadUrl, { method: 'DELETE', headers: { 'Tus-Resumable': '1.0.0' }, signal: AbortSignal.timeout(10_000) }).catch(() => {});
    it = await this.save({ ...(await this.get(id)), state: 'cancelled', uploadUrl: undefined });
    await this.hooks.recordUpload?.(it).catch(() => {});
    return it;
  }

  /** Removes a finished or cancelled item (its receipt stays in the store and the history). */
  async remove(id: string): Promise<void> {
    const it = await this.get(id);
    if (it.state === 'uploading') throw new BidSealError('E_UPLOAD_BUSY', id);
    await rm(this.file(id), { force: true });
    await rm(this.receiptPath(id), { force: true });
  }

  /** Stops the running transfer (it stays resumable) and the timer. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.running) {
      this.running.ac.abort();
      await this.running.done;
    }
  }
}
