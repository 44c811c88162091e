// Runs anywhere (pure; used by the PKCS#11 worker and the token carrier). Small encodings around
// PKCS#11 signatures, written with shared/asn1: PKCS#1 v1.5 DigestInfo (CKM_RSA_PKCS signs it as-is),
// raw r‖s → DER SEQUENCE{r,s} (CKM_ECDSA returns r‖s), and the PIN state read from CK_TOKEN_INFO.flags.
import { BidSealError } from '../../../../shared/errors';
import { seq, uintFromBytes } from '../../../../shared/asn1';
import type { PinState } from './protocol';

// DigestInfo (CKM_RSA_PKCS signs it as-is) is written where the software key writes it too
export { digestInfo } from '../../../../shared/pki/signature';

/** r‖s (two equal halves, as PKCS#11 CKM_ECDSA returns) → DER SEQUENCE { INTEGER r, INTEGER s }. */
export function rawEcSignatureToDer(rs: Uint8Array): Uint8Array {
  if (rs.length === 0 || rs.length % 2 !== 0) throw new BidSealError('E_BAD_ENCODING', `raw EC signature has odd length ${rs.length}`);
  const half = rs.length / 2;
  return seq(uintFromBytes(rs.subarray(0, half)), uintFromBytes(rs.subarray(half)));
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
