// Runs in Node. Bid packages and sealed bids (docs/formats/bid-package.md): documents → STORE ZIP + manifest.json +
// manifest.p7s (detached CMS by the bidder's signing certificate) → CMS envelope (RFC 5652 / GB/T 35275) or
// the BIDSEAL-CUSTODY/1 layer → `out.partial` → rename. One pass over the documents: sizes, SM3, SHA-256 and
// CRC-32 are computed while the bytes stream into the ZIP, the envelope and (when asked) the unencrypted
// backup copy written at the same moment (the remedy 江苏省招标中心 uses). Opening streams back the same
// way and renames the documents into place only when the ZIP, every hash and the signature verified.
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { inlinePool, poolFor, type HashPool, type Hashing, type StreamDigests } from './parallel-hash';
import { createContentHash, signDetached, verifySignedData } from '../../../shared/cms/signed-data';
import type { SignatureAlgorithm, Signer } from '../../../shared/pki/carrier';
import { parseCertificate, type CertificateSummary } from '../../../shared/pki/certificate';
import { findRecipient, inspect, openStream, resolveProfile, sealStream, type EnvelopeInfo, type RecipientSummary } from '../../../shared/envelope';
import type { CmsFlavour } from '../../../shared/cms/oids';
import { recipientCertificate, ridMatches, type EnvelopeDecrypter, type RecipientSpec } from '../../../shared/envelope/recipients';
import { useNativeCrc32, zipStream, unzipStream, type NativeCrc32, type ZipEntryInput, type ZipSummary } from '../../../shared/bid/zip';
import { MANIFEST_FORMAT, MANIFEST_NAME, MAX_MANIFEST_BYTES, SIGNATURE_NAME, checkDocumentName, checkMeta, manifestBytes, parseManifest, type BidManifest, type BidMeta } from '../../../shared/bid/manifest';
import { CUSTODY_MAGIC, inspectCustody, isCustodyContainer, openCustody, sealCustody, type CustodyInfo, type CustodyParty } from '../../../shared/bid/custody';
import { openAtomic, writeError, type AtomicFile } from '../fs/atomic-write';
import { openOutputFile, type OutputFile } from '../fs/output-file';
import { readFileChunks, regularFileSize } from '../fs/file-read';
import { BerReader, dearmorStream } from '../../../shared/asn1';
import { fileError } from '../fs/file-hash';
import { defaultAlgorithm } from '../keys/signing';
import { SealCipher } from '../../../shared/envelope/cipher-names';
import { firstFailure, preflightChecks } from '../../../shared/bid/preflight';
import { APP_VERSION } from '../app/version';

export type BidCipher = SealCipher;
export type Custody = { kind: 'single' } | { kind: 'joint' } | { kind: 'threshold'; k: number };
export type BidPhase = 'preparing' | 'sealing' | 'opening' | 'verifying' | 'finishing';
export type BidProgress = (phase: BidPhase, bytesDone: number, bytesTotal: number) => void;

export interface BidDocument {
  path: string;
  /** the name inside the package (default: the file's base name) */
  name?: string;
}

export interface PackageOptions extends PipelineOptions {
  files: Array<string | BidDocument>;
  meta: BidMeta;
  /** the bidder's SIGNING certificate carrier */
  signer: Signer;
  alg?: SignatureAlgorithm;
  chain?: Uint8Array[];
  /**
   * CMS flavour (shared/cms/oids.ts) of manifest.p7s and, when sealing with single custody, of the envelope:
   * 'gm' GM/T 0010 OIDs (SM2 signer and recipients, SM4-CBC, else E_CMS_FLAVOUR_UNSUITABLE before anything is
   * written), 'rfc5652' RFC 5652 OIDs. Absent: manifest.p7s RFC 5652, envelope GM/T 0010 when all-SM2 and SM4-CBC.
   */
  flavour?: CmsFlavour;
  /**
   * false: `flavour` is a preference (a platform profile's), applied to each part where it can be — 'gm' then
   * gives the GM/T 0010 envelope when every recipient is SM2 with SM4-CBC and a GM/T 0010 manifest.p7s when
   * the signer is SM2, RFC 5652 otherwise. Default true (asked for by the user: refused where impossible).
   */
  flavourStrict?: boolean;
  createdAt?: Date;
  onProgress?: BidProgress;
  signal?: AbortSignal;
}

export interface SealBidOptions extends PackageOptions {
  /** encryption certificates (platform's, the bidder's own, escrow): DER/PEM or full specs */
  recipients: Array<Uint8Array | string | RecipientSpec>;
  /** default sm4-cbc (GB/T 35275 when every recipient is SM2) */
  contentCipher?: BidCipher;
  /** default single (one CMS envelope any recipient opens) */
  custody?: Custody;
  /** the bid opening (开标) time: every encryption certificate must still be valid then */
  openingTime?: Date;
  /** write the unencrypted signed package here too, at the same moment */
  backupPath?: string;
  /** "now" for the validity checks (tests) */
  now?: Date;
  /**
   * Test decryption after writing: these carriers (the bidder's own encryption key) open the sealed file,
   * which must give exactly the package's bytes (SHA-256) and a package that verifies; otherwise the outputs
   * are removed (E_BID_SELF_CHECK_FAILED).
   */
  selfCheckWith?: EnvelopeDecrypter[];
}

export interface SealBidResult {
  path: string;
  bytes: number;
  /** hashes of the sealed file as written */
  sha256: string;
  sm3: string;
  backup?: { path: string; bytes: number; sha256: string };
  manifest: BidManifest;
  packageBytes: number;
  /** hashes of the signed package (the envelope's content, and the backup copy) */
  packageSha256: string;
  packageSm3: string;
  cipher: BidCipher;
  custody: Custody;
  /** the CMS flavour of the envelope (custody containers: of each party's envelope) and of manifest.p7s */
  flavour: { envelope: CmsFlavour; signature: CmsFlavour };
  recipients: Array<{ subject: string; issuer: string; serialNumber: string; notAfter: string; listed: boolean; label?: string }>;
  signer: { subject: string; issuer: string; serialNumber: string; notAfter: string };
  /** opened: the test decryption ran (selfCheckWith) and gave exactly the package, which verified */
  selfCheck: { recipientsListed: boolean; sizeConsistent: boolean; opened?: boolean; openedBy?: string[] };
}

