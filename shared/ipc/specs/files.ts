// Runs anywhere (pure). IPC schemas: the document store: import (chunked upload), list, read ranges, export.
import type { OpSpec } from '../schemas';
import type { FilesOperation } from '../ops/files';

export const filesSpecs = {} as const satisfies Record<FilesOperation, OpSpec>;
