// Writes shared/crypto/sm4-wasm-module.ts: the WebAssembly SIMD module behind shared/crypto/sm4-wasm.ts
// (SM4 sixteen blocks at a time for ECB, CTR and CBC decryption, GHASH by 8-bit tables, SM3
// compression), as base64 of the bytes this script assembles itself, so that neither
// the build nor the app needs a compiler.
// `node scripts/gen-sm4-wasm.mjs` rewrites the file; `--check` exits 1 when it differs (run by the tests).
//
// The SM4 S-box without secret-indexed loads (docs/crypto-sm4-wasm.md): S(x) = A·inv(A·x ⊕ C) ⊕ C over
// GF(2^8) mod x^8+x^7+x^6+x^5+x^4+x^2+1, with A the circulant of 0xa7 and C = 0xd3. The field is
// mapped onto the tower GF(16)[s]/(s^2 + 2s + 2), GF(16) mod x^4+x+1, where the inverse of k + i·s
// needs only one-nibble functions (Hamburg's vector-permutation trick): with j = i ⊕ k,
//   io = j ⊕ 1/(1/i ⊕ 2/k),  jo = i ⊕ 1/(1/j ⊕ 2/k),  inv = f(io) ⊕ g(jo)   (1/0 = "∞" = 0x80),
// and every one-nibble function is an i8x16.swizzle of a 16-byte constant (an index ≥ 16 gives 0,
// which is how ∞ propagates). The affine maps and the field isomorphism fold into the first and
// last swizzles. The script checks all 256 S-box outputs of this circuit before writing anything.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from './generated-file.mjs';
import { FunctionBody, section, sleb, uleb, vec } from './wasm-encoding.mjs';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'shared', 'crypto', 'sm4-wasm-module.ts');

// ---------------------------------------------------------------------------------------------------
// The S-box as nibble tables
// ---------------------------------------------------------------------------------------------------

// The S-box of GB/T 32907 §6.2, read from shared/crypto/sm4-tables.ts (one copy of the table).
const SBOX = (() => {
  const src = readFileSync(path.join(path.dirname(file), 'sm4-tables.ts'), 'utf8');
  const m = /const SBOX = new Uint8Array\(\[([^\]]*)\]\)/.exec(src);
  const bytes = m ? m[1].match(/0x[0-9a-f]{2}/g).map(Number) : [];
  if (bytes.length !== 256) throw new Error('shared/crypto/sm4-tables.ts: SBOX not found');
  return bytes;
})();

function sboxTables() {
  const mul4 = (a, b) => {
    let r = 0;
    for (; b; b >>= 1, a = a & 8 ? ((a << 1) ^ 0x13) & 15 : a << 1) if (b & 1) r ^= a;
    return r;
  };
  const inv4 = (x) => (x ? [...Array(16).keys()].find((y) => mul4(x, y) === 1) : 0);
  const NU = 2; // s^2 = NU·s + NU is irreducible over GF(16) for NU = 2 (checked below)
  for (let s = 0; s < 16; s++) if ((mul4(s, s) ^ mul4(NU, s) ^ NU) === 0) throw new Error('tower polynomial is reducible');
  // tower element (i << 4) | k = i·s + k
  const tmul = (x, y) => {
    const [i, k, i2, k2] = [x >> 4, x & 15, y >> 4, y & 15];
    const ii = mul4(mul4(i, i2), NU);
    return ((ii ^ mul4(i, k2) ^ mul4(i2, k)) << 4) | (ii ^ mul4(k, k2));
  };
  const tpow = (x, n) => {
    let r = 1;
    for (let q = 0; q < n; q++) r = tmul(r, x);
    return r;
  };
  // a root of SM4's field polynomial in the tower gives the isomorphism φ
  const beta = [...Array(256).keys()].find((b) => b > 1 && [8, 7, 6, 5, 4, 2, 0].reduce((acc, e) => acc ^ tpow(b, e), 0) === 0);
  const phi = (x) => [...Array(8).keys()].reduce((y, b) => ((x >> b) & 1 ? y ^ tpow(beta, b) : y), 0);
  const phiInv = new Array(256);
  for (let x = 0; x < 256; x++) phiInv[phi(x)] = x;
  const parity = (x) => [...Array(8).keys()].reduce((p, b) => p ^ ((x >> b) & 1), 0);
  const affine = (x) => [...Array(8).keys()].reduce((y, b) => y | (parity((((0xa7 << b) | (0xa7 >> (8 - b))) & 255) & x) << b), 0);
  const C = 0xd3;
  const inMap = (x) => phi(affine(x) ^ C);
  const T = {
    lo: [...Array(16).keys()].map((n) => inMap(n)),
    hi: [...Array(16).keys()].map((n) => inMap(n << 4) ^ inMap(0)),
    inv: [0x80, ...[...Array(15).keys()].map((n) => inv4(n + 1))],
    ak: [0x80, ...[...Array(15).keys()].map((n) => mul4(NU, inv4(n + 1)))],
    f: [0],
    g: [0],
  };
  // inv(k + i·s) = c0 + c1·s with c0 = u, c1 = (u ⊕ (u ⊕ v)/NU)/NU, u = 1/io, v = 1/jo
  const ia = inv4(NU);
  const ia2 = mul4(ia, ia);
  for (let n = 1; n < 16; n++) {
    const u = inv4(n);
    T.f[n] = affine(phiInv[(mul4(u, ia ^ ia2) << 4) | u]);
    T.g[n] = affine(phiInv[mul4(u, ia2) << 4]);
  }
  // the circuit, with i8x16.swizzle's semantics, against the S-box
  const swz = (t, i) => (i < 16 ? t[i] : 0);
  for (let x = 0; x < 256; x++) {
    const y = swz(T.lo, x & 15) ^ swz(T.hi, x >> 4);
    const [i, k] = [y >> 4, y & 15];
    const ak = swz(T.ak, k);
    const j = i ^ k;
    const io = swz(T.inv, swz(T.inv, i) ^ ak) ^ j;
    const jo = swz(T.inv, swz(T.inv, j) ^ ak) ^ i;
    if ((swz(T.f, io) ^ swz(T.g, jo) ^ C) !== SBOX[x]) throw new Error(`S-box circuit wrong at ${x}`);
  }
  return { ...T, m0f: new Array(16).fill(15) };
}

