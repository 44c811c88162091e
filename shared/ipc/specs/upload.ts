// Runs anywhere (pure). IPC schemas: uploads, outbox and receipts (issue #8).
import type { OpSpec } from '../schemas';
import type { UploadOperation } from '../ops/upload';

export const uploadSpecs = {} as const satisfies Record<UploadOperation, OpSpec>;
