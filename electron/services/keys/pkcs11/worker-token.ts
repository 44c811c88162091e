// Runs in the PKCS#11 worker process only. The loaded module and its state: slots, one session per
// slot, object listing and login/logout, plus the CKR_* → BidSeal error mapping (with a slot probe
// to tell "token removed" from other failures). The PIN goes straight to C_Login and is not kept.
import pkcs11js from 'pkcs11js';
import { existsSync } from 'node:fs';
import { BidSealError, isBidSealError } from '../../../../shared/errors';
import { codeForCkr } from './ckr';
import type { KeyObject, KeyRef, ResultMap, SlotDescription } from './protocol';
import { CKF_LOGIN_REQUIRED, CKF_PROTECTED_AUTHENTICATION_PATH, CKF_TOKEN_INITIALIZED, pinStateFromFlags } from './encoding';
import { fromHex, toHex } from '../../../../shared/asn1';

export const P = pkcs11js;
export type Handle = Buffer;
const CKF_TOKEN_PRESENT = 0x1;
const CKF_REMOVABLE_DEVICE = 0x2;

let mod: pkcs11js.PKCS11 | null = null;
let modulePath = '';
const slotHandles = new Map<string, Handle>();
const sessions = new Map<string, { h: Handle; loggedIn: boolean }>();

// ---- errors ----------------------------------------------------------------------------------
const CKR_NAMES = new Map<number, string>(Object.entries(P).filter(([k, v]) => k.startsWith('CKR_') && typeof v === 'number').map(([k, v]) => [v as number, k]));
const CKM_NAMES = new Map<number, string>(Object.entries(P).filter(([k, v]) => k.startsWith('CKM_') && typeof v === 'number').map(([k, v]) => [v as number, k]));
const ckrOf = (e: unknown): number | undefined => (e instanceof P.Pkcs11Error ? e.code : undefined);

function tokenGone(slot: string): boolean {
  const h = slotHandles.get(slot);
  if (!mod || !h) return true;
  try {
    if (!(mod.C_GetSlotInfo(h).flags & CKF_TOKEN_PRESENT)) return true;
    mod.C_GetTokenInfo(h);
    return false;
  } catch {
    return true;
  }
}

/** Maps a pkcs11js error to a BidSealError; `slot` set = we held a session there (removal → E_TOKEN_REMOVED). */
export function mapError(e: unknown, slot?: string, phase?: 'init'): BidSealError {
  if (isBidSealError(e)) return e;
  const ckr = ckrOf(e);
  if (ckr === undefined) return new BidSealError('E_TOKEN_ERROR', e instanceof Error ? e.message.split('\n')[0] : 'unknown module error');
  const name = CKR_NAMES.get(ckr) ?? `CKR_0x${ckr.toString(16)}`;
  const code = codeForCkr(name, { heldSession: slot !== undefined, tokenGone: () => tokenGone(slot!), phase });
  if (code === 'E_TOKEN_REMOVED' && slot !== undefined) sessions.delete(slot);
  return new BidSealError(code, name, { ckr: name });
}

// ---- module, slots, sessions ------------------------------------------------------------------
export function needModule(): pkcs11js.PKCS11 {
  if (!mod) throw new BidSealError('E_MODULE_NOT_FOUND', 'no PKCS#11 module loaded');
  return mod;
}

const trim = (s: string) => s.replace(/[\s\0]+$/, '');
const ver = (v: { major: number; minor: number }) => `${v.major}.${v.minor}`;
const slotIdOf = (h: Handle) => (h.length >= 8 ? h.readBigUInt64LE(0) : BigInt(h.readUInt32LE(0))).toString();

function refreshSlots(present = false): Handle[] {
  const list = needModule().C_GetSlotList(present);
  for (const h of list) slotHandles.set(slotIdOf(h), h);
  return list;
}

function slotHandle(slot: string): Handle {
  if (!slotHandles.has(slot)) refreshSlots();
  const h = slotHandles.get(slot);
  if (!h) throw new BidSealError('E_TOKEN_NOT_PRESENT', `no slot ${slot}`);
  return h;
}

function session(slot: string): { h: Handle; loggedIn: boolean } {
  let s = sessions.get(slot);
  if (!s) {
    try {
      s = { h: needModule().C_OpenSession(slotHandle(slot), P.CKF_SERIAL_SESSION | P.CKF_RW_SESSION), loggedIn: false };
    } catch (e) {
      throw mapError(e);
    }
    sessions.set(slot, s);
  }
  return s;
}

