// Runs in Node (Electron main, the Node host, tests; never imports `electron`). The seal library of each bidder:
// electronic seals (SESeal, GB/T 38540 v4 / GM/T 0031 v1, docs/ESEAL.md) kept in the document store, tagged with the
// bidder and kind 'eseal', so signing finds them by id like any stored document. A seal enters only after it parsed
// and its maker's signature verified over the bytes as carried: a corrupt file, an unsupported version (v5 drafts)
// or an altered seal is refused with its typed error and leaves nothing behind. An expired or not-yet-valid seal is
// kept and shown as such (a bidder may hold next year's seal); signing refuses it (pdf/ops.ts signPlanned).
import { readFile, writeFile } from 'node:fs/promises';
import { BidSealError } from '../../../shared/errors';
import { dearmor, bytesToBase64, toHex } from '../../../shared/asn1';
import { parseSeal, verifySeal, sealUsabilityError, type ParsedSeal, type SealProblemCode } from '../../../shared/eseal/seal';
import { parseCertificate } from '../../../shared/pki/certificate';
import { sm3 } from '../../../shared/crypto/sm3';
import type { FileStore, StoredFile } from './file-store';

export const ESEAL_KIND = 'eseal';
export const ESEAL_MEDIA_TYPE = 'application/x-eseal';
/** a seal is a few KiB to a few hundred (its picture); anything larger is not a seal file */
export const MAX_SEAL_FILE = 8 * 1024 * 1024;

/** What the library shows of one seal (the IPC view, shared/ipc/specs/seals.ts). */
export interface SealEntry {
  fileId: string;
  fileName: string;
  addedAt: string;
  /** SM3 of the SESeal DER, hex */
  sm3: string;
  format: 1 | 4;
  esId: string;
  name: string;
  /** 1 organisation seal 单位印章, 2 personal seal 个人印章, other values as written */
  type: number;
  holders: Array<{ subject: string; serial: string; notAfter: string }>;
  holderDigests: number;
  maker: { subject: string; serial: string; notAfter: string } | null;
  validStart: string;
  validEnd: string;
  picture: { type: string; widthMm: number; heightMm: number; mediaType: string | null; data: string | null };
  /** 'valid', or the worst problem (maker-untrusted is a warning: the trust store has no seal makers by default) */
  status: 'valid' | SealProblemCode;
  problems: Array<{ code: SealProblemCode; message: string }>;
  /** false when signing with it would be refused whatever the certificate (altered, expired, not yet valid) */
  usable: boolean;
}

const PICTURE_MEDIA: Record<string, string> = { PNG: 'image/png', JPG: 'image/jpeg', JPEG: 'image/jpeg', GIF: 'image/gif' };

/** The SESeal DER of a seal file as seal makers hand them out: DER, or the same in base64/PEM text. */
export function sealDerOf(bytes: Uint8Array): Uint8Array {
  if (bytes.length > MAX_SEAL_FILE) throw new BidSealError('E_ESEAL_CORRUPT', `a seal file is at most ${MAX_SEAL_FILE} bytes; this one has ${bytes.length}`);
  let der: Uint8Array;
  try {
    der = dearmor(bytes).der;
  } catch {
    throw new BidSealError('E_ESEAL_CORRUPT', 'not an electronic seal (neither DER nor base64 of an SESeal)');
  }
  return der;
}

function certLine(der: Uint8Array): { subject: string; serial: string; notAfter: string } {
  try {
    const c = parseCertificate(der);
    return { subject: c.subject.text, serial: c.serialNumber, notAfter: c.notAfter.toISOString() };
  } catch {
    return { subject: `(unparsable certificate, ${der.length} bytes)`, serial: '', notAfter: '' };
  }
}

/** The library's view of a parsed seal, checked at `at` against the trust anchors (maker path). */
export async function sealEntry(file: Pick<StoredFile, 'id' | 'name' | 'addedAt'>, seal: ParsedSeal, o: { at?: Date; anchors?: Uint8Array[] } = {}): Promise<SealEntry> {
  const v = await verifySeal(seal, { ...(o.at ? { at: o.at } : {}), anchors: o.anchors ?? [] });
  const media = PICTURE_MEDIA[seal.picture.type] ?? null;
  return {
    fileId: file.id,
    fileName: file.name,
    addedAt: file.addedAt,
    sm3: toHex(sm3(seal.raw)),
    format: seal.format,
    esId: seal.esId,
    name: seal.property.name,
    type: seal.property.type,
    holders: seal.property.certs.map(certLine),
    holderDigests: seal.property.certDigests.length,
    maker: v.maker ? { subject: v.maker.subject, serial: v.maker.serial, notAfter: v.maker.notAfter.toISOString() } : null,
    validStart: seal.property.validStart.toISOString(),
    validEnd: seal.property.validEnd.toISOString(),
    // the picture travels only in a type the renderer shows as an <img> (never SVG or OFD markup)
    picture: { type: seal.picture.type, widthMm: seal.picture.widthMm, heightMm: seal.picture.heightMm, mediaType: media, data: media ? bytesToBase64(seal.picture.data) : null },
    status: v.status,
    problems: v.problems,
    usable: sealUsabilityError(v) === null,
  };
}

