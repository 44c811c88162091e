// Runs anywhere (pure, dependency-free for the preload). Operation names: uploads, outbox and receipts.
export const UPLOAD_OPERATIONS = ['upload.enqueue', 'upload.list', 'upload.start', 'upload.pause', 'upload.resume', 'upload.cancel', 'upload.remove', 'upload.receipt', 'receipt.verify', 'upload.portalPlan', 'upload.portalPrepare', 'upload.portalOpen', 'upload.portalAttach', 'upload.portalList'] as const;
export type UploadOperation = (typeof UPLOAD_OPERATIONS)[number];