// ---------------------------------------------------------------------------------------------------
// A minimal WebAssembly binary writer (the instructions used below only)
// ---------------------------------------------------------------------------------------------------

/** Emit i8x16.relaxed_swizzle (no range fix-up before pshufb on x86: ~2× faster) instead of i8x16.swizzle. */
let relaxed = false;

const I32 = 0x7f;
const V128 = 0x7b;

/** Function bodies with the SIMD instructions of the cipher. */
class Fn extends FunctionBody {
  local(name, type) {
    this.declare(name, type);
    return name;
  }
  simd(code, ...imm) {
    return this.op(0xfd, ...uleb(code), ...imm);
  }
  load(offset = 0) {
    return this.simd(0x00, 4, ...uleb(offset));
  }
  store(offset = 0) {
    return this.simd(0x0b, 4, ...uleb(offset));
  }
  load32(offset = 0) {
    return this.op(0x28, 2, ...uleb(offset));
  }
  store32(offset = 0) {
    return this.op(0x36, 2, ...uleb(offset));
  }
  shuffle(lanes) {
    return this.simd(0x0d, ...lanes);
  }
  swizzle() {
    // relaxed_swizzle differs from swizzle only for indices 16..127, which never occur here (see top)
    return relaxed ? this.simd(0x100) : this.simd(0x0e);
  }
  xor() {
    return this.simd(0x51);
  }
  and() {
    return this.simd(0x4e);
  }
  or() {
    return this.simd(0x50);
  }
  shl32(n) {
    return this.i32(n).simd(0xab);
  }
  shr32(n) {
    return this.i32(n).simd(0xad);
  }
  lane8(l) {
    return this.simd(0x16, l);
  }
}

// ---------------------------------------------------------------------------------------------------
// Memory layout (shared with shared/crypto/sm4-wasm.ts through the exported constants)
// ---------------------------------------------------------------------------------------------------

export const LAYOUT = {
  TABLES: 0x0000, // 7 × 16 bytes: lo, hi, inv, ak, f, g, m0f
  RK_ENC: 0x0100, // 32 round keys, each splat to 16 bytes
  RK_DEC: 0x0300,
  COUNTER: 0x0500, // 16-byte counter block as in the data
  CHAIN: 0x0510, // CBC chaining block
  GHASH_X: 0x0520, // GHASH state, 16 bytes as in the data
  CRYPT_COPY: 0x0530, // i32: which copy of crypt16 ecb, ctr and cbcdec call (0 or 1; see crypt below)
  CBC_RK: 0x0580, // cbcenc's 32 round keys, lw words rotated left by 2
  SCRATCH: 0x0600, // one group of blocks
  SM3_V: 0x0700, // SM3 chaining value A..H, 8 words (numbers)
  SM3_V4: 0x0780, // four SM3 chaining values word-sliced: 8 vectors (A of lanes 0..3, B, …), 128 bytes
  SM3_W: 0x0800, // sm3: the expanded message W0..W63 of the current block
  SM3_WP: 0x0900, // sm3: W'0..W'63
  SM3_LANE: 0x4000, // sm3x4: lane l's blocks at DATA + l · SM3_LANE
  GHASH_TABLE: 0x1000, // 16 byte positions × 256 values × 16 bytes
  GHASH_TABLE2: 0x11000, // the same for H²
  CBC_T: 0x21000, // cbcenc's T-tables, 4 × 256 words, written by sm4-wasm.ts
  GROUP: 16, // blocks per crypt call: four per 128-bit lane set, GROUP / 4 independent chains
  DATA: 0x30000,
  DATA_SIZE: 0x10000,
  PAGES: 4,
};
const L = LAYOUT;
const TABLE_NAMES = ['lo', 'hi', 'inv', 'ak', 'f', 'g', 'm0f'];

// byte shuffles within each 32-bit lane: load/store byte swap, and rotations of the big-endian words
const perLane = (p) => [0, 1, 2, 3].flatMap((w) => p.map((b) => 4 * w + b));
const BSWAP = perLane([3, 2, 1, 0]);
const ROT8 = perLane([3, 0, 1, 2]);
const ROT16 = perLane([2, 3, 0, 1]);
const ROT24 = perLane([1, 2, 3, 0]);

/**
 * crypt16(src, dst, rk): sixteen blocks at src through the 32 rounds with the splat round keys at rk,
 * to dst (may equal src). Blocks 4g..4g+3 form group g, held word-sliced (X_w = word w of each block).
 */
