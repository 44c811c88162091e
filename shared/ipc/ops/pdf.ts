// Runs anywhere (pure, dependency-free for the preload). Operation names: PDF signing, seals and verification.
export const PDF_OPERATIONS = ['pdf.inspect', 'pdf.sealPlaces', 'pdf.sign', 'pdf.signBatch', 'pdf.verify'] as const;
export type PdfOperation = (typeof PDF_OPERATIONS)[number];
