// Writes shared/crypto/sm2-wasm-module.ts: the WebAssembly module behind shared/crypto/sm2-wasm.ts (field
// and point arithmetic of the SM2 curve sm2p256v1 on 64-bit integers), as base64 of the bytes this script
// assembles itself, so that neither the build nor the app needs a compiler.
// `node scripts/gen-sm2-wasm.mjs` rewrites the file; `--check` exits 1 when it differs (run by the tests).
//
// Field elements: 9 limbs of 29 bits (i64 each, little-endian limb order), Montgomery form x·R mod p with
// R = 2^261. A 29×29-bit product is < 2^58 and a column of 9 of them < 2^61.2, so a multiplication is 81
// i64 multiply-adds with no carries inside. p ≡ −1 (mod 2^64), so −p^−1 ≡ 1 (mod 2^29): the Montgomery
// factor of a word is its low 29 bits m, and m·p = m·2^256 − m·2^224 − m·2^96 + m·2^64 − m is four shifted
// additions (the −m clears the word). Invariant: every stored value is < 2^258 with limbs 0..7 in
// [0, 2^29); then a product (ab + mp)/R < 2^255 + p < 2^257, and additions fold their bits ≥ 2^256 back
// (2^256 ≡ 2^224 + 2^96 − 2^64 + 1) to stay < 2^257. Only `canon` gives the representative in [0, p).
// Nothing here branches on or indexes memory by field values; `select` and `cmov` take their choice as
// a mask, for the secret-scalar multiplication.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from './generated-file.mjs';
import { FunctionBody, section, sleb64, uleb, vec } from './wasm-encoding.mjs';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'shared', 'crypto', 'sm2-wasm-module.ts');

const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
const NL = 9; // limbs
const BITS = 29;
const MASK = (1 << BITS) - 1;
const FE = 8 * NL; // bytes per field element

export const LAYOUT = {
  FE,
  R2: 0x000, // R² mod p (Montgomery of R), written by the loader
  ONE_PLAIN: 0x048, // the integer 1 (fromMont multiplies by it)
  ONE: 0x090, // R mod p (Montgomery 1)
  TMP: 0x100, // 12 temporaries of the point formulas
  INV: 0x500, // 10 temporaries of the inversion chain
  H: 0x100 + 1 * FE, // madd leaves H (the x difference) here
  R: 0x100 + 2 * FE, // and R (the y difference) here
  WORK: 0x1000, // free for the caller (points, tables), up to COMB
  COMB: 0x10000, // the fixed-base comb of G: 32 × 256 affine points, written by the caller
  COMB5: 0x130000, // the signed comb of G for secret scalars: 52 windows × 16 affine points j·32^w·G
  PAGES: 22,
};
const T = (i) => LAYOUT.TMP + i * FE;

// ---------------------------------------------------------------------------------------------------
// A minimal WebAssembly binary writer (the instructions used below only)
// ---------------------------------------------------------------------------------------------------

const I32 = 0x7f;
const I64 = 0x7e;
const OP = { add: 0x7c, sub: 0x7d, mul: 0x7e, and: 0x83, or: 0x84, xor: 0x85, shl: 0x86, shr_s: 0x87, i32add: 0x6a, i32mul: 0x6c, i32eq: 0x46, i32ne: 0x47, eqz64: 0x50, ext: 0xac, i32lt: 0x48 };

/** Function bodies with i64 locals declared on first use. */
class Fn extends FunctionBody {
  constructor(params, result) {
    super(params);
    this.result = result; // undefined or a type
  }
  local(name, type = I64) {
    this.declare(name, type);
    return this;
  }
  slot(n) {
    this.declare(n, I64);
    return this.index.get(n);
  }
  i64(v) {
    return this.op(0x42, ...sleb64(v));
  }
  /** i64.load at (ptr local or constant address) + offset */
  load(ptr, off) {
    if (typeof ptr === 'number') return this.i32(0).op(0x29, 3, ...uleb(ptr + off));
    return this.get(ptr).op(0x29, 3, ...uleb(off));
  }
  /** i64.store of the value pushed by `value()` */
  store(ptr, off, value) {
    if (typeof ptr === 'number') this.i32(0);
    else this.get(ptr);
    value();
    return this.op(0x37, 3, ...uleb(typeof ptr === 'number' ? ptr + off : off));
  }
}

// ---------------------------------------------------------------------------------------------------
// Field
// ---------------------------------------------------------------------------------------------------

