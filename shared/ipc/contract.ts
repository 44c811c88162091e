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
