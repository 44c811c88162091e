// Runs anywhere (pure). The SM2 key derivation function KDF(Z, klen) of GB/T 32918.4-2016 §5.4.3:
// SM3(Z ‖ ct) for a 32-bit big-endian counter ct = 1, 2, …, concatenated and cut to klen bytes.
// Hand-written: a dozen lines over our SM3; no JS library exports exactly this KDF.
import { BidSealError } from '../errors';
import { sm3 } from './sm3';

/** KDF(z, klen) with SM3, klen in BYTES (the standard counts bits; SM2 only ever uses whole bytes). */
export function sm2Kdf(z: Uint8Array, klen: number): Uint8Array {
  if (!Number.isSafeInteger(klen) || klen < 0 || klen > 32 * 0xffffffff) {
    throw new BidSealError('E_INVALID_ARGUMENT', 'KDF output length out of range');
  }
  const out = new Uint8Array(klen);
  const ctBytes = new Uint8Array(4);
  // Z is hashed once; each block clones the absorbed state (saves re-hashing long Z).
  const base = sm3.create().update(z);
  for (let ct = 1, pos = 0; pos < klen; ct++, pos += 32) {
    ctBytes[0] = ct >>> 24;
    ctBytes[1] = ct >>> 16;
    ctBytes[2] = ct >>> 8;
    ctBytes[3] = ct;
    const d = base.clone().update(ctBytes).digest();
    out.set(klen - pos >= 32 ? d : d.subarray(0, klen - pos), pos);
  }
  base.destroy();
  return out;
}
