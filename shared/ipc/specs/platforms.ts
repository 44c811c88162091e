// Runs anywhere (pure). IPC schemas: the platform directory and usage statistics.
// Profiles travel as the PlatformProfile schema itself (shared/platforms/profile.ts); the directory's
// status says which signed bundle is in use and whether an installed one was ignored.
import { z } from 'zod';
import { Base64, type OpSpec } from '../schemas';
import type { PlatformsOperation } from '../ops/platforms';
import { PlatformId, PlatformProfile } from '../../platforms/profile';
import { CustomPlatformInput } from '../../platforms/custom';
import { StoredFileView } from './files';

export const DirectoryStatusView = z.object({
  source: z.enum(['shipped', 'installed']),
  version: z.number().int(),
  issuedAt: z.string(),
  keyId: z.string(),
  sm3: z.string(),
  platformCount: z.number().int(),
  shippedVersion: z.number().int(),
  installedIgnored: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type DirectoryStatusView = z.infer<typeof DirectoryStatusView>;

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
const UsageRowView = z.object({
  month: z.string(),
  platformId: z.string().nullable(),
  platformName: z.object({ zh: z.string(), en: z.string() }),
  sealed: z.number().int(),
  uploaded: z.number().int(),
  uploadFailed: z.number().int(),
  certificates: z.number().int(),
});

export const platformsSpecs = {
  'platforms.list': { request: z.object({}).strict(), response: z.object({ platforms: z.array(PlatformProfile), directory: DirectoryStatusView }) },
  'platforms.get': { request: z.object({ id: z.string().min(1).max(64) }).strict(), response: PlatformProfile },
  /** a newer signed directory bundle: the JSON bytes and the detached SM2 signature */
  'platforms.importBundle': { request: z.object({ data: Base64.max(11_200_000), signature: Base64.max(400) }).strict(), response: DirectoryStatusView },
  'platforms.addCustom': { request: CustomPlatformInput, response: PlatformProfile },
  'platforms.removeCustom': { request: z.object({ id: PlatformId }).strict(), response: z.object({ removed: z.boolean() }) },
  'stats.monthly': { request: z.object({ month: Month.optional(), platformId: z.string().max(64).optional() }).strict(), response: z.object({ rows: z.array(UsageRowView) }) },
  /** writes the report into the document store (kind 'report') */
  'stats.export': { request: z.object({ format: z.enum(['csv', 'xlsx']), month: Month.optional(), lang: z.enum(['zh', 'en']).default('zh') }).strict(), response: StoredFileView },
} as const satisfies Record<PlatformsOperation, OpSpec>;
