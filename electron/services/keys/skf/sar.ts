// Runs anywhere (pure). GM/T 0016 SAR_* result codes and their BidSeal error codes.
import { BidSealError, type ErrorCode } from '../../../../shared/errors';

export const SAR = {
  OK: 0x00000000,
  FAIL: 0x0a000001,
  NOTSUPPORTYETERR: 0x0a000003,
  INVALIDHANDLEERR: 0x0a000005,
  INVALIDPARAMERR: 0x0a000006,
  KEYUSAGEERR: 0x0a00000a,
  INDATALENERR: 0x0a000010,
  INDATAERR: 0x0a000011,
  RSADECERR: 0x0a000019,
  KEYNOTFOUNTERR: 0x0a00001b,
  CERTNOTFOUNTERR: 0x0a00001c,
  DECRYPTPADERR: 0x0a00001e,
  BUFFER_TOO_SMALL: 0x0a000020,
  DEVICE_REMOVED: 0x0a000023,
  PIN_INCORRECT: 0x0a000024,
  PIN_LOCKED: 0x0a000025,
  PIN_INVALID: 0x0a000026,
  PIN_LEN_RANGE: 0x0a000027,
  USER_ALREADY_LOGGED_IN: 0x0a000028,
  USER_PIN_NOT_INITIALIZED: 0x0a000029,
  USER_NOT_LOGGED_IN: 0x0a00002d,
  APPLICATION_NOT_EXISTS: 0x0a00002e,
  FILE_NOT_EXIST: 0x0a000031,
} as const;

const NAMES = new Map<number, string>(Object.entries(SAR).map(([k, v]) => [v, `SAR_${k}`]));
export const sarName = (rv: number): string => NAMES.get(rv) ?? `0x${rv.toString(16).padStart(8, '0')}`;

const CODES: Record<number, ErrorCode> = {
  [SAR.DEVICE_REMOVED]: 'E_TOKEN_REMOVED',
  [SAR.PIN_INCORRECT]: 'E_PIN_INCORRECT',
  [SAR.PIN_LOCKED]: 'E_PIN_LOCKED',
  [SAR.PIN_INVALID]: 'E_PIN_LENGTH',
  [SAR.PIN_LEN_RANGE]: 'E_PIN_LENGTH',
  [SAR.USER_NOT_LOGGED_IN]: 'E_TOKEN_LOGIN_REQUIRED',
  [SAR.NOTSUPPORTYETERR]: 'E_UNSUPPORTED_ALGORITHM',
  [SAR.KEYUSAGEERR]: 'E_UNSUPPORTED_ALGORITHM',
  [SAR.INDATAERR]: 'E_DECRYPT_FAILED',
  [SAR.RSADECERR]: 'E_DECRYPT_FAILED',
  [SAR.DECRYPTPADERR]: 'E_DECRYPT_FAILED',
  [SAR.KEYNOTFOUNTERR]: 'E_NOT_FOUND',
  [SAR.CERTNOTFOUNTERR]: 'E_NOT_FOUND',
  [SAR.APPLICATION_NOT_EXISTS]: 'E_NOT_FOUND',
  [SAR.FILE_NOT_EXIST]: 'E_NOT_FOUND',
};

/** The typed error for a failed SKF call (the function name and SAR name go in details, never secrets). */
export function sarError(fn: string, rv: number, details: Record<string, unknown> = {}): BidSealError {
  return new BidSealError(CODES[rv] ?? 'E_TOKEN_ERROR', `${fn} returned ${sarName(rv)}`, { function: fn, sar: sarName(rv), ...details });
}
