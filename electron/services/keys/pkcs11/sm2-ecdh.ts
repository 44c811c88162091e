// Runs anywhere (pure; the token does the private-key step). SM2 decryption (GB/T 32918.4 §7) for
// tokens that hold an SM2-curve EC key but have no SM2 decrypt mechanism: the token computes
// x2 = x(d·C1) with CKM_ECDH1_DERIVE; KDF, C2 ⊕ t and the C3 check run here.
//
// ECDH1_DERIVE returns only x2, but SM2 needs y2 too (t = KDF(x2‖y2), C3 = SM3(x2‖M‖y2)).
// y2 is recovered from the curve equation y² = x³ + ax + b: a square root gives two candidates
// ±y (y and p − y); exactly one makes C3 match (a wrong one passes with probability 2^-256).
import { BidSealError } from '../../../../shared/errors';
import { SM2_CURVE, curvePoint, parseDerCiphertext, type SM2CiphertextParts, type SM2Curve } from '../../../../shared/crypto/sm2';
import { sm2Kdf } from '../../../../shared/crypto/kdf';
import { sm3 } from '../../../../shared/crypto/sm3';

export type DeriveX = (c1Uncompressed: Uint8Array) => Promise<Uint8Array>;

export interface Sm2EcdhDecryptOptions {
  /** 'auto' (default): DER if it parses as SM2Cipher, else raw C1‖C3‖C2 then C1‖C2‖C3 */
  format?: 'auto' | 'der' | 'c1c3c2' | 'c1c2c3';
  curve?: SM2Curve;
}

const bytesBE = (v: bigint, len: number): Uint8Array => {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
};
const toBig = (u: Uint8Array): bigint => u.reduce((a, b) => (a << 8n) | BigInt(b), 0n);

function candidates(ct: Uint8Array, format: NonNullable<Sm2EcdhDecryptOptions['format']>, L: number): SM2CiphertextParts[] {
  if (format === 'der') return [parseDerCiphertext(ct)];
  if (format === 'auto' && ct[0] === 0x30) {
    try {
      return [parseDerCiphertext(ct)];
    } catch {
      /* not DER: try raw */
    }
  }
  if (ct[0] !== 0x04 || ct.length < 1 + 2 * L + 32) throw new BidSealError('E_BAD_ENCODING', 'SM2 ciphertext: expected DER or 04‖x‖y‖…');
  const x1 = toBig(ct.subarray(1, 1 + L));
  const y1 = toBig(ct.subarray(1 + L, 1 + 2 * L));
  const rest = ct.subarray(1 + 2 * L);
  const c1c3c2 = { x1, y1, c3: rest.subarray(0, 32), c2: rest.subarray(32) };
  const c1c2c3 = { x1, y1, c2: rest.subarray(0, rest.length - 32), c3: rest.subarray(rest.length - 32) };
  return format === 'c1c3c2' ? [c1c3c2] : format === 'c1c2c3' ? [c1c2c3] : [c1c3c2, c1c2c3];
}

function tryY(x2: Uint8Array, y2: Uint8Array, parts: SM2CiphertextParts): Uint8Array | null {
  const t = sm2Kdf(new Uint8Array([...x2, ...y2]), parts.c2.length);
  if (t.length > 0 && t.every((b) => b === 0)) return null; // §7.1 B4
  const m = parts.c2.map((b, i) => b ^ t[i]);
  const u = sm3.create().update(x2).update(m).update(y2).digest();
  let diff = u.length ^ parts.c3.length;
  for (let i = 0; i < u.length; i++) diff |= u[i] ^ (parts.c3[i] ?? 0);
  if (diff === 0) return m;
  m.fill(0);
  return null;
}

/** SM2-decrypts `ciphertext` with a token's ECDH: `deriveX(C1)` must return x(d·C1). */
export async function sm2DecryptViaEcdh(ciphertext: Uint8Array, deriveX: DeriveX, opts: Sm2EcdhDecryptOptions = {}): Promise<Uint8Array> {
  const curve = opts.curve ?? SM2_CURVE;
  const Point = curvePoint(curve);
  const Fp = Point.Fp;
  const L = Fp.BYTES;
  const derived = new Map<string, Uint8Array>(); // one token call per distinct C1
  for (const parts of candidates(ciphertext, opts.format ?? 'auto', L)) {
    // B1: C1 must be a valid curve point (the token may not check; h = 1, so no cofactor check)
    let c1: Uint8Array;
    try {
      const P = Point.fromAffine({ x: parts.x1, y: parts.y1 });
      P.assertValidity();
      c1 = P.toBytes(false);
    } catch {
      continue;
    }
    const key = c1.join(',');
    let x2 = derived.get(key);
    if (!x2) {
      const x = await deriveX(c1);
      if (x.length > L) throw new BidSealError('E_DECRYPT_FAILED', 'token returned an over-long ECDH secret');
      x2 = bytesBE(toBig(x), L); // left-pad: some modules strip leading zero bytes
      derived.set(key, x2);
    }
    const xb = toBig(x2);
    let y: bigint;
    try {
      y = Fp.sqrt(Fp.add(Fp.add(Fp.mul(Fp.sqr(xb), xb), Fp.mul(curve.a, xb)), curve.b));
    } catch {
      throw new BidSealError('E_DECRYPT_FAILED', 'ECDH secret is not an x-coordinate on the curve');
    }
    for (const yc of [y, Fp.neg(y)]) {
      const m = tryY(x2, bytesBE(yc, L), parts);
      if (m) return m;
    }
  }
  throw new BidSealError('E_DECRYPT_FAILED', 'SM2 decryption failed');
}
