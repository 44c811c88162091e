// Runs in Node (Electron main, the Node host, the CLI; never imports `electron`). The platform
// directory as the app sees it: the signed bundle shipped with BidSeal (platforms/directory.json +
// .sig next to package.json, also inside app.asar), replaced by a newer signed bundle the user
// installed (dataDir/platforms/bundle.json + .sig) when that one verifies against the pinned keys and
// has a higher version, plus the platforms the user added (dataDir/platforms/custom.json, source
// 'user'). Sealing and upload call listPlatforms/getPlatform; nothing else reads these files.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { BidSealError, isBidSealError, type ErrorCode } from '../../../shared/errors';
import { acceptNewer, verifyBundle, type PinnedKey, type VerifiedBundle } from '../../../shared/platforms/directory';
import { PINNED_DIRECTORY_KEYS } from '../../../shared/platforms/pinned-keys';
import { PlatformProfile } from '../../../shared/platforms/profile';
import { pemDecodeAll } from '../../../shared/asn1';
import { parseCertificate, type CertificateSummary } from '../../../shared/pki/certificate';
import { buildCustomProfile, type CustomPlatformInput } from '../../../shared/platforms/custom';
import { APP_ROOT } from '../app/version';
import { fileError, writeFileAtomic } from '../fs/atomic-write';

export const SHIPPED_BUNDLE = path.join(APP_ROOT, 'platforms', 'directory.json');
const platformsDir = (dataDir: string) => path.join(dataDir, 'platforms');
const installedPath = (dataDir: string) => path.join(platformsDir(dataDir), 'bundle.json');
const customPath = (dataDir: string) => path.join(platformsDir(dataDir), 'custom.json');

export interface DirectoryOptions {
  /** the pinned directory keys (tests pass their own) */
  pinned?: readonly PinnedKey[];
  /** the shipped bundle (its signature is `${path}.sig`) */
  shippedPath?: string;
}

/**
 * The options every call uses when it passes none: the shipped bundle and the pinned keys. Only test
 * harnesses change them (test/helpers/e2e-directory.ts runs a Node host on a bundle signed with a test
 * key); nothing in the app, the host's options or the environment reaches this.
 */
let processDefaults: DirectoryOptions = {};
export function setDirectoryDefaultsForTests(opts: DirectoryOptions): void {
  processDefaults = { ...opts };
}

export interface DirectoryStatus {
  /** the bundle in use */
  source: 'shipped' | 'installed';
  version: number;
  issuedAt: string;
  keyId: string;
  sm3: string;
  platformCount: number;
  shippedVersion: number;
  /** an installed bundle that was not used, and why (tampered, older than the shipped one …) */
  installedIgnored?: { code: ErrorCode; message: string };
}

export interface Directory {
  status: DirectoryStatus;
  platforms: PlatformProfile[];
}

async function readOptional(file: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') return undefined;
    throw fileError(e, file);
  }
}

async function loadPair(file: string, pinned: readonly PinnedKey[]): Promise<VerifiedBundle | undefined> {
  const bytes = await readOptional(file);
  if (!bytes) return undefined;
  const sig = await readOptional(`${file}.sig`);
  if (!sig) throw new BidSealError('E_DIRECTORY_SIGNATURE_INVALID', 'signature file missing', { path: `${file}.sig` });
  return verifyBundle(bytes, sig, pinned);
}

// Verifying costs a few milliseconds; listPlatforms runs on every seal, so the verified result is
// cached per file and kept while the files' size and mtime are unchanged.
const cache = new Map<string, { stamp: string; value: VerifiedBundle | BidSealError | undefined }>();
async function stampOf(file: string): Promise<string> {
  const parts = await Promise.all([file, `${file}.sig`].map((f) => stat(f).then((s) => `${s.size}:${s.mtimeMs}:${s.ino}`, () => '-')));
  return parts.join('|');
}
async function loadPairCached(file: string, pinned: readonly PinnedKey[]): Promise<VerifiedBundle | undefined> {
  const key = `${file}\0${pinned.map((k) => k.publicKeyHex).join(',')}`;
  const stamp = await stampOf(file);
  const hit = cache.get(key);
  let value = hit?.stamp === stamp ? hit.value : undefined;
  if (!hit || hit.stamp !== stamp) {
    try {
      value = await loadPair(file, pinned);
    } catch (e) {
      value = isBidSealError(e) ? e : new BidSealError('E_DIRECTORY_INVALID', (e as Error).message);
    }
    cache.set(key, { stamp, value });
  }
  if (value instanceof BidSealError) throw value;
  return value;
}