function crypt16() {
  const f = new Fn([
    ['src', I32],
    ['dst', I32],
    ['rk', I32],
  ]);
  for (const t of TABLE_NAMES) {
    f.local(t, V128);
    f.i32(0).load(L.TABLES + 16 * TABLE_NAMES.indexOf(t)).set(t);
  }
  const G = L.GROUP / 4; // independent chains per round: four measured fastest (1.3× two, which were 1.4× one; eight: 2× slower)
  for (let g = 0; g < G; g++) {
    for (let w = 0; w < 4; w++) f.local(`x${g}${w}`, V128);
    for (const t of ['t', 'i', 'k', 'j', 'ak', 'io', 'jo', 'u']) f.local(`${t}${g}`, V128);
    // load and transpose: b0..b3 → x0..x3 (4×4 transpose of 32-bit words), byte-swapped words
    for (let b = 0; b < 4; b++) f.local(`b${b}`, V128);
    for (let b = 0; b < 4; b++) f.get('src').load(16 * (4 * g + b)).set(`b${b}`).get(`b${b}`).get(`b${b}`).shuffle(BSWAP).set(`b${b}`);
    const w32 = (l) => [0, 1, 2, 3].map((q) => 4 * l + q);
    // t0 = [b0.0 b1.0 b0.1 b1.1], t1 = [b0.2 b1.2 b0.3 b1.3], t2/t3 likewise from b2, b3
    f.get('b0').get('b1').shuffle([...w32(0), ...w32(4), ...w32(1), ...w32(5)]).set(`t${g}`);
    f.get('b0').get('b1').shuffle([...w32(2), ...w32(6), ...w32(3), ...w32(7)]).set(`i${g}`);
    f.get('b2').get('b3').shuffle([...w32(0), ...w32(4), ...w32(1), ...w32(5)]).set(`k${g}`);
    f.get('b2').get('b3').shuffle([...w32(2), ...w32(6), ...w32(3), ...w32(7)]).set(`j${g}`);
    const lo64 = [...w32(0), ...w32(1), ...w32(4), ...w32(5)];
    const hi64 = [...w32(2), ...w32(3), ...w32(6), ...w32(7)];
    f.get(`t${g}`).get(`k${g}`).shuffle(lo64).set(`x${g}0`);
    f.get(`t${g}`).get(`k${g}`).shuffle(hi64).set(`x${g}1`);
    f.get(`i${g}`).get(`j${g}`).shuffle(lo64).set(`x${g}2`);
    f.get(`i${g}`).get(`j${g}`).shuffle(hi64).set(`x${g}3`);
  }
  for (let r = 0; r < 32; r++) {
    for (let g = 0; g < G; g++) {
      const x = (w) => `x${g}${(r + w) % 4}`;
      const v = (n) => `${n}${g}`;
      // t = X1 ^ X2 ^ X3 ^ rk
      f.get(x(1)).get(x(2)).xor().get(x(3)).xor().get('rk').load(L.RK_ENC - L.RK_ENC + 16 * r).xor().set(v('t'));
      // into the tower: y = lo[t & 15] ^ hi[t >> 4]; k = y & 15; i = y >> 4
      f.get('lo').get(v('t')).get('m0f').and().swizzle();
      f.get('hi').get(v('t')).shr32(4).get('m0f').and().swizzle().xor().set(v('t'));
      f.get(v('t')).get('m0f').and().set(v('k'));
      f.get(v('t')).shr32(4).get('m0f').and().set(v('i'));
      // inversion
      f.get('ak').get(v('k')).swizzle().set(v('ak'));
      f.get(v('i')).get(v('k')).xor().set(v('j'));
      f.get('inv').get('inv').get(v('i')).swizzle().get(v('ak')).xor().swizzle().get(v('j')).xor().set(v('io'));
      f.get('inv').get('inv').get(v('j')).swizzle().get(v('ak')).xor().swizzle().get(v('i')).xor().set(v('jo'));
      // out of the tower: S = f[io] ^ g[jo] (^ C, which sm4-wasm.ts folds into the round keys)
      f.get('f').get(v('io')).swizzle().get('g').get(v('jo')).swizzle().xor().set(v('t'));
      // L(B) = B ^ rotl(B, 24) ^ rotl(B ^ rotl(B, 8) ^ rotl(B, 16), 2); X0 ^= L(S)
      f.get(v('t')).get(v('t')).get(v('t')).shuffle(ROT8).xor().get(v('t')).get(v('t')).shuffle(ROT16).xor().set(v('u'));
      f.get(x(0)).get(v('t')).xor().get(v('t')).get(v('t')).shuffle(ROT24).xor();
      f.get(v('u')).shl32(2).get(v('u')).shr32(30).or().xor().set(x(0));
    }
  }
  // output (X35, X34, X33, X32): after 32 rounds slot w holds X(32 + w); transpose back, byte-swap
  for (let g = 0; g < G; g++) {
    const w32 = (l) => [0, 1, 2, 3].map((q) => 4 * l + q);
    const [y0, y1, y2, y3] = [`x${g}3`, `x${g}2`, `x${g}1`, `x${g}0`];
    f.get(y0).get(y1).shuffle([...w32(0), ...w32(4), ...w32(1), ...w32(5)]).set(`t${g}`);
    f.get(y0).get(y1).shuffle([...w32(2), ...w32(6), ...w32(3), ...w32(7)]).set(`i${g}`);
    f.get(y2).get(y3).shuffle([...w32(0), ...w32(4), ...w32(1), ...w32(5)]).set(`k${g}`);
    f.get(y2).get(y3).shuffle([...w32(2), ...w32(6), ...w32(3), ...w32(7)]).set(`j${g}`);
    const outs = [
      [`t${g}`, `k${g}`, [...w32(0), ...w32(1), ...w32(4), ...w32(5)]],
      [`t${g}`, `k${g}`, [...w32(2), ...w32(3), ...w32(6), ...w32(7)]],
      [`i${g}`, `j${g}`, [...w32(0), ...w32(1), ...w32(4), ...w32(5)]],
      [`i${g}`, `j${g}`, [...w32(2), ...w32(3), ...w32(6), ...w32(7)]],
    ];
    outs.forEach(([a, b, lanes], q) => {
      // byte swap folded into the shuffle
      const swapped = lanes.map((_, n) => lanes[BSWAP[n]]);
      f.get('dst').get(a).get(b).shuffle(swapped).store(16 * (4 * g + q));
    });
  }
  return f;
}

// opcodes outside the SIMD prefix
const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const I32_EQZ = 0x45;
const I64_ADD = 0x7c;
const I64_EQZ = 0x50;
const I32_EQ = 0x46;
const I32_AND = 0x71;
const I32_XOR = 0x73;
const I32_SHR_U = 0x76;
const I32_ROTL = 0x77;
const REV = [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0];

