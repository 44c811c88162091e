// Runs anywhere (pure). SM2 (GB/T 32918.1-.5, GM/T 0003): keys, signatures (part 2 §6-7, e = SM3(Z‖M)),
// encryption (part 4 §6-7) and the GM/T 0009 encodings. Hand-written on @noble/curves' Point (decoding,
// validation): no JS library does SM2 right and fast; hot paths use our a=−3 Jacobian code (see Arithmetic).
import { weierstrass, type WeierstrassPoint, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { invert } from '@noble/curves/abstract/modular.js';
import { bytesToNumberBE, numberToBytesBE, concatBytes } from '@noble/curves/utils.js';
import { BidSealError } from '../errors';
import { children, integer, octets, readSingle, seq, uintOf, type Tlv, toHex as hex } from '../asn1';
import { sm3 } from './sm3';
import { sm2Kdf } from './kdf';
import * as limbs from './sm2-limbs';
import * as sm2wasm from './sm2-wasm';

// ---------------------------------------------------------------------------------------------------
// Curves as parameter objects
// ---------------------------------------------------------------------------------------------------

/** Short Weierstrass curve y² = x³ + ax + b over F_p with base point G of prime order n. */
export interface SM2Curve {
  readonly name: string;
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
  readonly n: bigint;
  readonly gx: bigint;
  readonly gy: bigint;
  readonly h: bigint;
}

/** The recommended curve of GB/T 32918.5-2017 (sm2p256v1, OID 1.2.156.10197.1.301). */
export const SM2_CURVE: SM2Curve = Object.freeze({
  name: 'sm2p256v1',
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
  h: 1n,
});

/** Builds a frozen curve object (e.g. the GB/T 32918 part 2-4 example curve for tests). Prime-order curves only. */
export function defineCurve(params: SM2Curve): SM2Curve {
  if (params.h !== 1n) throw new BidSealError('E_INVALID_ARGUMENT', 'only cofactor-1 curves are supported');
  return Object.freeze({ ...params });
}

/** The default signer ID of GM/T 0009 (ENTL = 0x0080). */
export const DEFAULT_ID_STRING = '1234567812345678';
const DEFAULT_ID: Uint8Array = /* @__PURE__ */ new TextEncoder().encode(DEFAULT_ID_STRING); // private: never handed out

// ---------------------------------------------------------------------------------------------------
// Arithmetic. Why not noble's own: with Point.BASE.precompute(8) its k·G ran ~2,700/s here and u1·G + u2·P
// ~450-1,500/s (complete RCB formulas, constant-time fake additions, a `%` per field operation).
// JS BigInt `(a*b) % p` costs ~0.3 µs here (the `%` ~2.5× the product), so the number of reductions decides
// speed. noble's generic points use complete (RCB) formulas; SM2 has a = −3, for which Jacobian doubling
// is 3M+5S and mixed addition 8M+3S. Coordinates are kept as *signed* representatives in (−p, p):
// additions/subtractions are not reduced, every multiplication result is (`%` keeps the sign), and
// points are normalised to [0, p) only when converted to affine.
//  - k·G (sign, encrypt, keygen): fixed-base comb, 32 windows × 255 affine multiples of 2^(8i)·G
//    (~8k points, built lazily on first use, ~60 ms): 32 mixed additions, no doublings.
//  - t·P for a public t (verify): width-5 wNAF with an affine table of odd multiples; k·P and d·C1 for
//    secret scalars (encrypt, decrypt): 4-bit fixed window, one addition per window.
//  - a public key met repeatedly (verify, or encrypt to the same recipient): after its second use it
//    gets a signed 4-bit comb table (65 × 8 affine points, ~3 ms to build) in a 16-entry LRU cache
//    (bounded; public data only).
// On sm2p256v1 itself, k·G, s·G + t·P (verify, any key) and the secret k·P of encrypt / decrypt run on the
// WebAssembly module of sm2-wasm.ts (64-bit limbs, masked selection for secret scalars; the per-key comb
// is then not built). Where WebAssembly is unavailable, verification and k·P run on the Float64 limbs of
// sm2-limbs.ts and k·G on the comb below. The BigInt code here stays the reference (and serves other
// curves, e.g. the standard's example curve); all are cross-checked in test/unit/crypto/sm2-limbs.test.ts
// and sm2-wasm.test.ts.
// Side channels: BigInt arithmetic is not constant-time in any JS engine. For secret scalars we avoid
// secret-dependent control flow at the algorithm level (every window does one addition, zero digits
// add into a discarded accumulator, table entries are selected by scanning the whole row) — a best
// effort, like every pure-JS implementation.
// ---------------------------------------------------------------------------------------------------

type Jac = { X: bigint; Y: bigint; Z: bigint };
type Aff = { x: bigint; y: bigint };

interface Ctx {
  curve: SM2Curve;
  Point: WeierstrassPointCons<bigint>;
  p: bigint;
  n: bigint;
  a: bigint;
  aIsMinus3: boolean;
  byteLen: number;
  baseComb?: Aff[][]; // [window][digit 0..255]; digit 0 is a dummy (G) used for the discarded add
  /** sm2p256v1 itself: the fixed-limb path of sm2-limbs.ts applies */
  limbs: boolean;
  baseCombLimbs?: limbs.AffTable;
  combCache: Map<string, { comb?: Aff[][]; combLimbs?: limbs.AffTable; uses: number }>;
  zCache: Map<string, Uint8Array>;
  pubCache: Map<string, Uint8Array>;
}

const ctxs = new WeakMap<SM2Curve, Ctx>();
function ctxOf(curve: SM2Curve): Ctx {
  let c = ctxs.get(curve);
  if (!c) {
    const Point = weierstrass({ p: curve.p, n: curve.n, h: curve.h, a: curve.a, b: curve.b, Gx: curve.gx, Gy: curve.gy });
    c = {
      curve,
      Point,
      p: curve.p,
      n: curve.n,
      a: curve.a,
      aIsMinus3: curve.a === curve.p - 3n,
      limbs: (['p', 'a', 'b', 'n', 'gx', 'gy', 'h'] as const).every((k) => curve[k] === SM2_CURVE[k]),
      byteLen: (curve.p.toString(16).length + 1) >> 1,
      combCache: new Map(),
      zCache: new Map(),
      pubCache: new Map(),
    };
    ctxs.set(curve, c);
  }
  return c;
}

const ZERO_J: Jac = { X: 1n, Y: 1n, Z: 0n };

function jDouble(c: Ctx, P: Jac): Jac {
  const p = c.p;
  const { X, Y, Z } = P;
  if (c.aIsMinus3) {
    // dbl-2001-b, with reductions merged where a sum of products can be reduced once (7 `%` per doubling:
    // `%` costs ~2.5× a 256-bit multiplication here, so fewer reductions beat fewer multiplications)
    const delta = (Z * Z) % p;
    const gamma = (Y * Y) % p;
    const beta = (X * gamma) % p;
    const alpha = (3n * (X - delta) * (X + delta)) % p;
    const X3 = (alpha * alpha - 8n * beta) % p;
    const Z3 = (2n * Y * Z) % p; // = (Y+Z)² − γ − δ
    const Y3 = (alpha * (4n * beta - X3) - 8n * gamma * gamma) % p;
    return { X: X3, Y: Y3, Z: Z3 };
  }
  // dbl-2007-bl (general a)
  const XX = (X * X) % p;
  const YY = (Y * Y) % p;
  const YYYY = (YY * YY) % p;
  const ZZ = (Z * Z) % p;
  const S = (2n * ((X + YY) * (X + YY) - XX - YYYY)) % p;
  const M = (3n * XX + c.a * ((ZZ * ZZ) % p)) % p;
  const T = (M * M - 2n * S) % p;
  const Y3 = (M * (S - T) - 8n * YYYY) % p;
  const Z3 = ((Y + Z) * (Y + Z) - YY - ZZ) % p;
  return { X: T, Y: Y3, Z: Z3 };
}

/** Jacobian + affine (madd, 8M+3S). Handles P = ∞, P = Q (doubling) and P = −Q. */
function jAddAff(c: Ctx, P: Jac, q: Aff): Jac {
  const p = c.p;
  const { X, Y, Z } = P;
  if (Z % p === 0n) return { X: q.x, Y: q.y, Z: 1n };
  const ZZ = (Z * Z) % p;
  const U2 = (q.x * ZZ) % p;
  const S2 = (q.y * Z * ZZ) % p;
  const H = U2 - X;
  const R = S2 - Y;
  if (H % p === 0n) {
    if (R % p === 0n) return jDouble(c, { X: q.x, Y: q.y, Z: 1n });
    return ZERO_J;
  }
  const HH = (H * H) % p;
  const HHH = (H * HH) % p;
  const V = (X * HH) % p;
  const X3 = (R * R - HHH - 2n * V) % p;
  const Y3 = (R * (V - X3) - Y * HHH) % p;
  const Z3 = (Z * H) % p;
  return { X: X3, Y: Y3, Z: Z3 };
}

/** General Jacobian addition (add-2007-bl), used only while building tables. */
function jAdd(c: Ctx, P: Jac, Q: Jac): Jac {
  const p = c.p;
  if (P.Z % p === 0n) return Q;
  if (Q.Z % p === 0n) return P;
  const Z1Z1 = (P.Z * P.Z) % p;
  const Z2Z2 = (Q.Z * Q.Z) % p;
  const U1 = (P.X * Z2Z2) % p;
  const U2 = (Q.X * Z1Z1) % p;
  const S1 = (((P.Y * Q.Z) % p) * Z2Z2) % p;
  const S2 = (((Q.Y * P.Z) % p) * Z1Z1) % p;
  const H = U2 - U1;
  const R = S2 - S1;
  if (H % p === 0n) return R % p === 0n ? jDouble(c, P) : ZERO_J;
  const HH = (H * H) % p;
  const HHH = (H * HH) % p;
  const V = (U1 * HH) % p;
  const X3 = (R * R - HHH - 2n * V) % p;
  const Y3 = (R * (V - X3) - ((S1 * HHH) % p)) % p;
  const Z3 = (((P.Z * Q.Z) % p) * H) % p;
  return { X: X3, Y: Y3, Z: Z3 };
}

const norm = (x: bigint, m: bigint): bigint => {
  const r = x % m;
  return r < 0n ? r + m : r;
};

/** Jacobian → affine in [0, p); throws on ∞ (callers decide what ∞ means). */
function toAff(c: Ctx, P: Jac): Aff | null {
  const p = c.p;
  const z = norm(P.Z, p);
  if (z === 0n) return null;
  const zi = invert(z, p);
  const zi2 = (zi * zi) % p;
  return { x: norm(P.X * zi2, p), y: norm(((P.Y * zi2) % p) * zi, p) };
}

/** toAff of a multiple that cannot be the point at infinity (k ∈ [1, n−1]); E_INTERNAL should it be. */
function toAffFinite(c: Ctx, P: Jac, what: 'k·G' | 'k·P'): Aff {
  const r = toAff(c, P);
  if (!r) throw new BidSealError('E_INTERNAL', `${what} is infinity`);
  return r;
}

/** Batch affine conversion (Montgomery's trick); no point may be ∞. */
function batchToAff(c: Ctx, pts: Jac[]): Aff[] {
  const p = c.p;
  const acc: bigint[] = new Array(pts.length);
  let prod = 1n;
  for (let i = 0; i < pts.length; i++) {
    acc[i] = prod;
    prod = (prod * norm(pts[i].Z, p)) % p;
  }
  let inv = invert(prod, p);
  const out: Aff[] = new Array(pts.length);
  for (let i = pts.length - 1; i >= 0; i--) {
    const zi = (inv * acc[i]) % p;
    inv = (inv * norm(pts[i].Z, p)) % p;
    const zi2 = (zi * zi) % p;
    out[i] = { x: norm(pts[i].X * zi2, p), y: norm(((pts[i].Y * zi2) % p) * zi, p) };
  }
  return out;
}

function baseComb(c: Ctx): Aff[][] {
  if (c.baseComb) return c.baseComb;
  const windows = Math.ceil(c.n.toString(2).length / 8);
  const all: Jac[] = [];
  let B: Aff = { x: c.curve.gx, y: c.curve.gy };
  for (let w = 0; w < windows; w++) {
    let acc: Jac = { X: B.x, Y: B.y, Z: 1n };
    all.push(acc); // digit 0 slot (dummy = B)
    all.push(acc); // digit 1
    for (let j = 2; j < 256; j++) {
      acc = jAddAff(c, acc, B);
      all.push(acc);
    }
    // next window base: 2^8 · B = 256·B = (255·B) + B
    const next = toAff(c, jAddAff(c, acc, B));
    if (!next) throw new BidSealError('E_INTERNAL', 'comb table: unexpected infinity');
    B = next;
  }
  const aff = batchToAff(c, all);
  const comb: Aff[][] = [];
  for (let w = 0; w < windows; w++) comb.push(aff.slice(w * 256, w * 256 + 256));
  c.baseComb = comb;
  return comb;
}

/** k·G for secret k in [1, n−1]. One mixed addition per 8-bit window, no doublings. */
function mulBaseSecret(c: Ctx, k: bigint): Aff {
  if (c.limbs && sm2wasm.sm2WasmAvailable()) return sm2wasm.mulBaseSecret(k);
  const comb = baseComb(c);
  let acc: Jac = ZERO_J;
  let dummy: Jac = ZERO_J;
  let kk = k;
  for (let w = 0; w < comb.length; w++) {
    const digit = Number(kk & 0xffn);
    kk >>= 8n;
    const row = comb[w];
    // Scan the whole row so the memory access pattern does not depend on the digit.
    let sel = row[0];
    for (let j = 1; j < 256; j++) sel = j === digit ? row[j] : sel;
    if (digit !== 0) acc = jAddAff(c, acc, sel);
    else dummy = jAddAff(c, dummy, sel);
  }
  void dummy;
  // k ∈ [1, n−1]: acc ≠ ∞. On sm2p256v1 the affine conversion is a fixed exponentiation (Z depends on k).
  if (c.limbs && norm(acc.Z, c.p) !== 0n) return limbs.toAffineCT(acc.X, acc.Y, acc.Z);
  return toAffFinite(c, acc, 'k·G');
}

/** Jacobian k·G for a public scalar k in [0, n−1] (verify). */
function mulBasePublicJ(c: Ctx, k: bigint): Jac {
  const comb = baseComb(c);
  let acc: Jac = ZERO_J;
  let kk = k;
  for (let w = 0; w < comb.length && kk > 0n; w++) {
    const digit = Number(kk & 0xffn);
    kk >>= 8n;
    if (digit !== 0) acc = jAddAff(c, acc, comb[w][digit]);
  }
  return acc;
}

/** Signed 4-bit comb for a public key met repeatedly: 64 windows × multiples 1..8 of 16^i·P. */
function buildPointComb(c: Ctx, P: Aff): Aff[][] {
  const windows = Math.ceil(c.n.toString(2).length / 4) + 1;
  const all: Jac[] = [];
  let B: Jac = { X: P.x, Y: P.y, Z: 1n };
  for (let w = 0; w < windows; w++) {
    const Ba = toAff(c, B);
    if (!Ba) throw new BidSealError('E_INTERNAL', 'comb table: unexpected infinity');
    let acc: Jac = { X: Ba.x, Y: Ba.y, Z: 1n };
    all.push(acc);
    for (let j = 2; j <= 8; j++) {
      acc = jAddAff(c, acc, Ba);
      all.push(acc);
    }
    B = jDouble(c, acc); // 16·B = 2·(8·B)
  }
  const aff = batchToAff(c, all);
  const comb: Aff[][] = [];
  for (let w = 0; w < windows; w++) comb.push(aff.slice(w * 8, w * 8 + 8));
  return comb;
}

function mulCombPublicJ(c: Ctx, comb: Aff[][], k: bigint): Jac {
  let acc: Jac = ZERO_J;
  let kk = k;
  let carry = 0;
  for (let w = 0; w < comb.length && (kk > 0n || carry); w++) {
    let d = Number(kk & 15n) + carry;
    kk >>= 4n;
    carry = 0;
    if (d > 8) {
      d -= 16;
      carry = 1;
    }
    if (d > 0) acc = jAddAff(c, acc, comb[w][d - 1]);
    else if (d < 0) {
      const q = comb[w][-d - 1];
      acc = jAddAff(c, acc, { x: q.x, y: -q.y });
    }
  }
  return acc;
}

/** k·P with a cached comb for a secret k: signed 4-bit digits, every window adds (zero digits into a dummy). */
function mulCombSecret(c: Ctx, comb: Aff[][], k: bigint): Aff {
  let acc: Jac = ZERO_J;
  let dummy: Jac = ZERO_J;
  let kk = k;
  let carry = 0;
  for (let w = 0; w < comb.length; w++) {
    let d = Number(kk & 15n) + carry;
    kk >>= 4n;
    carry = d > 8 ? 1 : 0;
    d -= 16 * carry;
    const neg = d < 0 ? 1 : 0;
    const a = neg ? -d : d;
    const row = comb[w];
    let sel = row[0];
    for (let j = 1; j < 8; j++) sel = j === a - 1 ? row[j] : sel;
    const q = { x: sel.x, y: sel.y * BigInt(1 - 2 * neg) };
    if (a !== 0) acc = jAddAff(c, acc, q);
    else dummy = jAddAff(c, dummy, q);
  }
  void dummy;
  return toAffFinite(c, acc, 'k·P');
}

/** The comb of a public key seen before (built on its second use; 16-entry LRU), or undefined. */
function combFor(c: Ctx, P: Aff): Aff[][] | undefined {
  return combEntry(c, P)?.comb;
}

function combEntry(c: Ctx, P: Aff): { comb?: Aff[][]; combLimbs?: limbs.AffTable } | undefined {
  const keyId = P.x.toString(16) + ':' + P.y.toString(16);
  let entry = c.combCache.get(keyId);
  if (entry) {
    c.combCache.delete(keyId); // LRU: re-insert at the end
    c.combCache.set(keyId, entry);
    entry.uses++;
    if (!entry.comb && entry.uses >= 2) {
      entry.comb = buildPointComb(c, P);
      if (c.limbs) entry.combLimbs = limbs.tableFromAffine(entry.comb.flat());
    }
  } else {
    entry = { uses: 1 };
    c.combCache.set(keyId, entry);
    if (c.combCache.size > COMB_CACHE_MAX) c.combCache.delete(c.combCache.keys().next().value as string);
  }
  return entry;
}

/** Width-5 wNAF k·P for public k (no table cached). */
function mulWnafPublicJ(c: Ctx, P: Aff, k: bigint): Jac {
  // odd multiples P, 3P, ..., 15P
  const PJ: Jac = { X: P.x, Y: P.y, Z: 1n };
  const P2 = jDouble(c, PJ);
  const P2a = toAff(c, P2);
  if (!P2a) return ZERO_J;
  const odd: Jac[] = [PJ];
  for (let i = 1; i < 8; i++) odd.push(jAddAff(c, odd[i - 1], P2a));
  const tbl = batchToAff(c, odd);
  // wNAF digits
  const digits: number[] = [];
  let kk = k;
  while (kk > 0n) {
    let d = 0;
    if (kk & 1n) {
      d = Number(kk & 31n);
      if (d > 16) d -= 32;
      kk -= BigInt(d);
    }
    digits.push(d);
    kk >>= 1n;
  }
  let acc: Jac = ZERO_J;
  for (let i = digits.length - 1; i >= 0; i--) {
    if (acc.Z !== 0n) acc = jDouble(c, acc);
    const d = digits[i];
    if (d > 0) acc = jAddAff(c, acc, tbl[(d - 1) >> 1]);
    else if (d < 0) {
      const q = tbl[(-d - 1) >> 1];
      acc = jAddAff(c, acc, { x: q.x, y: -q.y });
    }
  }
  return acc;
}

/** k·P for a secret k (decrypt: d·C1) or a secret-derived one (encrypt: k·P). Fixed window, 4 bits. */
function mulSecret(c: Ctx, P: Aff, k: bigint): Aff {
  const tbl: Jac[] = [{ X: P.x, Y: P.y, Z: 1n }];
  for (let i = 1; i < 15; i++) tbl.push(jAddAff(c, tbl[i - 1], P));
  const t = batchToAff(c, tbl); // t[i] = (i+1)·P
  const nbits = c.n.toString(2).length;
  const windows = Math.ceil(nbits / 4);
  let acc: Jac = ZERO_J;
  let dummy: Jac = ZERO_J;
  for (let w = windows - 1; w >= 0; w--) {
    if (w !== windows - 1) for (let i = 0; i < 4; i++) acc = jDouble(c, acc);
    const digit = Number((k >> BigInt(4 * w)) & 15n);
    let sel = t[0];
    for (let j = 1; j < 15; j++) sel = j === digit - 1 ? t[j] : sel;
    if (digit !== 0) acc = jAddAff(c, acc, sel);
    else dummy = jAddAff(c, dummy, sel);
  }
  void dummy;
  return toAffFinite(c, acc, 'k·P');
}

/** s·G + t·P for public scalars (verify), Jacobian. */
function mulAddPublicJ(c: Ctx, s: bigint, t: bigint, P: Aff): Jac {
  if (c.limbs && sm2wasm.sm2WasmAvailable()) return sm2wasm.mulAddPublic(s, t, P.x, P.y);
  const entry = combEntry(c, P);
  const comb = entry?.comb;
  if (c.limbs) {
    if (entry?.combLimbs) return limbs.mulAddCombPublic(s, t, entry.combLimbs, baseCombLimbs(c));
    if (!comb) return limbs.mulAddPublic(s, t, P.x, P.y, baseCombLimbs(c));
  }
  const a = mulBasePublicJ(c, s);
  const b = comb ? mulCombPublicJ(c, comb, t) : mulWnafPublicJ(c, P, t);
  return jAdd(c, a, b);
}

/** The base comb as a fixed-limb table (sm2p256v1 only; built once from the BigInt comb). */
function baseCombLimbs(c: Ctx): limbs.AffTable {
  return (c.baseCombLimbs ??= limbs.tableFromAffine(baseComb(c).flat()));
}

/** k·P for a secret k: the fixed-limb path on sm2p256v1, the BigInt reference elsewhere. */
function mulSecretAny(c: Ctx, P: Aff, k: bigint): Aff {
  if (!c.limbs) return mulSecret(c, P, k);
  return sm2wasm.sm2WasmAvailable() ? sm2wasm.mulSecret(k, P.x, P.y) : limbs.mulSecret(k, P.x, P.y);
}

/** Reference paths, exported for the cross-check tests only. */
export const __reference = {
  mulSecret: (P: Aff, k: bigint): Aff => mulSecret(ctxOf(SM2_CURVE), P, k),
  /** k·G by the BigInt comb (the WebAssembly path bypassed) */
  mulBase: (k: bigint): Aff => {
    const c = ctxOf(SM2_CURVE);
    return toAffFinite(c, mulBasePublicJ(c, k), 'k·G');
  },
  mulAddPublic: (s: bigint, t: bigint, P: Aff): Aff | null => {
    const c = ctxOf(SM2_CURVE);
    return toAff(c, jAdd(c, mulBasePublicJ(c, s), mulWnafPublicJ(c, P, t)));
  },
  mulAddCombLimbs: (s: bigint, t: bigint, P: Aff): Aff | null => {
    const c = ctxOf(SM2_CURVE);
    const combP = limbs.tableFromAffine(buildPointComb(c, P).flat());
    return toAff(c, limbs.mulAddCombPublic(s, t, combP, baseCombLimbs(c)));
  },
  toAffineCT: (X: bigint, Y: bigint, Z: bigint): Aff | null => toAff(ctxOf(SM2_CURVE), { X, Y, Z }),
  mulAddPublicWasm: (s: bigint, t: bigint, P: Aff): Aff | null => {
    const c = ctxOf(SM2_CURVE);
    return toAff(c, sm2wasm.mulAddPublic(s, t, P.x, P.y));
  },
  mulAddPublicLimbs: (s: bigint, t: bigint, P: Aff): Aff | null => {
    const c = ctxOf(SM2_CURVE);
    return toAff(c, limbs.mulAddPublic(s, t, P.x, P.y, baseCombLimbs(c)));
  },
};
const COMB_CACHE_MAX = 16;

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

const fail = (code: 'E_INVALID_KEY' | 'E_BAD_ENCODING' | 'E_INVALID_ARGUMENT' | 'E_DECRYPT_FAILED', msg: string): never => {
  throw new BidSealError(code, msg);
};

function toBytes(x: Uint8Array | string, what: string): Uint8Array {
  if (typeof x === 'string') return new TextEncoder().encode(x);
  if (!(x instanceof Uint8Array)) fail('E_INVALID_ARGUMENT', `${what} must be bytes`);
  return x;
}

function randomScalar(n: bigint, lo: bigint, hi: bigint): bigint {
  // uniform in [lo, hi]: 64 extra random bits make the modular bias negligible (FIPS 186-5 A.2.1 style)
  const len = ((n.toString(2).length + 7) >> 3) + 8;
  const buf = new Uint8Array(len);
  globalThis.crypto.getRandomValues(buf);
  const v = bytesToNumberBE(buf);
  buf.fill(0);
  return lo + (v % (hi - lo + 1n));
}

function curveOf(opts?: { curve?: SM2Curve }): Ctx {
  return ctxOf(opts?.curve ?? SM2_CURVE);
}

// ---------------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------------

export interface CurveOption {
  /** Defaults to the recommended curve SM2_CURVE. */
  curve?: SM2Curve;
}

export interface SM2KeyPair {
  /** 32-byte big-endian scalar d in [1, n−2] */
  privateKey: Uint8Array;
  /** 65-byte uncompressed point 04‖x‖y */
  publicKey: Uint8Array;
}

function privScalar(c: Ctx, d: Uint8Array | bigint): bigint {
  let v: bigint;
  if (typeof d === 'bigint') v = d;
  else {
    if (!(d instanceof Uint8Array) || d.length === 0 || d.length > c.byteLen + 1) fail('E_INVALID_KEY', 'SM2 private key must be a 32-byte scalar');
    v = bytesToNumberBE(d);
  }
  // GB/T 32918.1 §6.1: d ∈ [1, n−2] (1+d must be invertible mod n)
  if (v < 1n || v > c.n - 2n) fail('E_INVALID_KEY', 'SM2 private key out of range [1, n-2]');
  return v;
}

/** Generates a key pair; randomness only from crypto.getRandomValues. */
export function generateKeyPair(opts: CurveOption = {}): SM2KeyPair {
  const c = curveOf(opts);
  const d = randomScalar(c.n, 1n, c.n - 2n);
  const privateKey = numberToBytesBE(d, c.byteLen);
  return { privateKey, publicKey: getPublicKey(privateKey, opts) };
}

/** P = d·G, uncompressed (65 bytes) unless `compressed`. */
export function getPublicKey(privateKey: Uint8Array | bigint, opts: CurveOption & { compressed?: boolean } = {}): Uint8Array {
  const c = curveOf(opts);
  const d = privScalar(c, privateKey);
  const P = mulBaseSecret(c, d);
  return encodePoint(c, P, opts.compressed ?? false);
}

function encodePoint(c: Ctx, P: Aff, compressed: boolean): Uint8Array {
  const L = c.byteLen;
  if (compressed) {
    const out = new Uint8Array(1 + L);
    out[0] = P.y & 1n ? 3 : 2;
    out.set(numberToBytesBE(P.x, L), 1);
    return out;
  }
  const out = new Uint8Array(1 + 2 * L);
  out[0] = 4;
  out.set(numberToBytesBE(P.x, L), 1);
  out.set(numberToBytesBE(P.y, L), 1 + L);
  return out;
}

/**
 * Decodes and validates a public key: 65-byte 04‖x‖y, 33-byte compressed 02/03‖x, or 64-byte x‖y (the
 * SKF / token form). Rejects other lengths, coordinates ≥ p, points off the curve and infinity.
 */
function decodePublic(c: Ctx, publicKey: Uint8Array): Aff {
  if (!(publicKey instanceof Uint8Array)) return fail('E_INVALID_KEY', 'public key must be bytes');
  const L = c.byteLen;
  let bytes = publicKey;
  if (bytes.length === 2 * L) bytes = concatBytes(Uint8Array.of(4), bytes);
  const ok = (bytes.length === 1 + 2 * L && bytes[0] === 4) || (bytes.length === 1 + L && (bytes[0] === 2 || bytes[0] === 3));
  if (!ok) return fail('E_INVALID_KEY', `SM2 public key: unsupported length/prefix (${publicKey.length} bytes)`);
  let pt: WeierstrassPoint<bigint>;
  try {
    pt = c.Point.fromBytes(bytes);
    pt.assertValidity();
  } catch {
    return fail('E_INVALID_KEY', 'SM2 public key is not a point on the curve');
  }
  return { x: pt.x, y: pt.y };
}

/** Throws E_INVALID_KEY unless `publicKey` is a valid encoded point on the curve (not infinity). */
export function validatePublicKey(publicKey: Uint8Array, opts: CurveOption = {}): void {
  decodePublic(curveOf(opts), publicKey);
}

/** Boolean form of validatePublicKey. */
export function isValidPublicKey(publicKey: Uint8Array, opts: CurveOption = {}): boolean {
  try {
    validatePublicKey(publicKey, opts);
    return true;
  } catch {
    return false;
  }
}

/** Throws E_INVALID_KEY unless `privateKey` is a scalar in [1, n−2]. */
export function validatePrivateKey(privateKey: Uint8Array, opts: CurveOption = {}): void {
  privScalar(curveOf(opts), privateKey);
}

/** Re-encodes a valid public key as uncompressed (65 bytes) or compressed (33 bytes). */
export function normalizePublicKey(publicKey: Uint8Array, opts: CurveOption & { compressed?: boolean } = {}): Uint8Array {
  const c = curveOf(opts);
  return encodePoint(c, decodePublic(c, publicKey), opts.compressed ?? false);
}

// ---------------------------------------------------------------------------------------------------
// Z and e (GB/T 32918.2 §5.5)
// ---------------------------------------------------------------------------------------------------

export interface IdOption {
  /** Signer's distinguishing identifier; default '1234567812345678' (GM/T 0009). Empty = `new Uint8Array(0)`. */
  id?: Uint8Array | string;
}

function zOf(c: Ctx, P: Aff, id: Uint8Array): Uint8Array {
  const L = c.byteLen;
  const key = hex(id) + ':' + P.x.toString(16) + ':' + P.y.toString(16);
  const hit = c.zCache.get(key);
  if (hit) return hit;
  const entlBits = id.length * 8;
  if (entlBits > 0xffff) fail('E_INVALID_ARGUMENT', 'SM2 user ID longer than 8191 bytes');
  const h = sm3.create();
  h.update(Uint8Array.of(entlBits >>> 8, entlBits & 0xff));
  h.update(id);
  h.update(numberToBytesBE(c.curve.a, L));
  h.update(numberToBytesBE(c.curve.b, L));
  h.update(numberToBytesBE(c.curve.gx, L));
  h.update(numberToBytesBE(c.curve.gy, L));
  h.update(numberToBytesBE(P.x, L));
  h.update(numberToBytesBE(P.y, L));
  const z = h.digest();
  c.zCache.set(key, z);
  if (c.zCache.size > 64) c.zCache.delete(c.zCache.keys().next().value as string);
  return z;
}

/** Z_A = SM3(ENTL‖ID‖a‖b‖xG‖yG‖xA‖yA) for a public key. */
export function computeZ(publicKey: Uint8Array, opts: IdOption & CurveOption = {}): Uint8Array {
  const c = curveOf(opts);
  return zOf(c, decodePublic(c, publicKey), opts.id === undefined ? DEFAULT_ID : toBytes(opts.id, 'id')).slice();
}

/** e = SM3(Z_A‖M), the value that is signed. */
export function computeDigest(message: Uint8Array, publicKey: Uint8Array, opts: IdOption & CurveOption = {}): Uint8Array {
  const c = curveOf(opts);
  const z = zOf(c, decodePublic(c, publicKey), opts.id === undefined ? DEFAULT_ID : toBytes(opts.id, 'id'));
  return sm3.create().update(z).update(toBytes(message, 'message')).digest();
}

// ---------------------------------------------------------------------------------------------------
// Signature encodings (GM/T 0009: SEQUENCE { r INTEGER, s INTEGER }; raw r‖s, 64 bytes)
// ---------------------------------------------------------------------------------------------------

export type SignatureFormat = 'der' | 'raw';

const STRICT = { minimal: true } as const;

/** The fields of the one DER SEQUENCE filling `der`, every length and INTEGER in its shortest form. */
function strictSequence(der: Uint8Array, fields: number[]): Tlv[] {
  const f = children(readSingle(der, { ...STRICT, tag: 0x30 }).v, STRICT);
  if (f.length !== fields.length) throw new Error(`expected ${fields.length} fields, found ${f.length}`);
  f.forEach((x, i) => {
    if (x.tag !== fields[i]) throw new Error(`field ${i + 1}: unexpected tag`);
  });
  return f;
}

/** Encodes (r, s) as DER or raw r‖s. */
export function encodeSignature(r: bigint, s: bigint, format: SignatureFormat = 'der', opts: CurveOption = {}): Uint8Array {
  const c = curveOf(opts);
  if (format === 'raw') return concatBytes(numberToBytesBE(r, c.byteLen), numberToBytesBE(s, c.byteLen));
  return seq(integer(r), integer(s));
}

/**
 * Decodes a signature. `format` 'der' | 'raw'; when omitted: 64 bytes is raw r‖s (tokens, OFD) unless it
 * is a complete DER SEQUENCE (starts 30 3E and parses — a DER signature is 64 bytes when r and s have
 * 29 significant bytes, rare but possible; a raw one passing as DER is negligible); anything else is DER.
 */
export function decodeSignature(sig: Uint8Array, format?: SignatureFormat, opts: CurveOption = {}): { r: bigint; s: bigint } {
  const c = curveOf(opts);
  if (!(sig instanceof Uint8Array)) return fail('E_BAD_ENCODING', 'signature must be bytes');
  let fmt = format;
  if (!fmt) {
    fmt = sig.length === 2 * c.byteLen ? 'raw' : 'der';
    if (fmt === 'raw' && sig[0] === 0x30 && sig[1] === sig.length - 2) {
      try {
        return decodeSignature(sig, 'der', opts);
      } catch {
        /* raw after all */
      }
    }
  }
  if (fmt === 'raw') {
    if (sig.length !== 2 * c.byteLen) return fail('E_BAD_ENCODING', 'raw SM2 signature must be 64 bytes');
    return { r: bytesToNumberBE(sig.subarray(0, c.byteLen)), s: bytesToNumberBE(sig.subarray(c.byteLen)) };
  }
  try {
    const [r, s] = strictSequence(sig, [0x02, 0x02]);
    return { r: uintOf(r, 'r', STRICT), s: uintOf(s, 's', STRICT) };
  } catch (e) {
    return fail('E_BAD_ENCODING', `SM2 signature DER: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Sign / verify (GB/T 32918.2 §6, §7)
// ---------------------------------------------------------------------------------------------------

export interface SignOptions extends CurveOption {
  format?: SignatureFormat;
  /** TEST ONLY: fixed nonce k (for the standard's worked examples). Never use in production. */
  k?: bigint;
}

/** Signs a precomputed e (normally SM3(Z‖M); any length, taken as a big-endian integer mod n). */
export function signDigest(e: Uint8Array, privateKey: Uint8Array | bigint, opts: SignOptions = {}): Uint8Array {
  const c = curveOf(opts);
  const n = c.n;
  const d = privScalar(c, privateKey);
  if (!(e instanceof Uint8Array)) fail('E_INVALID_ARGUMENT', 'digest must be bytes');
  const ev = bytesToNumberBE(e) % n;
  const dInv = invert(1n + d, n);
  for (let attempt = 0; attempt < 64; attempt++) {
    let k: bigint;
    if (opts.k !== undefined) {
      if (attempt > 0 || opts.k < 1n || opts.k >= n) fail('E_INVALID_ARGUMENT', 'fixed k unusable');
      k = opts.k;
    } else k = randomScalar(n, 1n, n - 1n);
    const R = mulBaseSecret(c, k);
    const r = (ev + R.x) % n;
    if (r === 0n || r + k === n) continue;
    const s = norm(dInv * (k - ((r * d) % n)), n);
    if (s === 0n) continue;
    return encodeSignature(r, s, opts.format ?? 'der', opts);
  }
  throw new BidSealError('E_INTERNAL', 'SM2 sign: no usable nonce');
}

/** Signs M: e = SM3(Z‖M) with Z from the public key (derived from d unless given) and the ID. */
export function sign(message: Uint8Array, privateKey: Uint8Array | bigint, opts: SignOptions & IdOption & { publicKey?: Uint8Array } = {}): Uint8Array {
  const c = curveOf(opts);
  const pub = opts.publicKey ?? getPublicKeyCached(c, privateKey);
  const e = computeDigest(message, pub, opts);
  return signDigest(e, privateKey, opts);
}

// The public key of a private key, cached per curve (the last 8) so that sign() does not pay a second k·G.
function getPublicKeyCached(c: Ctx, privateKey: Uint8Array | bigint): Uint8Array {
  const d = privScalar(c, privateKey);
  const key = hex(sm3(numberToBytesBE(d, c.byteLen))); // keyed by a hash of d, never by d itself
  const hit = c.pubCache.get(key);
  if (hit) return hit;
  const pub = getPublicKey(d, { curve: c.curve });
  c.pubCache.set(key, pub);
  if (c.pubCache.size > 8) c.pubCache.delete(c.pubCache.keys().next().value as string);
  return pub;
}

export interface VerifyOptions extends CurveOption {
  /** 'der' | 'raw'; default: 64 bytes → raw, otherwise DER. */
  format?: SignatureFormat;
}

function verifyE(c: Ctx, sig: Uint8Array, ev: bigint, P: Aff, format?: SignatureFormat): boolean {
  let r: bigint, s: bigint;
  try {
    ({ r, s } = decodeSignature(sig, format, { curve: c.curve }));
  } catch {
    return false;
  }
  const n = c.n;
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  const t = (r + s) % n;
  if (t === 0n) return false;
  // x(s·G + t·P) ≡ r − e (mod n), checked in Jacobian coordinates (X = x·Z²) without an inversion:
  // x ∈ [0, p) and p < 2n, so x mod n = v means x = v or x = v + n.
  const J = mulAddPublicJ(c, s, t, P);
  const p = c.p;
  const Z = norm(J.Z, p);
  if (Z === 0n) return false;
  const ZZ = (Z * Z) % p;
  const X = norm(J.X, p);
  const v = norm(r - ev, n);
  if (norm(v * ZZ, p) === X) return true;
  return v + n < p && norm((v + n) * ZZ, p) === X;
}

/** Verifies a signature over a precomputed e. Returns false for any malformed input except a bad key (throws E_INVALID_KEY). */
export function verifyDigest(signature: Uint8Array, e: Uint8Array, publicKey: Uint8Array, opts: VerifyOptions = {}): boolean {
  const c = curveOf(opts);
  const P = decodePublic(c, publicKey);
  return verifyE(c, signature, bytesToNumberBE(e) % c.n, P, opts.format);
}

/** Verifies a signature over M with the signer's ID (default '1234567812345678'). */
export function verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array, opts: VerifyOptions & IdOption = {}): boolean {
  const c = curveOf(opts);
  const P = decodePublic(c, publicKey);
  const z = zOf(c, P, opts.id === undefined ? DEFAULT_ID : toBytes(opts.id, 'id'));
  const e = sm3.create().update(z).update(toBytes(message, 'message')).digest();
  return verifyE(c, signature, bytesToNumberBE(e) % c.n, P, opts.format);
}

/** verify() that throws E_BAD_SIGNATURE instead of returning false. */
export function assertVerify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array, opts: VerifyOptions & IdOption = {}): void {
  if (!verify(signature, message, publicKey, opts)) throw new BidSealError('E_BAD_SIGNATURE', 'SM2 signature does not verify');
}

// ---------------------------------------------------------------------------------------------------
// Encryption (GB/T 32918.4 §6, §7) and ciphertext encodings
// ---------------------------------------------------------------------------------------------------

/** 'der' = GM/T 0009 SM2Cipher; raw layouts always start with the 0x04 point prefix when written. */
export type CiphertextFormat = 'der' | 'c1c3c2' | 'c1c2c3';

export interface SM2CiphertextParts {
  x1: bigint;
  y1: bigint;
  /** C3 = SM3(x2‖M‖y2), 32 bytes */
  c3: Uint8Array;
  /** C2 = M ⊕ t */
  c2: Uint8Array;
}

export interface EncryptOptions extends CurveOption {
  format?: CiphertextFormat;
  /** TEST ONLY: fixed k (for the standard's worked examples). Never use in production. */
  k?: bigint;
}

/** Encodes ciphertext parts in one of the three layouts. */
export function encodeCiphertext(parts: SM2CiphertextParts, format: CiphertextFormat = 'der', opts: CurveOption = {}): Uint8Array {
  const c = curveOf(opts);
  if (format === 'der') {
    return seq(integer(parts.x1), integer(parts.y1), octets(parts.c3), octets(parts.c2));
  }
  const c1 = encodePoint(c, { x: parts.x1, y: parts.y1 }, false);
  return format === 'c1c3c2' ? concatBytes(c1, parts.c3, parts.c2) : concatBytes(c1, parts.c2, parts.c3);
}

/**
 * Parses the GM/T 0009 DER SM2Cipher. Lenient where real files are: INTEGERs with a missing leading
 * zero byte (x/y shorter than 32 bytes) are fine; the field order {x, y, hash, cipherText} is required,
 * but a 4th field of exactly 32 bytes with a 3rd field of another length is read as the old
 * {x, y, cipherText, hash} variant.
 */
export function parseDerCiphertext(der: Uint8Array): SM2CiphertextParts {
  try {
    const f = strictSequence(der, [0x02, 0x02, 0x04, 0x04]);
    const x1 = uintOf(f[0], 'x', STRICT);
    const y1 = uintOf(f[1], 'y', STRICT);
    let c3 = f[2].v;
    let c2 = f[3].v;
    if (c3.length !== 32 && c2.length === 32) [c3, c2] = [c2, c3];
    if (c3.length !== 32) throw new Error('hash must be 32 bytes');
    return { x1, y1, c3: c3.slice(), c2: c2.slice() };
  } catch (e) {
    return fail('E_BAD_ENCODING', `SM2 ciphertext DER: ${(e as Error).message}`);
  }
}

/** SM2 encryption. Output: GM/T 0009 DER by default, or raw C1‖C3‖C2 / C1‖C2‖C3 (with 04 prefix). */
export function encrypt(plaintext: Uint8Array, publicKey: Uint8Array, opts: EncryptOptions = {}): Uint8Array {
  const c = curveOf(opts);
  const P = decodePublic(c, publicKey);
  const M = toBytes(plaintext, 'plaintext');
  const L = c.byteLen;
  // Empty M is refused: klen = 0 makes t empty, and an empty t is "all zero", so the loop of §6.1 A5
  // would never end — the standard leaves it undefined. OpenSSL 3 refuses it too (pkeyutl -encrypt fails),
  // and decrypt() rejects a ciphertext with an empty C2 for the same reason.
  if (M.length === 0) fail('E_INVALID_ARGUMENT', 'SM2 cannot encrypt an empty message');
  for (let attempt = 0; attempt < 64; attempt++) {
    let k: bigint;
    if (opts.k !== undefined) {
      if (attempt > 0 || opts.k < 1n || opts.k >= c.n) fail('E_INVALID_ARGUMENT', 'fixed k unusable');
      k = opts.k;
    } else k = randomScalar(c.n, 1n, c.n - 1n);
    const C1 = mulBaseSecret(c, k);
    // h = 1, so S = h·P ≠ ∞ holds for any valid P.
    // a recipient key used repeatedly gets a comb table, unless the WebAssembly k·P (faster) applies
    const comb = c.limbs && sm2wasm.sm2WasmAvailable() ? undefined : combFor(c, P);
    const S = comb ? mulCombSecret(c, comb, k) : mulSecretAny(c, P, k);
    const x2 = numberToBytesBE(S.x, L);
    const y2 = numberToBytesBE(S.y, L);
    const t = sm2Kdf(concatBytes(x2, y2), M.length);
    let nz = 0;
    for (let i = 0; i < t.length; i++) nz |= t[i];
    if (nz === 0) continue;
    const c2 = new Uint8Array(M.length);
    for (let i = 0; i < M.length; i++) c2[i] = M[i] ^ t[i];
    const c3 = sm3.create().update(x2).update(M).update(y2).digest();
    t.fill(0);
    return encodeCiphertext({ x1: C1.x, y1: C1.y, c3, c2 }, opts.format ?? 'der', opts);
  }
  throw new BidSealError('E_INTERNAL', 'SM2 encrypt: KDF produced zero keystream repeatedly');
}

export interface DecryptOptions extends CurveOption {
  /**
   * Ciphertext layout. 'auto' (default) detects it — see decrypt(). 'c1c3c2' / 'c1c2c3' accept C1 with
   * or without the 0x04 prefix.
   */
  format?: CiphertextFormat | 'auto';
}

function tryDecrypt(c: Ctx, d: bigint, parts: SM2CiphertextParts, sCache: Map<string, Aff>): Uint8Array | null {
  const key = parts.x1.toString(16) + ':' + parts.y1.toString(16);
  let S = sCache.get(key);
  if (!S) {
    const { x1, y1 } = parts;
    if (x1 >= c.p || y1 >= c.p) return null;
    // C1 must be on the curve (§7.1 B1); h = 1 so no cofactor check is needed.
    const p = c.p;
    if (norm(y1 * y1 - (x1 * x1 * x1 + c.a * x1 + c.curve.b), p) !== 0n) return null;
    S = mulSecretAny(c, { x: x1, y: y1 }, d);
    sCache.set(key, S);
  }
  const L = c.byteLen;
  const x2 = numberToBytesBE(S.x, L);
  const y2 = numberToBytesBE(S.y, L);
  const t = sm2Kdf(concatBytes(x2, y2), parts.c2.length);
  let nz = 0;
  for (let i = 0; i < t.length; i++) nz |= t[i];
  if (nz === 0) return null; // includes empty C2 (see encrypt)
  const M = new Uint8Array(parts.c2.length);
  for (let i = 0; i < M.length; i++) M[i] = parts.c2[i] ^ t[i];
  t.fill(0);
  const u = sm3.create().update(x2).update(M).update(y2).digest();
  // constant-time style comparison: accumulate the xor of every byte
  let diff = u.length ^ parts.c3.length;
  for (let i = 0; i < u.length; i++) diff |= u[i] ^ (parts.c3[i] ?? 0);
  if (diff !== 0) {
    M.fill(0);
    return null;
  }
  return M;
}

/** Splits a raw ciphertext into candidate parts for a given layout; `prefixed` says whether C1 starts with 04. */
function rawParts(c: Ctx, ct: Uint8Array, layout: 'c1c3c2' | 'c1c2c3', prefixed: boolean): SM2CiphertextParts | null {
  const L = c.byteLen;
  const off = prefixed ? 1 : 0;
  if (prefixed && ct[0] !== 4) return null;
  const c1len = off + 2 * L;
  if (ct.length < c1len + 32) return null;
  const x1 = bytesToNumberBE(ct.subarray(off, off + L));
  const y1 = bytesToNumberBE(ct.subarray(off + L, off + 2 * L));
  const rest = ct.subarray(c1len);
  if (layout === 'c1c3c2') return { x1, y1, c3: rest.subarray(0, 32), c2: rest.subarray(32) };
  return { x1, y1, c2: rest.subarray(0, rest.length - 32), c3: rest.subarray(rest.length - 32) };
}

/**
 * SM2 decryption. Auto-detection (format 'auto'):
 *  1. If the input is a complete DER SEQUENCE that parses as SM2Cipher, it is decrypted as DER.
 *  2. Otherwise, raw candidates are tried in this order: C1C3C2 with 04 prefix, C1C2C3 with 04 prefix,
 *     C1C3C2 without prefix, C1C2C3 without prefix (prefixed forms only if the first byte is 04).
 *     C1 must lie on the curve (which nearly always rules out the wrong prefix guess), and the C3 check
 *     decides between the layouts: a wrong layout passes it with probability 2^-256.
 * Limits: a raw ciphertext that happens to be valid DER is only read as DER (probability negligible for
 * real data); the old DER variant {x, y, cipherText, hash} is recognised only when exactly one of the two
 * OCTET STRINGs is 32 bytes; trying several layouts costs at most two point multiplications. State the
 * layout when you know it. All failures (bad C1, wrong key, tampering, wrong layout) → E_DECRYPT_FAILED;
 * input that is not a ciphertext in any layout (too short, bad DER with explicit 'der') → E_BAD_ENCODING.
 */
export function decrypt(ciphertext: Uint8Array, privateKey: Uint8Array | bigint, opts: DecryptOptions = {}): Uint8Array {
  const c = curveOf(opts);
  const d = privScalar(c, privateKey);
  if (!(ciphertext instanceof Uint8Array)) return fail('E_BAD_ENCODING', 'ciphertext must be bytes');
  const fmt = opts.format ?? 'auto';
  const cands: SM2CiphertextParts[] = [];
  if (fmt === 'der') cands.push(parseDerCiphertext(ciphertext));
  else if (fmt === 'auto' && ciphertext[0] === 0x30) {
    try {
      cands.push(parseDerCiphertext(ciphertext));
    } catch {
      /* not DER: fall through to raw */
    }
  }
  if (cands.length === 0 && fmt !== 'der') {
    const layouts: ('c1c3c2' | 'c1c2c3')[] = fmt === 'auto' ? ['c1c3c2', 'c1c2c3'] : [fmt];
    for (const prefixed of [true, false]) {
      for (const lay of layouts) {
        const p = rawParts(c, ciphertext, lay, prefixed);
        if (p) cands.push(p);
      }
    }
    if (cands.length === 0) return fail('E_BAD_ENCODING', `SM2 ciphertext too short (${ciphertext.length} bytes)`);
  }
  const sCache = new Map<string, Aff>();
  for (const parts of cands) {
    const m = tryDecrypt(c, d, parts, sCache);
    if (m) return m;
  }
  return fail('E_DECRYPT_FAILED', 'SM2 decryption failed');
}

/** The curve's noble Point class (for callers that need raw point operations, e.g. key encodings). */
export function curvePoint(curve: SM2Curve = SM2_CURVE): WeierstrassPointCons<bigint> {
  return ctxOf(curve).Point;
}

/** Builds the standard's example curve objects from hex parameters (test helper). */
export function curveFromHex(name: string, h: { p: string; a: string; b: string; n: string; gx: string; gy: string }): SM2Curve {
  const v = (s: string): bigint => BigInt('0x' + s);
  return defineCurve({ name, p: v(h.p), a: v(h.a), b: v(h.b), n: v(h.n), gx: v(h.gx), gy: v(h.gy), h: 1n });
}
