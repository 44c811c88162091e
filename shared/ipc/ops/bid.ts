// Runs anywhere (pure, dependency-free for the preload). Operation names: sealed bids: pre-flight, seal, inspect, open, generation history.
export const BID_OPERATIONS = ['bid.preflight', 'bid.seal', 'bid.inspect', 'bid.open', 'bid.history'] as const;
export type BidOperation = (typeof BID_OPERATIONS)[number];
