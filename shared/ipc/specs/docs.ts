// Runs anywhere (pure). IPC schemas: documents generated from the vault: bid letter, authorisation letter (issue #7).
import type { OpSpec } from '../schemas';
import type { DocsOperation } from '../ops/docs';

export const docsSpecs = {} as const satisfies Record<DocsOperation, OpSpec>;