/** A function looping over `groups` groups of L.GROUP blocks at DATA; `body` handles the group at local p. */
function groupLoop(params, locals, { before = () => {}, body, after = () => {} }) {
  const f = new Fn([['groups', I32], ...params]);
  f.local('p', I32);
  for (const [n, t] of locals) f.local(n, t);
  before(f);
  f.i32(L.DATA).set('p');
  f.loop(() => {
    f.get('groups').op(I32_EQZ).exitIf();
    body(f);
    f.get('p').i32(16 * L.GROUP).op(I32_ADD).set('p');
    f.get('groups').i32(-1).op(I32_ADD).set('groups');
  });
  after(f);
  return f;
}

/**
 * Calls crypt16 with the arguments `args` pushes: function 0 or its identical second copy, function 1, as
 * the word at CRYPT_COPY says. V8 places the ~41 KB of straight-line code of a copy at a fresh address on
 * each compilation, and about one placement in seven runs ~30% slower for the life of the process; two
 * copies are independent draws, and sm4-wasm.ts times both and keeps the faster (docs/crypto-sm4-wasm.md,
 * "Code placement").
 */
const crypt = (f, args) =>
  f.i32(0).load32(L.CRYPT_COPY).ifElse(
    () => args().call(1),
    () => args().call(0),
  );

/** ecb(groups, rk): in place, with the round keys at rk (RK_ENC or RK_DEC). */
const ecb = () => groupLoop([['rk', I32]], [], { body: (f) => crypt(f, () => f.get('p').get('p').get('rk')) });

/**
 * ctr(groups, inc32): XORs the keystream from the counter block at COUNTER into the data and leaves
 * the next counter block there. inc32 = 1: GCM's increment of the last 32 bits only; 0: the whole
 * block as one 128-bit big-endian number (wrapping).
 */
const ctr = () =>
  groupLoop([['inc32', I32]], [['c', V128]], {
    // c = the counter as a little-endian 128-bit number (the block byte-reversed)
    before: (f) => f.i32(0).load(L.COUNTER).set('c').get('c').get('c').shuffle(REV).set('c'),
    body: (f) => {
      for (let b = 0; b < L.GROUP; b++) {
        f.i32(0).get('c').get('c').shuffle(REV).store(L.SCRATCH + 16 * b);
        f.get('inc32').ifElse(
          () => f.get('c').get('c').simd(0x1b, 0).i32(1).op(I32_ADD).simd(0x1c, 0).set('c'),
          () => {
            f.get('c').get('c').simd(0x1d, 0).op(0x42, 1).op(I64_ADD).simd(0x1e, 0).set('c');
            f.get('c').simd(0x1d, 0).op(I64_EQZ).ifElse(() => f.get('c').get('c').simd(0x1d, 1).op(0x42, 1).op(I64_ADD).simd(0x1e, 1).set('c'));
          },
        );
      }
      crypt(f, () => f.i32(L.SCRATCH).i32(L.SCRATCH).i32(L.RK_ENC));
      for (let b = 0; b < L.GROUP; b++) f.get('p').get('p').load(16 * b).i32(0).load(L.SCRATCH + 16 * b).xor().store(16 * b);
    },
    after: (f) => f.i32(0).get('c').get('c').shuffle(REV).store(L.COUNTER),
  });

/** cbcdec(groups): in place; the previous ciphertext block is at CHAIN (updated). */
const cbcdec = () =>
  groupLoop([], [['prev', V128], ['ct', V128]], {
    before: (f) => f.i32(0).load(L.CHAIN).set('prev'),
    body: (f) => {
      crypt(f, () => f.get('p').i32(L.SCRATCH).i32(L.RK_DEC));
      for (let b = 0; b < L.GROUP; b++) {
        f.get('p').load(16 * b).set('ct');
        f.get('p').i32(0).load(L.SCRATCH + 16 * b).get('prev').xor().store(16 * b);
        f.get('ct').set('prev');
      }
    },
    after: (f) => f.i32(0).get('prev').store(L.CHAIN),
  });

/**
 * cbcenc(n): CBC encryption of n blocks at DATA in place (lw words), the previous ciphertext block at
 * CHAIN (updated). Each block waits for the one before, so this is one chain of 32 T-table rounds a
 * block, and its speed is the latency of a round: extract a byte offset, load, XOR (docs/crypto-sm4-wasm.md).
 * Every word is kept rotated left by 2 (XOR commutes with rotation; tables and round keys are rotated to
 * match), so the lowest byte's table offset is one AND, y & 0x3fc, instead of two operations. The next
 * round's input is formed straight from the lookups, ((q ^ x ^ T0) ^ T3) ^ (T1 ^ T2) with q = the other
 * two words ^ rk, and the updated word is that input ^ q, off the critical path.
 * Between blocks: the next block's first round input takes the ciphertext words X32, X33 and X34 but
 * not X35, the last round's output. It is formed one XOR after the last round's input (X34 = y ^ q), so
 * that the two rounds run side by side, and X35 joins the first round's XOR tree last.
 * sm4-wasm.ts writes the tables (sm4-tables.ts's, rotated) at CBC_T and the round keys at CBC_RK.
 */
