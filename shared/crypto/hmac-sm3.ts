// Runs anywhere (pure). HMAC-SM3 (RFC 2104 / GB/T 15852.2 with SM3; OID 1.2.156.10197.1.401.2)
// and HKDF-SM3 (RFC 5869): @noble/hashes' generic HMAC/HKDF over our SM3 (sm3.ts), since no
// maintained library ships SM3; verification compares in constant time.
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { BidSealError } from '../errors';
import { sm3 } from './sm3';

/** HMAC-SM3 of `msg` under `key` (any key length), 32 bytes. */
export function hmacSm3(key: Uint8Array, msg: Uint8Array): Uint8Array {
  return hmac(sm3, key, msg);
}

/** Streaming HMAC-SM3: `.update(chunk)….digest()`. */
export function createHmacSm3(key: Uint8Array): ReturnType<typeof hmac.create> {
  return hmac.create(sm3, key);
}

/**
 * Checks a (possibly truncated, ≥ 16 bytes) HMAC-SM3 tag in constant time. Shorter tags are
 * refused as an argument error rather than accepted (forgeable).
 */
export function verifyHmacSm3(key: Uint8Array, msg: Uint8Array, tag: Uint8Array): boolean {
  if (tag.length < 16 || tag.length > 32) throw new BidSealError('E_INVALID_ARGUMENT', 'HMAC-SM3 tag must be 16..32 bytes');
  const full = hmacSm3(key, msg);
  let diff = 0;
  for (let i = 0; i < tag.length; i++) diff |= full[i] ^ tag[i];
  full.fill(0);
  return diff === 0;
}

/** HKDF-SM3 (RFC 5869 extract-then-expand); `length` ≤ 255 × 32 bytes. */
export function hkdfSm3(ikm: Uint8Array, salt: Uint8Array | undefined, info: Uint8Array | undefined, length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 255 * 32) throw new BidSealError('E_INVALID_ARGUMENT', 'HKDF-SM3 length out of range');
  return hkdf(sm3, ikm, salt, info, length);
}
