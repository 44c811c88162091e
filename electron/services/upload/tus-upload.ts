// Runs in Node (Electron main, the Node host, the CLI). One resumable upload over tus 1.0 with
// tus-js-client: the file streams from disk in 8 MiB PATCH chunks, transient failures retry with
// backoff (tus-js-client retryDelays; HEAD finds the server's offset), and the upload URL is handed to
// the caller the moment the server creates it, so a later process resumes from the offset the server
// holds (the caller persists it; tus-js-client's own fingerprint storage is not used). SHA-256 and SM3
// go in Upload-Metadata; the platform recomputes them on completion and answers with its receipt.
import { createReadStream } from 'node:fs';
import { Upload, type DetailedError, type HttpResponse } from 'tus-js-client';
import { BidSealError, isErrorCode, type ErrorCode } from '../../../shared/errors';

export const CHUNK_SIZE = 8 * 1024 * 1024;
/** in-upload retries (tus-js-client): 0 s, 1 s, 3 s, 5 s, 10 s, 20 s; the outbox retries further */
export const RETRY_DELAYS = [0, 1000, 3000, 5000, 10_000, 20_000];

export interface TusUploadOptions {
  file: string;
  size: number;
  endpoint: string;
  /** resume here (an upload URL from an earlier run) */
  uploadUrl?: string;
  metadata: Record<string, string>;
  chunkSize?: number;
  retryDelays?: number[];
  onUrl?(url: string): void | Promise<void>;
  onProgress?(bytesSent: number, bytesTotal: number): void;
  signal?: AbortSignal;
}

export interface TusUploadResult {
  uploadUrl: string;
  /** the tus upload id: the last path segment of the upload URL */
  uploadId: string;
  /** the server's JSON answer to the final PATCH (the reference platform: { uploadId, duplicate, receipt }) */
  body?: { uploadId?: string; duplicate?: boolean; receipt?: string };
  /** the offset of the last resume (a PATCH after HEAD); 0 when the bytes went in one go */
  resumedFrom: number;
}

/** A refusal the platform stated (4xx with our JSON body), or a transport failure. */
export function uploadErrorOf(e: unknown): BidSealError {
  if (e instanceof BidSealError) return e;
  const de = e as Partial<DetailedError> & { message?: string };
  const res: HttpResponse | null | undefined = de?.originalResponse;
  if (res) {
    const status = res.getStatus();
    let body: { code?: string; message?: string; uploadId?: string; deadline?: string } = {};
    try {
      body = JSON.parse(res.getBody() || '{}') as typeof body;
    } catch {
      body = { message: (res.getBody() || '').slice(0, 300) };
    }
    const code: ErrorCode = body.code && isErrorCode(body.code) && body.code.startsWith('E_') ? body.code : status === 413 ? 'E_UPLOAD_TOO_LARGE' : status >= 500 ? 'E_UPLOAD_NETWORK' : 'E_UPLOAD_REJECTED';
    return new BidSealError(code, body.message ?? `HTTP ${status}`, { status, ...(body.uploadId ? { uploadId: body.uploadId } : {}), ...(body.deadline ? { deadline: body.deadline } : {}) });
  }
  return new BidSealError('E_UPLOAD_NETWORK', String(de?.message ?? e).slice(0, 300));
}

export function uploadIdOf(url: string): string {
  const seg = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
  return decodeURIComponent(seg);
}

export function tusUpload(o: TusUploadOptions): Promise<TusUploadResult> {
  return new Promise<TusUploadResult>((resolve, reject) => {
    if (o.signal?.aborted) return reject(new BidSealError('E_CANCELLED', 'upload paused'));
    let resumedFrom = 0;
    let lastMethod = '';
    let settled = false;
    const upload = new Upload(createReadStream(o.file), {
      endpoint: o.endpoint,
      uploadUrl: o.uploadUrl ?? null,
      uploadSize: o.size,
      metadata: o.metadata,
      chunkSize: o.chunkSize ?? CHUNK_SIZE,
      retryDelays: o.retryDelays ?? RETRY_DELAYS,
      storeFingerprintForResuming: false,
      removeFingerprintOnSuccess: false,
      onUploadUrlAvailable: () => {
        if (upload.url) void o.onUrl?.(upload.url);
      },
      onBeforeRequest: (req) => {
        // a PATCH right after a HEAD continues from the offset the server reported: a resume
        if (req.getMethod() === 'PATCH' && lastMethod === 'HEAD') resumedFrom = Number(req.getHeader('Upload-Offset') ?? 0);
        lastMethod = req.getMethod();
      },
      onProgress: (sent, total) => o.onProgress?.(sent, total),
      onShouldRetry: (err) => {
        const status = err.originalResponse?.getStatus() ?? 0;
        // our platform refusals are final; 409 (offset conflict), 423 (locked) and 5xx / network retry
        return status === 0 || status >= 500 || status === 409 || status === 423;
      },
      onSuccess: ({ lastResponse }) => {
        settled = true;
        o.signal?.removeEventListener('abort', onAbort);
        let body: TusUploadResult['body'];
        try {
          const text = lastResponse.getBody();
          if (text) body = JSON.parse(text) as TusUploadResult['body'];
        } catch {
          body = undefined;
        }
        const url = upload.url ?? '';
        resolve({ uploadUrl: url, uploadId: uploadIdOf(url), body, resumedFrom });
      },
      onError: (err) => {
        settled = true;
        o.signal?.removeEventListener('abort', onAbort);
        reject(uploadErrorOf(err));
      },
    });
    const onAbort = () => {
      if (settled) return;
      settled = true;
      void upload.abort(false).finally(() => reject(new BidSealError('E_CANCELLED', 'upload paused')));
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    upload.start();
  });
}
