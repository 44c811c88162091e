// Runs anywhere (pure). IPC schemas: the platform directory and usage statistics (issue #8).
import type { OpSpec } from '../schemas';
import type { PlatformsOperation } from '../ops/platforms';

export const platformsSpecs = {} as const satisfies Record<PlatformsOperation, OpSpec>;
