// Runs anywhere (pure). The SM4 API the app uses: streaming cipher objects shaped like Node's
// createCipheriv (ECB/CBC/CTR/GCM) and one-shot helpers (also CCM), GB/T 32907 + GB/T 17964 modes.
// Hand-written over our SM4 (sm4.ts) because no maintained fast pure-JS SM4 exists.
//
// SECURITY NOTE — GCM streaming decryption releases UNAUTHENTICATED plaintext from update()
// before final() checks the tag: write it to a `.partial` file and delete that file when
// final() throws E_AUTH_TAG_MISMATCH. The one-shot sm4Decrypt() returns nothing unverified.
import { BidSealError } from '../errors';
import { CbcDecrypt, CbcEncrypt, Ctr, EcbDecrypt, EcbEncrypt, type StreamCipher } from './block-modes';
import { ccmDecrypt, ccmEncrypt } from './ccm';
import { GcmDecrypt, GcmEncrypt } from './gcm';
import { Sm4 } from './sm4';
import { concat } from '../asn1';

export type Sm4StreamMode = 'ecb' | 'cbc' | 'ctr' | 'gcm';
export type Sm4Mode = Sm4StreamMode | 'ccm';

export interface Sm4CipherOptions {
  /** GCM/CCM additional authenticated data */
  aad?: Uint8Array;
  /** ECB/CBC PKCS#7 padding; default true (as Node/OpenSSL) */
  padding?: boolean;
  /** GCM 12..16 (default 16); CCM 4..16 even (default 16) */
  tagLength?: number;
}
export interface Sm4DecipherOptions extends Sm4CipherOptions {
  /** GCM tag (12..16 bytes) for streaming decryption; or call setAuthTag() before final() */
  authTag?: Uint8Array;
}

export interface Sm4Cipher extends StreamCipher {
  /** GCM only, after final() */
  getAuthTag?(): Uint8Array;
}
export interface Sm4Decipher extends StreamCipher {
  /** GCM only, before final() */
  setAuthTag?(tag: Uint8Array): void;
}

function noIv(iv: Uint8Array | undefined): void {
  if (iv !== undefined && iv.length !== 0) throw new BidSealError('E_INVALID_ARGUMENT', 'ECB takes no IV');
}

function unsupported(mode: string): never {
  throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `SM4 mode not supported for streaming: ${String(mode)}`);
}

/** Streaming SM4 encryption. Key 16 bytes (E_INVALID_KEY); IV 16 bytes for CBC/CTR, ≥1 byte for GCM (12 recommended). */
export function createSm4Cipher(mode: Sm4StreamMode, key: Uint8Array, iv: Uint8Array | undefined, opts: Sm4CipherOptions = {}): Sm4Cipher {
  const pad = opts.padding ?? true;
  switch (mode) {
    case 'ecb':
      noIv(iv);
      return new EcbEncrypt(new Sm4(key), pad);
    case 'cbc':
      return new CbcEncrypt(new Sm4(key), iv as Uint8Array, pad);
    case 'ctr':
      return new Ctr(new Sm4(key), iv as Uint8Array);
    case 'gcm':
      return new GcmEncrypt(new Sm4(key), iv, { aad: opts.aad, tagLength: opts.tagLength });
    default:
      return unsupported(mode);
  }
}

/** Streaming SM4 decryption; errors: E_TRUNCATED, E_BAD_PADDING, E_AUTH_TAG_MISMATCH (GCM final()). */
export function createSm4Decipher(mode: Sm4StreamMode, key: Uint8Array, iv: Uint8Array | undefined, opts: Sm4DecipherOptions = {}): Sm4Decipher {
  const pad = opts.padding ?? true;
  switch (mode) {
    case 'ecb':
      noIv(iv);
      return new EcbDecrypt(new Sm4(key), pad);
    case 'cbc':
      return new CbcDecrypt(new Sm4(key), iv as Uint8Array, pad);
    case 'ctr':
      return new Ctr(new Sm4(key), iv as Uint8Array);
    case 'gcm':
      return new GcmDecrypt(new Sm4(key), iv, { aad: opts.aad, authTag: opts.authTag });
    default:
      return unsupported(mode);
  }
}

/** One-shot encryption. GCM and CCM return ciphertext ‖ tag (tagLength bytes, default 16). */
export function sm4Encrypt(mode: Sm4Mode, key: Uint8Array, iv: Uint8Array | undefined, data: Uint8Array, opts: Sm4CipherOptions = {}): Uint8Array {
  if (mode === 'ccm') {
    if (!(iv instanceof Uint8Array)) throw new BidSealError('E_INVALID_ARGUMENT', 'CCM needs a nonce');
    const c = new Sm4(key);
    try {
      return ccmEncrypt(c, iv, data, opts);
    } finally {
      c.destroy();
    }
  }
  const c = createSm4Cipher(mode, key, iv, opts);
  const body = c.update(data);
  const last = c.final();
  return mode === 'gcm' ? concat([body, last, c.getAuthTag!()]) : concat([body, last]);
}

/**
 * One-shot decryption. GCM and CCM expect ciphertext ‖ tag (opts.tagLength, default 16) and
 * return plaintext only after the tag verifies.
 */
export function sm4Decrypt(mode: Sm4Mode, key: Uint8Array, iv: Uint8Array | undefined, data: Uint8Array, opts: Sm4CipherOptions = {}): Uint8Array {
  if (mode === 'ccm') {
    if (!(iv instanceof Uint8Array)) throw new BidSealError('E_INVALID_ARGUMENT', 'CCM needs a nonce');
    const c = new Sm4(key);
    try {
      return ccmDecrypt(c, iv, data, opts);
    } finally {
      c.destroy();
    }
  }
  if (mode === 'gcm') {
    const tagLength = opts.tagLength ?? 16;
    const d = createSm4Decipher(mode, key, iv, { aad: opts.aad });
    if (data.length < tagLength) throw new BidSealError('E_TRUNCATED', 'GCM input shorter than the tag');
    d.setAuthTag!(data.subarray(data.length - tagLength));
    const body = d.update(data.subarray(0, data.length - tagLength));
    try {
      return concat([body, d.final()]);
    } catch (e) {
      body.fill(0);
      throw e;
    }
  }
  const d = createSm4Decipher(mode, key, iv, opts);
  const body = d.update(data);
  try {
    return concat([body, d.final()]);
  } catch (e) {
    body.fill(0);
    throw e;
  }
}
