// Runs anywhere (pure). AES key wrap (RFC 3394 §2.2.1–2.2.3, default IV A6A6A6A6A6A6A6A6), the key-encryption
// step of CMS ECDH key agreement (RFC 5753 §3.1.1, id-aes256-wrap 2.16.840.1.101.3.4.1.45). Hand-written:
// WebCrypto's AES-KW needs async CryptoKeys and exists only where WebCrypto does; this is 40 lines over aes.ts.
import { BidSealError } from '../errors';
import { Aes } from './aes';

const DEFAULT_IV = Uint8Array.of(0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6);

function checkKek(kek: Uint8Array): void {
  if (!(kek instanceof Uint8Array) || (kek.length !== 16 && kek.length !== 24 && kek.length !== 32)) {
    throw new BidSealError('E_INVALID_KEY', 'AES key-wrap KEK must be 16, 24 or 32 bytes');
  }
}

/** Wraps `key` (a multiple of 8 bytes, ≥ 16) under `kek`; returns key.length + 8 bytes. */
export function aesKeyWrap(kek: Uint8Array, key: Uint8Array): Uint8Array {
  checkKek(kek);
  if (!(key instanceof Uint8Array) || key.length < 16 || key.length % 8 !== 0) throw new BidSealError('E_INVALID_ARGUMENT', 'key to wrap must be a multiple of 8 bytes, at least 16');
  const n = key.length / 8;
  const out = new Uint8Array(8 + key.length);
  out.set(DEFAULT_IV);
  out.set(key, 8);
  const aes = new Aes(kek);
  const b = new Uint8Array(16);
  try {
    for (let j = 0; j <= 5; j++) {
      for (let i = 1; i <= n; i++) {
        b.set(out.subarray(0, 8));
        b.set(out.subarray(8 * i, 8 * i + 8), 8);
        const e = aes.encryptBlock(b);
        const t = n * j + i;
        out.set(e.subarray(0, 8));
        for (let k = 0; k < 4; k++) out[7 - k] ^= (t >>> (8 * k)) & 0xff;
        out.set(e.subarray(8), 8 * i);
        e.fill(0);
      }
    }
  } finally {
    b.fill(0);
    aes.destroy();
  }
  return out;
}

/** Unwraps; E_DECRYPT_FAILED when the integrity check (the IV) fails — wrong KEK or altered data. */
export function aesKeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
  checkKek(kek);
  if (!(wrapped instanceof Uint8Array) || wrapped.length < 24 || wrapped.length % 8 !== 0) throw new BidSealError('E_DECRYPT_FAILED', 'wrapped key has an invalid length');
  const n = wrapped.length / 8 - 1;
  const a = wrapped.slice(0, 8);
  const r = wrapped.slice(8);
  const aes = new Aes(kek);
  const b = new Uint8Array(16);
  try {
    for (let j = 5; j >= 0; j--) {
      for (let i = n; i >= 1; i--) {
        const t = n * j + i;
        b.set(a);
        for (let k = 0; k < 4; k++) b[7 - k] ^= (t >>> (8 * k)) & 0xff;
        b.set(r.subarray(8 * (i - 1), 8 * i), 8);
        const d = aes.decryptBlock(b);
        a.set(d.subarray(0, 8));
        r.set(d.subarray(8), 8 * (i - 1));
        d.fill(0);
      }
    }
  } finally {
    b.fill(0);
    aes.destroy();
  }
  let diff = 0;
  for (let i = 0; i < 8; i++) diff |= a[i] ^ DEFAULT_IV[i];
  if (diff !== 0) {
    r.fill(0);
    throw new BidSealError('E_DECRYPT_FAILED', 'AES key unwrap: integrity check failed');
  }
  return r;
}
