// Runs in Node. O_DIRECT, for the large outputs BidSeal writes and reads back (output-file.ts, the PDF file
// source): bytes go between the disk and our memory past the page cache, so a GiB-scale file does not take a
// GiB of fresh page-cache pages. On a virtual machine whose host takes back free pages (free page reporting)
// each such page costs a fault to the host: a buffered 1 GiB write measured 11 s of kernel time here where
// O_DIRECT took 0.3 s (docs/formats/bid-package.md, "Pipeline"). O_DIRECT wants memory, file offsets and
// lengths aligned to the logical block size; a WebAssembly memory is page-aligned, a Buffer is not.
import { constants } from 'node:fs';

/** the alignment used: the largest logical block size in common use */
export const DIRECT_ALIGN = 4096;
const WASM_PAGE = 65536;

/** O_DIRECT where this system has it and BIDSEAL_NO_DIRECT_IO is not 1; otherwise undefined */
export function directFlag(): number | undefined {
  return constants.O_DIRECT && process.env.BIDSEAL_NO_DIRECT_IO !== '1' ? constants.O_DIRECT : undefined;
}

/** `bytes` (rounded up to 64 KiB) of page-aligned memory */
export function alignedMemory(bytes: number): Uint8Array {
  return new Uint8Array(new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / WASM_PAGE)) }).buffer);
}

export const alignUp = (n: number): number => Math.ceil(n / DIRECT_ALIGN) * DIRECT_ALIGN;
export const alignDown = (n: number): number => n - (n % DIRECT_ALIGN);