/** 29-bit limbs of x ≥ 0; the top limb takes all the remaining bits. */
const limbsOf = (x) => Array.from({ length: NL }, (_, i) => Number(i < NL - 1 ? (x >> BigInt(BITS * i)) & BigInt(MASK) : x >> BigInt(BITS * i)));

/** Serial carry of locals v0..v8 (limbs 0..7 into [0, 2^29)); the top limb takes the rest, signed. */
function carry(f, v) {
  for (let k = 0; k < NL - 1; k++) {
    f.get(`${v}${k + 1}`).get(`${v}${k}`).i64(BITS).op(OP.shr_s).op(OP.add).set(`${v}${k + 1}`);
    f.get(`${v}${k}`).i64(MASK).op(OP.and).set(`${v}${k}`);
  }
}

/**
 * Carries v0..v8 (a non-negative value < 2^264), folds the bits ≥ 2^256 back
 * (2^256 ≡ 2^224 + 2^96 − 2^64 + 1 mod p), carries again, and stores to r: the value is then < 2^257.
 */
function finish(f, v, r) {
  carry(f, v);
  // h = value >> 256 = v8 >> 24 (v8 holds bits 232 and up)
  f.get(`${v}8`).i64(24).op(OP.shr_s).set('h');
  f.get(`${v}8`).i64((1 << 24) - 1).op(OP.and).set(`${v}8`);
  f.get(`${v}0`).get('h').op(OP.add).set(`${v}0`);
  f.get(`${v}2`).get('h').i64(6).op(OP.shl).op(OP.sub).set(`${v}2`); // −2^64 = limb 2, bit 6
  f.get(`${v}3`).get('h').i64(9).op(OP.shl).op(OP.add).set(`${v}3`); // 2^96 = limb 3, bit 9
  f.get(`${v}7`).get('h').i64(21).op(OP.shl).op(OP.add).set(`${v}7`); // 2^224 = limb 7, bit 21
  carry(f, v);
  for (let k = 0; k < NL; k++) f.store(r, 8 * k, () => f.get(`${v}${k}`));
}

/** r = a·b·R^−1 (mod p), or a²·R^−1 when `square` (r, a, b: i32 addresses; r may alias a or b). */
function fmul(square) {
  const f = new Fn(square ? [['r', I32], ['a', I32]] : [['r', I32], ['a', I32], ['b', I32]]);
  for (let k = 0; k < NL; k++) f.load('a', 8 * k).set(`a${k}`);
  if (square) for (let k = 0; k < NL; k++) f.get(`a${k}`).i64(1).op(OP.shl).set(`d${k}`);
  else for (let k = 0; k < NL; k++) f.load('b', 8 * k).set(`b${k}`);
  for (let k = 0; k < 2 * NL - 1; k++) {
    let first = true;
    const term = (x, y) => {
      f.get(x).get(y).op(OP.mul);
      if (!first) f.op(OP.add);
      first = false;
    };
    for (let i = 0; i < NL; i++) {
      const j = k - i;
      if (j < 0 || j >= NL) continue;
      if (!square) term(`a${i}`, `b${j}`);
      else if (i < j) term(`d${i}`, `a${j}`);
      else if (i === j) term(`a${i}`, `a${i}`);
    }
    f.set(`t${k}`);
  }
  f.i64(0).set(`t${2 * NL - 1}`);
  for (let i = 0; i < NL; i++) {
    const t = (j) => `t${i + j}`;
    f.get(t(0)).i64(MASK).op(OP.and).set('m');
    f.get(t(1)).get(t(0)).i64(BITS).op(OP.shr_s).op(OP.add).set(t(1));
    f.get(t(2)).get('m').i64(6).op(OP.shl).op(OP.add).set(t(2)); // + m·2^64
    f.get(t(3)).get('m').i64(9).op(OP.shl).op(OP.sub).set(t(3)); // − m·2^96
    f.get(t(7)).get('m').i64(21).op(OP.shl).op(OP.sub).set(t(7)); // − m·2^224
    f.get(t(8)).get('m').i64(24).op(OP.shl).op(OP.add).set(t(8)); // + m·2^256
  }
  // the result is t9..t17: carry it (value < 2^257, non-negative)
  for (let k = NL; k < 2 * NL - 1; k++) {
    f.get(`t${k + 1}`).get(`t${k}`).i64(BITS).op(OP.shr_s).op(OP.add).set(`t${k + 1}`);
    f.store('r', 8 * (k - NL), () => f.get(`t${k}`).i64(MASK).op(OP.and));
  }
  f.store('r', 8 * (NL - 1), () => f.get(`t${2 * NL - 1}`));
  return f;
}

