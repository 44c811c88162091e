// Runs anywhere (pure, dependency-free for the preload). Operation names: sealed bids: pre-flight, seal, inspect, open, generation history (issue #6).
export const BID_OPERATIONS = [] as const;
export type BidOperation = (typeof BID_OPERATIONS)[number];
