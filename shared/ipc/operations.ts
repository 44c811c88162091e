// Runs anywhere (pure, dependency-free so the sandboxed preload can bundle it cheaply).
// The names of all IPC operations; shared/ipc/contract.ts gives each its schemas. Each domain keeps
// its names in shared/ipc/ops/<domain>.ts.
import { APP_OPERATIONS } from './ops/app';
import { KEYS_OPERATIONS } from './ops/keys';
import { FILES_OPERATIONS } from './ops/files';
import { PDF_OPERATIONS } from './ops/pdf';
import { OFD_OPERATIONS } from './ops/ofd';
import { SEALS_OPERATIONS } from './ops/seals';
import { BID_OPERATIONS } from './ops/bid';
import { DOCS_OPERATIONS } from './ops/docs';
import { PLATFORMS_OPERATIONS } from './ops/platforms';
import { UPLOAD_OPERATIONS } from './ops/upload';
import { WORKSPACE_OPERATIONS } from './ops/workspace';
export const OPERATIONS = [
  ...APP_OPERATIONS,
  ...KEYS_OPERATIONS,
  ...FILES_OPERATIONS,
  ...PDF_OPERATIONS,
  ...OFD_OPERATIONS,
  ...SEALS_OPERATIONS,
  ...BID_OPERATIONS,
  ...DOCS_OPERATIONS,
  ...PLATFORMS_OPERATIONS,
  ...UPLOAD_OPERATIONS,
  ...WORKSPACE_OPERATIONS,
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Channel names on the Electron IPC bus (one per operation) and for progress events. */
export const channelOf = (op: Operation): string => `bidseal:${op}`;
export const PROGRESS_CHANNEL = 'bidseal:progress';
