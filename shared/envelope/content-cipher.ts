// Runs anywhere (pure). Content-encryption algorithms of CMS envelopes and their parameters: AES-CBC
// (RFC 3565 §4.1), AES-GCM (RFC 5084 §3.2 GCMParameters), SM4-CBC (GB/T 35275 / GM/T 0010: the IV as the
// OCTET STRING parameter), SM4-GCM. Streaming only (WebCrypto cannot stream): our AES and SM4 under the
// generic modes of shared/crypto/block-modes.ts and gcm.ts.
import { BidSealError } from '../errors';
import { Aes } from '../crypto/aes';
import { CbcDecrypt, CbcEncrypt, type StreamCipher } from '../crypto/block-modes';
import { GcmDecrypt, GcmEncrypt } from '../crypto/gcm';
import { Sm4 } from '../crypto/sm4';
import { integer, octets, oid, seq, type BerNode, corrupt, intValue, octetsOf } from '../asn1';

export type ContentCipherName = 'sm4-cbc' | 'aes-256-cbc' | 'sm4-gcm' | 'aes-256-gcm' | 'aes-128-cbc' | 'aes-128-gcm';

export interface ContentCipherInfo {
  name: ContentCipherName;
  /** the OID we write */
  oid: string;
  keyLength: number;
  mode: 'cbc' | 'gcm';
  block: 'aes' | 'sm4';
}

export const CONTENT_CIPHERS: Record<ContentCipherName, ContentCipherInfo> = {
  'sm4-cbc': { name: 'sm4-cbc', oid: '1.2.156.10197.1.104.2', keyLength: 16, mode: 'cbc', block: 'sm4' },
  'sm4-gcm': { name: 'sm4-gcm', oid: '1.2.156.10197.1.104.8', keyLength: 16, mode: 'gcm', block: 'sm4' },
  'aes-256-cbc': { name: 'aes-256-cbc', oid: '2.16.840.1.101.3.4.1.42', keyLength: 32, mode: 'cbc', block: 'aes' },
  'aes-256-gcm': { name: 'aes-256-gcm', oid: '2.16.840.1.101.3.4.1.46', keyLength: 32, mode: 'gcm', block: 'aes' },
  'aes-128-cbc': { name: 'aes-128-cbc', oid: '2.16.840.1.101.3.4.1.2', keyLength: 16, mode: 'cbc', block: 'aes' },
  'aes-128-gcm': { name: 'aes-128-gcm', oid: '2.16.840.1.101.3.4.1.6', keyLength: 16, mode: 'gcm', block: 'aes' },
};

/** OIDs accepted on input. The bare SM4 OID …104 is CFCA's way of saying SM4-CBC. */
const BY_OID: Record<string, ContentCipherInfo> = {
  ...Object.fromEntries(Object.values(CONTENT_CIPHERS).map((c) => [c.oid, c])),
  '1.2.156.10197.1.104': CONTENT_CIPHERS['sm4-cbc'],
};

export const GCM_NONCE_LENGTH = 12;
export const GCM_TAG_LENGTH = 16;

/** The cipher, key and IV/nonce one envelope uses. */
export interface ContentEncryptionParams {
  cipher: ContentCipherInfo;
  /** CBC IV (16 bytes) or GCM nonce */
  iv: Uint8Array;
  /** GCM tag length (icvLen), bytes */
  tagLength: number;
  /** the OID as found in the file (may be an alias) */
  oid: string;
}

export function contentCipherByName(name: string): ContentCipherInfo {
  const c = (CONTENT_CIPHERS as Record<string, ContentCipherInfo | undefined>)[name];
  if (!c) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `content cipher ${String(name)}`);
  return c;
}

/** Random IV/nonce for a new envelope. */
export function newContentParams(cipher: ContentCipherInfo): ContentEncryptionParams {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(cipher.mode === 'gcm' ? GCM_NONCE_LENGTH : 16));
  return { cipher, iv, tagLength: GCM_TAG_LENGTH, oid: cipher.oid };
}

