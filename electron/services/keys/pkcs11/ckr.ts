// Runs anywhere (pure; used by the PKCS#11 worker). Which BidSeal error code a Cryptoki return value
// (CKR_* name) becomes. Removal-like codes are confirmed by the worker probing the slot, because
// modules disagree on what they return when a token vanishes mid-operation.
import type { ErrorCode } from '../../../../shared/errors';

export const CKR_TO_CODE: Readonly<Record<string, ErrorCode>> = {
  CKR_PIN_INCORRECT: 'E_PIN_INCORRECT',
  CKR_PIN_INVALID: 'E_PIN_INCORRECT',
  CKR_PIN_LEN_RANGE: 'E_PIN_INCORRECT',
  CKR_PIN_LOCKED: 'E_PIN_LOCKED',
  CKR_TOKEN_NOT_PRESENT: 'E_TOKEN_NOT_PRESENT',
  CKR_TOKEN_NOT_RECOGNIZED: 'E_TOKEN_NOT_PRESENT',
  CKR_SLOT_ID_INVALID: 'E_TOKEN_NOT_PRESENT',
  CKR_DEVICE_REMOVED: 'E_TOKEN_REMOVED',
  CKR_SESSION_HANDLE_INVALID: 'E_TOKEN_REMOVED',
  CKR_SESSION_CLOSED: 'E_TOKEN_REMOVED',
  CKR_USER_NOT_LOGGED_IN: 'E_TOKEN_LOGIN_REQUIRED',
  CKR_MECHANISM_INVALID: 'E_UNSUPPORTED_ALGORITHM',
  CKR_MECHANISM_PARAM_INVALID: 'E_UNSUPPORTED_ALGORITHM',
  CKR_KEY_TYPE_INCONSISTENT: 'E_UNSUPPORTED_ALGORITHM',
  CKR_KEY_FUNCTION_NOT_PERMITTED: 'E_INVALID_KEY',
  CKR_ENCRYPTED_DATA_INVALID: 'E_DECRYPT_FAILED',
  CKR_ENCRYPTED_DATA_LEN_RANGE: 'E_DECRYPT_FAILED',
  CKR_DATA_LEN_RANGE: 'E_INVALID_ARGUMENT',
};

/** Codes that may mean "the token went away" (SoftHSM2 after --delete-token: OBJECT_HANDLE_INVALID, GENERAL_ERROR). */
export const MAYBE_REMOVED: ReadonlySet<string> = new Set(['CKR_OBJECT_HANDLE_INVALID', 'CKR_KEY_HANDLE_INVALID', 'CKR_GENERAL_ERROR', 'CKR_DEVICE_ERROR', 'CKR_FUNCTION_FAILED', 'CKR_TOKEN_NOT_PRESENT', 'CKR_SLOT_ID_INVALID']);

/**
 * The error code for a failed call. `heldSession`: we had a session on the slot, so a vanished token
 * is E_TOKEN_REMOVED; `tokenGone` is the worker's probe; `phase` 'init' = *Init call (SoftHSM2 answers
 * an unsupported parameter such as OAEP-SHA-256 with CKR_ARGUMENTS_BAD there).
 */
export function codeForCkr(name: string, ctx: { heldSession?: boolean; tokenGone?: () => boolean; phase?: 'init' } = {}): ErrorCode {
  const mapped = CKR_TO_CODE[name];
  if (ctx.heldSession && (mapped === 'E_TOKEN_REMOVED' || MAYBE_REMOVED.has(name))) {
    if (mapped === 'E_TOKEN_REMOVED' || ctx.tokenGone?.()) return 'E_TOKEN_REMOVED';
  }
  if (ctx.phase === 'init' && name === 'CKR_ARGUMENTS_BAD') return 'E_UNSUPPORTED_ALGORITHM';
  return mapped ?? 'E_TOKEN_ERROR';
}
