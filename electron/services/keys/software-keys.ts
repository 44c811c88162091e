// Runs in Node. Opens a software key file (PKCS#12, PEM bundle, PKCS#8 plain or encrypted, SEC1,
// PKCS#1) as a key carrier, asking for the password only when the file needs one. The password is
// passed straight to the keystore parser and dropped; it is never logged or stored.
import { BidSealError, isBidSealError } from '../../../shared/errors';
import type { Decrypter, Signer } from '../../../shared/pki/carrier';
import { openSoftwareKeystore, type SoftwareKeystore } from '../../../shared/keystore/load';

export interface SoftwareKeyOptions {
  /** a separate certificate for a bare key (PEM or DER) */
  certificate?: Uint8Array;
  /** asked only when the file is encrypted; null = the user cancelled */
  password: () => Promise<string | null>;
  /** shown in CarrierInfo and errors (never secret) */
  fileName: string;
}

export interface OpenedSoftwareKey {
  signer?: Signer;
  decrypter?: Decrypter;
  certificateDer: Uint8Array;
  chain: Uint8Array[];
  /** zeroes the private keys held in memory */
  close(): void;
}

/** The whole key store, asking for the password only when the file needs one (`bidseal key show`). */
export async function openKeystore(bytes: Uint8Array, o: SoftwareKeyOptions): Promise<SoftwareKeystore> {
  const opts = { location: o.fileName, ...(o.certificate ? { certificates: [o.certificate] } : {}) };
  try {
    return await openSoftwareKeystore(bytes, undefined, opts);
  } catch (e) {
    if (!isBidSealError(e) || e.code !== 'E_PASSWORD_REQUIRED') throw e;
  }
  const pw = await o.password();
  if (pw === null) throw new BidSealError('E_CANCELLED');
  return openSoftwareKeystore(bytes, pw, opts);
}

/** The first key in the file that has a certificate (a .pfx from a CA holds one holder's key). */
export async function openSoftwareKey(bytes: Uint8Array, o: SoftwareKeyOptions): Promise<OpenedSoftwareKey> {
  const ks = await openKeystore(bytes, o);
  const entry = ks.entries.find((e) => e.signer) ?? ks.entries[0];
  if (!entry) {
    ks.close();
    throw new BidSealError('E_INVALID_KEY', ks.unpairedKeys.length ? 'no certificate found for the key: give the certificate (--cert)' : 'no private key in the file', { path: o.fileName });
  }
  return { ...(entry.signer ? { signer: entry.signer } : {}), ...(entry.decrypter ? { decrypter: entry.decrypter } : {}), certificateDer: entry.certificateDer, chain: entry.chain, close: () => ks.close() };
}

/** A signer from a software key file; E_INVALID_KEY when its certificate does not allow signing. */
export async function openSoftwareSigner(bytes: Uint8Array, o: SoftwareKeyOptions): Promise<Signer> {
  const k = await openSoftwareKey(bytes, o);
  if (!k.signer) {
    k.close();
    throw new BidSealError('E_INVALID_KEY', 'the certificate of this key does not allow signing (an encryption certificate?)', { path: o.fileName });
  }
  return k.signer;
}