export function loadModule(path: string): ResultMap['loadModule'] {
  if (mod && modulePath !== path) finalize();
  if (!mod) {
    if (!existsSync(path)) throw new BidSealError('E_MODULE_NOT_FOUND', 'module file does not exist');
    const m = new P.PKCS11();
    try {
      m.load(path);
    } catch (e) {
      throw new BidSealError('E_MODULE_NOT_FOUND', `could not load the module: ${(e as Error).message.split('\n')[0]}`);
    }
    try {
      m.C_Initialize();
    } catch (e) {
      if (CKR_NAMES.get(ckrOf(e) ?? -1) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') {
        const err = mapError(e);
        try {
          m.close();
        } catch {
          /* unloading a half-initialised module may fail too */
        }
        throw new BidSealError(err.code, `C_Initialize failed: ${err.message}`, err.details);
      }
    }
    mod = m;
    modulePath = path;
  }
  const i = mod.C_GetInfo();
  return { cryptokiVersion: ver(i.cryptokiVersion), manufacturer: trim(i.manufacturerID), description: trim(i.libraryDescription), libraryVersion: ver(i.libraryVersion) };
}

export function finalize(): void {
  if (!mod) return;
  try {
    mod.C_Finalize();
    mod.close();
  } catch {
    /* module already broken: the process is about to go anyway */
  }
  mod = null;
  sessions.clear();
  slotHandles.clear();
}

export function listSlots(present: boolean, withMechs: boolean): SlotDescription[] {
  const m = needModule();
  const out: SlotDescription[] = [];
  for (const h of refreshSlots(present)) {
    const slotId = slotIdOf(h);
    const si = m.C_GetSlotInfo(h);
    const d: SlotDescription = { slotId, description: trim(si.slotDescription), manufacturer: trim(si.manufacturerID), tokenPresent: !!(si.flags & CKF_TOKEN_PRESENT), removable: !!(si.flags & CKF_REMOVABLE_DEVICE) };
    if (d.tokenPresent) {
      try {
        const t = m.C_GetTokenInfo(h);
        d.token = {
          label: trim(t.label), manufacturer: trim(t.manufacturerID), model: trim(t.model), serial: trim(t.serialNumber), flags: t.flags,
          loginRequired: !!(t.flags & CKF_LOGIN_REQUIRED), protectedAuthPath: !!(t.flags & CKF_PROTECTED_AUTHENTICATION_PATH),
          tokenInitialized: !!(t.flags & CKF_TOKEN_INITIALIZED), pinState: pinStateFromFlags(t.flags),
        };
        if (withMechs) d.mechanisms = m.C_GetMechanismList(h).map((type) => ({ type, name: CKM_NAMES.get(type) ?? (type >= 0x80000000 ? `CKM_VENDOR_DEFINED+0x${(type - 0x80000000).toString(16)}` : `CKM_0x${type.toString(16)}`) }));
      } catch {
        d.tokenPresent = false; // vanished between the two calls, or unreadable (SoftHSM2: deleted token)
      }
    }
    out.push(d);
  }
  return out;
}

// ---- objects -------------------------------------------------------------------------------------
function find(s: Handle, template: pkcs11js.Template, max = 64): Handle[] {
  const m = needModule();
  m.C_FindObjectsInit(s, template);
  try {
    return m.C_FindObjects(s, max);
  } finally {
    m.C_FindObjectsFinal(s);
  }
}

function attrs(s: Handle, o: Handle, types: number[]): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  for (const type of types) {
    try {
      // one at a time: a sensitive or absent attribute must not hide the others
      const [r] = needModule().C_GetAttributeValue(s, o, [{ type }]);
      if (r?.value) out.set(type, r.value as Buffer);
    } catch {
      /* attribute not available on this object */
    }
  }
  return out;
}

/** CKA_EC_POINT is a DER OCTET STRING per the spec; some modules store the bare 04‖x‖y point. */
function unwrapEcPoint(pt: Buffer): Buffer {
  if (pt[0] === 0x04 && pt.length > 2) {
    let len = pt[1];
    let off = 2;
    if (len === 0x81) [len, off] = [pt[2], 3];
    else if (len === 0x82) [len, off] = [(pt[2] << 8) | pt[3], 4];
    if (off + len === pt.length && pt[off] === 0x04 && len % 2 === 1) return pt.subarray(off);
  }
  return pt;
}

