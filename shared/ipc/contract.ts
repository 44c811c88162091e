// Runs anywhere (pure). The typed IPC contract: one entry per operation with request and response
// schemas (zod). The Electron preload/main and the Node host are both driven by this table, so a
// renderer call means the same thing on either transport.
import { z } from 'zod';
import { Base64, CarrierRequest, CertView, DoctorReport, AppInfo, Empty, FileHash, HashAlg, JobId, ModuleId, NativeModuleView, IdentityView, PairView, SkfKeyView, Secret, TokenSlotView, TrustEntryView, VerdictView, type OpSpec } from './schemas';
import type { ErrorCode } from '../errors';
import { OPERATIONS, type Operation } from './operations';
import { FileId, filesSpecs } from './specs/files';
import { pdfSpecs } from './specs/pdf';
import { ofdSpecs } from './specs/ofd';
import { sealsSpecs } from './specs/seals';
import { bidSpecs } from './specs/bid';
import { docsSpecs } from './specs/docs';
import { platformsSpecs } from './specs/platforms';
import { uploadSpecs } from './specs/upload';
import { workspaceSpecs } from './specs/workspace';

export const contract = {
  'app.info': { request: Empty, response: AppInfo },
  'app.doctor': { request: Empty, response: DoctorReport },
  'files.hash': {
    request: z.object({ ids: z.array(FileId).min(1).max(1000), alg: HashAlg.default('sm3'), jobId: JobId.optional() }).strict(),
    response: z.object({ files: z.array(FileHash) }),
    progress: true,
  },
  'jobs.cancel': { request: z.object({ jobId: JobId }).strict(), response: z.object({ cancelled: z.boolean() }) },
  'certs.inspect': { request: z.object({ data: Base64 }).strict(), response: z.object({ certificates: z.array(CertView), pairs: z.array(PairView) }) },
  'certs.validate': {
    request: z
      .object({ data: Base64, intermediates: z.array(Base64).max(16).default([]), at: z.iso.datetime({ offset: true }).optional(), sm2IdPolicy: z.enum(['strict', 'lenient']).default('strict'), usage: z.enum(['digitalSignature', 'keyEncipherment']).optional(), revocation: z.enum(['hard', 'soft']).optional(), fetch: z.boolean().optional() })
      .strict(),
    response: VerdictView,
  },
  'trust.list': { request: Empty, response: z.object({ entries: z.array(TrustEntryView) }) },
  'trust.import': { request: z.object({ data: Base64, fileName: z.string().max(255).optional() }).strict(), response: z.object({ added: z.number().int(), alreadyPresent: z.number().int() }) },
  'trust.remove': { request: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/) }).strict(), response: z.object({ removed: z.boolean() }) },
  'tokens.modules': { request: Empty, response: z.object({ modules: z.array(NativeModuleView) }) },
  /** Electron: the user picks a driver in a native dialog and confirms loading it; remembered as their choice */
  'tokens.addModule': { request: Empty, response: z.object({ module: NativeModuleView.nullable() }) },
  'tokens.forgetModule': { request: z.object({ moduleId: ModuleId }).strict(), response: z.object({ removed: z.boolean() }) },
  'tokens.slots': { request: z.object({ moduleId: ModuleId }).strict(), response: z.object({ slots: z.array(TokenSlotView) }) },
  /** SKF USB keys plugged in now, through every allow-listed SKF library (found in the usual places or picked in the main process) */
  'tokens.skf': { request: Empty, response: z.object({ libraries: z.array(z.object({ path: z.string(), label: z.string(), source: z.enum(['search-path', 'user']) })), keys: z.array(SkfKeyView), errors: z.array(z.object({ library: z.string(), code: z.string() })) }) },
  /** the key manager: the bidder's identities across carriers, judged against the project's opening time */
  'keys.identities': { request: z.object({ bidder: z.string().min(1).max(256), project: z.string().min(1).max(256), openingTime: z.iso.datetime({ offset: true }).optional() }).strict(), response: z.object({ identities: z.array(IdentityView) }) },
  /** remembers the identity of a USB key (its certificates read from it) or a key file (opened once with its password, kept encrypted) */
  'keys.remember': {
    request: z.object({ carrier: z.discriminatedUnion('kind', [z.object({ kind: z.literal('skf'), uri: z.string().startsWith('skf:').max(4096) }).strict(), z.object({ kind: z.literal('software'), data: Base64, password: Secret.optional(), fileName: z.string().max(255) }).strict()]), label: z.string().max(256).optional() }).strict(),
    response: z.object({ id: z.string() }),
  },
  'keys.choose': { request: z.object({ bidder: z.string().min(1).max(256), project: z.string().min(1).max(256), id: z.string().regex(/^[0-9a-f]{32}$/) }).strict(), response: Empty },
  /** the user picks an SKF library in the main process's file dialog (the renderer never names a path); it joins the allow-list */
  'tokens.pickSkf': { request: Empty, response: z.object({ path: z.string().nullable() }) },
  'keys.inspect': {
    request: z.object({ data: Base64, password: Secret.optional() }).strict(),
    response: z.object({ format: z.string(), entries: z.array(z.object({ certificate: CertView, keyKind: z.enum(['sm2', 'ec', 'rsa']), canSign: z.boolean(), canDecrypt: z.boolean() })), unpairedKeys: z.number().int(), protection: z.array(z.string()) }),
  },
  'keys.testSign': { request: z.object({ carrier: CarrierRequest }).strict(), response: z.object({ algorithm: z.string(), signer: CertView, verified: z.boolean(), signatureBytes: z.number().int() }) },
  ...filesSpecs,
  ...pdfSpecs,
  ...ofdSpecs,
  ...sealsSpecs,
  ...bidSpecs,
  ...docsSpecs,
  ...platformsSpecs,
  ...uploadSpecs,
  ...workspaceSpecs,
} as const satisfies Record<Operation, OpSpec>;

export type Contract = typeof contract;
export type Request<K extends Operation> = z.input<Contract[K]['request']>;
export type ParsedRequest<K extends Operation> = z.output<Contract[K]['request']>;
export type Response<K extends Operation> = z.output<Contract[K]['response']>;

export interface IpcError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Progress of a long job, keyed by the job id the caller chose. */
export const ProgressEvent = z.object({
  jobId: JobId,
  phase: z.string(),
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative().optional(),
  item: z.string().optional(),
});
export type ProgressEvent = z.infer<typeof ProgressEvent>;

export const isOperation = (s: unknown): s is Operation => typeof s === 'string' && (OPERATIONS as readonly string[]).includes(s);

/** The renderer-facing client: one typed method per operation. */
export type Client = { [K in Operation]: (req: Request<K>) => Promise<Result<Response<K>>> } & {
  onProgress(listener: (e: ProgressEvent) => void): () => void;
};

export { OPERATIONS, type Operation };
export * from './schemas';