/**
 * r = Σ c·x over terms [[address, c]] with small integer c (negative allowed), as a function of the
 * addresses (params) or constants (numbers). Each negative c adds |c|·8p, so the sum stays non-negative
 * for inputs < 2^258.
 */
function linBody(f, r, terms) {
  const neg = terms.reduce((s, [, c]) => s + (c < 0 ? -c : 0), 0);
  const k8p = limbsOf(8n * BigInt(neg) * P);
  for (let k = 0; k < NL; k++) {
    let first = true;
    for (const [x, c] of terms) {
      f.load(x, 8 * k);
      if (Math.abs(c) !== 1) f.i64(Math.abs(c)).op(OP.mul);
      if (first && c < 0) throw new Error('lin: the first coefficient must be positive');
      if (!first) f.op(c < 0 ? OP.sub : OP.add);
      first = false;
    }
    if (neg) f.i64(k8p[k]).op(OP.add);
    f.set(`v${k}`);
  }
  finish(f, 'v', r);
}
function lin(terms) {
  const f = new Fn(terms.map((_, i) => [`x${i}`, I32]).concat([['r', I32]]));
  linBody(
    f,
    'r',
    terms.map((c, i) => [`x${i}`, c]),
  );
  return f;
}

/** The representative in [0, p) (a < 2^258), without branches: two masked conditional subtractions of p. */
function canon() {
  const f = new Fn([['r', I32], ['a', I32]]);
  const pl = limbsOf(P);
  for (let k = 0; k < NL; k++) f.load('a', 8 * k).set(`v${k}`);
  carry(f, 'v');
  for (let round = 0; round < 2; round++) {
    for (let k = 0; k < NL; k++) f.get(`v${k}`).i64(pl[k]).op(OP.sub).set(`w${k}`);
    carry(f, 'w');
    // keep v when w < 0 (its top limb negative): mask = w8 >> 63 (all ones when negative)
    f.get('w8').i64(63).op(OP.shr_s).set('mk');
    for (let k = 0; k < NL; k++) f.get(`w${k}`).get(`v${k}`).get(`w${k}`).op(OP.xor).get('mk').op(OP.and).op(OP.xor).set(`v${k}`);
  }
  for (let k = 0; k < NL; k++) f.store('r', 8 * k, () => f.get(`v${k}`));
  return f;
}

/** 1 when a ≡ 0 (mod p) (public values only: the result is a branch of the caller). */
function isZero(canonIdx) {
  const f = new Fn([['a', I32]], I32);
  f.i32(T(11)).get('a').call(canonIdx);
  f.load(T(11), 0);
  for (let k = 1; k < NL; k++) f.load(T(11), 8 * k).op(OP.or);
  f.op(OP.eqz64);
  return f;
}

/** dst (n i64 words) = src when flag = 1, unchanged when 0, by masks. */
function cmov() {
  const f = new Fn([['dst', I32], ['src', I32], ['n', I32], ['flag', I32]]);
  f.i64(0).get('flag').op(OP.ext).op(OP.sub).set('mk');
  f.local('i', I32);
  f.loop(() => {
    f.get('n').op(0x45).exitIf(); // n == 0
    f.store('dst', 0, () => f.load('dst', 0).load('dst', 0).load('src', 0).op(OP.xor).get('mk').op(OP.and).op(OP.xor));
    f.get('dst').i32(8).op(OP.i32add).set('dst');
    f.get('src').i32(8).op(OP.i32add).set('src');
    f.get('n').i32(-1).op(OP.i32add).set('n');
  });
  return f;
}

/**
 * dst (an affine point, 2·NL words) = entry `idx` of n entries at tbl, reading every entry and keeping one
 * by a mask (idx ≥ n selects nothing: zeros).
 */