function cbcenc() {
  const f = new Fn([['n', I32]]);
  for (const l of ['p', 'end', 'y', 'q', 'x0', 'x1', 'x2', 'x3', 'c0', 'c1', 'c2', 'c3', 'p1', 'p2', 'p3']) f.local(l, I32);
  // T_k[byte k of the unrotated word]: y is rotated left by 2, so byte k · 4 is (y >>> 8k) & 0x3fc (k = 3 wraps)
  const look = (k) => {
    f.get('y');
    if (k === 1 || k === 2) f.i32(8 * k).op(I32_SHR_U);
    if (k === 3) f.i32(8).op(I32_ROTL);
    f.i32(0x3fc).op(I32_AND).load32(L.CBC_T + 1024 * k);
  };
  const X = ['x0', 'x1', 'x2', 'x3'];
  X.forEach((_, i) => f.i32(0).load32(L.CHAIN + 4 * i).i32(2).op(I32_ROTL).set(`c${i}`));
  // y ^ q is the previous block's X34 (c1): before the first block, y = 0 (as declared) and q = c1
  f.get('c1').set('q');
  f.i32(L.DATA).set('p');
  f.get('n').i32(4).op(I32_SHL).i32(L.DATA).op(I32_ADD).set('end');
  f.loop(() => {
    f.get('p').get('end').op(I32_EQ).exitIf();
    [1, 2, 3].forEach((i) => f.get('p').load32(4 * i).i32(2).op(I32_ROTL).set(`p${i}`));
    [2, 3].forEach((i) => f.get(`p${i}`).get(`c${i}`).op(I32_XOR).set(`x${i}`));
    // y = x1 ^ x2 ^ x3 ^ rk0 with x1 = p1 ^ X34 = p1 ^ y ^ q, the last round's input y XORed last
    f.get('p1').get('x2').op(I32_XOR).get('x3').op(I32_XOR).i32(0).load32(L.CBC_RK).op(I32_XOR).get('q').op(I32_XOR).get('y').op(I32_XOR).set('y');
    f.get('p1').get('c1').op(I32_XOR).set('x1');
    for (let r = 0; r < 32; r++) {
      const xi = X[r % 4];
      if (r < 31) f.get(X[(r + 2) % 4]).get(X[(r + 3) % 4]).op(I32_XOR).i32(0).load32(L.CBC_RK + 4 * (r + 1)).op(I32_XOR).set('q');
      // ((q ^ x ^ T0) ^ T3) ^ (T1 ^ T2); in the first round ((T0 ^ T3) ^ (T1 ^ T2)) ^ (q ^ x0), as x0 = p0 ^ X35
      // comes from the last round, still running
      if (r > 0) {
        if (r < 31) f.get('q').get(xi).op(I32_XOR);
        else f.get(xi);
      }
      look(0);
      if (r > 0) f.op(I32_XOR);
      look(3);
      f.op(I32_XOR);
      look(1);
      look(2);
      f.op(I32_XOR).op(I32_XOR);
      if (r === 0) f.get('q').get('p').load32(0).i32(2).op(I32_ROTL).op(I32_XOR).get('c0').op(I32_XOR).op(I32_XOR);
      if (r < 31) f.tee('y').get('q').op(I32_XOR);
      f.set(xi);
    }
    // the block is X35, X34, X33, X32 = x3, x2, x1, x0; it chains into the next
    ['x3', 'x2', 'x1', 'x0'].forEach((x, i) => {
      f.get('p').get(x).i32(30).op(I32_ROTL).store32(4 * i);
      f.get(x).set(`c${i}`);
    });
    f.get('p').i32(16).op(I32_ADD).set('p');
  });
  X.forEach((_, i) => f.i32(0).get(`c${i}`).i32(30).op(I32_ROTL).store32(L.CHAIN + 4 * i));
  return f;
}

/**
 * ghash(n): absorbs n blocks at DATA into the state at GHASH_X. A product by H is the XOR of 16 table
 * entries, one per byte position (GHASH_TABLE[p][byte p]). Two blocks a step, X = (X ^ C1)·H² ^ C2·H,
 * so that the second product does not wait for the first (GHASH_TABLE2 holds H²'s entries).
 */
function ghash() {
  const f = new Fn([['n', I32]]);
  for (const l of ['p', 'end', 'end2']) f.local(l, I32);
  for (const l of ['x', 'c', 'y', 'z', 'u', 'v']) f.local(l, V128);
  /** acc ^= Σ table[p][byte p of `src`], split over accumulators a (even p) and b (odd p). */
  const mul = (src, table, a, b, first) => {
    for (let q = 0; q < 16; q++) {
      f.get(src).lane8(q).i32(4).op(I32_SHL).load(table + 4096 * q);
      if (q >= 2 || !first) f.get(q % 2 ? b : a).xor();
      f.set(q % 2 ? b : a);
    }
  };
  f.i32(0).load(L.GHASH_X).set('x');
  f.i32(L.DATA).set('p');
  f.get('n').i32(4).op(I32_SHL).i32(L.DATA).op(I32_ADD).set('end');
  // end2 = DATA + 16·(n & ~1): the pairs
  f.get('n').i32(-2).op(0x71).i32(4).op(I32_SHL).i32(L.DATA).op(I32_ADD).set('end2');
  f.loop(() => {
    f.get('p').get('end2').op(0x46).exitIf();
    f.get('x').get('p').load().xor().set('x');
    f.get('p').load(16).set('c');
    mul('c', L.GHASH_TABLE, 'u', 'v', true);
    mul('x', L.GHASH_TABLE2, 'y', 'z', true);
    f.get('y').get('z').xor().get('u').xor().get('v').xor().set('x');
    f.get('p').i32(32).op(I32_ADD).set('p');
  });
  // an odd last block
  f.get('p').get('end').op(0x47).ifElse(() => {
    f.get('x').get('p').load().xor().set('x');
    mul('x', L.GHASH_TABLE, 'y', 'z', true);
    f.get('y').get('z').xor().set('x');
  });
  f.i32(0).get('x').store(L.GHASH_X);
  return f;
}

/**
 * The 64 rounds of one SM3 block (GB/T 32905-2016 §5.3.3) on locals A..H, x, ss1, tt1, tt2, written once for
 * both functions: `o` gives the operations (i32 for sm3, four-lane v128 for sm3x4), FF and GG of rounds
 * 16..63 (rounds 0..15 XOR the three words), and where the message words come from: `before(j)` runs
 * ahead of round j (the message expansion), `w(j)` and `wp(j)` push Wj and W'j.
 */
