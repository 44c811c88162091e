// Runs anywhere (pure). The typed IPC contract: one entry per operation with request and response
// schemas (zod). The Electron preload/main and the Node host are both driven by this table, so a
// renderer call means the same thing on either transport.
import { z } from 'zod';
import { JobId, type OpSpec } from './schemas';
import type { ErrorCode } from '../errors';
import { OPERATIONS, type Operation } from './operations';
import { filesSpecs } from './specs/files';
import { appSpecs } from './specs/app';
import { keysSpecs } from './specs/keys';
import { pdfSpecs } from './specs/pdf';
import { ofdSpecs } from './specs/ofd';
import { sealsSpecs } from './specs/seals';
import { bidSpecs } from './specs/bid';
import { docsSpecs } from './specs/docs';
import { platformsSpecs } from './specs/platforms';
import { uploadSpecs } from './specs/upload';
import { workspaceSpecs } from './specs/workspace';

export const contract = {
  ...appSpecs,
  ...keysSpecs,
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
