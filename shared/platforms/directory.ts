// Runs anywhere (pure). The signed platform directory bundle: the participating platforms' profiles
// (shared/platforms/profile.ts) as one JSON document plus a detached SM2 signature (GB/T 32918.2,
// SM3 with the default ID 1234567812345678) over the exact bytes of that document. The app pins the
// directory public keys (pinned-keys.ts); a bundle is used only when a pinned key verifies it, and an
// update replaces the current one only when its version is higher (no rollback to an older,
// still-validly-signed bundle). The signature is checked before the JSON is parsed. Format: docs/formats/platform-directory.md.
import { z } from 'zod';
import { sign as sm2Sign, verify as sm2Verify, getPublicKey, isValidPublicKey } from '../crypto/sm2';
import { sm3 } from '../crypto/sm3';
import { BidSealError } from '../errors';
import { PlatformProfile } from './profile';
import { toHex as hex, fromHex } from '../asn1';

export const DIRECTORY_FORMAT = 'bidseal-platform-directory';
export const DIRECTORY_FORMAT_VERSION = 1;
/** a directory of a few hundred platforms with their certificates stays far below this */
export const MAX_BUNDLE_BYTES = 8 * 1024 * 1024;

export const DirectoryBundle = z
  .object({
    format: z.literal(DIRECTORY_FORMAT),
    formatVersion: z.number().int().min(1),
    /** monotonic: a bundle replaces the current one only when this is higher */
    version: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    issuedAt: z.iso.datetime({ offset: true }),
    /** who issued it, free text (e.g. "BidSeal platform directory") */
    issuer: z.string().max(200).optional(),
    platforms: z.array(PlatformProfile).max(1000),
  })
  .strict();
export type DirectoryBundle = z.infer<typeof DirectoryBundle>;
export type DirectoryBundleInput = z.input<typeof DirectoryBundle>;

/** A directory signing public key the app trusts (uncompressed SM2 point, 04‖x‖y, hex). */
export interface PinnedKey {
  id: string;
  publicKeyHex: string;
  note?: string;
}

export interface VerifiedBundle {
  bundle: DirectoryBundle;
  /** the pinned key that verified it */
  keyId: string;
  /** SM3 of the bundle bytes, hex */
  sm3: string;
}

function hexField(s: string, what: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(s)) throw new BidSealError('E_INVALID_ARGUMENT', `${what} is not hex`);
  return fromHex(s);
}

/** The key id shown to users and written in PinnedKey.id: the first 16 hex digits of SM3(04‖x‖y). */
export function directoryKeyId(publicKey: Uint8Array): string {
  return hex(sm3(publicKey)).slice(0, 16);
}

/** A PinnedKey for a public key (uncompressed point bytes). */
export function pinnedKeyOf(publicKey: Uint8Array, note?: string): PinnedKey {
  if (!isValidPublicKey(publicKey)) throw new BidSealError('E_INVALID_KEY', 'directory key is not an SM2 public key');
  return { id: directoryKeyId(publicKey), publicKeyHex: hex(publicKey), ...(note ? { note } : {}) };
}

/**
 * Verifies a bundle's detached signature against the pinned keys, then parses it. Throws
 * E_DIRECTORY_SIGNATURE_INVALID when no pinned key verifies the exact bytes (tampered data, a
 * tampered signature, or a key that is not pinned), E_DIRECTORY_INVALID when the signed JSON is not
 * a directory this version understands.
 */
export function verifyBundle(bytes: Uint8Array, signature: Uint8Array, pinned: readonly PinnedKey[]): VerifiedBundle {
  if (!(bytes instanceof Uint8Array) || !(signature instanceof Uint8Array)) throw new BidSealError('E_INVALID_ARGUMENT', 'bundle and signature must be bytes');
  if (bytes.length === 0 || bytes.length > MAX_BUNDLE_BYTES) throw new BidSealError('E_DIRECTORY_INVALID', `bundle size ${bytes.length} bytes is outside 1..${MAX_BUNDLE_BYTES}`);
  if (signature.length === 0 || signature.length > 200) throw new BidSealError('E_DIRECTORY_SIGNATURE_INVALID', 'signature has an impossible length');
  const key = pinned.find((k) => {
    try {
      return sm2Verify(signature, bytes, hexField(k.publicKeyHex, `pinned key ${k.id}`));
    } catch {
      return false;
    }
  });
  if (!key) throw new BidSealError('E_DIRECTORY_SIGNATURE_INVALID', `not signed by any of the ${pinned.length} pinned directory key(s)`);
  return { bundle: parseBundle(bytes), keyId: key.id, sm3: hex(sm3(bytes)) };
}

/** Parses signed bundle bytes (call only after the signature verified). */
function parseBundle(bytes: Uint8Array): DirectoryBundle {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new BidSealError('E_DIRECTORY_INVALID', 'bundle is not UTF-8 JSON');
  }
  const head = json as { format?: unknown; formatVersion?: unknown };
  if (head?.format !== DIRECTORY_FORMAT) throw new BidSealError('E_DIRECTORY_INVALID', 'not a BidSeal platform directory');
  if (typeof head.formatVersion === 'number' && head.formatVersion > DIRECTORY_FORMAT_VERSION)
    throw new BidSealError('E_DIRECTORY_INVALID', `directory format ${head.formatVersion} is newer than this BidSeal understands (${DIRECTORY_FORMAT_VERSION}); update BidSeal`);
  const r = DirectoryBundle.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new BidSealError('E_DIRECTORY_INVALID', `${i?.path.join('.') || 'bundle'}: ${i?.message ?? 'invalid'}`);
  }
  const seen = new Set<string>();
  for (const p of r.data.platforms) {
    if (seen.has(p.id)) throw new BidSealError('E_DIRECTORY_INVALID', `platform id '${p.id}' appears twice`);
    seen.add(p.id);
    if (p.source !== 'directory') throw new BidSealError('E_DIRECTORY_INVALID', `platform '${p.id}': source must be 'directory'`);
  }
  return r.data;
}

/**
 * The update rule: a candidate replaces the current bundle only when its version is strictly higher
 * (an equal version with other bytes would be a second, conflicting issue of the same version).
 */
export function acceptNewer<T extends { version: number }>(current: T | undefined, candidate: T): T {
  if (current && candidate.version <= current.version)
    throw new BidSealError('E_DIRECTORY_NOT_NEWER', `candidate version ${candidate.version} ≤ current version ${current.version}`, { current: current.version, candidate: candidate.version });
  return candidate;
}

/** The bytes the build script signs and ships: validated, pretty-printed JSON with a final newline. */
export function serializeBundle(input: DirectoryBundleInput): Uint8Array {
  const bundle = DirectoryBundle.parse(input);
  return new TextEncoder().encode(JSON.stringify(bundle, null, 2) + '\n');
}

/** Signs bundle bytes with a directory private key (32 bytes): DER SM2 signature, SM3, default ID. */
export function signBundle(bytes: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return sm2Sign(bytes, privateKey, { publicKey: getPublicKey(privateKey), format: 'der' });
}
