// Runs anywhere (pure, dependency-free for the preload). Operation names: the platform directory and usage statistics.
export const PLATFORMS_OPERATIONS = ['platforms.list', 'platforms.get', 'platforms.importBundle', 'platforms.addCustom', 'platforms.removeCustom', 'stats.monthly', 'stats.export'] as const;
export type PlatformsOperation = (typeof PLATFORMS_OPERATIONS)[number];
