// Runs in Node. Signs many PDFs with one opened carrier (one PIN entry): each file hashed in a stream,
// signed, written to its output via .partial + rename. A failing file is reported and the batch goes on;
// a cancel (AbortSignal) lets the current file finish and skips the rest, so no half-written file exists.
// Used by `bidseal pdf sign-batch` and, later, by the IPC bid-sealing operation.
import { stat } from 'node:fs/promises';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import type { Signer } from '../../../shared/pki/carrier';
import type { SignOptions } from '../../../shared/pdf/sign';
import { signPdfFile } from './file';

export interface BatchFile {
  input: string;
  output: string;
}

/** 'hashing' also copies the bytes to the output (one pass); 'signing' is the carrier (maybe a PIN dialog) and
 *  the appended revision + fsync + rename */
export type BatchPhase = 'hashing' | 'signing' | 'done' | 'failed';

export interface BatchProgress {
  file: string;
  /** 0-based position in the batch */
  index: number;
  total: number;
  phase: BatchPhase;
  bytesDone: number;
  bytesTotal: number;
}

export interface BatchFileResult {
  input: string;
  output: string;
  status: 'signed' | 'failed' | 'skipped';
  fieldName?: string;
  error?: { code: string; message: string };
}

export interface BatchControl {
  /** stops after the file being signed; the rest are 'skipped' */
  signal?: AbortSignal;
  onProgress?: (p: BatchProgress) => void;
  onFileDone?: (r: BatchFileResult) => void;
  /** options that depend on the file (seals placed by its words); a failure fails that file only */
  perFile?: (input: string) => Promise<Partial<Omit<SignOptions, 'certificateDer' | 'signal' | 'onProgress'>>>;
}

export async function signPdfBatch(signer: Signer, files: readonly BatchFile[], opts: Omit<SignOptions, 'certificateDer' | 'signal' | 'onProgress'>, ctl: BatchControl = {}): Promise<BatchFileResult[]> {
  const results: BatchFileResult[] = [];
  for (const [index, f] of files.entries()) {
    if (ctl.signal?.aborted) {
      results.push({ ...f, status: 'skipped' });
      continue;
    }
    let bytesTotal = 0;
    const progress = (phase: BatchPhase, bytesDone: number): void => ctl.onProgress?.({ file: f.input, index, total: files.length, phase, bytesDone, bytesTotal });
    let r: BatchFileResult;
    try {
      bytesTotal = (await stat(f.input).catch(() => ({ size: 0 }))).size;
      progress('hashing', 0);
      const own = ctl.perFile ? await ctl.perFile(f.input) : {};
      const { fieldName } = await signPdfFile(f.input, f.output, signer, {
        ...opts,
        ...own,
        onProgress: (done) => progress(done >= bytesTotal ? 'signing' : 'hashing', done),
      });
      progress('done', bytesTotal);
      r = { ...f, status: 'signed', fieldName };
    } catch (e) {
      const err = isBidSealError(e) ? e : new BidSealError('E_INTERNAL', e instanceof Error ? e.message : String(e));
      progress('failed', 0);
      r = { ...f, status: 'failed', error: { code: err.code, message: err.message } };
    }
    results.push(r);
    ctl.onFileDone?.(r);
  }
  return results;
}
