// Runs in Node (the reference platform, `npm run platform`; tests start it in-process). A small but real
// trading-platform intake: tus 1.0 resumable uploads (@tus/server + @tus/file-store) at /files/, the bid
// deadline enforced when an upload is created, while it streams and when its last byte arrives, the
// declared SHA-256 and SM3 (Upload-Metadata) recomputed on completion, the file checked to be a CMS
// EnvelopedData / AuthEnvelopedData (or a BIDSEAL-CUSTODY/1 container) that lists this platform's
// encryption certificate, duplicates recognised by hash (answered with the first receipt), a signed
// receipt per file (shared/receipt, SM2-with-SM3) and the opening (开标) step that decrypts with the
// platform key (plus keys a bidder released for joint custody) and verifies the bid's signed manifest.
// It models what a platform should do; it is not hardened for the Internet (no TLS, no accounts).
import http from 'node:http';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Server, EVENTS } from '@tus/server';
import { FileStore } from '@tus/file-store';
import type { Upload } from '@tus/utils';
import { BidSealError, isBidSealError } from '../shared/errors';
import { parseCertificate, type CertificateSummary } from '../shared/pki/certificate';
import { pemEncode } from '../shared/asn1';
import { SoftwareDecrypter, SoftwareSigner } from '../shared/keystore/software-carrier';
import { findRecipient, inspect } from '../shared/envelope';
import { CUSTODY_MAGIC, inspectCustody, isCustodyContainer } from '../shared/bid/custody';
import { signReceipt, readReceiptPayload, type ReceiptPayload } from '../shared/receipt/receipt';
import type { EnvelopeDecrypter } from '../shared/envelope/recipients';
import type { KeyTransportAlgorithm } from '../shared/pki/carrier';
import { openBid, type OpenBidResult } from '../electron/services/bid/package';
import { writeFileAtomic } from '../electron/services/fs/atomic-write';
import { readFileChunks } from '../electron/services/fs/file-read';
import { digestFile } from '../electron/services/upload/file-digest';

export const DEMO_PKI_DIR = path.join(import.meta.dirname, 'demo-pki');

export interface PlatformPki {
  encryptionCertPem: string;
  encryptionKeyPem: string;
  receiptCertPem: string;
  receiptKeyPem: string;
  caCertPem?: string;
}

export async function loadPki(dir: string = DEMO_PKI_DIR): Promise<PlatformPki> {
  const r = (n: string) => readFile(path.join(dir, n), 'utf8');
  return {
    encryptionCertPem: await r('platform-enc.crt.pem'),
    encryptionKeyPem: await r('platform-enc.key.pem'),
    receiptCertPem: await r('receipt-sign.crt.pem'),
    receiptKeyPem: await r('receipt-sign.key.pem'),
    caCertPem: await r('ca.crt.pem').catch(() => undefined),
  };
}

export interface PlatformServerOptions {
  dataDir: string;
  pki?: PlatformPki;
  platformId?: string;
  /** bids must be complete before this instant; null = no deadline */
  deadline?: Date | null;
  host?: string;
  /** 0 = ephemeral */
  port?: number;
  maxBytes?: number;
  /** "now" (tests) */
  now?: () => Date;
  log?: (line: string) => void;
}

export interface StoredUpload {
  uploadId: string;
  fileName: string;
  size: number;
  sha256: string;
  sm3: string;
  receivedAt: string;
  bidder?: string;
  tender?: string;
  custody: 'envelope' | 'custody';
}

/** A key a bidder released for the opening: the content-encryption key of its own custody share envelope. */
export interface ReleasedKey {
  certificatePem: string;
  /** base64 of the unwrapped key */
  key: string;
}

export interface OpeningResult {
  uploadId: string;
  kind: OpenBidResult['kind'];
  files: string[];
  outDir: string;
  bottomLine: OpenBidResult['report']['bottomLine'];
  manifest?: OpenBidResult['report']['manifest'];
  signer?: string;
}

export interface PlatformServer {
  url: string;
  filesUrl: string;
  port: number;
  platformId: string;
  setDeadline(d: Date | null): void;
  /** opening (开标): decrypt with the platform key (+ released keys) and verify */
  open(uploadId: string, released?: ReleasedKey[]): Promise<OpeningResult>;
  uploads(): Promise<StoredUpload[]>;
  close(): Promise<void>;
}

interface Refusal {
  status_code: number;
  body: string;
}
const refusal = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): Refusal => ({ status_code: status, body: JSON.stringify({ code, message, ...extra }) });

const HEX64 = /^[0-9a-f]{64}$/;

