// Runs in Node (release tooling, never in the app). Assembles the platform directory bundle from the
// readable sources in platforms/data/*.json (one profile per file, shipped in file-name order), signs
// it with the directory signing key (SM2/SM3, detached, shared/platforms/directory.ts) and writes
// platforms/directory.json + platforms/directory.json.sig, which the CLI, the Node host and the
// packaged app load (electron/services/platforms/directory.ts; build/electron-builder.yml ships them).
//
//   BIDSEAL_DIRECTORY_KEY=/root/.bidseal/directory-signing-key.pem node --import tsx scripts/platform-directory.ts [--version N] [--check]
//
// The private key never lives in the repository (default ~/.bidseal/directory-signing-key.pem, PKCS#8
// PEM from `openssl genpkey -algorithm SM2`). The script refuses a key that is not pinned in
// shared/platforms/pinned-keys.ts, and a version that is not higher than the shipped bundle's.
// A profile may carry "$build": { recipients: [{role, label, file}], receiptCertificate: file } to
// inline PEM certificates from the repository (the reference platform's demo PKI); a missing file
// is reported and left out. --check only verifies the shipped bundle against the pinned keys.
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parsePrivateKey } from '../shared/crypto/keys';
import { getPublicKey } from '../shared/crypto/sm2';
import { DIRECTORY_FORMAT, DIRECTORY_FORMAT_VERSION, directoryKeyId, serializeBundle, signBundle, verifyBundle, type DirectoryBundleInput } from '../shared/platforms/directory';
import { PINNED_DIRECTORY_KEYS } from '../shared/platforms/pinned-keys';
import { PlatformProfile, type PlatformProfileInput } from '../shared/platforms/profile';
import { parseCertificate } from '../shared/pki/certificate';
import { writeFileAtomic } from '../electron/services/fs/atomic-write';
import { APP_ROOT } from '../electron/services/app/version';

const { values } = parseArgs({ options: { version: { type: 'string' }, check: { type: 'boolean', default: false }, out: { type: 'string' } }, strict: true });
const dataDir = path.join(APP_ROOT, 'platforms/data');
const outPath = path.resolve(values.out ?? path.join(APP_ROOT, 'platforms/directory.json'));
const die = (msg: string): never => {
  process.stderr.write(`platform-directory: ${msg}\n`);
  process.exit(1);
};

function shipped(): { version: number; platforms: unknown } | undefined {
  if (!existsSync(outPath)) return undefined;
  const v = verifyBundle(new Uint8Array(readFileSync(outPath)), new Uint8Array(readFileSync(`${outPath}.sig`)), PINNED_DIRECTORY_KEYS);
  return v.bundle;
}

if (values.check) {
  const b = shipped() ?? die(`${outPath} not found`);
  process.stdout.write(`ok: version ${b.version}, ${(b.platforms as unknown[]).length} platforms, signature verified by a pinned key\n`);
  process.exit(0);
}

function pemOf(file: string): string | undefined {
  const p = path.join(APP_ROOT, file);
  if (!existsSync(p)) {
    process.stderr.write(`warning: ${file} not found; left out\n`);
    return undefined;
  }
  const pem = readFileSync(p, 'utf8').trim() + '\n';
  parseCertificate(pem); // throws on a file that is not a certificate
  return pem;
}

const platforms: PlatformProfileInput[] = [];
for (const name of readdirSync(dataDir).filter((n) => n.endsWith('.json')).sort()) {
  const raw = JSON.parse(readFileSync(path.join(dataDir, name), 'utf8')) as PlatformProfileInput & { $build?: { recipients?: { role: 'platform' | 'escrow' | 'tenderer'; label: string; file: string }[]; receiptCertificate?: string } };
  const { $build, ...profile } = raw;
  if ($build?.recipients) {
    profile.recipients = [...(profile.recipients ?? [])];
    for (const r of $build.recipients) {
      const pem = pemOf(r.file);
      if (pem) profile.recipients.push({ role: r.role, label: r.label, certificatePem: pem });
    }
  }
  if ($build?.receiptCertificate) {
    const pem = pemOf($build.receiptCertificate);
    if (pem) profile.upload = { ...profile.upload, receiptCertificatePem: pem };
  }
  const r = PlatformProfile.safeParse(profile);
  if (!r.success) die(`${name}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  platforms.push(profile);
}

const keyPath = process.env.BIDSEAL_DIRECTORY_KEY ?? path.join(os.homedir(), '.bidseal/directory-signing-key.pem');
if (!existsSync(keyPath)) die(`signing key ${keyPath} not found (set BIDSEAL_DIRECTORY_KEY)`);
const key = parsePrivateKey(readFileSync(keyPath, 'utf8'));
if (key.kind !== 'sm2') die('the directory signing key must be an SM2 key');
const priv = (key as { privateKey: Uint8Array }).privateKey;
const keyId = directoryKeyId(getPublicKey(priv));
if (!PINNED_DIRECTORY_KEYS.some((k) => k.id === keyId)) die(`key ${keyId} is not pinned in shared/platforms/pinned-keys.ts; the app would reject the bundle`);

const previous = shipped();
const version = values.version ? Number(values.version) : (previous?.version ?? 0) + 1;
if (!Number.isSafeInteger(version) || version < 1) die('--version must be a positive integer');
if (previous && version <= previous.version) die(`version ${version} is not higher than the shipped version ${previous.version}`);

const bundle: DirectoryBundleInput = { format: DIRECTORY_FORMAT, formatVersion: DIRECTORY_FORMAT_VERSION, version, issuedAt: new Date().toISOString(), issuer: 'BidSeal platform directory', platforms };
const bytes = serializeBundle(bundle);
const sig = signBundle(bytes, priv);
priv.fill(0);
verifyBundle(bytes, sig, PINNED_DIRECTORY_KEYS); // what the app will do
// the signature first: a crash in between leaves a pair that fails verification, never a valid-looking mix
await writeFileAtomic(`${outPath}.sig`, sig);
await writeFileAtomic(outPath, bytes);
for (const p of [outPath, `${outPath}.sig`]) chmodSync(p, 0o644); // shipped files, not secrets
process.stdout.write(`wrote ${path.relative(process.cwd(), outPath)} (version ${version}, ${platforms.length} platforms, key ${keyId})\n`);
