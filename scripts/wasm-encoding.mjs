// Runs in Node (the WebAssembly generators scripts/gen-sm2-wasm.mjs and scripts/gen-sm4-wasm.mjs). The
// binary format's integer and container encodings (LEB128, vectors, sections) and the function-body builder
// of the instructions both use, written once for both.

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

/** A function body: named parameters and locals, and one method per core instruction (each generator adds its own). */
export class FunctionBody {
  constructor(params) {
    this.params = params; // [name, type]
    this.locals = [];
    this.code = [];
    this.index = new Map(params.map(([n], i) => [n, i]));
  }
  /** declares local `name` of `type` unless it exists */
  declare(name, type) {
    if (!this.index.has(name)) {
      this.index.set(name, this.params.length + this.locals.length);
      this.locals.push(type);
    }
  }
  /** the index of a parameter or local */
  slot(name) {
    return this.index.get(name);
  }
  op(...b) {
    this.code.push(...b);
    return this;
  }
  get(n) {
    return this.op(0x20, ...uleb(this.slot(n)));
  }
  set(n) {
    return this.op(0x21, ...uleb(this.slot(n)));
  }
  tee(n) {
    return this.op(0x22, ...uleb(this.slot(n)));
  }
  i32(v) {
    return this.op(0x41, ...sleb(v | 0));
  }
  call(i) {
    return this.op(0x10, ...uleb(i));
  }
  /** `block { loop { <body> br 0 } }`: inside, exitIf() leaves the loop. */
  loop(body) {
    this.op(0x02, 0x40, 0x03, 0x40);
    body();
    return this.op(0x0c, 0, 0x0b, 0x0b);
  }
  exitIf() {
    return this.op(0x0d, 1);
  }
  ifElse(then, otherwise) {
    this.op(0x04, 0x40);
    then();
    if (otherwise) {
      this.op(0x05);
      otherwise();
    }
    return this.op(0x0b);
  }
  /** the body as the code section holds it: its size, the locals grouped by type, the code, `end` */
  bytes() {
    const groups = [];
    for (const t of this.locals) {
      if (groups.length && groups[groups.length - 1][1] === t) groups[groups.length - 1][0]++;
      else groups.push([1, t]);
    }
    const body = [...vec(groups.map(([n, t]) => [...uleb(n), t])), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}
