// Runs anywhere (pure). Schemas shared by several operations of the IPC contract (certificates,
// key carriers, binary payloads). Each domain's operations live in shared/ipc/specs/<domain>.ts and
// import what they need from here; shared/ipc/contract.ts joins them into one table.
import { z } from 'zod';

export const JobId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'job id');

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'node']),
  platform: z.string(),
  arch: z.string(),
  versions: z.object({ node: z.string(), electron: z.string().optional(), chrome: z.string().optional() }),
});

export const ToolStatus = z.object({
  name: z.string(),
  found: z.boolean(),
  version: z.string().optional(),
  path: z.string().optional(),
  installHint: z.string().optional(),
});

export const DoctorReport = z.object({
  node: z.string(),
  platform: z.string(),
  electron: z.object({ installed: z.boolean(), binaryPresent: z.boolean(), version: z.string().optional(), path: z.string().optional() }),
  pkcs11Modules: z.array(z.object({ path: z.string(), label: z.string() })),
  tools: z.array(ToolStatus),
});

export const HashAlg = z.enum(['sm3', 'sha256']);
export const FileHash = z.object({ id: z.string(), name: z.string(), size: z.number().int().nonnegative(), alg: HashAlg, hex: z.string() });

export const Empty = z.object({}).strict();

/** Binary payloads (certificates, small key files) travel as base64; 16 MiB at most. */
export const Base64 = z.string().max(22_400_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const CertView = z.object({
  subject: z.string(),
  issuer: z.string(),
  commonName: z.string(),
  organization: z.string().nullable(),
  /** 统一社会信用代码 with its GB 32100 check-character verdict */
  uscc: z.object({ code: z.string(), valid: z.boolean() }).nullable(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  publicKey: z.string(),
  signatureAlgorithm: z.string(),
  keyUsage: z.array(z.string()).nullable(),
  extKeyUsage: z.array(z.string()).nullable(),
  isCa: z.boolean(),
  role: z.enum(['signing', 'encryption', 'dual', 'ca', 'unknown']),
  fingerprintSha256: z.string(),
  fingerprintSm3: z.string(),
  crlDistributionPoints: z.array(z.string()),
  der: Base64,
});
export type CertView = z.infer<typeof CertView>;

export const PairView = z.object({ signing: z.number().int(), encryption: z.number().int(), confidence: z.enum(['high', 'medium', 'low']), reasons: z.array(z.string()) });
export type PairView = z.infer<typeof PairView>;

export const VerdictView = z.object({
  status: z.string(),
  at: z.string(),
  sm2IdPolicy: z.enum(['strict', 'lenient']),
  chain: z.array(CertView),
  sm2IdUsed: z.array(z.enum(['default', 'empty']).nullable()),
  problems: z.array(z.object({ certIndex: z.number().int(), code: z.string(), message: z.string() })),
  /** revocation-unknown problems that did not fail the path (soft-fail policy) */
  warnings: z.array(z.object({ certIndex: z.number().int(), code: z.string(), message: z.string() })).default([]),
  revocationPolicy: z.enum(['hard', 'soft']).default('hard'),
  /** per chain index: revocation outcome */
  revocation: z.array(z.enum(['good', 'revoked', 'unknown', 'not-checked'])).default([]),
  /** per chain index: the evidence used (CRL or OCSP response: issuer/responder, dates, source) */
  evidence: z
    .array(
      z.array(
        z.object({
          kind: z.enum(['crl', 'ocsp']),
          /** CRL issuer or OCSP responder */
          by: z.string(),
          /** CRL thisUpdate or OCSP producedAt */
          produced: z.string(),
          nextUpdate: z.string().optional(),
          crlNumber: z.string().optional(),
          delta: z.boolean().optional(),
          source: z.string().optional(),
        }),
      ),
    )
    .default([]),
  /** policies the leaf is valid for */
  policies: z.array(z.string()).default([]),
});
export type VerdictView = z.infer<typeof VerdictView>;

export const TrustEntryView = z.object({ id: z.string(), certificate: CertView, by: z.enum(['user', 'platform-directory', 'bundled']), fileName: z.string().optional(), note: z.string().optional(), importedAt: z.string() });

const PinStateView = z.enum(['locked', 'final-try', 'count-low', 'to-be-changed', 'ok']);

/** A container on an SKF USB key, for the identity picker (retry counts shown before the PIN is typed). */
export const SkfKeyView = z.object({
  uri: z.string(),
  library: z.string(),
  device: z.string(),
  application: z.string(),
  container: z.string(),
  label: z.string(),
  pin: z.object({ state: PinStateView, remaining: z.number().int(), max: z.number().int() }).nullable(),
  signCertificate: CertView.nullable(),
  encCertificate: CertView.nullable(),
});
export type SkfKeyView = z.infer<typeof SkfKeyView>;

/** An identity of the key manager, judged for one bidder and project. */
export const IdentityView = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['skf', 'pkcs11', 'file']),
  /** the skf:/pkcs11: URI or the key file's original name */
  location: z.string(),
  signCertificate: CertView.nullable(),
  encCertificate: CertView.nullable(),
  validity: z.enum(['ok', 'not-yet-valid', 'expired', 'expires-before-opening']),
  chosen: z.boolean(),
});
export type IdentityView = z.infer<typeof IdentityView>;
export const IdentityId = z.string().regex(/^[0-9a-f]{32}$/, 'identity id');

