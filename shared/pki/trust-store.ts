// Runs anywhere (pure). The trust-anchor store model: CA certificates the user (or a platform directory,
// or the app bundle) chose to trust, each with its provenance; serialisable to JSON. RFC 5280 §6.1.1 (d)
// trust anchors; non-CA certificates are refused (a leaf is never an anchor here). Persistence: electron/services/pki/trust-store.ts.
import { BidSealError } from '../errors';
import { parseCertificateDer, parseCertificates, type CertificateSummary } from './certificate';

export type TrustSource = 'user' | 'platform-directory' | 'bundled';

export interface TrustOrigin {
  by: TrustSource;
  /** the file it was imported from (base name), when known */
  fileName?: string;
  /** e.g. the platform whose CA directory (名录) listed it */
  note?: string;
}

export interface TrustEntry {
  /** SHA-256 fingerprint (lowercase hex): stable id */
  id: string;
  certificate: CertificateSummary;
  origin: TrustOrigin;
  importedAt: Date;
}

export interface TrustStoreJson {
  version: 1;
  entries: Array<{ id: string; der: string; by: TrustSource; fileName?: string; note?: string; importedAt: string }>;
}

const b64 = (b: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
};
const unb64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/** Why a certificate cannot be a trust anchor, or null when it can. */
export function whyNotCa(c: CertificateSummary): string | null {
  const legacyV1Root = c.version === 1 && c.selfIssued;
  if (!c.basicConstraints?.cA && !legacyV1Root) return c.basicConstraints ? 'basicConstraints says cA=false' : 'no basicConstraints extension marking it as a CA';
  if (c.keyUsage && !c.keyUsage.includes('keyCertSign')) return `key usage (${c.keyUsage.join(', ') || 'none'}) does not allow certificate signing`;
  return null;
}

const SOURCES: readonly TrustSource[] = ['user', 'platform-directory', 'bundled'];

export class TrustStore {
  #entries = new Map<string, TrustEntry>();

  /** Rebuilds a store from its JSON form; E_BAD_ENCODING when the data is not a trust store. */
  static fromJSON(data: unknown): TrustStore {
    const store = new TrustStore();
    const d = data as TrustStoreJson;
    if (!d || typeof d !== 'object' || d.version !== 1 || !Array.isArray(d.entries)) throw new BidSealError('E_BAD_ENCODING', 'trust store: unknown format');
    for (const e of d.entries) {
      if (!e || typeof e.der !== 'string' || !SOURCES.includes(e.by)) throw new BidSealError('E_BAD_ENCODING', 'trust store: malformed entry');
      const certificate = parseCertificateDer(unb64(e.der));
      const importedAt = new Date(e.importedAt);
      store.#entries.set(certificate.fingerprints.sha256, {
        id: certificate.fingerprints.sha256,
        certificate,
        origin: { by: e.by, ...(e.fileName ? { fileName: e.fileName } : {}), ...(e.note ? { note: e.note } : {}) },
        importedAt: Number.isNaN(importedAt.getTime()) ? new Date(0) : importedAt,
      });
    }
    return store;
  }

  toJSON(): TrustStoreJson {
    return {
      version: 1,
      entries: this.list().map((e) => ({
        id: e.id,
        der: b64(e.certificate.der),
        by: e.origin.by,
        ...(e.origin.fileName ? { fileName: e.origin.fileName } : {}),
        ...(e.origin.note ? { note: e.origin.note } : {}),
        importedAt: e.importedAt.toISOString(),
      })),
    };
  }

  /** Entries in import order. */
  list(): TrustEntry[] {
    return [...this.#entries.values()];
  }

  get(id: string): TrustEntry | undefined {
    return this.#entries.get(id.toLowerCase());
  }

  /** The certificates to pass as `anchors` to validatePath. */
  anchors(): CertificateSummary[] {
    return this.list().map((e) => e.certificate);
  }

  /**
   * Imports every certificate in PEM/DER/bundle input. All or nothing: if any certificate is not a CA the
   * store is unchanged and E_CERT_NOT_CA names it. Already-present certificates are reported, not duplicated.
   */
  importCertificates(input: Uint8Array | string, origin: TrustOrigin, at: Date = new Date()): { added: TrustEntry[]; alreadyPresent: TrustEntry[] } {
    const certs = parseCertificates(input);
    for (const c of certs) {
      const why = whyNotCa(c);
      if (why) {
        throw new BidSealError('E_CERT_NOT_CA', `"${c.subject.text}" is not a CA certificate: ${why}`, {
          subject: c.subject.text,
          serialNumber: c.serialNumber,
          fileName: origin.fileName,
          reason: why,
        });
      }
    }
    const added: TrustEntry[] = [];
    const alreadyPresent: TrustEntry[] = [];
    for (const c of certs) {
      const id = c.fingerprints.sha256;
      const existing = this.#entries.get(id);
      if (existing) {
        alreadyPresent.push(existing);
        continue;
      }
      const entry: TrustEntry = { id, certificate: c, origin: { ...origin }, importedAt: at };
      this.#entries.set(id, entry);
      added.push(entry);
    }
    return { added, alreadyPresent };
  }

  /** Removes an entry; false when it was not there. */
  remove(id: string): boolean {
    return this.#entries.delete(id.toLowerCase());
  }
}