/** The directory in use and its status. The shipped bundle must verify (E_DIRECTORY_MISSING / …_SIGNATURE_INVALID otherwise). */
export async function loadDirectory(dataDir: string, opts: DirectoryOptions = {}): Promise<Directory> {
  const pinned = opts.pinned ?? processDefaults.pinned ?? PINNED_DIRECTORY_KEYS;
  const shippedFile = opts.shippedPath ?? processDefaults.shippedPath ?? SHIPPED_BUNDLE;
  const shipped = await loadPairCached(shippedFile, pinned);
  if (!shipped) throw new BidSealError('E_DIRECTORY_MISSING', undefined, { path: shippedFile });
  let use = shipped;
  let source: DirectoryStatus['source'] = 'shipped';
  let installedIgnored: DirectoryStatus['installedIgnored'];
  try {
    const installed = await loadPairCached(installedPath(dataDir), pinned);
    if (installed) {
      acceptNewer(shipped.bundle, installed.bundle); // an update of the app may ship a newer one
      use = installed;
      source = 'installed';
    }
  } catch (e) {
    const err = isBidSealError(e) ? e : new BidSealError('E_DIRECTORY_INVALID', (e as Error).message);
    installedIgnored = { code: err.code, message: err.message };
  }
  const custom = await listCustomPlatforms(dataDir);
  const ids = new Set(use.bundle.platforms.map((p) => p.id));
  return {
    status: {
      source,
      version: use.bundle.version,
      issuedAt: use.bundle.issuedAt,
      keyId: use.keyId,
      sm3: use.sm3,
      platformCount: use.bundle.platforms.length,
      shippedVersion: shipped.bundle.version,
      ...(installedIgnored ? { installedIgnored } : {}),
    },
    // a user platform never shadows a directory one (ids are 'user-…', but an old file could collide)
    platforms: [...use.bundle.platforms, ...custom.filter((p) => !ids.has(p.id))],
  };
}

/** Every platform: the directory's (in its order), then the user's. */
export async function listPlatforms(dataDir: string): Promise<PlatformProfile[]> {
  return (await loadDirectory(dataDir)).platforms;
}

/** The recipient certificates the platforms name (directory and the user's), to name an envelope's recipients by their holder. */
export async function knownRecipientCertificates(dataDir: string): Promise<Array<{ cert: CertificateSummary; platform: PlatformProfile['name'] }>> {
  const out: Array<{ cert: CertificateSummary; platform: PlatformProfile['name'] }> = [];
  for (const p of await listPlatforms(dataDir).catch(() => [] as PlatformProfile[]))
    for (const r of p.recipients)
      for (const b of pemDecodeAll(r.certificatePem).filter((x) => x.label === 'CERTIFICATE')) {
        try {
          out.push({ cert: parseCertificate(b.der), platform: p.name });
        } catch {
          // a damaged certificate in a user's platform: it names nobody
        }
      }
  return out;
}

/**
 * The certificates an inspection can name a recipient by: the platform directory's, then the caller's own
 * (DER: the bidder's vault certificates, `inspect --cert`). A certificate that does not parse names nobody.
 */
export async function recipientCertificatesWith(dataDir: string, own: readonly Uint8Array[] = []): Promise<Array<{ cert: CertificateSummary; platform?: PlatformProfile['name'] }>> {
  const out: Array<{ cert: CertificateSummary; platform?: PlatformProfile['name'] }> = await knownRecipientCertificates(dataDir);
  for (const der of own) {
    try {
      out.push({ cert: parseCertificate(der) });
    } catch {
      // not a certificate: it names nobody
    }
  }
  return out;
}

/** One platform by id; E_PLATFORM_UNKNOWN when neither the directory nor the user has it. */
export async function getPlatform(dataDir: string, id: string): Promise<PlatformProfile> {
  const p = (await listPlatforms(dataDir)).find((x) => x.id === id);
  if (!p) throw new BidSealError('E_PLATFORM_UNKNOWN', `no platform '${id}'`, { id });
  return p;
}

// Writes to one data folder are serialised so that two imports or two adds never lose each other.
const queues = new Map<string, Promise<unknown>>();
function serialised<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  const key = path.resolve(dataDir);
  const prev = queues.get(key) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  queues.set(key, next.catch(() => {}));
  return next;
}

/**
 * Installs a newer directory bundle: it must verify against the pinned keys and its version must be
 * higher than the one in use (shipped or installed). The pair is written to temp files and renamed
 * (signature first, then the bundle: a crash in between leaves a pair that fails verification and
 * the shipped bundle is used, never a mix that verifies).
 */
