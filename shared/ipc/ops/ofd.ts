// Runs anywhere (pure, dependency-free for the preload). Operation names: OFD documents (GB/T 33190).
export const OFD_OPERATIONS = ['ofd.verify', 'ofd.inspect', 'ofd.page', 'ofd.sign'] as const;
export type OfdOperation = (typeof OFD_OPERATIONS)[number];
