// Runs anywhere (pure, dependency-free for the preload). Operation names: the platform directory and usage statistics (issue #8).
export const PLATFORMS_OPERATIONS = [] as const;
export type PlatformsOperation = (typeof PLATFORMS_OPERATIONS)[number];
