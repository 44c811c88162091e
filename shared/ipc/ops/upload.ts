// Runs anywhere (pure, dependency-free for the preload). Operation names: uploads, outbox and receipts (issue #8).
export const UPLOAD_OPERATIONS = [] as const;
export type UploadOperation = (typeof UPLOAD_OPERATIONS)[number];
