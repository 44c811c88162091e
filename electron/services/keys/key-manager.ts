// Runs in Node (app side). The key manager (密钥管理) that remembers: one list of the bidder's identities across
// carriers — an SKF or PKCS#11 USB key by its URI, a key file kept (as the encrypted file the CA issued) in the
// data folder — each with its signing and encryption certificate; and which identity a bidder chose for a
// project. Later operations name the identity and bring only the PIN or password, never the file again.
// Nothing secret is stored: key files stay encrypted under their own password; PINs are never written.
import { mkdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { BidSealError } from '../../../shared/errors';
import { parseCertificate } from '../../../shared/pki/certificate';
import { writeFileAtomic } from '../fs/atomic-write';
import { fromB64, toB64 } from '../pki/certificates';

export type IdentityCarrier = { kind: 'skf'; uri: string } | { kind: 'pkcs11'; uri: string } | { kind: 'file'; file: string; fileName: string };

export interface StoredIdentity {
  /** SHA-256 (hex, first 32) of the signing (else encryption) certificate: stable across carriers */
  id: string;
  label: string;
  carrier: IdentityCarrier;
  /** DER, base64 */
  signCert?: string;
  encCert?: string;
  addedAt: string;
}

interface Store {
  version: 1;
  identities: StoredIdentity[];
  /** `${bidder}\u0000${project}` → identity id */
  choices: Record<string, string>;
}

export type IdentityValidity = 'ok' | 'not-yet-valid' | 'expired' | 'expires-before-opening';

export interface IdentityStatus {
  identity: StoredIdentity;
  /** worst of both certificates, at now and against the project's opening time */
  validity: IdentityValidity;
  chosen: boolean;
}

const EMPTY: Store = { version: 1, identities: [], choices: {} };
const key = (bidder: string, project: string) => `${bidder}\u0000${project}`;

export class KeyManager {
  private readonly dir: string;
  private readonly file: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'keys');
    this.file = path.join(this.dir, 'identities.json');
  }

  private read(): Store {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return structuredClone(EMPTY);
    }
    try {
      const s = JSON.parse(text) as Store;
      if (s.version !== 1 || !Array.isArray(s.identities) || typeof s.choices !== 'object') throw new Error('shape');
      return s;
    } catch {
      throw new BidSealError('E_BAD_ENCODING', 'the key manager store is damaged', { file: this.file });
    }
  }

  private async write(s: Store): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    await writeFileAtomic(this.file, new TextEncoder().encode(JSON.stringify(s, null, 2)));
  }

  list(): StoredIdentity[] {
    return this.read().identities;
  }

  get(id: string): StoredIdentity {
    const i = this.read().identities.find((x) => x.id === id);
    if (!i) throw new BidSealError('E_NOT_FOUND', 'no such identity in the key manager');
    return i;
  }

  /**
   * Remembers an identity (replacing one with the same certificates). A key file is copied into the data
   * folder as it is (still encrypted under its password), so it is never asked for again.
   */
  async remember(o: { carrier: { kind: 'skf' | 'pkcs11'; uri: string } | { kind: 'file'; data: Uint8Array; fileName: string }; signCert?: Uint8Array; encCert?: Uint8Array; label?: string }): Promise<StoredIdentity> {
    const first = o.signCert ?? o.encCert;
    if (!first) throw new BidSealError('E_INVALID_ARGUMENT', 'an identity needs a signing or an encryption certificate');
    const cert = parseCertificate(first);
    const id = createHash('sha256').update(first).digest('hex').slice(0, 32);
    let carrier: IdentityCarrier;
    if (o.carrier.kind === 'file') {
      const name = `${id}${path.extname(o.carrier.fileName).toLowerCase().replace(/[^.a-z0-9]/g, '') || '.key'}`;
      mkdirSync(this.dir, { recursive: true });
      await writeFileAtomic(path.join(this.dir, name), o.carrier.data);
      carrier = { kind: 'file', file: name, fileName: path.basename(o.carrier.fileName) };
    } else carrier = { kind: o.carrier.kind, uri: o.carrier.uri };
    const identity: StoredIdentity = {
      id,
      label: o.label ?? (cert.commonName || cert.subject.text),
      carrier,
      ...(o.signCert ? { signCert: toB64(o.signCert) } : {}),
      ...(o.encCert ? { encCert: toB64(o.encCert) } : {}),
      addedAt: new Date().toISOString(),
    };
    const s = this.read();
    s.identities = [...s.identities.filter((x) => x.id !== id), identity];
    await this.write(s);
    return identity;
  }

  /** The bytes of a remembered key file (still encrypted: the caller brings the password). */
  keyFile(identity: StoredIdentity): Uint8Array {
    if (identity.carrier.kind !== 'file') throw new BidSealError('E_INVALID_ARGUMENT', 'this identity is not a key file');
    return new Uint8Array(readFileSync(path.join(this.dir, path.basename(identity.carrier.file))));
  }

  async forget(id: string): Promise<void> {
    const s = this.read();
    s.identities = s.identities.filter((x) => x.id !== id);
    for (const [k, v] of Object.entries(s.choices)) if (v === id) delete s.choices[k];
    await this.write(s);
  }

  /** The bidder's choice for a project: asked once, used by every later sign, batch, seal, self-check and open. */
  async choose(bidder: string, project: string, id: string): Promise<void> {
    const s = this.read();
    if (!s.identities.some((x) => x.id === id)) throw new BidSealError('E_NOT_FOUND', 'no such identity in the key manager');
    s.choices[key(bidder, project)] = id;
    await this.write(s);
  }

  chosen(bidder: string, project: string): StoredIdentity {
    const s = this.read();
    const id = s.choices[key(bidder, project)];
    const i = id ? s.identities.find((x) => x.id === id) : undefined;
    if (!i) throw new BidSealError('E_KEY_NOT_CHOSEN');
    return i;
  }

  /** Every identity with its validity now and at the project's opening time (the encryption certificate must outlive it). */
  status(bidder?: string, project?: string, openingTime?: Date, now = new Date()): IdentityStatus[] {
    const s = this.read();
    // without a bidder and project (signing a loose document) nothing is "chosen": the session's pick applies
    const chosenId = bidder && project ? s.choices[key(bidder, project)] : undefined;
    return s.identities.map((identity) => ({ identity, validity: validityOf(identity, now, openingTime), chosen: identity.id === chosenId }));
  }
}

function validityOf(i: StoredIdentity, now: Date, opening?: Date): IdentityValidity {
  let worst: IdentityValidity = 'ok';
  for (const [b64, enc] of [[i.signCert, false], [i.encCert, true]] as const) {
    if (!b64) continue;
    const c = parseCertificate(fromB64(b64));
    if (now < c.notBefore) worst = worst === 'ok' ? 'not-yet-valid' : worst;
    if (now > c.notAfter) return 'expired';
    if (enc && opening && opening > c.notAfter) worst = 'expires-before-opening';
  }
  return worst;
}
