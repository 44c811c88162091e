// Runs anywhere (pure). IPC schemas: PDF signing, seals and verification (issue #5).
import type { OpSpec } from '../schemas';
import type { PdfOperation } from '../ops/pdf';

export const pdfSpecs = {} as const satisfies Record<PdfOperation, OpSpec>;
