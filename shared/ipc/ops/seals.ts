// Runs anywhere (pure, dependency-free for the preload). Operation names: the bidder's seal library (electronic
// seals, GB/T 38540 / GM/T 0031), kept in the document store.
export const SEALS_OPERATIONS = ['seals.list', 'seals.pick', 'seals.adopt', 'seals.remove', 'seals.check'] as const;
export type SealsOperation = (typeof SEALS_OPERATIONS)[number];
