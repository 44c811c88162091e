// Runs anywhere (pure, dependency-free so the sandboxed preload can bundle it cheaply).
// The names of all IPC operations; shared/ipc/contract.ts gives each its schemas.
export const OPERATIONS = [
  'app.info',
  'app.doctor',
  'files.hash',
  'jobs.cancel',
  'certs.inspect',
  'certs.validate',
  'trust.list',
  'trust.import',
  'trust.remove',
  'tokens.modules',
  'tokens.slots',
  'keys.inspect',
  'keys.testSign',
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Channel names on the Electron IPC bus (one per operation) and for progress events. */
export const channelOf = (op: Operation): string => `bidseal:${op}`;
export const PROGRESS_CHANNEL = 'bidseal:progress';
