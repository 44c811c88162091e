// Runs in Node (the WebAssembly generators scripts/gen-sm2-wasm.mjs and scripts/gen-sm4-wasm.mjs). The
// binary format's integer and container encodings (LEB128, vectors, sections), written once for both.

/** unsigned LEB128 */
export const uleb = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};

/** signed LEB128 of a 32-bit number */
export const sleb = (n) => {
  const out = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};

/** signed LEB128 of a 64-bit value (number or bigint) */
export const sleb64 = (v) => {
  let n = BigInt(v);
  const out = [];
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && !(b & 0x40)) || (n === -1n && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};

/** a vector: its length, then its items */
export const vec = (items) => [...uleb(items.length), ...items.flat()];
/** a section: its id, its size, its bytes */
export const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];
