// Runs anywhere (pure). CCM (NIST SP 800-38C / RFC 3610; SM4-CCM per RFC 8998 §3) over any
// 128-bit block cipher, one-shot: CBC-MAC over B0 ‖ encoded AAD ‖ payload, then CTR.
// Hand-written: no maintained pure-JS CCM is generic over a non-AES cipher. Speed is not a goal.
import { BidSealError } from '../errors';
import { readLw, writeLw, type BlockCipher128 } from './block-modes';

export interface CcmOptions {
  aad?: Uint8Array;
  /** bytes: 4, 6, 8, 10, 12, 14 or 16; default 16 */
  tagLength?: number;
}

function check(nonce: Uint8Array, tagLength: number): void {
  if (!(nonce instanceof Uint8Array) || nonce.length < 7 || nonce.length > 13) {
    throw new BidSealError('E_INVALID_ARGUMENT', 'CCM nonce must be 7..13 bytes');
  }
  if (!Number.isInteger(tagLength) || tagLength < 4 || tagLength > 16 || tagLength % 2) {
    throw new BidSealError('E_INVALID_ARGUMENT', 'CCM tag length must be 4, 6, 8, 10, 12, 14 or 16 bytes');
  }
}

/** Encrypts one block of bytes in place (any alignment). */
function encryptBytes(c: BlockCipher128, b: Uint8Array, scratch: Int32Array): void {
  for (let i = 0; i < 4; i++) scratch[i] = readLw(b, 4 * i);
  c.encryptWords(scratch, 0);
  for (let i = 0; i < 4; i++) writeLw(b, 4 * i, scratch[i]);
}

/** Counter block A_i = flags(L-1) ‖ nonce ‖ [i]_L. */
function counterBlock(nonce: Uint8Array, i: number): Uint8Array {
  const L = 15 - nonce.length;
  const a = new Uint8Array(16);
  a[0] = L - 1;
  a.set(nonce, 1);
  for (let k = 15; k > 15 - L && i > 0; k--, i = Math.floor(i / 256)) a[k] = i % 256;
  return a;
}

function macAndKeystream(c: BlockCipher128, nonce: Uint8Array, aad: Uint8Array, payload: Uint8Array, tagLength: number): { tag: Uint8Array; crypt: (data: Uint8Array) => Uint8Array } {
  const L = 15 - nonce.length;
  if (L < 8 && payload.length >= 2 ** (8 * L)) throw new BidSealError('E_INVALID_ARGUMENT', 'CCM payload too long for this nonce length');
  const scratch = new Int32Array(4);
  // B0
  const y = new Uint8Array(16);
  y[0] = (aad.length > 0 ? 0x40 : 0) | (((tagLength - 2) / 2) << 3) | (L - 1);
  y.set(nonce, 1);
  for (let k = 15, n = payload.length; k > 15 - L; k--, n = Math.floor(n / 256)) y[k] = n % 256;
  encryptBytes(c, y, scratch);
  const absorb = (data: Uint8Array): void => {
    for (let off = 0; off < data.length; off += 16) {
      const end = Math.min(off + 16, data.length);
      for (let i = off; i < end; i++) y[i - off] ^= data[i];
      encryptBytes(c, y, scratch);
    }
  };
  if (aad.length > 0) {
    // length encoding of the associated data (SP 800-38C A.2.2)
    let head: number[];
    const a = aad.length;
    if (a < 0xff00) head = [a >>> 8, a & 255];
    else if (a <= 0xffffffff) head = [0xff, 0xfe, a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255];
    else throw new BidSealError('E_INVALID_ARGUMENT', 'CCM AAD too long');
    const enc = new Uint8Array(head.length + a);
    enc.set(head);
    enc.set(aad, head.length);
    absorb(enc);
  }
  absorb(payload);
  const s0 = counterBlock(nonce, 0);
  encryptBytes(c, s0, scratch);
  const tag = new Uint8Array(tagLength);
  for (let i = 0; i < tagLength; i++) tag[i] = y[i] ^ s0[i];
  y.fill(0);
  s0.fill(0);
  const crypt = (data: Uint8Array): Uint8Array => {
    const out = new Uint8Array(data.length);
    for (let off = 0, i = 1; off < data.length; off += 16, i++) {
      const ks = counterBlock(nonce, i);
      encryptBytes(c, ks, scratch);
      const end = Math.min(off + 16, data.length);
      for (let k = off; k < end; k++) out[k] = data[k] ^ ks[k - off];
    }
    return out;
  };
  return { tag, crypt };
}

/** Returns ciphertext ‖ tag. */
export function ccmEncrypt(cipher: BlockCipher128, nonce: Uint8Array, plaintext: Uint8Array, opts: CcmOptions = {}): Uint8Array {
  const tagLength = opts.tagLength ?? 16;
  check(nonce, tagLength);
  const { tag, crypt } = macAndKeystream(cipher, nonce, opts.aad ?? new Uint8Array(0), plaintext, tagLength);
  const ct = crypt(plaintext);
  const out = new Uint8Array(ct.length + tagLength);
  out.set(ct);
  out.set(tag, ct.length);
  return out;
}

/** Takes ciphertext ‖ tag; returns the plaintext only if the tag verifies (E_AUTH_TAG_MISMATCH otherwise). */
export function ccmDecrypt(cipher: BlockCipher128, nonce: Uint8Array, sealed: Uint8Array, opts: CcmOptions = {}): Uint8Array {
  const tagLength = opts.tagLength ?? 16;
  check(nonce, tagLength);
  if (sealed.length < tagLength) throw new BidSealError('E_TRUNCATED', 'CCM input shorter than the tag');
  const ct = sealed.subarray(0, sealed.length - tagLength);
  const got = sealed.subarray(sealed.length - tagLength);
  // The MAC is over the plaintext, so decrypt first (the keystream does not depend on the MAC).
  const { crypt } = macAndKeystream(cipher, nonce, new Uint8Array(0), new Uint8Array(0), tagLength);
  const pt = crypt(ct);
  const { tag } = macAndKeystream(cipher, nonce, opts.aad ?? new Uint8Array(0), pt, tagLength);
  let diff = 0;
  for (let i = 0; i < tagLength; i++) diff |= tag[i] ^ got[i];
  if (diff !== 0) {
    pt.fill(0);
    throw new BidSealError('E_AUTH_TAG_MISMATCH', 'CCM authentication tag mismatch');
  }
  return pt;
}