function sm3Rounds(f, o) {
  const xor3 = (a, b, c) => {
    f.get(a).get(b);
    o.xor();
    f.get(c);
    o.xor();
  };
  for (let j = 0; j < 64; j++) {
    o.before(j);
    const T = j < 16 ? 0x79cc4519 : 0x7a879d8a;
    const sh = j % 32;
    const Tj = (sh === 0 ? T : (T << sh) | (T >>> (32 - sh))) | 0;
    // SS1 = ((A <<< 12) + E + Tj) <<< 7, SS2 = SS1 ^ (A <<< 12)
    f.get('A');
    o.rotl(12);
    f.tee('x').get('E');
    o.konst(Tj);
    o.add();
    o.add();
    o.rotl(7);
    f.set('ss1');
    // TT1 = FF + (D + W'j) + SS2, TT2 = GG + (H + Wj) + SS1: the sums that wait on E last
    if (j < 16) xor3('A', 'B', 'C');
    else o.ff();
    f.get('D');
    o.wp(j);
    o.add();
    o.add();
    f.get('ss1').get('x');
    o.xor();
    o.add();
    f.set('tt1');
    if (j < 16) xor3('E', 'F', 'G');
    else o.gg();
    f.get('H');
    o.w(j);
    o.add();
    o.add();
    f.get('ss1');
    o.add();
    f.set('tt2');
    f.get('C').set('D').get('B');
    o.rotl(9);
    f.set('C').get('A').set('B').get('tt1').set('A').get('G').set('H').get('F');
    o.rotl(19);
    f.set('G').get('E').set('F');
    // E = P0(TT2)
    f.get('tt2').get('tt2');
    o.rotl(9);
    o.xor();
    f.get('tt2');
    o.rotl(17);
    o.xor();
    f.set('E');
  }
}

/**
 * sm3(n, at): SM3 compression (GB/T 32905-2016 §5.3) of n 64-byte blocks at `at` (the DATA window, or a
 * caller's buffer in a shared memory: sm3Module) into the chaining value
 * at SM3_V, in two streams that the processor overlaps: the message expansion (§5.3.2) four words at a
 * time in SIMD registers, stored to SM3_W (W) and SM3_WP (W'), and the 64 rounds (§5.3.3) on the
 * eight 32-bit words, which read W and W' from there. With the expansion on the scalar units as well
 * (and its sixteen words in locals), a round was ~35 scalar operations and its locals did not fit the
 * registers; now it is ~24 and they do. Expanding four words at once needs W(j) for W(j+3): the fourth
 * lane is first computed without it and then corrected by P1(W(j) <<< 15), P1 being linear.
 * The expansion runs one block ahead: the next block's words 4m..4m+3 are computed during this block's
 * rounds, once round 4m+3 has read this block's. Its own chain (each group of four waits for the one
 * before) is ~34 cycles where a vector operation takes 2 (Zen 5), longer than the 28 of four rounds, so
 * expanding a block during its own rounds held them back (9.1 cycles a round against 7.0 this way).
 */
function sm3() {
  const f = new Fn([
    ['n', I32],
    ['at', I32],
  ]);
  const R = 'ABCDEFGH'.split('');
  for (const l of ['p', 'q', 'end', ...R, 'x', 'ss1', 'tt1', 'tt2']) f.local(l, I32);
  for (const l of ['g0', 'g1', 'g2', 'g3', 'zero', 'a', 't', 'u', 'y']) f.local(l, V128);
  const [XOR, AND, OR, ROTL, LOAD32] = [0x73, 0x71, 0x72, 0x77, 0x28];
  const rotl = (n) => (n % 32 ? f.i32(n).op(ROTL) : f);
  const vrotl = (n) => f.tee('y').shl32(n).get('y').shr32(32 - n).or();
  const lanes = (...ls) => ls.flatMap((l) => [0, 1, 2, 3].map((q) => 4 * l + q));
  const g = (m) => `g${m % 4}`; // the group of words W(4m..4m+3); the last four live in g0..g3
  const W = (j) => L.SM3_W + 4 * j;
  const WP = (j) => L.SM3_WP + 4 * j;
  /** W(4m..4m+3) into g(m) (over W(4m-16..4m-13), no longer needed), stored; W'(4m-4..4m-1) stored */
  const expand = (m) => {
    // a = W(j-16) ^ W(j-9) ^ (W(j-3) <<< 15), j = 4m, with 0 for W(j) in the last lane
    f.get(g(m - 4)).get(g(m - 3)).get(g(m - 2)).shuffle(lanes(3, 4, 5, 6)).xor();
    f.get(g(m - 1)).get('zero').shuffle(lanes(1, 2, 3, 4));
    vrotl(15).xor().set('a');
    // t = P1(a) ^ (W(j-13) <<< 7) ^ W(j-6)
    f.get('a').get('a');
    vrotl(15).xor().get('a');
    vrotl(23).xor();
    f.get(g(m - 4)).get(g(m - 3)).shuffle(lanes(3, 4, 5, 6));
    vrotl(7).xor();
    f.get(g(m - 2)).get(g(m - 1)).shuffle(lanes(2, 3, 4, 5)).xor().set('t');
    // W(j+3) ^= P1(W(j) <<< 15)
    f.get('zero').get('t').shuffle(lanes(0, 0, 0, 4));
    vrotl(15).set('u');
    f.get('t').get('u').xor().get('u');
    vrotl(15).xor().get('u');
    vrotl(23).xor().set(g(m));
    if (m < 16) f.i32(0).get(g(m)).store(W(4 * m));
    f.i32(0).get(g(m - 1)).get(g(m)).xor().store(WP(4 * m - 4));
  };
  f.i32(0).simd(0x11).set('zero');
  f.get('at').set('p');
  f.get('n').i32(6).op(I32_SHL).get('at').op(I32_ADD).set('end');
  R.forEach((r, i) => f.i32(0).op(LOAD32, 2, ...uleb(L.SM3_V + 4 * i)).set(r));
  /** group m of the message schedule of the block at q: words 4m..4m+3 into g(m) and W, W'(4m-4..4m-1) */
  const group = (m) => {
    if (m >= 4) return expand(m);
    f.get('q').load(16 * m).set('t').get('t').get('t').shuffle(BSWAP).set(g(m));
    f.i32(0).get(g(m)).store(W(4 * m));
    if (m > 0) f.i32(0).get(g(m - 1)).get(g(m)).xor().store(WP(4 * m - 4));
  };
  // the first block's schedule; each later block's is computed during the rounds of the one before
  f.get('p').set('q');
  f.get('n').ifElse(() => {
    for (let m = 0; m < 17; m++) group(m);
  });
  f.loop(() => {
    f.get('p').get('end').op(0x46).exitIf();
    // q: the next block; after the last, the first again (its schedule goes unused)
    f.get('at').get('p').i32(64).op(I32_ADD).tee('q').get('q').get('end').op(0x46).op(0x1b).set('q');
    sm3Rounds(f, {
      xor: () => f.op(XOR),
      add: () => f.op(I32_ADD),
      rotl,
      konst: (v) => f.i32(v),
      // FF = (A & B) | (C & (A | B)), GG = G ^ (E & (F ^ G))
      ff: () => f.get('A').get('B').op(AND).get('C').get('A').get('B').op(OR).op(AND).op(OR),
      gg: () => f.get('G').get('E').get('F').get('G').op(XOR).op(AND).op(XOR),
      // the next block's words 4m..4m+3 once round 4m+3 has read this block's (W'(4m-4..4m-1) by then too)
      before: (j) => j % 4 === 0 && j > 0 && group(j / 4 - 1),
      w: (j) => f.i32(0).op(LOAD32, 2, ...uleb(W(j))),
      wp: (j) => f.i32(0).op(LOAD32, 2, ...uleb(WP(j))),
    });
    group(15);
    group(16);
    R.forEach((r, i) => {
      f.get(r).i32(0).op(LOAD32, 2, ...uleb(L.SM3_V + 4 * i)).op(XOR).tee(r);
      f.set('x');
      f.i32(0).get('x').op(0x36, 2, ...uleb(L.SM3_V + 4 * i));
    });
    f.get('p').i32(64).op(I32_ADD).set('p');
  });
  return f;
}