const cancelled = () => new BidSealError('E_CANCELLED', 'operation cancelled');

// ---------------------------------------------------------------------------------------------------
// Hashing: SHA-256 native (every host has it, BoringSSL included); SM3 always BidSeal's own
// (shared/crypto/sm3.ts), so the CLI, the Node host and the Electron app (no SM3 in BoringSSL) agree. Both run
// in hash worker threads (parallel-hash.ts) while this thread encrypts or decrypts; the ZIP's CRC-32 uses
// zlib's where the host has it (the same function, checked at registration).
// ---------------------------------------------------------------------------------------------------

useNativeCrc32((zlib as { crc32?: NativeCrc32 }).crc32);

/** Tuning of the sealing and opening pipeline (docs/formats/bid-package.md, "Pipeline"). */
export interface PipelineOptions {
  /** 'auto' (default): hash worker threads from 32 MiB on; 'inline': the reference path on this thread */
  hashing?: Hashing;
  /** bytes per read from a file (default 1 MiB; tests use small ones) */
  chunkSize?: number;
}

// ---------------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------------

interface ResolvedDoc {
  path: string;
  name: string;
  size: number;
}

async function resolveDocs(files: PackageOptions['files']): Promise<ResolvedDoc[]> {
  if (!Array.isArray(files) || files.length === 0) throw new BidSealError('E_INVALID_ARGUMENT', 'a bid needs at least one document');
  const out: ResolvedDoc[] = [];
  const names = new Set<string>();
  for (const f of files) {
    const d = typeof f === 'string' ? { path: f } : f;
    const name = checkDocumentName(d.name ?? path.basename(d.path));
    if (names.has(name)) throw new BidSealError('E_INVALID_ARGUMENT', `two documents are named ${name}; give them distinct names`, { name });
    names.add(name);
    out.push({ path: d.path, name, size: await regularFileSize(d.path) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Package (ZIP + manifest + signature) as a stream
// ---------------------------------------------------------------------------------------------------

/**
 * The signed package as a byte stream. `done` resolves with the manifest after the last byte. The
 * signer is called once, after the documents streamed (a token may prompt for its PIN then).
 */
export function packageStream(docs: ResolvedDoc[], o: PackageOptions, pool: HashPool = inlinePool()): { stream: AsyncGenerator<Uint8Array>; manifest: () => BidManifest | undefined; totalBytes: number } {
  const meta = checkMeta(o.meta);
  const total = docs.reduce((n, d) => n + d.size, 0);
  let done = 0;
  let manifest: BidManifest | undefined;
  const alg = o.alg ?? defaultAlgorithm(o.signer.certificateDer);
  if (!o.signer.algorithms.includes(alg)) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `this key cannot sign with ${alg}`);
  const modified = o.createdAt ?? new Date();
  async function* entries(): AsyncGenerator<ZipEntryInput> {
    // each document is hashed in a worker while its bytes go on into the ZIP and the cipher; the manifest
    // (written after the documents, at the end of the ZIP) waits for the digests
    const pending: Array<Promise<BidManifest['files'][number]>> = [];
    for (const d of docs) {
      const h = pool.hasher(undefined, 0);
      let n = 0;
      const data = (async function* () {
        for await (const c of readFileChunks(d.path, (k) => {
          done += k;
          o.onProgress?.('sealing', done, total);
        }, o.signal, o.chunkSize, { reuse: true })) {
          // the chunk is valid until the next is asked for: the hash worker's buffer, the ZIP's CRC and the
          // cipher each take it before then (readFileChunks: reuse)
          await h.update(c);
          n += c.length;
          yield c;
        }
      })();
      yield { name: d.name, size: d.size, data, modified };
      const digests = h.digest().then((x) => ({ name: d.name, size: n, sm3: x.sm3, sha256: x.sha256 }));
      digests.catch(() => {}); // awaited below; a failure before then must not be an unhandled rejection
      pending.push(digests);
    }
    const files = await Promise.all(pending);
    manifest = {
      format: MANIFEST_FORMAT,
      ...meta,
      files,
      createdAt: modified.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      bidsealVersion: APP_VERSION,
    };
    const mb = manifestBytes(manifest);
    const digest = createContentHash(alg).update(mb).digest();
    const p7s = await signDetached(o.signer, digest, { alg, ...(o.flavour ? { flavour: o.flavour } : {}), ...(o.chain ? { chain: o.chain } : {}), ...(o.signal ? { signal: o.signal } : {}) });
    yield { name: MANIFEST_NAME, size: mb.length, data: [mb], modified };
    yield { name: SIGNATURE_NAME, size: p7s.length, data: [p7s], modified };
  }
  return { stream: zipStream(entries(), { signal: o.signal }), manifest: () => manifest, totalBytes: total };
}

/** Writes the unencrypted signed package (for `bid verify`, tests, and platforms that take it as is). */
export async function writeBidPackage(o: PackageOptions, outPath: string): Promise<{ path: string; bytes: number; manifest: BidManifest }> {
  const docs = await resolveDocs(o.files);
  for (const d of docs) if (path.resolve(d.path) === path.resolve(outPath)) throw new BidSealError('E_INVALID_ARGUMENT', 'the output would overwrite a document');
  const p = packageStream(docs, o);
  const out = await openAtomic(outPath, { large: true });
  let n = 0;
  try {
    for await (const c of p.stream) {
      await out.write(c);
      n += c.length;
    }
    await out.commit();
  } catch (e) {
    await out.abort();
    throw e;
  }
  return { path: outPath, bytes: n, manifest: p.manifest()! };
}

// ---------------------------------------------------------------------------------------------------
// Pre-flight
// ---------------------------------------------------------------------------------------------------

const iso = (d: Date) => d.toISOString();

const toSpec = (r: Uint8Array | string | RecipientSpec): RecipientSpec => (typeof r === 'string' || r instanceof Uint8Array ? { certificate: r } : r);

export interface Preflight {
  recipients: Array<{ spec: RecipientSpec; cert: CertificateSummary }>;
  signer: CertificateSummary;
  cipher: BidCipher;
  custody: Custody;
  /** the envelope's flavour (undefined: chosen from the recipients and cipher) */
  envelopeFlavour?: CmsFlavour;
  /** manifest.p7s's flavour */
  signatureFlavour: CmsFlavour;
}

/**
 * Everything that can be known wrong before a byte is written, as the first failure of the one check list
 * (shared/bid/preflight.ts: a recipient that may not encrypt, one that expires before the opening — the first
 * cause of decryption failure —, a signer not valid now, custody that does not fit), plus the arguments the
 * list does not see: metadata, the cipher, a recipient given twice, the CMS flavour.
 */
export function preflightSeal(o: Omit<SealBidOptions, 'files'>): Preflight {
  checkMeta(o.meta);
  const now = o.now ?? new Date();
  const cipher = o.contentCipher ?? 'sm4-cbc';
  if (!SealCipher.safeParse(cipher).success) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `content cipher ${String(cipher)}`);
  const custody = o.custody ?? { kind: 'single' };
  if (!Array.isArray(o.recipients) || o.recipients.length === 0) throw new BidSealError('E_INVALID_ARGUMENT', 'at least one recipient (encryption certificate) is required');
  if (o.openingTime !== undefined && !(o.openingTime instanceof Date && !Number.isNaN(o.openingTime.getTime()))) throw new BidSealError('E_INVALID_ARGUMENT', 'openingTime is not a valid time');
  const recipients = o.recipients.map(toSpec).map((spec) => ({ spec, cert: recipientCertificate(spec) })); // E_CERT_NOT_FOR_ENCRYPTION
  const seen = new Set<string>();
  for (const { cert: c } of recipients) {
    const key = `${c.issuer.text}|${c.serialNumber}`;
    if (seen.has(key)) throw new BidSealError('E_INVALID_ARGUMENT', `recipient ${c.commonName || c.subject.text} given twice`);
    seen.add(key);
  }
  const signer = parseCertificate(o.signer.certificateDer);
  const list = preflightChecks({ recipients: recipients.map((r) => ({ cert: r.cert })), signer, custody, now, ...(o.openingTime ? { openingTime: o.openingTime } : {}) });
  const failure = firstFailure(list.checks.filter((c) => c.id !== 'bidderRecipient'), now);
  if (failure) throw failure;
  if (custody.kind === 'joint' && recipients.length !== 2) throw new BidSealError('E_INVALID_ARGUMENT', `joint custody needs exactly 2 parties (bidder and tenderer), got ${recipients.length}`);
  if (custody.kind === 'threshold' && (!Number.isInteger(custody.k) || custody.k < 1 || custody.k > recipients.length)) throw new BidSealError('E_INVALID_ARGUMENT', `custody ${custody.k}-of-${recipients.length}`);
  if (o.flavour !== undefined && o.flavour !== 'gm' && o.flavour !== 'rfc5652') throw new BidSealError('E_INVALID_ARGUMENT', `flavour must be gm or rfc5652, not ${String(o.flavour)}`);
  let signatureFlavour: CmsFlavour = o.flavour ?? 'rfc5652';
  let envelopeFlavour = custody.kind === 'single' ? o.flavour : undefined;
  if (o.flavour === 'gm') {
    // GM/T 0010 names SM2 keys and SM4-CBC only; a custody container's party envelopes are AEAD (RFC 5083), so
    // there 'gm' governs manifest.p7s alone (docs/formats/bid-package.md)
    const strict = o.flavourStrict !== false;
    const why = (s: string) => `the gm flavour (GM/T 0010) ${s}; use rfc5652`;
    const other = recipients.find((r) => r.cert.publicKey.kind !== 'sm2');
    const noSig = signer.publicKey.kind !== 'sm2' || (o.alg !== undefined && o.alg !== 'sm2-sm3') ? why(`needs an SM2 signer, not ${signer.commonName || signer.subject.text} (${signer.publicKey.kind})`) : undefined;
    const noEnv =
      custody.kind !== 'single' ? undefined : other ? why(`needs SM2 recipients, not ${other.cert.commonName || other.cert.subject.text} (${other.cert.publicKey.kind})`) : cipher !== 'sm4-cbc' ? why(`needs SM4-CBC content encryption, not ${cipher}`) : undefined;
    if (strict && (noSig || noEnv)) throw new BidSealError('E_CMS_FLAVOUR_UNSUITABLE', (noSig ?? noEnv)!);
    if (noSig) signatureFlavour = 'rfc5652';
    if (noEnv) envelopeFlavour = undefined;
  }
  return { recipients, signer, cipher, custody, signatureFlavour, ...(envelopeFlavour ? { envelopeFlavour } : {}) };
}

// ---------------------------------------------------------------------------------------------------
// Sealing
// ---------------------------------------------------------------------------------------------------

async function removeQuietly(p: string): Promise<void> {
  await unlink(p).catch(() => {});
}

/**
 * Seals a bid: documents → signed package → envelope (or custody container) → `outPath` (atomic), and the
 * backup copy when `backupPath` is given (atomic; both or neither). See prepareSeal for the checks.
 */
export async function sealBid(o: SealBidOptions, outPath: string): Promise<SealBidResult> {
  const p = await prepareSeal(o, outPath);
  await p.commit();
  return p.result;
}

/** A sealed bid written and checked, still at its `.partial` names: `commit` renames, `abort` removes. */
export interface PreparedSeal {
  result: SealBidResult;
  /** the partial files, as the journal of a commit names them (docs/CRASH-CONSISTENCY.md) */
  partials: { sealed: string; backup?: string };
  /** renames the sealed file, then the backup copy, into place */
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Writes the sealed bid and the backup copy to their `.partial` names and checks them there: the file lists
 * every intended recipient and has the size written, and (with `selfCheckWith`) opens to exactly the package,
 * which verifies. Only then can the caller `commit`; on any failure both partials are gone
 * (E_BID_SELF_CHECK_FAILED). So a final name never holds a bid that was not checked, whenever the process dies.
 */
export async function prepareSeal(o: SealBidOptions, outPath: string): Promise<PreparedSeal> {
  const pre = preflightSeal(o);
  const docs = await resolveDocs(o.files);
  const outs = [outPath, ...(o.backupPath ? [o.backupPath] : [])].map((p) => path.resolve(p));
  if (outs.length === 2 && outs[0] === outs[1]) throw new BidSealError('E_INVALID_ARGUMENT', 'the backup copy and the sealed bid must be different files');
  for (const d of docs) if (outs.includes(path.resolve(d.path))) throw new BidSealError('E_INVALID_ARGUMENT', `the output would overwrite the document ${d.path}`);
  o.onProgress?.('preparing', 0, docs.reduce((n, d) => n + d.size, 0));

  const backup: AtomicFile | undefined = o.backupPath ? await openAtomic(o.backupPath, { sensitive: true, large: true }) : undefined;
  let out: AtomicFile | undefined;
  let packageBytes = 0;
  let bytes = 0;
  const custodyCipher = pre.cipher.startsWith('sm4') ? 'sm4-gcm' : 'aes-256-gcm';
  // two threads on two cores: this one reads, frames the ZIP (CRC-32), encrypts and writes; one hash worker
  // takes the documents, the package and the sealed file (a second worker only made the three threads take
  // turns: measured ~1 s slower per GiB, and noisier). Closed on every path (cancel included).
  const pool = poolFor(docs.reduce((n, d) => n + d.size, 0), o.hashing, 1);
  let pkg!: ReturnType<typeof packageStream>;
  let pkgDigests: StreamDigests;
  let outDigests: StreamDigests;
  try {
    pkg = packageStream(docs, { ...o, flavour: pre.signatureFlavour }, pool);
    const pkgHash = pool.hasher();
    // The hash worker sets the pace (a seal with native AES, the main thread's share nearly gone, took as
    // long as one with SM4), so the sealed file's SHA-256 is taken here: 3.5% faster per GiB, measured
    // (docs/formats/bid-package.md, "Where the time goes"); its SM3 stays in the worker.
    const outHash = pool.hasher({ sm3: true, sha256: false });
    const outSha256 = createHash('sha256');
    out = await openAtomic(outPath, { large: true });
    async function* tee(): AsyncGenerator<Uint8Array> {
      for await (const c of pkg.stream) {
        packageBytes += c.length;
        await pkgHash.update(c);
        if (backup) await backup.write(c);
        yield c;
      }
    }
    const specs = pre.recipients.map((r) => r.spec);
    const sealed =
      pre.custody.kind === 'single'
        ? sealStream(tee(), { recipients: specs, contentCipher: pre.cipher, ...(pre.envelopeFlavour ? { profile: pre.envelopeFlavour === 'gm' ? 'gmt0010' : 'rfc5652' } : {}), signal: o.signal, reuseOutput: true })
        : sealCustody(tee(), { recipients: specs, scheme: pre.custody.kind === 'joint' ? { kind: 'joint' } : { kind: 'threshold', k: pre.custody.k }, cipher: custodyCipher, content: MANIFEST_FORMAT, signal: o.signal });
    for await (const c of sealed) {
      if (o.signal?.aborted) throw cancelled();
      // the envelope's chunks are views of a reused buffer: the output and the hash copy them before the next
      outSha256.update(c);
      await out.write(c);
      await outHash.update(c);
      bytes += c.length;
    }
    [pkgDigests, outDigests] = await Promise.all([pkgHash.digest(), outHash.digest()]);
    outDigests.sha256 = outSha256.digest('hex');
    await out.prepare();
    await backup?.prepare();
  } catch (e) {
    await out?.abort();
    await backup?.abort();
    throw e;
  } finally {
    pool.close();
  }

  // self-check on what is on disk now, still under the partial names
  const sealedPartial = out.partialPath;
  const backupPartial = backup?.partialPath;
  const manifest = pkg.manifest()!;
  let listed: boolean[] = [];
  let sizeConsistent = false;
  try {
    const st = await stat(sealedPartial);
    sizeConsistent = st.size === bytes && bytes > packageBytes && (!backupPartial || (await stat(backupPartial)).size === packageBytes);
    if (pre.custody.kind === 'single') {
      const info = (await inspectBid(sealedPartial)).envelope!;
      listed = pre.recipients.map((r) => findRecipient(info, r.cert) !== undefined);
    } else {
      const info = (await inspectBid(sealedPartial)).custody!;
      listed = pre.recipients.map((r, i) => info.envelopes[i] !== undefined && findRecipient(info.envelopes[i], r.cert) !== undefined);
      sizeConsistent &&= st.size === info.headerBytes + packageBytes + 16;
    }
  } catch (e) {
    listed = [];
    void e;
  }
  const recipientsListed = listed.length === pre.recipients.length && listed.every(Boolean);
  const fail = async (why: string, cause?: unknown): Promise<never> => {
    await backup?.abort();
    await out!.abort();
    throw new BidSealError('E_BID_SELF_CHECK_FAILED', why, isBidSealError(cause) ? { cause: cause.code, causeMessage: cause.message, ...(cause.details ?? {}) } : undefined);
  };
  if (!recipientsListed || !sizeConsistent) await fail(`${recipientsListed ? '' : 'not every recipient is listed; '}${sizeConsistent ? '' : 'file size inconsistent'}`);
  const packageSha256 = pkgDigests.sha256;
  let opened: { openedBy: string[] } | undefined;
  if (o.selfCheckWith?.length) {
    try {
      opened = await testOpen(sealedPartial, o.selfCheckWith, packageSha256, { certs: pre.recipients.map((r) => r.cert), ...(o.hashing ? { hashing: o.hashing } : {}), ...(o.chunkSize ? { chunkSize: o.chunkSize } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}), ...(o.signal ? { signal: o.signal } : {}) });
    } catch (e) {
      if (isBidSealError(e) && e.code === 'E_CANCELLED') await fail('cancelled during the test decryption', e);
      await fail(`test decryption failed: ${(e as Error).message}`, e);
    }
  }
  o.onProgress?.('finishing', pkg.totalBytes, pkg.totalBytes);
  const result: SealBidResult = {
    path: outPath,
    bytes,
    sha256: outDigests.sha256,
    sm3: outDigests.sm3,
    ...(o.backupPath ? { backup: { path: o.backupPath, bytes: packageBytes, sha256: packageSha256 } } : {}),
    manifest,
    packageBytes,
    packageSha256,
    packageSm3: pkgDigests.sm3,
    cipher: pre.custody.kind === 'single' ? pre.cipher : custodyCipher,
    custody: pre.custody,
    flavour: {
      envelope: pre.custody.kind === 'single' && resolveProfile(pre.recipients.map((r) => r.cert), pre.cipher, pre.envelopeFlavour === 'gm' ? 'gmt0010' : pre.envelopeFlavour) === 'gmt0010' && pre.cipher === 'sm4-cbc' ? 'gm' : 'rfc5652',
      signature: pre.signatureFlavour,
    },
    recipients: pre.recipients.map((r, i) => ({ subject: r.cert.subject.text, issuer: r.cert.issuer.text, serialNumber: r.cert.serialNumber, notAfter: iso(r.cert.notAfter), listed: listed[i], ...(r.spec.label ? { label: r.spec.label } : {}) })),
    signer: { subject: pre.signer.subject.text, issuer: pre.signer.issuer.text, serialNumber: pre.signer.serialNumber, notAfter: iso(pre.signer.notAfter) },
    selfCheck: { recipientsListed, sizeConsistent, ...(opened ? { opened: true, openedBy: opened.openedBy } : {}) },
  };
  const sealedFile = out;
  return {
    result,
    partials: { sealed: sealedPartial, ...(backupPartial ? { backup: backupPartial } : {}) },
    commit: async () => {
      // the sealed file first: a crash between the two leaves a checked bid and a backup partial the next
      // start removes (or a commit journal rolls forward)
      await sealedFile.commit();
      try {
        await backup?.commit();
      } catch (e) {
        await removeQuietly(outPath);
        throw e;
      }
    },
    abort: async () => {
      await backup?.abort();
      await sealedFile.abort();
    },
  };
}

/**
 * Test decryption: opens the sealed file with `decrypters` (all the custody needs), hashes the content and
 * reads it as a package. Throws E_BID_SELF_CHECK_FAILED unless the content's SHA-256 is `packageSha256` and
 * the package verifies ('valid'); envelope errors (E_NOT_A_RECIPIENT …) pass through. Writes nothing.
 */
/** A sealed file's size, its first bytes (custody container or envelope?) and its chunks, the bytes read reported as `phase`. */
async function readSealed(sealedPath: string, phase: 'verifying' | 'opening', opts: PipelineOptions & { onProgress?: BidProgress; signal?: AbortSignal }): Promise<{ total: number; prefix: Uint8Array; src: AsyncGenerator<Uint8Array> }> {
  const total = await regularFileSize(sealedPath);
  const prefix = await readPrefix(sealedPath, CUSTODY_MAGIC.length);
  let done = 0;
  // the test decryption reads back what sealing just wrote past the page cache: the same way (fs/direct-io.ts)
  const src = readFileChunks(sealedPath, (n) => {
    done += n;
    opts.onProgress?.(phase, done, total);
  }, opts.signal, opts.chunkSize, { direct: phase === 'verifying' });
  return { total, prefix, src };
}

/**
 * Test-decrypts a sealed file and checks the package. `openedBy` names the recipient whose key opened it by
 * the certificate holder (subject), found among `certs` by issuer and serial; a name of the issuing CA would
 * read as if the CA could open the bid.
 */
export async function testOpen(sealedPath: string, decrypters: EnvelopeDecrypter[], packageSha256: string, opts: PipelineOptions & { onProgress?: BidProgress; signal?: AbortSignal; certs?: readonly CertificateSummary[] } = {}): Promise<{ openedBy: string[]; report: PackageReport }> {
  const { total, prefix, src } = await readSealed(sealedPath, 'verifying', opts);
  let content: AsyncIterable<Uint8Array>;
  let openedBy: string[];
  if (isCustodyContainer(prefix)) {
    const c = await openCustody(src, decrypters, opts.signal);
    content = c.content;
    openedBy = c.openedBy.map((p) => p.subject);
  } else {
    const e = await openStream(dearmorStream(src), { decrypters, signal: opts.signal });
    content = e.content;
    const holder = (opts.certs ?? []).find((c) => ridMatches(e.openedBy.id, c));
    openedBy = [holder ? holder.subject.text : e.openedBy.description];
  }
  const pool = poolFor(total, opts.hashing, 2);
  let report: PackageReport;
  let got: string;
  try {
    const h = pool.hasher({ sm3: false, sha256: true }, 1);
    async function* hashed(): AsyncGenerator<Uint8Array> {
      for await (const c of content) {
        await h.update(c);
        yield c;
      }
    }
    report = await readPackage(hashed(), undefined, opts.signal, pool);
    got = (await h.digest()).sha256;
  } finally {
    pool.close();
  }
  if (got !== packageSha256) throw new BidSealError('E_BID_SELF_CHECK_FAILED', `the sealed file opens to a package with SHA-256 ${got}, not ${packageSha256}`);
  if (report.bottomLine !== 'valid') throw new BidSealError('E_BID_SELF_CHECK_FAILED', `the sealed package is ${report.bottomLine}`, { report });
  return { openedBy, report };
}

// ---------------------------------------------------------------------------------------------------
// Inspecting
// ---------------------------------------------------------------------------------------------------

export interface BidInspection {
  kind: 'envelope' | 'custody';
  size: number;
  envelope?: EnvelopeInfo;
  custody?: CustodyInfo;
  /** set when the file is not one whole DER/BER message: cut short (a broken copy or download) or followed by other bytes */
  incomplete?: { expectedSize: number | null; reason: 'truncated' | 'trailing-bytes' };
}

/**
 * Whether a binary envelope file is exactly one message: the outer length (definite) must end at the
 * file's end; an indefinite one must end with its end-of-contents octets. The header is enough: reading
 * a whole 500 MB bid to say it is cut short would be slow.
 */
async function completeness(file: string, size: number): Promise<BidInspection['incomplete']> {
  const first = await readPrefix(file, 1);
  if (first[0] !== 0x30) return undefined; // armoured (PEM/base64): the dearmouring reader checks its own end
  const h = await new BerReader(readFileChunks(file, () => {})).readHeader();
  if (h.length === null) {
    const tail = size >= 2 ? await readRange(file, size - 2, 2) : new Uint8Array(0);
    return tail.length === 2 && tail[0] === 0 && tail[1] === 0 ? undefined : { expectedSize: null, reason: 'truncated' };
  }
  const expected = h.contentStart + h.length;
  if (expected === size) return undefined;
  return { expectedSize: expected, reason: expected > size ? 'truncated' : 'trailing-bytes' };
}

async function readRange(file: string, offset: number, length: number): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const b = new Uint8Array(length);
    const { bytesRead } = await fh.read(b, 0, length, offset);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function readPrefix(file: string, n: number): Promise<Uint8Array> {
  const fh = await open(file, 'r').catch((e) => {
    throw fileError(e, file);
  });
  try {
    const b = new Uint8Array(n);
    const { bytesRead } = await fh.read(b, 0, n, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Recipients, cipher and custody of a sealed bid, without decrypting. */
export async function inspectBid(file: string): Promise<BidInspection> {
  const size = await regularFileSize(file);
  const prefix = await readPrefix(file, CUSTODY_MAGIC.length);
  if (isCustodyContainer(prefix)) return { kind: 'custody', size, custody: await inspectCustody(readFileChunks(file, () => {})) };
  const incomplete = await completeness(file, size);
  return { kind: 'envelope', size, envelope: await inspect(dearmorStream(readFileChunks(file, () => {}))), ...(incomplete ? { incomplete } : {}) };
}

/** What `bidseal inspect --json` prints and the bid.inspect IPC op mirrors: no secrets, no content. */
export function inspectionView(i: BidInspection, known: ReadonlyArray<{ cert: CertificateSummary; platform?: { zh: string; en: string } }> = []) {
  /** the holder of the recipient certificate (subject), when the certificate is known (the platform directory) */
  const holderOf = (id: Parameters<typeof ridMatches>[0]): { holder?: string; platform?: { zh: string; en: string } } => {
    const k = known.find((x) => ridMatches(id, x.cert));
    return k ? { holder: k.cert.subject.text, ...(k.platform ? { platform: k.platform } : {}) } : {};
  };
  if (i.kind === 'envelope') {
    const e = i.envelope!;
    return {
      kind: i.kind,
      size: i.size,
      type: e.type,
      profile: e.profile,
      /** the CMS flavour of the envelope (shared/cms/oids.ts) */
      flavour: e.profile === 'gmt0010' ? ('gm' as const) : ('rfc5652' as const),
      contentType: e.contentType,
      encryptedContentType: e.encryptedContentType,
      cipher: e.contentEncryption.name,
      cipherOid: e.contentEncryption.oid,
      custody: 'single' as const,
      ...(i.incomplete ? { incomplete: i.incomplete } : {}),
      recipients: e.recipients.map((r) => ({ kind: r.kind, algorithm: r.algorithm.name, algorithmOid: r.algorithm.oid, idType: r.id.type, id: r.description, ...holderOf(r.id) })),
    };
  }
  const c = i.custody!;
  return {
    kind: i.kind,
    size: i.size,
    headerBytes: c.headerBytes,
    cipher: c.header.cipher,
    custody: c.header.scheme,
    k: c.header.k,
    n: c.header.n,
    content: c.header.content,
    parties: c.parties.map((p, j) => ({ ...p, envelope: { type: c.envelopes[j].type, cipher: c.envelopes[j].contentEncryption.name, recipients: c.envelopes[j].recipients.map((r) => ({ kind: r.kind, algorithm: r.algorithm.name, id: r.description })) } })),
  };
}

// ---------------------------------------------------------------------------------------------------
// Reading and verifying a package
// ---------------------------------------------------------------------------------------------------

export type FileVerdict = 'ok' | 'changed' | 'missing' | 'unlisted';
export interface FileReport {
  name: string;
  verdict: FileVerdict;
  size: number | null;
  expectedSize: number | null;
  sm3: boolean;
  sha256: boolean;
}
export type BottomLine = 'valid' | 'changed' | 'invalid-signature' | 'no-manifest';
export interface SignatureReport {
  intact: boolean;
  signer: string | null;
  serialNumber: string | null;
  uscc: string | null;
  /** the signer certificate's 统一社会信用代码 equals the manifest's bidder code (null: not in the certificate) */
  matchesBidder: boolean | null;
  signingTime: string | null;
  algorithm: string | null;
  error?: { code: string; message: string };
}
export interface PackageReport {
  bottomLine: BottomLine;
  manifest: BidManifest | null;
  manifestCanonical: boolean;
  signature: SignatureReport | null;
  files: FileReport[];
  zip: { entries: number; bytes: number; centralDirectoryConsistent: boolean };
}

interface Sink {
  begin(name: string): Promise<{ write(c: Uint8Array): Promise<void>; end(): Promise<void> }>;
}

/**
 * Reads a package stream: every document is hashed as it passes (and handed to `sink` when given), the
 * manifest and its signature are read into memory (≤ 4 MiB) and checked at the end. Throws only for a
 * broken ZIP or stream (E_ZIP_CORRUPT, E_TRUNCATED, envelope errors); verdicts are in the report.
 */
export async function readPackage(zip: AsyncIterable<Uint8Array>, sink?: Sink, signal?: AbortSignal, pool: HashPool = inlinePool()): Promise<PackageReport> {
  // the documents are hashed in a worker (lane 0) while this thread decrypts, checks CRC-32 and writes
  const pending: Array<Promise<[string, { size: number; sm3: string; sha256: string }]>> = [];
  let manifestRaw: Uint8Array | undefined;
  let p7s: Uint8Array | undefined;
  const it = unzipStream(zip);
  let summary: ZipSummary;
  for (;;) {
    const r = await it.next();
    if (r.done) {
      summary = r.value;
      break;
    }
    const e = r.value;
    if (signal?.aborted) throw cancelled();
    if (e.name === MANIFEST_NAME || e.name === SIGNATURE_NAME) {
      if (e.size > MAX_MANIFEST_BYTES) throw new BidSealError('E_BID_MANIFEST_INVALID', `${e.name} is ${e.size} bytes`);
      const parts: Uint8Array[] = [];
      for await (const c of e.data) parts.push(c.slice());
      const b = Buffer.concat(parts);
      if (e.name === MANIFEST_NAME) manifestRaw = new Uint8Array(b);
      else p7s = new Uint8Array(b);
      continue;
    }
    const h = pool.hasher(undefined, 0);
    const w = sink ? await sink.begin(e.name) : undefined;
    let n = 0;
    for await (const c of e.data) {
      if (signal?.aborted) throw cancelled();
      await h.update(c);
      n += c.length;
      if (w) await w.write(c);
    }
    if (w) await w.end();
    const name = e.name;
    const d = h.digest().then((x): [string, { size: number; sm3: string; sha256: string }] => [name, { size: n, sm3: x.sm3, sha256: x.sha256 }]);
    d.catch(() => {}); // awaited below; a failure before then must not be an unhandled rejection
    pending.push(d);
  }
  const seen = new Map(await Promise.all(pending));
  const zipInfo = { entries: summary.entries.length, bytes: summary.bytes, centralDirectoryConsistent: summary.centralDirectoryConsistent };
  const files: FileReport[] = [];
  if (!manifestRaw) {
    for (const [name, s] of seen) files.push({ name, verdict: 'unlisted', size: s.size, expectedSize: null, sm3: false, sha256: false });
    return { bottomLine: 'no-manifest', manifest: null, manifestCanonical: false, signature: null, files, zip: zipInfo };
  }
  const { manifest, canonical } = parseManifest(manifestRaw); // E_BID_MANIFEST_INVALID
  for (const f of manifest.files) {
    const s = seen.get(f.name);
    if (!s) files.push({ name: f.name, verdict: 'missing', size: null, expectedSize: f.size, sm3: false, sha256: false });
    else {
      const sm3ok = s.sm3 === f.sm3;
      const shaok = s.sha256 === f.sha256;
      files.push({ name: f.name, verdict: sm3ok && shaok && s.size === f.size ? 'ok' : 'changed', size: s.size, expectedSize: f.size, sm3: sm3ok, sha256: shaok });
    }
  }
  const listed = new Set(manifest.files.map((f) => f.name));
  for (const [name, s] of seen) if (!listed.has(name)) files.push({ name, verdict: 'unlisted', size: s.size, expectedSize: null, sm3: false, sha256: false });
  let signature: SignatureReport;
  if (!p7s) signature = { intact: false, signer: null, serialNumber: null, uscc: null, matchesBidder: null, signingTime: null, algorithm: null, error: { code: 'E_BAD_SIGNATURE', message: 'manifest.p7s is missing' } };
  else {
    try {
      const v = await verifySignedData(p7s, manifestRaw, { requireDetached: true });
      const s = v[0];
      const c = s?.certificate ? parseCertificate(s.certificate) : undefined;
      const uscc = c?.uscc?.code ?? null;
      signature = {
        intact: v.length === 1 && s.intact,
        signer: c?.subject.text ?? null,
        serialNumber: c?.serialNumber ?? null,
        uscc,
        matchesBidder: uscc ? uscc === manifest.bidder.uscc : null,
        signingTime: s?.signingTime?.toISOString() ?? null,
        algorithm: s?.signatureAlgorithm ?? null,
        ...(s?.error ? { error: s.error } : v.length !== 1 ? { error: { code: 'E_BAD_SIGNATURE', message: `${v.length} signers (one expected)` } } : {}),
      };
    } catch (e) {
      signature = { intact: false, signer: null, serialNumber: null, uscc: null, matchesBidder: null, signingTime: null, algorithm: null, error: { code: isBidSealError(e) ? e.code : 'E_BAD_SIGNATURE', message: (e as Error).message } };
    }
  }
  const bottomLine: BottomLine = !signature.intact ? 'invalid-signature' : files.every((f) => f.verdict === 'ok') ? 'valid' : 'changed';
  return { bottomLine, manifest, manifestCanonical: canonical, signature, files, zip: zipInfo };
}

/** Verifies an unencrypted package (or a backup copy) on disk. */
export async function verifyBidPackage(file: string, opts: PipelineOptions & { signal?: AbortSignal } = {}): Promise<PackageReport> {
  const size = await regularFileSize(file);
  const pool = poolFor(size, opts.hashing);
  try {
    return await readPackage(readFileChunks(file, () => {}, opts.signal, opts.chunkSize), undefined, opts.signal, pool);
  } finally {
    pool.close();
  }
}

/** Writes documents as `name.partial` in outDir; renames them all only on `commit`. */
class DirSink implements Sink {
  private partials: Array<{ partial: string; final: string; file: OutputFile; closed: boolean }> = [];
  private readonly dirs: string[] = [];
  /** `created`: the first folder mkdir made for the output folder (undefined when it existed) */
  constructor(private readonly dir: string, created?: string) {
    if (created) this.dirs.push(path.resolve(created));
  }
  async begin(name: string) {
    const final = path.resolve(this.dir, ...name.split('/'));
    if (!final.startsWith(path.resolve(this.dir) + path.sep)) throw new BidSealError('E_ZIP_CORRUPT', `entry ${name} escapes the output folder`);
    if (await stat(final).then(() => true, () => false)) throw new BidSealError('E_FILE_WRITE', `${final} already exists; choose an empty output folder`, { path: final });
    const made = await mkdir(path.dirname(final), { recursive: true }).catch((e) => {
      throw fileError(e, final);
    });
    if (made) this.dirs.push(path.resolve(made));
    const partial = `${final}.partial`;
    let file: OutputFile;
    try {
      file = await openOutputFile(partial, { large: true });
    } catch (e) {
      throw new BidSealError('E_FILE_WRITE', `cannot create ${partial} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { path: partial });
    }
    const rec = { partial, final, file, closed: false };
    this.partials.push(rec);
    const failed = (e: unknown) => writeError(e, partial);
    return {
      write: (c: Uint8Array) => file.write(c).catch((e: unknown) => Promise.reject(failed(e))),
      end: async () => {
        await file.finish().catch((e: unknown) => Promise.reject(failed(e)));
        rec.closed = true;
      },
    };
  }
  async commit(): Promise<string[]> {
    for (const p of this.partials) await rename(p.partial, p.final);
    return this.partials.map((p) => p.final);
  }
  async abort(): Promise<void> {
    for (const p of this.partials) {
      if (!p.closed) await p.file.destroy();
      p.closed = true;
      await removeQuietly(p.partial);
    }
    // folders made here, deepest first; rm -r only below a folder this call created, never a user's folder
    for (const d of [...this.dirs].reverse()) await rm(d, { recursive: true, force: true }).catch(() => {});
  }
}

export interface OpenBidResult {
  kind: 'envelope' | 'custody';
  /** the recipient(s) whose keys opened it */
  openedBy: Array<RecipientSummary | CustodyParty>;
  files: string[];
  report: PackageReport;
  envelope?: EnvelopeInfo;
  custody?: CustodyInfo;
}

/**
 * Opens a sealed bid into `outDir`: decrypts (CMS envelope or custody container) and unpacks in one stream,
 * then renames the documents into place only when the package verified ('valid'); otherwise nothing stays
 * (E_BID_PACKAGE_INVALID with the report in details, or the decryption / ZIP error).
 */
export async function openBid(sealedPath: string, decrypters: EnvelopeDecrypter | EnvelopeDecrypter[], outDir: string, opts: PipelineOptions & { onProgress?: BidProgress; signal?: AbortSignal } = {}): Promise<OpenBidResult> {
  const ds = Array.isArray(decrypters) ? decrypters : [decrypters];
  if (ds.length === 0) throw new BidSealError('E_INVALID_ARGUMENT', 'no decrypter given');
  const { total, prefix, src } = await readSealed(sealedPath, 'opening', opts);
  // the folders this call creates (the output folder itself when new) go again on failure
  const created = await mkdir(outDir, { recursive: true }).catch((e) => {
    throw fileError(e, outDir);
  });
  const sink = new DirSink(outDir, created);
  // this thread decrypts (CBC decryption and CTR/GCM run 16 blocks at a time in WASM), checks the ZIP and
  // writes; a hash worker digests the documents meanwhile
  const pool = poolFor(total, opts.hashing);
  try {
    let content: AsyncIterable<Uint8Array>;
    let result: Omit<OpenBidResult, 'files' | 'report'>;
    if (isCustodyContainer(prefix)) {
      const c = await openCustody(src, ds, opts.signal);
      content = c.content;
      result = { kind: 'custody', openedBy: c.openedBy, custody: c.info };
    } else {
      const e = await openStream(dearmorStream(src), { decrypters: ds, signal: opts.signal });
      content = e.content;
      const { content: _c, openedBy, ...info } = e;
      result = { kind: 'envelope', openedBy: [openedBy], envelope: info };
    }
    const report = await readPackage(content, sink, opts.signal, pool);
    if (report.bottomLine !== 'valid') {
      throw new BidSealError('E_BID_PACKAGE_INVALID', `package ${report.bottomLine}: ${report.files.filter((f) => f.verdict !== 'ok').map((f) => `${f.name} ${f.verdict}`).join(', ') || report.signature?.error?.message || ''}`, { report });
    }
    opts.onProgress?.('finishing', total, total);
    const files = await sink.commit();
    return { ...result, files, report };
  } catch (e) {
    await sink.abort();
    throw e;
  } finally {
    pool.close();
  }
}
