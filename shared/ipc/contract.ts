// Runs anywhere (pure). The typed IPC contract: one entry per operation with request and response
// schemas (zod). The Electron preload/main and the Node host are both driven by this table, so a
// renderer call means the same thing on either transport.
import { z } from 'zod';
import type { ErrorCode } from '../errors';
import { OPERATIONS, type Operation } from './operations';

export const JobId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'job id');

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'node']),
  platform: z.string(),
  arch: z.string(),
  versions: z.object({ node: z.string(), electron: z.string().optional(), chrome: z.string().optional() }),
});

export const ToolStatus = z.object({
  name: z.string(),
  found: z.boolean(),
  version: z.string().optional(),
  path: z.string().optional(),
  installHint: z.string().optional(),
});

export const DoctorReport = z.object({
  node: z.string(),
  platform: z.string(),
  electron: z.object({ installed: z.boolean(), binaryPresent: z.boolean(), version: z.string().optional(), path: z.string().optional() }),
  pkcs11Modules: z.array(z.object({ path: z.string(), label: z.string() })),
  tools: z.array(ToolStatus),
});

export const HashAlg = z.enum(['sm3', 'sha256']);
export const FileHash = z.object({ path: z.string(), size: z.number().int().nonnegative(), alg: HashAlg, hex: z.string() });

const Empty = z.object({}).strict();

/** Binary payloads (certificates, small key files) travel as base64; 16 MiB at most. */
export const Base64 = z.string().max(22_400_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const CertView = z.object({
  subject: z.string(),
  issuer: z.string(),
  commonName: z.string(),
  organization: z.string().nullable(),
  /** 统一社会信用代码 with its GB 32100 check-character verdict */
  uscc: z.object({ code: z.string(), valid: z.boolean() }).nullable(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  publicKey: z.string(),
  signatureAlgorithm: z.string(),
  keyUsage: z.array(z.string()).nullable(),
  extKeyUsage: z.array(z.string()).nullable(),
  isCa: z.boolean(),
  role: z.enum(['signing', 'encryption', 'dual', 'ca', 'unknown']),
  fingerprintSha256: z.string(),
  fingerprintSm3: z.string(),
  crlDistributionPoints: z.array(z.string()),
  der: Base64,
});
export type CertView = z.infer<typeof CertView>;

export const PairView = z.object({ signing: z.number().int(), encryption: z.number().int(), confidence: z.enum(['high', 'medium', 'low']), reasons: z.array(z.string()) });
export type PairView = z.infer<typeof PairView>;

export const VerdictView = z.object({
  status: z.string(),
  at: z.string(),
  sm2IdPolicy: z.enum(['strict', 'lenient']),
  chain: z.array(CertView),
  sm2IdUsed: z.array(z.enum(['default', 'empty']).nullable()),
  problems: z.array(z.object({ certIndex: z.number().int(), code: z.string(), message: z.string() })),
});
export type VerdictView = z.infer<typeof VerdictView>;

export const TrustEntryView = z.object({ id: z.string(), certificate: CertView, by: z.enum(['user', 'platform-directory', 'bundled']), fileName: z.string().optional(), note: z.string().optional(), importedAt: z.string() });

export const TokenSlotView = z.object({
  slotId: z.string(),
  description: z.string(),
  library: z.string(),
  token: z.object({ label: z.string(), manufacturer: z.string(), model: z.string(), serial: z.string(), pinState: z.enum(['locked', 'final-try', 'count-low', 'to-be-changed', 'ok']), loginRequired: z.boolean() }),
  certificates: z.array(z.object({ label: z.string(), id: z.string(), uri: z.string(), certificate: CertView })),
  /** error code when this token could not be read (the others are still listed) */
  error: z.string().optional(),
});
export type TokenSlotView = z.infer<typeof TokenSlotView>;

const ModulePath = z.string().min(1).max(4096);

/** PINs and passwords travel only inside the one request that needs them; never logged or stored. */
const Secret = z.string().max(256);
export const CarrierRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('token'), uri: z.string().startsWith('pkcs11:').max(4096), modulePath: ModulePath.optional(), pin: Secret.min(1) }).strict(),
  z.object({ kind: z.literal('software'), data: Base64, password: Secret.optional(), certificate: Base64.optional(), fileName: z.string().max(255).optional() }).strict(),
]);

interface OpSpec {
  request: z.ZodType;
  response: z.ZodType;
  /** long job: the request carries a jobId and the handler reports progress events */
  progress?: boolean;
}

export const contract = {
  'app.info': { request: Empty, response: AppInfo },
  'app.doctor': { request: Empty, response: DoctorReport },
  'files.hash': {
    request: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000), alg: HashAlg.default('sm3'), jobId: JobId.optional() }).strict(),
    response: z.object({ files: z.array(FileHash) }),
    progress: true,
  },
  'jobs.cancel': { request: z.object({ jobId: JobId }).strict(), response: z.object({ cancelled: z.boolean() }) },
  'certs.inspect': { request: z.object({ data: Base64 }).strict(), response: z.object({ certificates: z.array(CertView), pairs: z.array(PairView) }) },
  'certs.validate': {
    request: z
      .object({ data: Base64, intermediates: z.array(Base64).max(16).default([]), at: z.iso.datetime({ offset: true }).optional(), sm2IdPolicy: z.enum(['strict', 'lenient']).default('strict'), usage: z.enum(['digitalSignature', 'keyEncipherment']).optional() })
      .strict(),
    response: VerdictView,
  },
  'trust.list': { request: Empty, response: z.object({ entries: z.array(TrustEntryView) }) },
  'trust.import': { request: z.object({ data: Base64, fileName: z.string().max(255).optional() }).strict(), response: z.object({ added: z.number().int(), alreadyPresent: z.number().int() }) },
  'trust.remove': { request: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/) }).strict(), response: z.object({ removed: z.boolean() }) },
  'tokens.modules': { request: z.object({ userPaths: z.array(ModulePath).max(16).default([]) }).strict(), response: z.object({ modules: z.array(z.object({ path: z.string(), label: z.string(), source: z.enum(['search-path', 'user']) })) }) },
  'tokens.slots': { request: z.object({ modulePath: ModulePath }).strict(), response: z.object({ slots: z.array(TokenSlotView) }) },
  'keys.inspect': {
    request: z.object({ data: Base64, password: Secret.optional() }).strict(),
    response: z.object({ format: z.string(), entries: z.array(z.object({ certificate: CertView, keyKind: z.enum(['sm2', 'ec', 'rsa']), canSign: z.boolean(), canDecrypt: z.boolean() })), unpairedKeys: z.number().int(), protection: z.array(z.string()) }),
  },
  'keys.testSign': { request: z.object({ carrier: CarrierRequest }).strict(), response: z.object({ algorithm: z.string(), signer: CertView, verified: z.boolean(), signatureBytes: z.number().int() }) },
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