export function importBundle(dataDir: string, bytes: Uint8Array, signature: Uint8Array, opts: DirectoryOptions = {}): Promise<DirectoryStatus> {
  return serialised(dataDir, async () => {
    const candidate = verifyBundle(bytes, signature, opts.pinned ?? processDefaults.pinned ?? PINNED_DIRECTORY_KEYS);
    const current = await loadDirectory(dataDir, opts);
    acceptNewer<{ version: number }>(current.status, candidate.bundle);
    await mkdir(platformsDir(dataDir), { recursive: true });
    await writeFileAtomic(`${installedPath(dataDir)}.sig`, signature);
    await writeFileAtomic(installedPath(dataDir), bytes);
    return (await loadDirectory(dataDir, opts)).status;
  });
}

/** importBundle from files; the signature defaults to `${bundleFile}.sig`. */
export async function importBundleFile(dataDir: string, bundleFile: string, signatureFile = `${bundleFile}.sig`, opts: DirectoryOptions = {}): Promise<DirectoryStatus> {
  const read = async (f: string) => {
    try {
      return new Uint8Array(await readFile(f));
    } catch (e) {
      throw fileError(e, f);
    }
  };
  return importBundle(dataDir, await read(bundleFile), await read(signatureFile), opts);
}

/** Removes an installed bundle (back to the shipped one). */
export function removeInstalledBundle(dataDir: string): Promise<void> {
  return serialised(dataDir, async () => {
    await rm(installedPath(dataDir), { force: true });
    await rm(`${installedPath(dataDir)}.sig`, { force: true });
  });
}

const CUSTOM_FORMAT = 'bidseal-custom-platforms/1';
const CustomFile = z.object({ format: z.literal(CUSTOM_FORMAT), platforms: z.array(PlatformProfile) });

/** The user's platforms; an absent file is none, a corrupt one is reported (never silently replaced). */
export async function listCustomPlatforms(dataDir: string): Promise<PlatformProfile[]> {
  const file = customPath(dataDir);
  const bytes = await readOptional(file);
  if (!bytes) return [];
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new BidSealError('E_BAD_ENCODING', 'custom platforms file is not valid JSON', { path: file });
  }
  const r = CustomFile.safeParse(json);
  if (!r.success) throw new BidSealError('E_PLATFORM_CUSTOM_INVALID', `custom platforms file: ${r.error.issues[0]?.message ?? 'invalid'}`, { path: file });
  return r.data.platforms.map((p) => ({ ...p, source: 'user' as const }));
}

async function saveCustom(dataDir: string, platforms: PlatformProfile[]): Promise<void> {
  await mkdir(platformsDir(dataDir), { recursive: true });
  await writeFileAtomic(customPath(dataDir), new TextEncoder().encode(JSON.stringify({ format: CUSTOM_FORMAT, platforms }, null, 2) + '\n'));
}

/** Adds a platform of the user's own; its id is 'user-' + 8 random hex digits. */
export function addCustomPlatform(dataDir: string, input: CustomPlatformInput): Promise<PlatformProfile> {
  return serialised(dataDir, async () => {
    const profile = buildCustomProfile(input, `user-${randomBytes(4).toString('hex')}`);
    const all = await loadDirectory(dataDir).catch(() => undefined);
    const custom = await listCustomPlatforms(dataDir);
    const taken = [...(all?.platforms ?? []), ...custom];
    if (taken.some((p) => p.name.zh === profile.name.zh || p.id === profile.id)) throw new BidSealError('E_PLATFORM_CUSTOM_EXISTS', `a platform named '${profile.name.zh}' already exists`);
    await saveCustom(dataDir, [...custom, profile]);
    return profile;
  });
}

/** Removes a user platform; false when absent, E_PLATFORM_NOT_CUSTOM for a directory platform. */
export function removeCustomPlatform(dataDir: string, id: string): Promise<boolean> {
  return serialised(dataDir, async () => {
    const custom = await listCustomPlatforms(dataDir);
    if (!custom.some((p) => p.id === id)) {
      const dir = await loadDirectory(dataDir).catch(() => undefined);
      if (dir?.platforms.some((p) => p.id === id)) throw new BidSealError('E_PLATFORM_NOT_CUSTOM', `'${id}' comes from the platform directory`);
      return false;
    }
    await saveCustom(dataDir, custom.filter((p) => p.id !== id));
    return true;
  });
}