/**
 * sm3x4(n, p0, p1, p2, p3): SM3 compression of four independent messages at once, n 64-byte blocks each
 * (lane l's at pl: DATA + l·SM3_LANE, or where a caller's buffers lie in a shared memory, sm3Module), into
 * the word-sliced chaining values at SM3_V4: sm3() with each 32-bit variable
 * a vector of the four lanes' values. Rotations cost three instructions instead of one, the rest the
 * same as one lane, so four streams hash in about half the time of four sm3() calls (sealing hashes
 * three at once: the documents, the package and the sealed file).
 */
function sm3x4() {
  const P = ['p0', 'p1', 'p2', 'p3'];
  const f = new Fn([
    ['n', I32],
    ...P.map((p) => [p, I32]),
  ]);
  const R = 'ABCDEFGH'.split('');
  f.local('end', I32);
  for (const l of [...R, ...R.map((r) => `v${r}`), ...[...Array(16).keys()].map((i) => `w${i}`), 'x', 'y', 'ss1', 'tt1', 'tt2', 'a', 'b', 'c', 'd', 't0', 't1', 't2', 't3']) f.local(l, V128);
  const [ADD, BITSELECT] = [0xae, 0x52];
  // rotl of the value on the stack (spilled to y: it is needed twice)
  const rotl = (n) => f.tee('y').shl32(n).get('y').shr32(32 - n).or();
  const w32 = (l) => [0, 1, 2, 3].map((q) => 4 * l + q);
  const swapped = (l) => [3, 2, 1, 0].map((q) => 4 * l + q);
  const lo64 = [...w32(0), ...w32(1), ...w32(4), ...w32(5)];
  const hi64 = [...w32(2), ...w32(3), ...w32(6), ...w32(7)];
  f.get('n').i32(6).op(I32_SHL).get('p0').op(I32_ADD).set('end');
  R.forEach((r, i) => f.i32(0).load(L.SM3_V4 + 16 * i).set(r));
  f.loop(() => {
    f.get('p0').get('end').op(0x46).exitIf();
    R.forEach((r) => f.get(r).set(`v${r}`));
    for (let g = 0; g < 4; g++) {
      // words 4g..4g+3 of the four lanes (a, b, c, d) → w[4g+i] = [a_i b_i c_i d_i], byte-swapped on the way
      ['a', 'b', 'c', 'd'].forEach((v, l) => f.get(P[l]).load(16 * g).set(v));
      f.get('a').get('b').shuffle([...swapped(0), ...swapped(4), ...swapped(1), ...swapped(5)]).set('t0');
      f.get('a').get('b').shuffle([...swapped(2), ...swapped(6), ...swapped(3), ...swapped(7)]).set('t1');
      f.get('c').get('d').shuffle([...swapped(0), ...swapped(4), ...swapped(1), ...swapped(5)]).set('t2');
      f.get('c').get('d').shuffle([...swapped(2), ...swapped(6), ...swapped(3), ...swapped(7)]).set('t3');
      f.get('t0').get('t2').shuffle(lo64).set(`w${4 * g}`);
      f.get('t0').get('t2').shuffle(hi64).set(`w${4 * g + 1}`);
      f.get('t1').get('t3').shuffle(lo64).set(`w${4 * g + 2}`);
      f.get('t1').get('t3').shuffle(hi64).set(`w${4 * g + 3}`);
    }
    /** message expansion on the fly (§5.3.2) over w0..w15: W(j+4) ahead of round j */
    const w = (k, d) => `w${(k + d) % 16}`;
    const expand = (j) => {
      const k = j + 4;
      if (k < 16) return;
      // x = W(k-16) ^ W(k-9) ^ (W(k-3) <<< 15); W(k) = P1(x) ^ (W(k-13) <<< 7) ^ W(k-6)
      f.get(w(k, 0)).get(w(k, 7)).xor().get(w(k, 13));
      rotl(15).xor().set('x').get('x').get('x');
      rotl(15).xor().get('x');
      rotl(23).xor().get(w(k, 3));
      rotl(7).xor().get(w(k, 10)).xor().set(w(k, 0));
    };
    sm3Rounds(f, {
      xor: () => f.xor(),
      add: () => f.simd(ADD),
      rotl,
      konst: (v) => f.i32(v).simd(0x11),
      before: expand,
      w: (j) => f.get(`w${j % 16}`),
      wp: (j) => f.get(`w${j % 16}`).get(`w${(j + 4) % 16}`).xor(),
      // the majority = bitselect(C, A, A ^ B); GG = bitselect(F, G, E)
      ff: () => f.get('C').get('A').get('A').get('B').xor().simd(BITSELECT),
      gg: () => f.get('F').get('G').get('E').simd(BITSELECT),
    });
    R.forEach((r) => f.get(r).get(`v${r}`).xor().set(r));
    for (const p of P) f.get(p).i32(64).op(I32_ADD).set(p);
  });
  R.forEach((r, i) => f.i32(0).get(r).store(L.SM3_V4 + 16 * i));
  return f;
}

