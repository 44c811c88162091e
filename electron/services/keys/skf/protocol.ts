// Runs in Node (client) and in the SKF worker process. The JSON requests between them: bytes as base64,
// names as text (the worker maps them back to the library's own bytes), errors as BidSeal codes. A PIN
// appears only in verifyPin / changePin requests: never in a response, an error or a log line.
import type { ErrorCode } from '../../../../shared/errors';
import type { PinState } from '../pkcs11/protocol';
import type { DevInfo, UlongWidth } from './blobs';

export type { PinState };

/** device → application → container (GM/T 0016 §6.3) */
export interface ContainerRef {
  device: string;
  application: string;
  container: string;
}
export interface AppRef {
  device: string;
  application: string;
}

export interface PinInfo {
  max: number;
  remaining: number;
  /** the factory PIN was never changed */
  defaultPin: boolean;
  state: PinState;
}

export interface LibraryInfo {
  path: string;
  ulong: UlongWidth;
  /** optional entry points the library exports */
  has: { eccPrvKeyDecrypt: boolean; rsaPrvKeyDecrypt: boolean; importSessionKey: boolean; getPinInfo: boolean };
}

export type ContainerType = 'empty' | 'rsa' | 'sm2' | 'unknown';

export interface ContainerListing {
  name: string;
  type: ContainerType;
  /** DER, base64 */
  signCert?: string;
  encCert?: string;
  error?: ErrorCode;
}
export interface AppListing {
  name: string;
  pin?: PinInfo;
  containers: ContainerListing[];
  error?: ErrorCode;
}
export interface DeviceListing {
  name: string;
  info?: DevInfo;
  applications: AppListing[];
  error?: ErrorCode;
}

export type SkfRequest =
  | { op: 'loadLibrary'; path: string; ulong: UlongWidth }
  | { op: 'devices' }
  | { op: 'list'; certificates?: boolean }
  | { op: 'pinInfo'; app: AppRef }
  | { op: 'verifyPin'; app: AppRef; pin: string }
  | { op: 'changePin'; app: AppRef; oldPin: string; newPin: string }
  | { op: 'logout'; app: AppRef }
  | { op: 'sign'; ref: ContainerRef; alg: 'sm2' | 'rsa'; data: string }
  | { op: 'decrypt'; ref: ContainerRef; alg: 'sm2' | 'rsa'; data: string }
  | { op: 'sessionDecrypt'; ref: ContainerRef; wrapped: string; cipher: 'sm4-cbc' | 'sm4-ecb'; iv?: string; padding: boolean; data: string }
  | { op: 'finalize' };

export type SkfOp = SkfRequest['op'];

export interface SkfResultMap {
  loadLibrary: LibraryInfo;
  devices: string[];
  list: DeviceListing[];
  pinInfo: PinInfo;
  verifyPin: PinInfo;
  changePin: PinInfo;
  logout: null;
  sign: { signature: string };
  decrypt: { plaintext: string };
  sessionDecrypt: { plaintext: string };
  finalize: null;
}

/** PIN state from the retry counters: shown before the PIN is typed. */
export function pinStateOf(remaining: number, max: number, defaultPin: boolean): PinState {
  if (remaining <= 0) return 'locked';
  if (remaining === 1) return 'final-try';
  if (remaining < max) return 'count-low';
  return defaultPin ? 'to-be-changed' : 'ok';
}
