// Runs anywhere (pure). DSA signature verification (FIPS 186-4 §4.7) for legacy certificates and CRLs
// (NIST PKITS, old government CAs): verification only, never signing. Written here with bigint modpow because
// it is twenty lines, WebCrypto has no DSA and noble has none; the well-kept alternatives pull in a whole
// crypto stack (node-forge lacks DSA, Node's crypto would break the "shared/ is pure" rule).
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256 } from '@noble/hashes/sha2.js';
import { children, readTlv } from '../asn1';

export const OID_DSA = '1.2.840.10040.4.1';
const HASHES: Record<string, (m: Uint8Array) => Uint8Array> = {
  '1.2.840.10040.4.3': sha1, // dsa-with-sha1
  '2.16.840.1.101.3.4.3.1': sha224, // id-dsa-with-sha224
  '2.16.840.1.101.3.4.3.2': sha256, // id-dsa-with-sha256
};
export const isDsaSignatureOid = (oid: string): boolean => oid in HASHES;

export interface DsaParams {
  p: bigint;
  q: bigint;
  g: bigint;
}

const big = (v: Uint8Array): bigint => {
  let n = 0n;
  for (const b of v) n = (n << 8n) | BigInt(b);
  return n;
};

function intOf(t: { tag: number; v: Uint8Array } | undefined, what: string): bigint {
  if (!t || t.tag !== 0x02 || t.v.length === 0 || t.v[0] & 0x80) throw new Error(`DSA: ${what} is not a positive INTEGER`);
  return big(t.v);
}

/** Dss-Parms (RFC 3279 §2.3.2) from the DER of the SPKI algorithm parameters; undefined when absent/NULL. */
export function parseDsaParams(der: Uint8Array | undefined): DsaParams | undefined {
  if (!der || der[0] === 0x05) return undefined;
  const [p, q, g] = children(readTlv(der).v);
  return { p: intOf(p, 'p'), q: intOf(q, 'q'), g: intOf(g, 'g') };
}

/** The DSA public key y (the SubjectPublicKey BIT STRING contents are a DER INTEGER). */
export const parseDsaPublicKey = (bitStringContents: Uint8Array): bigint => intOf(readTlv(bitStringContents), 'y');

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

function modInv(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/** Verifies a DER Dss-Sig-Value over `data`. Throws (Error) only for unsupported hash OIDs. */
export function dsaVerify(sigOid: string, params: DsaParams, y: bigint, data: Uint8Array, signatureDer: Uint8Array): boolean {
  const hash = HASHES[sigOid];
  if (!hash) throw new Error(`DSA: unsupported signature algorithm ${sigOid}`);
  const { p, q, g } = params;
  let r: bigint, s: bigint;
  try {
    const outer = readTlv(signatureDer);
    if (outer.raw.length !== signatureDer.length || outer.tag !== 0x30) return false;
    const f = children(outer.v);
    if (f.length !== 2) return false;
    [r, s] = [intOf(f[0], 'r'), intOf(f[1], 's')];
  } catch {
    return false;
  }
  if (r <= 0n || r >= q || s <= 0n || s >= q || y <= 1n || y >= p) return false;
  const n = q.toString(2).length;
  const digest = hash(data);
  let z = big(digest);
  if (digest.length * 8 > n) z >>= BigInt(digest.length * 8 - n);
  const w = modInv(s, q);
  const u1 = (z * w) % q;
  const u2 = (r * w) % q;
  const v = ((modPow(g, u1, p) * modPow(y, u2, p)) % p) % q;
  return v === r;
}
