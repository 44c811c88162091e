// Runs anywhere (pure, but kept next to the SKF worker that is its only user). GM/T 0016 blob layouts ↔ the
// encodings the rest of BidSeal speaks: ECCSIGNATUREBLOB (r, s in 64-byte fields, values right-aligned) →
// DER SEQUENCE{r,s}; a GM/T 0009 SM2Cipher (DER) or raw C1‖C3‖C2 ↔ ECCCIPHERBLOB; ECCPUBLICKEYBLOB → an
// uncompressed point; DEVINFO and the double-NUL-terminated name lists. ULONG is 4 bytes per the standard,
// 8 for vendors whose 64-bit Linux headers say `unsigned long`; integers are little-endian (every platform
// these libraries ship for). See docs/skf.md.
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { BidSealError } from '../../../../shared/errors';
import * as sm2 from '../../../../shared/crypto/sm2';

export type UlongWidth = 4 | 8;
const FIELD = 64; // ECC_MAX_XCOORDINATE_BITS_LEN / 8
const bad = (msg: string): never => {
  throw new BidSealError('E_BAD_ENCODING', msg);
};

/** The 256-bit value of a right-aligned 64-byte coordinate field (the upper 32 bytes must be zero). */
function field256(f: Uint8Array, what: string): Uint8Array {
  if (f.length !== FIELD) bad(`${what}: field must be 64 bytes`);
  for (let i = 0; i < FIELD - 32; i++) if (f[i] !== 0) bad(`${what}: value wider than 256 bits`);
  return f.subarray(FIELD - 32);
}
function putField(out: Uint8Array, off: number, v: bigint): void {
  out.set(numberToBytesBE(v, 32), off + FIELD - 32);
}

export const ECC_SIGNATURE_BLOB_LEN = 2 * FIELD;

/** ECCSIGNATUREBLOB → DER SEQUENCE{INTEGER r, INTEGER s}. */
export function eccSignatureBlobToDer(blob: Uint8Array): Uint8Array {
  if (blob.length !== ECC_SIGNATURE_BLOB_LEN) bad('ECCSIGNATUREBLOB must be 128 bytes');
  const r = bytesToNumberBE(field256(blob.subarray(0, FIELD), 'signature r'));
  const s = bytesToNumberBE(field256(blob.subarray(FIELD), 'signature s'));
  if (r === 0n || s === 0n) bad('the token returned an empty signature');
  return sm2.encodeSignature(r, s, 'der');
}

/** ECCPUBLICKEYBLOB {ULONG BitLen; X[64]; Y[64]} → 04‖x‖y. */
export function eccPublicBlobToPoint(blob: Uint8Array, ulong: UlongWidth = 4): Uint8Array {
  if (blob.length < ulong + 2 * FIELD) bad('ECCPUBLICKEYBLOB too short');
  const out = new Uint8Array(65);
  out[0] = 4;
  out.set(field256(blob.subarray(ulong, ulong + FIELD), 'public key x'), 1);
  out.set(field256(blob.subarray(ulong + FIELD, ulong + 2 * FIELD), 'public key y'), 33);
  return out;
}

/** The parts of an SM2 ciphertext given as GM/T 0009 DER or raw C1‖C3‖C2 with the 04 prefix. */
function cipherParts(ct: Uint8Array): sm2.SM2CiphertextParts {
  if (ct[0] === 0x30) {
    try {
      return sm2.parseDerCiphertext(ct);
    } catch {
      /* raw after all */
    }
  }
  if (ct[0] !== 4 || ct.length < 65 + 32 + 1) bad('SM2 ciphertext is neither GM/T 0009 DER nor C1‖C3‖C2');
  return { x1: bytesToNumberBE(ct.subarray(1, 33)), y1: bytesToNumberBE(ct.subarray(33, 65)), c3: ct.subarray(65, 97), c2: ct.subarray(97) };
}

/** ECCCIPHERBLOB {X[64]; Y[64]; HASH[32]; ULONG CipherLen; Cipher[CipherLen]} from an SM2 ciphertext. */
export function eccCipherBlobFromCiphertext(ct: Uint8Array, ulong: UlongWidth = 4): Uint8Array {
  const p = cipherParts(ct);
  if (p.c3.length !== 32 || p.c2.length === 0) bad('SM2 ciphertext: bad C3 or empty C2');
  const head = 2 * FIELD + 32;
  const out = new Uint8Array(head + ulong + p.c2.length);
  putField(out, 0, p.x1);
  putField(out, FIELD, p.y1);
  out.set(p.c3, 2 * FIELD);
  writeUlong(out, head, p.c2.length, ulong);
  out.set(p.c2, head + ulong);
  return out;
}