export class SealLibrary {
  constructor(
    private readonly store: FileStore,
    private readonly anchors: () => Promise<Uint8Array[]>,
  ) {}

  /**
   * Checks a seal file and files it in the bidder's library. Refused (typed error, nothing stored): not a seal
   * (E_ESEAL_CORRUPT), a version BidSeal does not read (E_ESEAL_UNSUPPORTED_VERSION), a maker signature that
   * does not verify (E_ESEAL_BAD_SIGNATURE). The same seal imported twice for a bidder is one entry.
   */
  async importBytes(bytes: Uint8Array, name: string, bidder: string | undefined): Promise<{ seal: SealEntry; alreadyPresent: boolean }> {
    const der = sealDerOf(bytes);
    const seal = parseSeal(der);
    const v = await verifySeal(seal, { anchors: await this.anchors() });
    const broken = v.problems.find((p) => p.code === 'bad-maker-signature' || p.code === 'maker-cert-invalid' || p.code === 'unsupported-algorithm');
    if (broken) throw new BidSealError('E_ESEAL_BAD_SIGNATURE', broken.message, { problem: broken.code });
    const digest = toHex(sm3(seal.raw));
    for (const f of await this.files(bidder)) if (f.sm3 === digest) return { seal: await this.entryOf(f), alreadyPresent: true };
    const base = (name.replace(/\.[^.]{1,8}$/, '') || seal.property.name).slice(0, 200);
    const out = await this.store.output({ name: `${base}.esl`, mediaType: ESEAL_MEDIA_TYPE, tags: { ...(bidder ? { bidder } : {}), kind: ESEAL_KIND } });
    try {
      // stored as the DER itself (a base64 seal file is decoded once, here), so its SM3 is the seal's
      await writeFile(out.tempPath, seal.raw, { mode: 0o600 });
      const f = await out.commit({ sm3: digest });
      return { seal: await sealEntry(f, seal, { anchors: await this.anchors() }), alreadyPresent: false };
    } catch (e) {
      await out.abort();
      throw e;
    }
  }

  /** Files a document already in the store (the renderer's chunked upload) as a seal; a refused file is removed. */
  async adopt(fileId: string, bidder: string | undefined): Promise<{ seal: SealEntry; alreadyPresent: boolean }> {
    const f = await this.store.get(fileId);
    try {
      if (f.size > MAX_SEAL_FILE) throw new BidSealError('E_ESEAL_CORRUPT', `a seal file is at most ${MAX_SEAL_FILE} bytes; this one has ${f.size}`);
      return await this.importBytes(new Uint8Array(await readFile(await this.store.pathOf(fileId))), f.name, bidder);
    } finally {
      await this.store.remove(fileId); // the upload was only a carrier: the library keeps its own checked copy
    }
  }

  private files(bidder: string | undefined): Promise<StoredFile[]> {
    return this.store.list({ kind: ESEAL_KIND, ...(bidder !== undefined ? { bidder } : {}) }).then((fs) => (bidder === undefined ? fs.filter((f) => f.tags.bidder === undefined) : fs));
  }

  private async entryOf(f: StoredFile): Promise<SealEntry> {
    return sealEntry(f, parseSeal(new Uint8Array(await readFile(await this.store.pathOf(f.id)))), { anchors: await this.anchors() });
  }

  /** The bidder's seals (no bidder: the seals kept without one), each checked now. A damaged entry is skipped. */
  async list(bidder: string | undefined): Promise<SealEntry[]> {
    const out: SealEntry[] = [];
    for (const f of await this.files(bidder)) {
      const e = await this.entryOf(f).catch(() => undefined);
      if (e) out.push(e);
    }
    return out;
  }

  async get(fileId: string): Promise<{ file: StoredFile; seal: ParsedSeal }> {
    const file = await this.store.get(fileId);
    if (file.tags.kind !== ESEAL_KIND) throw new BidSealError('E_FILE_NOT_FOUND', 'no such seal', { id: fileId });
    return { file, seal: parseSeal(new Uint8Array(await readFile(await this.store.pathOf(fileId)))) };
  }

  async remove(fileId: string): Promise<boolean> {
    await this.get(fileId);
    return this.store.remove(fileId);
  }

  /**
   * May this seal be used with this signing certificate now? The typed error of the first reason it may not
   * (E_ESEAL_BAD_SIGNATURE, E_ESEAL_EXPIRED, E_ESEAL_NOT_YET_VALID, E_ESEAL_SIGNER_NOT_LISTED), or null.
   */
  async usableWith(fileId: string, signerCert: Uint8Array, at?: Date): Promise<BidSealError | null> {
    // any stored seal file (also one placed from the documents page before the library existed)
    const f = await this.store.get(fileId);
    if (f.size > MAX_SEAL_FILE) throw new BidSealError('E_ESEAL_CORRUPT', `a seal file is at most ${MAX_SEAL_FILE} bytes`);
    const seal = parseSeal(sealDerOf(new Uint8Array(await readFile(await this.store.pathOf(fileId)))));
    return sealUsabilityError(await verifySeal(seal, { signerCert, ...(at ? { at } : {}) }));
  }
}
