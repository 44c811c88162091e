// Runs in Node. Sealing a bid (密封投标文件), the one flow behind `bidseal seal` and the app's bid.preflight /
// bid.seal alike:
//
//   plan       who the bid is sealed to and how (platform profile or certificates; seal-plan.ts)
//   pre-flight the one check list (shared/bid/preflight.ts) with revocation, sizes and seal coverage;
//              any failure stops here, before a byte is written
//   package    documents → ZIP + manifest.json + manifest.p7s signed by the bidder (package.ts)
//   encrypt    → CMS envelope or custody container, written at `.partial` names, backup copy beside it
//   self-check recipients listed, sizes, and the test decryption with the bidder's own key (prepareSeal)
//   record     renamed into place and appended to the generation history (destination.commit)
//
// Callers differ only in where the files go: a path the user named (the CLI, with a commit journal so that
// a process killed half-way rolls forward; docs/CRASH-CONSISTENCY.md) or the document store (the app).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { SignatureAlgorithm, Signer } from '../../../shared/pki/carrier';
import type { EnvelopeDecrypter } from '../../../shared/envelope/recipients';
import { preflightError, type PreflightCheck } from '../../../shared/bid/preflight';
import { isBidSealError } from '../../../shared/errors';
import { fileError } from '../fs/file-hash';
import { sealCoverageOf } from '../pdf/text';
import { ofdSignaturesOf } from '../ofd/ops';
import { prepareSeal, type BidProgress, type PreparedSeal, type SealBidResult } from './package';
import { planChecks, sealPlan, type SealPlan, type SealPlanInput } from './seal-plan';
import { appendRecord, commitSeal, recordOfSeal, type BidRecord } from './history';
import type { FileStore, StoredFile } from '../documents/file-store';

/** A document of the bid: where it is, and its name inside the package. */
export interface SealDocument {
  path: string;
  name: string;
}

export interface SealMeta {
  tenderId: string;
  lot?: string;
  bidderName: string;
  /** 统一社会信用代码; upper-cased here */
  bidderUscc: string;
  title?: string;
  projectId?: string;
}

export interface PreflightJob {
  target: SealPlanInput;
  documents: readonly SealDocument[];
  openingTime: Date;
  /** the bidder's signing certificate, when known */
  signer?: Uint8Array;
  bidderUscc?: string;
  /** unknown revocation status: hard = fail (the CLI's default), soft = warn (the app, offline) */
  revocation: 'hard' | 'soft';
  /** network allowed for OCSP and CRLs */
  fetch?: boolean;
}

export interface SealJob extends Omit<PreflightJob, 'signer' | 'bidderUscc'> {
  meta: SealMeta;
  signer: Signer;
  alg?: SignatureAlgorithm;
  /** the bidder's own decryption keys: the test decryption before anything is renamed into place */
  selfCheckWith?: EnvelopeDecrypter[];
  /** the check list, as soon as it is known (the CLI prints it; warnings included) */
  onChecks?: (checks: PreflightCheck[]) => void;
  onProgress?: BidProgress;
  signal?: AbortSignal;
}

/** What a destination adds to the history record. */
export interface RecordExtra {
  title?: string;
  projectId?: string;
  platformId?: string;
  openingTime?: Date;
}

export interface Committed {
  historyId?: string;
  /** the sealed bid stands but is not in the history yet (the next start retries) */
  historyError?: { code: string; message: string };
  /** the store's entries, for the app */
  sealed?: StoredFile;
  backup?: StoredFile;
}

/** Where a sealed bid goes: the files are written (atomically) at these paths, then committed. */
export interface SealDestination {
  sealedPath: string;
  backupPath?: string;
  commit(prepared: PreparedSeal, extra: RecordExtra): Promise<Committed>;
  abort(): Promise<void>;
}

export interface SealOutcome extends Committed {
  plan: SealPlan;
  checks: PreflightCheck[];
  result: SealBidResult;
}

async function totalBytes(docs: readonly SealDocument[]): Promise<number> {
  let n = 0;
  for (const d of docs) {
    n += (
      await stat(d.path).catch((e) => {
        throw fileError(e, d.path);
      })
    ).size;
  }
  return n;
}

/** The plan and its check list, without writing anything (the wizard's pre-flight page, `seal` before sealing). */
export async function preflightBid(dataDir: string, job: PreflightJob): Promise<{ plan: SealPlan; ok: boolean; checks: PreflightCheck[]; totalBytes: number }> {
  const plan = await sealPlan(dataDir, job.target);
  const total = await totalBytes(job.documents);
  const r = await planChecks(plan, {
    dataDir,
    revocation: job.revocation,
    ...(job.fetch ? { fetch: true } : {}),
    ...(job.signer ? { signer: job.signer } : {}),
    ...(job.bidderUscc ? { bidderUscc: job.bidderUscc } : {}),
    openingTime: job.openingTime,
    totalBytes: total,
    sealCoverage: await sealCoverageOf(job.documents),
    ofdSignatures: await ofdSignaturesOf(job.documents),
  });
  return { plan, ...r, totalBytes: total };
}