function keyObject(s: Handle, o: Handle): KeyObject {
  const a = attrs(s, o, [P.CKA_ID, P.CKA_LABEL, P.CKA_KEY_TYPE, P.CKA_EC_PARAMS, P.CKA_EC_POINT, P.CKA_MODULUS_BITS, P.CKA_MODULUS]);
  const kt = a.get(P.CKA_KEY_TYPE);
  const keyTypeNum = kt ? (kt.length >= 8 ? Number(kt.readBigUInt64LE(0)) : kt.readUInt32LE(0)) : -1;
  const k: KeyObject = { id: toHex(a.get(P.CKA_ID) ?? Buffer.alloc(0)), label: a.get(P.CKA_LABEL)?.toString('utf8') ?? '', keyType: keyTypeNum === P.CKK_RSA ? 'rsa' : keyTypeNum === P.CKK_EC ? 'ec' : 'other' };
  const ecp = a.get(P.CKA_EC_PARAMS);
  if (ecp) k.ecParams = ecp.toString('base64');
  const pt = a.get(P.CKA_EC_POINT);
  if (pt) k.ecPoint = unwrapEcPoint(pt).toString('base64');
  const bits = a.get(P.CKA_MODULUS_BITS);
  if (bits) k.modulusBits = bits.length >= 8 ? Number(bits.readBigUInt64LE(0)) : bits.readUInt32LE(0);
  else if (a.get(P.CKA_MODULUS)) k.modulusBits = a.get(P.CKA_MODULUS)!.length * 8;
  return k;
}

export function listObjects(slot: string): ResultMap['listObjects'] {
  const s = session(slot);
  try {
    const certs = find(s.h, [{ type: P.CKA_CLASS, value: P.CKO_CERTIFICATE }]).map((o) => {
      const a = attrs(s.h, o, [P.CKA_ID, P.CKA_LABEL, P.CKA_VALUE]);
      return { id: toHex(a.get(P.CKA_ID) ?? Buffer.alloc(0)), label: a.get(P.CKA_LABEL)?.toString('utf8') ?? '', der: (a.get(P.CKA_VALUE) ?? Buffer.alloc(0)).toString('base64') };
    });
    const publicKeys = find(s.h, [{ type: P.CKA_CLASS, value: P.CKO_PUBLIC_KEY }]).map((o) => keyObject(s.h, o));
    const privateKeys = find(s.h, [{ type: P.CKA_CLASS, value: P.CKO_PRIVATE_KEY }]).map((o) => keyObject(s.h, o));
    return { loggedIn: s.loggedIn, certificates: certs, publicKeys, privateKeys };
  } catch (e) {
    throw mapError(e, slot);
  }
}

export function findPrivateKey(key: KeyRef): { s: Handle; k: Handle } {
  const { slot, id, label } = key;
  const s = session(slot);
  const t: pkcs11js.Template = [{ type: P.CKA_CLASS, value: P.CKO_PRIVATE_KEY }];
  if (id !== undefined) t.push({ type: P.CKA_ID, value: Buffer.from(fromHex(id)) });
  if (label !== undefined) t.push({ type: P.CKA_LABEL, value: label });
  let found: Handle[];
  try {
    found = find(s.h, t, 2);
  } catch (e) {
    throw mapError(e, slot);
  }
  if (found.length === 0) {
    if (tokenGone(slot)) {
      sessions.delete(slot);
      throw new BidSealError('E_TOKEN_REMOVED', 'token gone while looking for the key');
    }
    // private keys are invisible before C_Login on most tokens
    if (!s.loggedIn && needModule().C_GetTokenInfo(slotHandle(slot)).flags & CKF_LOGIN_REQUIRED) throw new BidSealError('E_TOKEN_LOGIN_REQUIRED', 'private key not visible before login');
    throw new BidSealError('E_NOT_FOUND', 'private key not found on the token');
  }
  return { s: s.h, k: found[0] };
}

// ---- operations ---------------------------------------------------------------------------------
export function login(slot: string, pin: string): null {
  const s = session(slot);
  try {
    needModule().C_Login(s.h, P.CKU_USER, pin);
  } catch (e) {
    if (CKR_NAMES.get(ckrOf(e) ?? -1) !== 'CKR_USER_ALREADY_LOGGED_IN') throw mapError(e, slot);
  }
  s.loggedIn = true;
  return null;
}

export function logout(slot: string): null {
  const s = sessions.get(slot);
  if (!s) return null;
  try {
    needModule().C_Logout(s.h);
  } catch (e) {
    if (CKR_NAMES.get(ckrOf(e) ?? -1) !== 'CKR_USER_NOT_LOGGED_IN') throw mapError(e, slot);
  }
  s.loggedIn = false;
  return null;
}