/** ECCCIPHERBLOB → GM/T 0009 SM2Cipher DER. */
export function eccCipherBlobToDer(blob: Uint8Array, ulong: UlongWidth = 4): Uint8Array {
  const head = 2 * FIELD + 32;
  if (blob.length < head + ulong) bad('ECCCIPHERBLOB too short');
  const len = readUlong(blob, head, ulong);
  if (len === 0 || blob.length < head + ulong + len) bad('ECCCIPHERBLOB: CipherLen out of range');
  return sm2.encodeCiphertext({
    x1: bytesToNumberBE(field256(blob.subarray(0, FIELD), 'C1 x')),
    y1: bytesToNumberBE(field256(blob.subarray(FIELD, 2 * FIELD), 'C1 y')),
    c3: blob.slice(2 * FIELD, head),
    c2: blob.slice(head + ulong, head + ulong + len),
  });
}

export function readUlong(b: Uint8Array, off: number, ulong: UlongWidth): number {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (ulong === 4) return dv.getUint32(off, true);
  const v = dv.getBigUint64(off, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) bad('ULONG out of range');
  return Number(v);
}
export function writeUlong(b: Uint8Array, off: number, v: number, ulong: UlongWidth): void {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (ulong === 4) dv.setUint32(off, v, true);
  else dv.setBigUint64(off, BigInt(v), true);
}

/** A name as the library gave it: the bytes (passed back verbatim) and the text shown to people. */
export interface SkfName {
  raw: Uint8Array;
  text: string;
}

/** Vendor strings are UTF-8 on Linux/macOS and often GBK on Windows: strict UTF-8 first, then GB18030. */
export function decodeName(raw: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    try {
      return new TextDecoder('gb18030').decode(raw);
    } catch {
      return new TextDecoder('latin1').decode(raw);
    }
  }
}

/** "a\0b\0\0" → names; tolerates a missing final NUL and stops at the first empty name. */
export function parseNameList(buf: Uint8Array): SkfName[] {
  const out: SkfName[] = [];
  let i = 0;
  while (i < buf.length) {
    let j = i;
    while (j < buf.length && buf[j] !== 0) j++;
    if (j === i) break;
    const raw = buf.slice(i, j);
    out.push({ raw, text: decodeName(raw) });
    i = j + 1;
  }
  return out;
}

/** A fixed-size CHAR[n] field: up to the first NUL, trailing spaces trimmed. */
function charField(b: Uint8Array, off: number, n: number): string {
  const f = b.subarray(off, off + n);
  const end = f.indexOf(0);
  return decodeName(f.subarray(0, end < 0 ? n : end)).trimEnd();
}

export interface DevInfo {
  version: string;
  manufacturer: string;
  issuer: string;
  label: string;
  serial: string;
  hwVersion: string;
  firmwareVersion: string;
  algSymCap: number;
  algAsymCap: number;
  algHashCap: number;
}

export const DEVINFO_LEN = (ulong: UlongWidth) => 2 + 64 + 64 + 32 + 32 + 2 + 2 + 8 * ulong + 64;

/** DEVINFO (packed, GM/T 0016 §6.4.3). */
export function parseDevInfo(b: Uint8Array, ulong: UlongWidth = 4): DevInfo {
  if (b.length < DEVINFO_LEN(ulong)) bad('DEVINFO too short');
  const v = (o: number) => `${b[o]}.${b[o + 1]}`;
  const caps = 2 + 64 + 64 + 32 + 32 + 4;
  return {
    version: v(0),
    manufacturer: charField(b, 2, 64),
    issuer: charField(b, 66, 64),
    label: charField(b, 130, 32),
    serial: charField(b, 162, 32),
    hwVersion: v(194),
    firmwareVersion: v(196),
    algSymCap: readUlong(b, caps, ulong),
    algAsymCap: readUlong(b, caps + ulong, ulong),
    algHashCap: readUlong(b, caps + 2 * ulong, ulong),
  };
}