/** Seals a bid: plan → pre-flight → package → sign → encrypt → self-check → commit and record. */
export async function sealBidJob(dataDir: string, job: SealJob, destination: (plan: SealPlan) => Promise<SealDestination>): Promise<SealOutcome> {
  const uscc = job.meta.bidderUscc.toUpperCase();
  const pre = await preflightBid(dataDir, { ...job, signer: job.signer.certificateDer, bidderUscc: uscc });
  job.onChecks?.(pre.checks);
  if (!pre.ok) throw preflightError(pre.checks);
  const plan = pre.plan;
  const dest = await destination(plan);
  let prepared: PreparedSeal;
  try {
    prepared = await prepareSeal(
      {
        files: [...job.documents],
        meta: { tenderId: job.meta.tenderId, ...(job.meta.lot ? { lot: job.meta.lot } : {}), platformId: plan.platformId, bidder: { name: job.meta.bidderName, uscc } },
        signer: job.signer,
        ...(job.alg ? { alg: job.alg } : {}),
        recipients: plan.recipients,
        contentCipher: plan.contentCipher,
        ...(plan.cmsFlavour ? { flavour: plan.cmsFlavour, flavourStrict: plan.cmsFlavourStrict } : {}),
        custody: plan.custody,
        openingTime: job.openingTime,
        ...(dest.backupPath ? { backupPath: dest.backupPath } : {}),
        ...(job.selfCheckWith?.length ? { selfCheckWith: job.selfCheckWith } : {}),
        ...(job.onProgress ? { onProgress: job.onProgress } : {}),
        ...(job.signal ? { signal: job.signal } : {}),
      },
      dest.sealedPath,
    );
  } catch (e) {
    await dest.abort();
    throw e;
  }
  const committed = await dest.commit(prepared, {
    ...(job.meta.title ? { title: job.meta.title } : {}),
    ...(job.meta.projectId ? { projectId: job.meta.projectId } : {}),
    ...(job.target.platformId ? { platformId: job.target.platformId } : {}),
    openingTime: job.openingTime,
  });
  return { plan, checks: pre.checks, result: prepared.result, ...committed };
}

const historyFailure = (e: unknown) => ({ code: isBidSealError(e) ? e.code : 'E_INTERNAL', message: (e as Error).message });

/**
 * Files at paths the user named (the CLI): `out` and, with `backupDir`, `<backupDir>/<name>.backup.zip`;
 * committed through a commit note so that a kill between the renames and the record rolls forward.
 */
export function pathDestination(dataDir: string, out: string, backupDir?: string): SealDestination {
  const backupPath = backupDir ? path.join(backupDir, `${path.basename(out).replace(/\.(p7m|bid)$/i, '')}.backup.zip`) : undefined;
  return {
    sealedPath: out,
    ...(backupPath ? { backupPath } : {}),
    async commit(prepared, extra) {
      const c = await commitSeal(dataDir, prepared, extra);
      return { ...(c.record ? { historyId: c.record.id } : {}), ...(c.historyError ? { historyError: historyFailure(c.historyError) } : {}) };
    },
    abort: async () => {},
  };
}

/** Files in the document store (the app): the sealed bid and the backup copy become store entries. */
export async function storeDestination(dataDir: string, store: FileStore, o: { base: string; tags: Record<string, string>; backup: boolean }): Promise<SealDestination> {
  const sealedOut = await store.output({ name: `${o.base}.p7m`, tags: o.tags, mediaType: 'application/pkcs7-mime' });
  const backupOut = o.backup ? await store.output({ name: `${o.base}.backup.zip`, tags: { ...o.tags, kind: 'bid-backup' }, mediaType: 'application/zip' }) : undefined;
  let sealed: StoredFile | undefined;
  let backup: StoredFile | undefined;
  const abort = async () => {
    if (!sealed) await sealedOut.abort();
    if (backupOut && !backup) await backupOut.abort();
  };
  return {
    sealedPath: sealedOut.tempPath,
    ...(backupOut ? { backupPath: backupOut.tempPath } : {}),
    abort,
    async commit(prepared, extra) {
      const r = prepared.result;
      try {
        await prepared.commit();
        sealed = await sealedOut.commit({ sm3: r.sm3 });
        if (backupOut) backup = await backupOut.commit({ sm3: r.packageSm3 });
      } catch (e) {
        await abort();
        throw e;
      }
      let record: BidRecord | undefined;
      let historyError: Committed['historyError'];
      try {
        record = await appendRecord(
          dataDir,
          recordOfSeal(r, { ...extra, sealedFileId: sealed.id, sealedPath: await store.pathOf(sealed.id), ...(backup ? { backupFileId: backup.id, backupPath: await store.pathOf(backup.id) } : {}) }),
        );
      } catch (e) {
        historyError = historyFailure(e);
      }
      return { sealed, ...(backup ? { backup } : {}), ...(record ? { historyId: record.id } : {}), ...(historyError ? { historyError } : {}) };
    },
  };
}