/** What an identity asks for before use (keys.pinInfo): read without logging in. */
export const PinInfoView = z.object({
  /** 'pin' for a USB key, 'password' for an encrypted key file, 'none' for an unencrypted one */
  secret: z.enum(['pin', 'password', 'none']),
  /** the USB key is plugged in (a key file is always present) */
  present: z.boolean(),
  /** the PIN state; remaining/max where the carrier reports a counter (SKF), not for PKCS#11 (flags only) */
  pin: z.object({ state: PinStateView, remaining: z.number().int().optional(), max: z.number().int().optional() }).nullable(),
});
export type PinInfoView = z.infer<typeof PinInfoView>;

export const TokenSlotView = z.object({
  slotId: z.string(),
  description: z.string(),
  library: z.string(),
  token: z.object({ label: z.string(), manufacturer: z.string(), model: z.string(), serial: z.string(), pinState: z.enum(['locked', 'final-try', 'count-low', 'to-be-changed', 'ok']), loginRequired: z.boolean() }),
  certificates: z.array(z.object({ label: z.string(), id: z.string(), uri: z.string(), certificate: CertView })),
  /** error code when this token could not be read (the others are still listed) */
  error: z.string().optional(),
});
export type TokenSlotView = z.infer<typeof TokenSlotView>;

/** A native module (PKCS#11 driver) by the id the main process gave it (tokens.modules); never a path. */
export const ModuleId = z.string().regex(/^[0-9a-f]{32}$/, 'module id');
export const NativeModuleView = z.object({ id: ModuleId, path: z.string(), label: z.string(), source: z.enum(['search-path', 'user']) });

/** PINs and passwords travel only inside the one request that needs them; never logged or stored. */
export const Secret = z.string().max(256);
export const CarrierRequest = z.discriminatedUnion('kind', [
    // the driver by id; without one, a module-path in the URI is accepted only when it names an allowed driver
  z.object({ kind: z.literal('token'), uri: z.string().startsWith('pkcs11:').max(4096), moduleId: ModuleId.optional(), pin: Secret.min(1) }).strict(),
  // an SKF USB key by the skf: URI the main process listed (tokens.skf); its library must be on the main process's allow-list
  z.object({ kind: z.literal('skf'), uri: z.string().startsWith('skf:').max(4096), pin: Secret.min(1) }).strict(),
  // an identity the key manager remembers (keys.identities): only its PIN or password comes with the request
  // (an unencrypted key file has no secret: an empty one; a USB key refuses an empty PIN before trying it)
  z.object({ kind: z.literal('identity'), id: z.string().regex(/^[0-9a-f]{32}$/), secret: Secret }).strict(),
  z.object({ kind: z.literal('software'), data: Base64, password: Secret.optional(), certificate: Base64.optional(), fileName: z.string().max(255).optional() }).strict(),
]);

export interface OpSpec {
  request: z.ZodType;
  response: z.ZodType;
  /** long job: the request carries a jobId and the handler reports progress events */
  progress?: boolean;
}
