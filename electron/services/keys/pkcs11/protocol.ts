// Runs in Node (client) and in the PKCS#11 worker process. The JSON message protocol between them:
// one request type per operation, bytes as base64 strings, errors as BidSeal codes. Kept in one file
// so both ends agree; no PIN ever appears in a response, an error or a log line.

/** PIN state from CK_TOKEN_INFO.flags, worst first. */
export type PinState = 'locked' | 'final-try' | 'count-low' | 'to-be-changed' | 'ok';

/** A key on a token: slot id (decimal string of CK_SLOT_ID) plus CKA_ID (hex) and/or CKA_LABEL. */
export interface KeyRef {
  slot: string;
  id?: string;
  label?: string;
}

export type SignMechanism =
  | { type: 'CKM_ECDSA' } // data = digest; token returns r‖s, the worker returns DER
  | { type: 'CKM_RSA_PKCS' } // data = DigestInfo (the caller builds it)
  | { type: 'CKM_RSA_PKCS_PSS'; hash: 'sha256' | 'sha384'; saltLength: number } // data = digest
  /** vendor mechanism (SM2): `output` says how the token encodes the signature */
  | { type: 'vendor'; mechanism: number; output: 'raw-rs' | 'der' };

export type DecryptMechanism =
  | { type: 'CKM_RSA_PKCS_OAEP'; hash: 'sha1' | 'sha256' }
  | { type: 'CKM_RSA_PKCS' }
  | { type: 'vendor'; mechanism: number };

export interface ModuleInfo {
  cryptokiVersion: string;
  manufacturer: string;
  description: string;
  libraryVersion: string;
}

export interface TokenInfo {
  label: string;
  manufacturer: string;
  model: string;
  serial: string;
  flags: number;
  loginRequired: boolean;
  protectedAuthPath: boolean;
  tokenInitialized: boolean;
  pinState: PinState;
}

export interface MechanismEntry {
  type: number;
  /** CKM_* name, or `CKM_VENDOR_DEFINED+0x…` */
  name: string;
}

export interface SlotDescription {
  slotId: string;
  description: string;
  manufacturer: string;
  tokenPresent: boolean;
  removable: boolean;
  token?: TokenInfo;
  mechanisms?: MechanismEntry[];
}

export interface KeyObject {
  id: string; // hex
  label: string;
  keyType: 'rsa' | 'ec' | 'other';
  /** DER of the EC parameters (namedCurve OID) as base64, for EC keys */
  ecParams?: string;
  /** base64 of the uncompressed EC point (public keys) */
  ecPoint?: string;
  modulusBits?: number;
}

export interface TokenObjects {
  loggedIn: boolean;
  certificates: Array<{ id: string; label: string; der: string }>;
  publicKeys: KeyObject[];
  /** only objects visible in this session: private objects need a login first */
  privateKeys: KeyObject[];
}

export type Request =
  | { op: 'loadModule'; path: string }
  | { op: 'listSlots'; tokenPresent?: boolean; mechanisms?: boolean }
  | { op: 'listObjects'; slot: string }
  | { op: 'login'; slot: string; pin: string }
  | { op: 'logout'; slot: string }
  | { op: 'sign'; key: KeyRef; mechanism: SignMechanism; data: string }
  | { op: 'decrypt'; key: KeyRef; mechanism: DecryptMechanism; data: string }
  | { op: 'deriveEcdh'; key: KeyRef; publicPoint: string }
  | { op: 'finalize' };

export type Op = Request['op'];

export interface ResultMap {
  loadModule: ModuleInfo;
  listSlots: SlotDescription[];
  listObjects: TokenObjects;
  login: null;
  logout: null;
  sign: { signature: string };
  decrypt: { plaintext: string };
  deriveEcdh: { x: string };
  finalize: null;
}

export type { WireError, WireResponse } from '../worker-rpc';
export type WireRequest = Request & { id: number };

export const b64 = (u: Uint8Array): string => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64');
export const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