/** A decrypter standing for a bidder who unwrapped its custody share locally and released the key. */
function releasedDecrypter(k: ReleasedKey): EnvelopeDecrypter {
  const cert = parseCertificate(k.certificatePem);
  const key = Uint8Array.from(Buffer.from(k.key, 'base64'));
  if (key.length !== 16 && key.length !== 32) throw new BidSealError('E_INVALID_ARGUMENT', 'a released key is 16 or 32 bytes');
  const algorithms: KeyTransportAlgorithm[] = ['sm2-encrypt', 'rsa-oaep-sha1', 'rsa-oaep-sha256', 'rsa-pkcs1'];
  return { certificateDer: cert.der, algorithms, unwrapKey: async () => key.slice() };
}

export async function startPlatformServer(o: PlatformServerOptions): Promise<PlatformServer> {
  const pki = o.pki ?? (await loadPki());
  const platformId = o.platformId ?? 'reference';
  const now = o.now ?? (() => new Date());
  const log = o.log ?? (() => {});
  let deadline: Date | null = o.deadline ?? null;
  const encCert: CertificateSummary = parseCertificate(pki.encryptionCertPem);
  const receiptSigner = new SoftwareSigner(pki.receiptKeyPem, parseCertificate(pki.receiptCertPem).der, { label: 'receipts' });
  const filesDir = path.join(o.dataDir, 'files');
  const receiptsDir = path.join(o.dataDir, 'receipts');
  const indexDir = path.join(o.dataDir, 'by-sha256');
  const openedDir = path.join(o.dataDir, 'opened');
  for (const d of [filesDir, receiptsDir, indexDir, openedDir]) await mkdir(d, { recursive: true });
  const receiptPath = (id: string) => path.join(receiptsDir, `${id}.receipt.p7m`);
  const recordPath = (id: string) => path.join(receiptsDir, `${id}.json`);
  const safeId = (id: string) => /^[A-Za-z0-9_-]{1,128}$/.test(id);

  const store = new FileStore({ directory: filesDir });
  const afterDeadline = (t: Date) => deadline !== null && t.getTime() > deadline.getTime();
  const deadlineRefusal = (t: Date) =>
    refusal(403, 'E_UPLOAD_DEADLINE_PASSED', `the bid deadline ${deadline!.toISOString()} has passed (now ${t.toISOString()}); the platform accepts no more bids`, { deadline: deadline!.toISOString() });

  async function existing(sha256: string): Promise<{ uploadId: string; receipt: Uint8Array } | undefined> {
    try {
      const id = (await readFile(path.join(indexDir, sha256), 'utf8')).trim();
      return { uploadId: id, receipt: await readFile(receiptPath(id)) };
    } catch {
      return undefined;
    }
  }

  /** Structure and recipients: a CMS envelope or custody container that this platform can open. */
  async function checkEnvelope(file: string): Promise<'envelope' | 'custody'> {
    let prefix = new Uint8Array(0);
    for await (const c of readFileChunks(file)) {
      prefix = Uint8Array.from(c.subarray(0, CUSTODY_MAGIC.length));
      break;
    }
    try {
      if (isCustodyContainer(prefix)) {
        const info = await inspectCustody(readFileChunks(file));
        if (!info.envelopes.some((e) => findRecipient(e, encCert))) throw new BidSealError('E_NOT_A_RECIPIENT', 'no custody share is sealed to the platform encryption certificate');
        return 'custody';
      }
      const info = await inspect(readFileChunks(file));
      if (!findRecipient(info, encCert)) throw new BidSealError('E_NOT_A_RECIPIENT', `the envelope does not list the platform encryption certificate (serial ${encCert.serialNumber})`);
      return 'envelope';
    } catch (e) {
      const msg = isBidSealError(e) ? `${e.code}: ${e.message}` : String(e);
      throw refusal(422, 'E_UPLOAD_ENVELOPE_INVALID', msg);
    }
  }

  async function finish(upload: Upload): Promise<{ status_code?: number; headers?: Record<string, string>; body?: string }> {
    const receivedAt = now();
    const md = upload.metadata ?? {};
    const discard = async (r: Refusal): Promise<never> => {
      await store.remove(upload.id).catch(() => {});
      log(`refused ${upload.id}: ${r.body}`);
      throw r;
    };
    if (afterDeadline(receivedAt)) return discard(deadlineRefusal(receivedAt));
    const file = path.join(filesDir, upload.id);
    const d = await digestFile(file);
    if (d.sha256 !== md.sha256 || d.sm3 !== md.sm3 || d.size !== upload.size) {
      return discard(refusal(460, 'E_UPLOAD_CHECKSUM_MISMATCH', `received SHA-256 ${d.sha256}, SM3 ${d.sm3}, ${d.size} bytes; declared ${md.sha256}, ${md.sm3}, ${upload.size}`));
    }
    const dup = await existing(d.sha256);
    if (dup) {
      await store.remove(upload.id).catch(() => {});
      log(`duplicate ${upload.id} of ${dup.uploadId}`);
      return { status_code: 200, headers: { 'Content-Type': 'application/json', 'Bidseal-Upload-Id': dup.uploadId }, body: JSON.stringify({ uploadId: dup.uploadId, duplicate: true, receipt: Buffer.from(dup.receipt).toString('base64') }) };
    }
    let kind: 'envelope' | 'custody';
    try {
      kind = await checkEnvelope(file);
    } catch (e) {
      return discard(e as Refusal);
    }
    const rec: StoredUpload = {
      uploadId: upload.id,
      fileName: md.filename ?? 'bid.p7m',
      size: d.size,
      sha256: d.sha256,
      sm3: d.sm3,
      receivedAt: receivedAt.toISOString(),
      ...(md.bidder ? { bidder: md.bidder } : {}),
      ...(md.tender ? { tender: md.tender } : {}),
      custody: kind,
    };
    const receipt = await signReceipt({ platformId, uploadId: rec.uploadId, fileName: rec.fileName, size: rec.size, sha256: rec.sha256, sm3: rec.sm3, receivedAt: rec.receivedAt, bidder: rec.bidder, tender: rec.tender }, receiptSigner);
    await writeFileAtomic(receiptPath(upload.id), receipt);
    await writeFileAtomic(recordPath(upload.id), new TextEncoder().encode(JSON.stringify(rec, null, 2)));
    await writeFile(path.join(indexDir, d.sha256), upload.id, { flag: 'wx' }).catch(() => {});
    log(`received ${upload.id} ${rec.fileName} ${rec.size} B sha256 ${rec.sha256}`);
    return { status_code: 200, headers: { 'Content-Type': 'application/json', 'Bidseal-Upload-Id': upload.id }, body: JSON.stringify({ uploadId: upload.id, duplicate: false, receipt: Buffer.from(receipt).toString('base64') }) };
  }

  const tus = new Server({
    path: '/files',
    datastore: store,
    maxSize: o.maxBytes,
    respectForwardedHeaders: false,
    exposedHeaders: ['Bidseal-Upload-Id'],
    onUploadCreate: async (_req, upload) => {
      const t = now();
      if (afterDeadline(t)) throw deadlineRefusal(t);
      const md = upload.metadata ?? {};
      if (!md.sha256 || !HEX64.test(md.sha256) || !md.sm3 || !HEX64.test(md.sm3)) throw refusal(400, 'E_UPLOAD_REJECTED', 'Upload-Metadata must carry sha256 and sm3 (64 lower-case hex digits each)');
      if (!md.filename || md.filename.length > 255) throw refusal(400, 'E_UPLOAD_REJECTED', 'Upload-Metadata must carry filename (≤ 255 characters)');
      if (upload.size === undefined) throw refusal(400, 'E_UPLOAD_REJECTED', 'the upload length must be declared (no deferred length)');
      const dup = await existing(md.sha256);
      if (dup) throw refusal(422, 'E_UPLOAD_DUPLICATE', `this file was already received as ${dup.uploadId}`, { uploadId: dup.uploadId });
      return {};
    },
    onIncomingRequest: async (req) => {
      if (req.method !== 'PATCH') return;
      const t = now();
      if (afterDeadline(t)) throw deadlineRefusal(t);
    },
    onUploadFinish: async (_req, upload) => finish(upload),
  });
  tus.on(EVENTS.POST_CREATE, (_req, upload) => log(`created ${upload.id} (${upload.size} B)`));

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const readBody = async (req: http.IncomingMessage, max = 1 << 20): Promise<string> => {
    let n = 0;
    const parts: Buffer[] = [];
    for await (const c of req) {
      n += (c as Buffer).length;
      if (n > max) throw new BidSealError('E_INVALID_ARGUMENT', 'request body too large');
      parts.push(c as Buffer);
    }
    return Buffer.concat(parts).toString('utf8');
  };

  async function open(uploadId: string, released: ReleasedKey[] = []): Promise<OpeningResult> {
    if (!safeId(uploadId)) throw new BidSealError('E_UPLOAD_NOT_FOUND', uploadId);
    const rec = await readFile(recordPath(uploadId), 'utf8').catch(() => {
      throw new BidSealError('E_UPLOAD_NOT_FOUND', `no completed upload ${uploadId}`);
    });
    const stored = JSON.parse(rec) as StoredUpload;
    // bids stay sealed until the deadline (开标 follows 投标截止); without a deadline the operator decides
    if (deadline && now().getTime() < deadline.getTime()) throw new BidSealError('E_OPENING_FAILED', `the opening is at the deadline ${deadline.toISOString()}; bids stay sealed until then`);
    const decrypters: EnvelopeDecrypter[] = [new SoftwareDecrypter(pki.encryptionKeyPem, encCert.der, { label: 'platform' }), ...released.map(releasedDecrypter)];
    const outDir = path.join(openedDir, uploadId);
    await rm(outDir, { recursive: true, force: true });
    try {
      const r = await openBid(path.join(filesDir, uploadId), decrypters, outDir);
      log(`opened ${uploadId}: ${r.report.bottomLine}, ${r.files.length} files`);
      const sig = r.report.signature;
      return { uploadId, kind: r.kind, files: r.files.map((f) => path.basename(f)), outDir, bottomLine: r.report.bottomLine, manifest: r.report.manifest, signer: sig?.signer ?? undefined };
    } catch (e) {
      if (isBidSealError(e)) throw e;
      throw new BidSealError('E_OPENING_FAILED', String((e as Error)?.message ?? e), { fileName: stored.fileName });
    }
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const p = url.pathname;
      try {
        if (p === '/files' || p.startsWith('/files/')) {
          // bids are never served back: only the tus methods that put them in
          if (req.method === 'GET') return json(res, 405, { code: 'E_FORBIDDEN', message: 'bids cannot be downloaded' });
          return await tus.handle(req, res);
        }
        if (req.method === 'GET' && p === '/platform') {
          return json(res, 200, { platformId, deadline: deadline?.toISOString() ?? null, now: now().toISOString(), encryptionCertificatePem: pemEncode('CERTIFICATE', encCert.der), receiptCertificatePem: pki.receiptCertPem, demo: true });
        }
        if (req.method === 'GET' && p === '/receipts') {
          const sha = url.searchParams.get('sha256') ?? '';
          if (!HEX64.test(sha)) return json(res, 400, { code: 'E_BAD_REQUEST', message: 'sha256=<64 hex>' });
          const e = await existing(sha);
          if (!e) return json(res, 404, { code: 'E_UPLOAD_NOT_FOUND', message: 'no bid with this SHA-256' });
          return json(res, 200, { uploadId: e.uploadId, receipt: Buffer.from(e.receipt).toString('base64') });
        }
        const m = /^\/receipts\/([A-Za-z0-9_-]{1,128})$/.exec(p);
        if (req.method === 'GET' && m) {
          const der = await readFile(receiptPath(m[1])).catch(() => undefined);
          if (!der) return json(res, 404, { code: 'E_UPLOAD_NOT_FOUND', message: 'no receipt for this upload' });
          res.writeHead(200, { 'Content-Type': 'application/pkcs7-mime; smime-type=signed-data', 'Content-Length': der.length, 'Cache-Control': 'no-store' });
          return res.end(der);
        }
        const op = /^\/open\/([A-Za-z0-9_-]{1,128})$/.exec(p);
        if (req.method === 'POST' && op) {
          const text = await readBody(req);
          const body = (text ? JSON.parse(text) : {}) as { released?: ReleasedKey[] };
          return json(res, 200, await open(op[1], body.released ?? []));
        }
        json(res, 404, { code: 'E_NOT_FOUND', message: 'not found' });
      } catch (e) {
        const code = isBidSealError(e) ? e.code : 'E_INTERNAL';
        const status = code === 'E_UPLOAD_NOT_FOUND' ? 404 : code === 'E_INTERNAL' ? 500 : 422;
        log(`error ${req.method} ${p}: ${isBidSealError(e) ? `${e.code} ${e.message}` : String(e)}`);
        if (!res.headersSent) json(res, status, { code, message: isBidSealError(e) ? e.message : 'internal error', ...(isBidSealError(e) && e.details ? { details: e.details } : {}) });
        else res.destroy();
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port ?? 0;
  const base = `http://${o.host ?? '127.0.0.1'}:${port}`;
  log(`platform ${platformId} listening on ${base}/files/ (deadline ${deadline?.toISOString() ?? 'none'})`);
  return {
    url: base,
    filesUrl: `${base}/files/`,
    port,
    platformId,
    setDeadline: (d) => {
      deadline = d;
    },
    open,
    uploads: async () => {
      const out: StoredUpload[] = [];
      for (const f of await readdir(receiptsDir)) if (f.endsWith('.json')) out.push(JSON.parse(await readFile(path.join(receiptsDir, f), 'utf8')) as StoredUpload);
      return out.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The payload of a stored receipt (for listings). */
export async function storedReceipt(dataDir: string, uploadId: string): Promise<ReceiptPayload> {
  return readReceiptPayload(await readFile(path.join(dataDir, 'receipts', `${uploadId}.receipt.p7m`)));
}