function select() {
  const W = 2 * NL;
  const f = new Fn([['dst', I32], ['tbl', I32], ['n', I32], ['idx', I32]]);
  f.local('j', I32);
  for (let w = 0; w < W; w++) f.i64(0).set(`s${w}`);
  f.i32(0).set('j');
  f.loop(() => {
    f.get('j').get('n').op(0x4e).exitIf(); // j >= n (signed)
    // mk = −(j == idx)
    f.i64(0).get('j').get('idx').op(OP.i32eq).op(OP.ext).op(OP.sub).set('mk');
    for (let w = 0; w < W; w++) f.get(`s${w}`).load('tbl', 8 * w).get('mk').op(OP.and).op(OP.or).set(`s${w}`);
    f.get('tbl').i32(8 * W).op(OP.i32add).set('tbl');
    f.get('j').i32(1).op(OP.i32add).set('j');
  });
  for (let w = 0; w < W; w++) f.store('dst', 8 * w, () => f.get(`s${w}`));
  return f;
}

// ---------------------------------------------------------------------------------------------------
// Module assembly: function indices are fixed by the order of `fns`
// ---------------------------------------------------------------------------------------------------

function build() {
  const fns = [];
  const idx = {};
  const add = (name, f, exported = true) => {
    idx[name] = fns.length;
    fns.push({ name, f, exported });
  };
  add('mul', fmul(false));
  add('sqr', fmul(true));
  add('add', lin([1, 1]));
  add('sub', lin([1, -1]));
  add('canon', canon());
  add('isZero', isZero(idx.canon));
  add('cmov', cmov());
  add('select', select());
  // fixed linear combinations used by the point formulas (x0, x1[, x2], r)
  add('add33', lin([3, 3]), false);
  add('dblz', lin([2]), false);
  add('sub8', lin([1, -8]), false);
  add('sub41', lin([4, -1]), false);
  add('x3', lin([1, -1, -2]), false);

  const call = (f, name, ...args) => {
    for (const a of args) {
      if (typeof a === 'number') f.i32(a);
      else if (typeof a === 'string') f.get(a);
      else f.get(a[0]).i32(a[1]).op(OP.i32add); // [ptr, offset]
    }
    return f.call(idx[name]);
  };
  const X = (p) => [p, 0];
  const Y = (p) => [p, FE];
  const Z = (p) => [p, 2 * FE];

  // dbl(r, q): r = 2q, Jacobian (X, Y, Z at +0, +FE, +2FE), dbl-2001-b for a = −3 (3M + 5S); r may alias q
  {
    const f = new Fn([['r', I32], ['q', I32]]);
    const [D, G, B, A, T5, T6, T7] = [T(3), T(4), T(5), T(6), T(7), T(8), T(9)];
    call(f, 'sqr', D, Z('q'));
    call(f, 'sqr', G, Y('q'));
    call(f, 'mul', B, X('q'), G);
    call(f, 'sub', X('q'), D, T5);
    call(f, 'add33', X('q'), D, T6);
    call(f, 'mul', A, T5, T6); // α = 3(X − δ)(X + δ)
    call(f, 'mul', T7, Y('q'), Z('q'));
    call(f, 'dblz', T7, Z('r')); // Z3 = 2YZ
    call(f, 'sqr', T5, A);
    call(f, 'sub8', T5, B, X('r')); // X3 = α² − 8β
    call(f, 'sub41', B, X('r'), B);
    call(f, 'mul', B, A, B);
    call(f, 'sqr', G, G);
    call(f, 'sub8', B, G, Y('r')); // Y3 = α(4β − X3) − 8γ²
    add('dbl', f);
  }
  // madd(r, q, a): r = q + a with a affine (x, y at +0, +FE), 8M + 3S; not for q = ∞ or q = ±a (the
  // caller checks H and R, left at LAYOUT.H / LAYOUT.R); r may alias q
  {
    const f = new Fn([['r', I32], ['q', I32], ['a', I32]]);
    const [ZZ, H, R, T4, T5, T6, T7] = [T(0), LAYOUT.H, LAYOUT.R, T(3), T(4), T(5), T(6)];
    call(f, 'sqr', ZZ, Z('q'));
    call(f, 'mul', T4, X('a'), ZZ); // U2
    call(f, 'mul', T5, Z('q'), ZZ);
    call(f, 'mul', T5, Y('a'), T5); // S2
    call(f, 'sub', T4, X('q'), H);
    call(f, 'sub', T5, Y('q'), R);
    call(f, 'mul', Z('r'), Z('q'), H); // Z3 = Z·H
    call(f, 'sqr', T6, H); // HH
    call(f, 'mul', T7, H, T6); // HHH
    call(f, 'mul', T4, X('q'), T6); // V
    call(f, 'mul', T5, Y('q'), T7); // Y·HHH
    call(f, 'sqr', T6, R);
    call(f, 'x3', T6, T7, T4, X('r')); // X3 = R² − HHH − 2V
    call(f, 'sub', T4, X('r'), T4);
    call(f, 'mul', T4, R, T4);
    call(f, 'sub', T4, T5, Y('r')); // Y3 = R(V − X3) − Y·HHH
    add('madd', f);
  }
  // inv(r, a) = a^(p−2) (Montgomery in and out) by a fixed addition chain: 255 squarings, 14 products
  {
    const f = new Fn([['r', I32], ['a', I32]]);
    const V = (i) => LAYOUT.INV + i * FE;
    const [x1, x2, x3, x6, x12, x24, x30, x31, x32, acc] = [V(0), V(1), V(2), V(3), V(4), V(5), V(6), V(7), V(8), V(9)];
    const e = new Map(); // exponents, to check the chain
    const sqrN = (dst, src, n) => {
      call(f, 'sqr', dst, src);
      for (let i = 1; i < n; i++) call(f, 'sqr', dst, dst);
      e.set(dst, e.get(src) << BigInt(n));
    };
    const mulE = (dst, a, b) => {
      call(f, 'mul', dst, a, b);
      e.set(dst, e.get(a) + e.get(b));
    };
    // x1 = a: copy limbs
    for (let k = 0; k < NL; k++) f.store(x1, 8 * k, () => f.load('a', 8 * k));
    e.set(x1, 1n);
    // each step [dst, src, n, m]: dst = src^(2^n) · m; xk = a^(2^k − 1), then
    // p − 2 = 1^31 0 1^128 0^32 1^32 1^30 0 1 (most significant first) into acc
    const chain = [
      [x2, x1, 1, x1],
      [x3, x2, 1, x1],
      [x6, x3, 3, x3],
      [x12, x6, 6, x6],
      [x24, x12, 12, x12],
      [x30, x24, 6, x6],
      [x31, x30, 1, x1],
      [x32, x31, 1, x1],
      [acc, x31, 1 + 32, x32],
      [acc, acc, 32, x32],
      [acc, acc, 32, x32],
      [acc, acc, 32, x32],
      [acc, acc, 32 + 32, x32],
      [acc, acc, 30, x30],
      [acc, acc, 2, x1],
    ];
    for (const [dst, src, n, m] of chain) {
      sqrN(dst, src, n);
      mulE(dst, dst, m);
    }
    if (e.get(acc) !== P - 2n) throw new Error('inversion chain does not compute a^(p−2)');
    for (let k = 0; k < NL; k++) f.store('r', 8 * k, () => f.load(acc, 8 * k));
    add('inv', f);
  }
  return fns;
}

