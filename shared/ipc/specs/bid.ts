// Runs anywhere (pure). IPC schemas: sealed bids: pre-flight, seal, inspect, open, generation history (issue #6).
import type { OpSpec } from '../schemas';
import type { BidOperation } from '../ops/bid';

export const bidSpecs = {} as const satisfies Record<BidOperation, OpSpec>;