/** ContentEncryptionAlgorithmIdentifier DER: CBC → IV OCTET STRING; GCM → GCMParameters{nonce, icvLen}. */
export function encodeContentAlgorithm(p: ContentEncryptionParams): Uint8Array {
  const params = p.cipher.mode === 'cbc' ? octets(p.iv) : seq(octets(p.iv), integer(p.tagLength));
  return seq(oid(p.cipher.oid), params);
}

/** Parses the algorithm OID and parameters (liberally: GCMParameters icvLen defaults to 12, RFC 5084 §3.2). */
export function decodeContentAlgorithm(algOid: string, params: BerNode | undefined): ContentEncryptionParams {
  const cipher = BY_OID[algOid];
  if (!cipher) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `content encryption algorithm ${algOid}`);
  if (!params) corrupt(`${cipher.name}: missing parameters`);
  if (cipher.mode === 'cbc') {
    const iv = octetsOf(params!, 'CBC IV');
    if (iv.length !== 16) corrupt(`${cipher.name}: IV must be 16 bytes, got ${iv.length}`);
    return { cipher, iv, tagLength: 0, oid: algOid };
  }
  if (params!.tag !== 0x30 || !params!.children) corrupt(`${cipher.name}: GCMParameters must be a SEQUENCE`);
  const [n, icv] = params!.children!;
  if (!n) corrupt('GCMParameters: missing nonce');
  const iv = octetsOf(n, 'GCM nonce');
  if (iv.length < 1 || iv.length > 64) corrupt(`GCM nonce of ${iv.length} bytes`);
  const tagLength = icv ? intValue(icv, 'GCM icvLen') : 12;
  if (tagLength < 12 || tagLength > 16) corrupt(`GCM icvLen ${tagLength} outside 12..16`);
  return { cipher, iv, tagLength, oid: algOid };
}

/** Streaming encryptor; for GCM, tag() after final(). */
export interface ContentEncryptor extends StreamCipher {
  tag(): Uint8Array | undefined;
}
export interface ContentDecryptor extends StreamCipher {
  setTag(tag: Uint8Array): void;
}

function blockCipher(p: ContentEncryptionParams, key: Uint8Array) {
  if (!(key instanceof Uint8Array) || key.length !== p.cipher.keyLength) {
    throw new BidSealError('E_DECRYPT_FAILED', `content key has ${key?.length} bytes, ${p.cipher.name} needs ${p.cipher.keyLength}`);
  }
  return p.cipher.block === 'aes' ? new Aes(key) : new Sm4(key);
}

/** The StreamCipher methods of `c`, bound (the envelope's ciphers add their tag methods beside them). */
const streamOf = (c: StreamCipher): StreamCipher => ({
  update: (d) => c.update(d),
  updateInto: (d, out, at) => c.updateInto(d, out, at),
  outputLength: (n) => c.outputLength(n),
  final: () => c.final(),
});

export function createContentEncryptor(p: ContentEncryptionParams, key: Uint8Array): ContentEncryptor {
  const bc = blockCipher(p, key);
  if (p.cipher.mode === 'cbc') return { ...streamOf(new CbcEncrypt(bc, p.iv, true)), tag: () => undefined };
  const g = new GcmEncrypt(bc, p.iv, { tagLength: p.tagLength });
  return { ...streamOf(g), tag: () => g.getAuthTag() };
}

/**
 * Streaming decryptor. CBC: E_BAD_PADDING / E_TRUNCATED from final(). GCM: update() returns
 * UNAUTHENTICATED plaintext; final() throws E_AUTH_TAG_MISMATCH (callers write to .partial files).
 */
export function createContentDecryptor(p: ContentEncryptionParams, key: Uint8Array): ContentDecryptor {
  const bc = blockCipher(p, key);
  if (p.cipher.mode === 'cbc') {
    return {
      ...streamOf(new CbcDecrypt(bc, p.iv, true)),
      setTag: () => {
        throw new BidSealError('E_INVALID_ARGUMENT', 'CBC has no tag');
      },
    };
  }
  const g = new GcmDecrypt(bc, p.iv);
  return { ...streamOf(g), setTag: (t) => g.setAuthTag(t) };
}