export function moduleBytes() {
  const fns = build();
  const sig = (f) => [0x60, ...vec(f.params.map(([, t]) => [t])), ...(f.result ? [1, f.result] : [0])];
  const sigs = [...new Set(fns.map(({ f }) => JSON.stringify(sig(f))))];
  const typeOf = (f) => sigs.indexOf(JSON.stringify(sig(f)));
  const name = (s) => vec([...s].map((c) => c.charCodeAt(0)));
  const exported = fns.map((x, i) => ({ ...x, i })).filter((x) => x.exported);
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(sigs.map((s) => JSON.parse(s)))),
    ...section(3, vec(fns.map(({ f }) => uleb(typeOf(f))))),
    ...section(5, vec([[0x00, ...uleb(LAYOUT.PAGES)]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], ...exported.map(({ name: n, i }) => [...name(n), 0x00, ...uleb(i)])])),
    ...section(10, vec(fns.map(({ f }) => f.bytes()))),
  ]);
}

export function render() {
  const lines = Buffer.from(moduleBytes())
    .toString('base64')
    .match(/.{1,120}/g)
    .map((l) => `  '${l}' +`);
  lines[lines.length - 1] = lines[lines.length - 1].slice(0, -2) + ';';
  return [
    '// Generated by scripts/gen-sm2-wasm.mjs; do not edit. The WebAssembly module of shared/crypto/sm2-wasm.ts',
    '// (sm2p256v1 field and point arithmetic on 9 × 29-bit limbs), base64, and the memory layout it assumes.',
    `export const SM2_WASM_LAYOUT = ${JSON.stringify(LAYOUT).replace(/"/g, '').replace(/:/g, ': ').replace(/,/g, ', ')} as const;`,
    'export const SM2_WASM_BASE64 =',
    ...lines,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) writeOrCheck('gen-sm2-wasm.mjs', file, render);
