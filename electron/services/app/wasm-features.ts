// Runs in Node (Electron main, the CLI, the Node host, workers, benchmarks). Turns on WebAssembly
// relaxed SIMD where this engine has it only behind a flag (Node 20's V8 11.3; Electron's Chromium and
// Node ≥ 22 have it on), so that shared/crypto/sm4-wasm.ts can load its relaxed-swizzle module, about
// twice as fast as the plain SIMD one. Importing this module does it; it must run before the first SM4
// key is set up (the module is compiled then). The flag is process-wide, so workers inherit it.
import { setFlagsFromString } from 'node:v8';

// (module (func (result v128) (i8x16.relaxed_swizzle (v128.const i64x2 0 0) (v128.const i64x2 0 0))))
// prettier-ignore
const PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 43, 1, 41, 0, 253, 12, ...new Array(16).fill(0),
  253, 12, ...new Array(16).fill(0), 253, 128, 2, 11,
]);

/** Whether relaxed SIMD is available now; sets the V8 flag first if it is not. */
export function enableRelaxedSimd(): boolean {
  if (WebAssembly.validate(PROBE)) return true;
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    // an engine without the flag keeps plain SIMD
  }
  return WebAssembly.validate(PROBE);
}

enableRelaxedSimd();