export function moduleBytes(useRelaxed = false) {
  relaxed = useRelaxed;
  const t = sboxTables();
  return assemble(
    [
      ['crypt16', crypt16(), 3],
      ['crypt16b', crypt16(), 3],
      ['ecb', ecb(), 2],
      ['ctr', ctr(), 2],
      ['cbcdec', cbcdec(), 1],
      ['cbcenc', cbcenc(), 1],
      ['ghash', ghash(), 1],
      ['sm3', sm3(), 2],
      ['sm3x4', sm3x4(), 5],
    ],
    { tables: TABLE_NAMES.flatMap((n) => t[n]) },
  );
}

/** the largest shared memory sm3Module accepts (the 32-bit address space) */
const SHARED_MAX_PAGES = 65536;

/**
 * sm3Module: the SM3 functions alone (no SIMD swizzle, so one variant), on a memory the host provides,
 * shared, of at least PAGES pages, of which they use the SM3_* and DATA regions. A hash worker then
 * compresses blocks where the thread that sent them wrote them, past those regions, without copying them
 * into the DATA window (electron/services/bid/parallel-hash.ts).
 */
export function sm3ModuleBytes() {
  relaxed = false;
  return assemble(
    [
      ['sm3', sm3(), 2],
      ['sm3x4', sm3x4(), 5],
    ],
    { sharedMemory: true },
  );
}

const name = (s) => vec([...s].map((c) => c.charCodeAt(0)));

/** A module of `fns` ([name, body, arity], all exported) with its own memory (and `tables` at L.TABLES), or importing env.memory shared. */
function assemble(fns, { tables, sharedMemory = false }) {
  const arities = [...new Set(fns.map(([, , a]) => a))];
  const typeOf = (a) => arities.indexOf(a);
  const exports = fns.map(([n], i) => [...name(n), 0x00, ...uleb(i)]);
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(arities.map((a) => [0x60, ...vec(new Array(a).fill([I32])), 0]))),
    // limits 0x03: a minimum, a maximum, shared
    ...(sharedMemory ? section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x03, ...uleb(L.PAGES), ...uleb(SHARED_MAX_PAGES)]])) : []),
    ...section(3, vec(fns.map(([, , a]) => uleb(typeOf(a))))),
    ...(sharedMemory ? [] : section(5, vec([[0x01, ...uleb(L.PAGES), ...uleb(L.PAGES)]]))),
    ...section(7, vec(sharedMemory ? exports : [[...name('memory'), 0x02, 0], ...exports])),
    ...section(10, vec(fns.map(([, f]) => f.bytes()))),
    ...(tables ? section(11, vec([[0x00, 0x41, ...sleb(L.TABLES), 0x0b, ...vec(tables)]])) : []),
  ];
  return Uint8Array.from(bytes);
}

export function render() {
  // an array joined rather than a chain of `+`: a chain of ~1,400 lines nests too deep for the linter's parser
  const b64 = (bytes) => [
    '[',
    ...Buffer.from(bytes())
      .toString('base64')
      .match(/.{1,120}/g)
      .map((l) => `  '${l}',`),
    "].join('');",
  ];
  return [
    '// Generated by scripts/gen-sm4-wasm.mjs; do not edit. The WebAssembly SIMD module of shared/crypto/sm4-wasm.ts',
    '// (SM4 sixteen blocks at a time, GHASH, SM3), base64, and the memory layout it assumes.',
    `export const SM4_WASM_LAYOUT = ${JSON.stringify(L).replace(/"/g, '').replace(/:/g, ': ').replace(/,/g, ', ')} as const;`,
    '/** With i8x16.swizzle (WebAssembly SIMD 128). */',
    'export const SM4_WASM_BASE64 =',
    ...b64(() => moduleBytes(false)),
    '/** The same with i8x16.relaxed_swizzle (relaxed SIMD), used where the engine validates it. */',
    'export const SM4_WASM_RELAXED_BASE64 =',
    ...b64(() => moduleBytes(true)),
    '/** SM3 alone, on a shared memory the host provides (a hash worker\'s: sm3ModuleBytes in the script). */',
    'export const SM3_SHARED_WASM_BASE64 =',
    ...b64(sm3ModuleBytes),
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--wasm') && !process.argv.includes('--check')) process.stdout.write(moduleBytes(process.argv.includes('--relaxed')));
  else writeOrCheck('gen-sm4-wasm.mjs', file, render);
}
