// Runs anywhere (pure; used by the PKCS#11 worker and the token carrier). Small encodings around
// PKCS#11 signatures: PKCS#1 v1.5 DigestInfo (CKM_RSA_PKCS signs it as-is), raw r‖s → DER
// SEQUENCE{r,s} (CKM_ECDSA returns r‖s), and the PIN state read from CK_TOKEN_INFO.flags.
import { BidSealError } from '../../../../shared/errors';
import type { PinState } from './protocol';

// DER prefixes of DigestInfo ::= SEQUENCE { AlgorithmIdentifier{hashOID, NULL}, OCTET STRING digest } (RFC 8017 §9.2)
const DIGEST_INFO_PREFIX = {
  sha256: Uint8Array.from([0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20]),
  sha384: Uint8Array.from([0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30]),
} as const;

export function digestInfo(hash: 'sha256' | 'sha384', digest: Uint8Array): Uint8Array {
  const prefix = DIGEST_INFO_PREFIX[hash];
  if (digest.length !== prefix[prefix.length - 1]) throw new BidSealError('E_INVALID_ARGUMENT', `${hash} digest must be ${prefix[prefix.length - 1]} bytes`);
  const out = new Uint8Array(prefix.length + digest.length);
  out.set(prefix);
  out.set(digest, prefix.length);
  return out;
}

function derLen(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x100) return [0x81, n];
  return [0x82, n >> 8, n & 0xff];
}

function derUint(bytes: Uint8Array): number[] {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const v = [...bytes.subarray(i)];
  if (v[0] & 0x80) v.unshift(0);
  return [0x02, ...derLen(v.length), ...v];
}

/** r‖s (two equal halves, as PKCS#11 CKM_ECDSA returns) → DER SEQUENCE { INTEGER r, INTEGER s }. */
export function rawEcSignatureToDer(rs: Uint8Array): Uint8Array {
  if (rs.length === 0 || rs.length % 2 !== 0) throw new BidSealError('E_BAD_ENCODING', `raw EC signature has odd length ${rs.length}`);
  const half = rs.length / 2;
  const body = [...derUint(rs.subarray(0, half)), ...derUint(rs.subarray(half))];
  return Uint8Array.from([0x30, ...derLen(body.length), ...body]);
}

// CK_TOKEN_INFO flags (PKCS#11 v2.40 §3.2)
export const CKF_LOGIN_REQUIRED = 0x4;
export const CKF_PROTECTED_AUTHENTICATION_PATH = 0x100;
export const CKF_TOKEN_INITIALIZED = 0x400;
export const CKF_USER_PIN_COUNT_LOW = 0x10000;
export const CKF_USER_PIN_FINAL_TRY = 0x20000;
export const CKF_USER_PIN_LOCKED = 0x40000;
export const CKF_USER_PIN_TO_BE_CHANGED = 0x80000;

export function pinStateFromFlags(flags: number): PinState {
  if (flags & CKF_USER_PIN_LOCKED) return 'locked';
  if (flags & CKF_USER_PIN_FINAL_TRY) return 'final-try';
  if (flags & CKF_USER_PIN_COUNT_LOW) return 'count-low';
  if (flags & CKF_USER_PIN_TO_BE_CHANGED) return 'to-be-changed';
  return 'ok';
}

export const toHex = (u: Uint8Array): string => Array.from(u, (b) => b.toString(16).padStart(2, '0')).join('');
export function fromHex(h: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(h)) throw new BidSealError('E_INVALID_ARGUMENT', 'bad hex');
  return Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
}
