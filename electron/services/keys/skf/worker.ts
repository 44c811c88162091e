// Runs in its own process (child_process.fork here, Electron utilityProcess in the app): loads ONE vendor SKF
// library (GM/T 0016) through koffi, so a crashing or hanging driver cannot take the app down. Serves the
// requests of ./protocol. Keeps the device and application handles open between requests (the login lives
// on them); containers are opened per operation. PINs go to SKF_VerifyPIN / SKF_ChangePIN only and are
// wiped from their buffers after the call: never stored, logged or echoed.
import koffi from 'koffi';
import { BidSealError, isBidSealError } from '../../../../shared/errors';
import { serveRequests, type WireRequest } from '../worker-rpc';
import { b64, unb64 } from '../pkcs11/protocol';
import { DEVINFO_LEN, ECC_SIGNATURE_BLOB_LEN, eccCipherBlobFromCiphertext, eccSignatureBlobToDer, parseDevInfo, parseNameList, type UlongWidth } from './blobs';
import { pinStateOf, type AppListing, type AppRef, type ContainerListing, type ContainerRef, type ContainerType, type DeviceListing, type LibraryInfo, type PinInfo, type SkfRequest } from './protocol';
import { SAR, sarError } from './sar';

const USER_TYPE = 1;
const SGD_SMS4_ECB = 0x401;
const SGD_SMS4_CBC = 0x402;

type Fn = (...args: unknown[]) => number;
type Handle = unknown;

const HANDLE = koffi.pointer('SKF_HANDLE', koffi.opaque());
const OUT_HANDLE = koffi.out(koffi.pointer(HANDLE));

let lib: koffi.IKoffiLib | null = null;
let ulong: UlongWidth = 4;
let F: Record<string, Fn | undefined> = {};
let info: LibraryInfo | null = null;

/** Function table: name, argument types (UL = ULONG of the library's width); optional = vendor extension. */
function declare(path: string, width: UlongWidth): LibraryInfo {
  const UL = width === 4 ? 'uint32' : 'uint64';
  const inoutUL = koffi.inout(koffi.pointer(UL));
  const outUL = koffi.out(koffi.pointer(UL));
  const BCP = koffi.pack(`SKF_BLOCKCIPHERPARAM_${width}`, { IV: koffi.array('uint8', 32), IVLen: UL, PaddingType: UL, FeedBitLen: UL });
  const table: Array<[string, unknown[], boolean?]> = [
    ['SKF_EnumDev', ['int32', 'void *', inoutUL]],
    ['SKF_ConnectDev', ['void *', OUT_HANDLE]],
    ['SKF_DisConnectDev', [HANDLE]],
    ['SKF_GetDevInfo', [HANDLE, 'void *']],
    ['SKF_EnumApplication', [HANDLE, 'void *', inoutUL]],
    ['SKF_OpenApplication', [HANDLE, 'void *', OUT_HANDLE]],
    ['SKF_CloseApplication', [HANDLE]],
    ['SKF_GetPINInfo', [HANDLE, UL, outUL, outUL, koffi.out(koffi.pointer('int32'))], true],
    ['SKF_VerifyPIN', [HANDLE, UL, 'void *', outUL]],
    ['SKF_ChangePIN', [HANDLE, UL, 'void *', 'void *', outUL]],
    ['SKF_ClearSecureState', [HANDLE], true],
    ['SKF_EnumContainer', [HANDLE, 'void *', inoutUL]],
    ['SKF_OpenContainer', [HANDLE, 'void *', OUT_HANDLE]],
    ['SKF_CloseContainer', [HANDLE]],
    ['SKF_GetContainerType', [HANDLE, outUL], true],
    ['SKF_ExportCertificate', [HANDLE, 'int32', 'void *', inoutUL]],
    ['SKF_ECCSignData', [HANDLE, 'void *', UL, 'void *']],
    ['SKF_RSASignData', [HANDLE, 'void *', UL, 'void *', inoutUL], true],
    ['SKF_ECCPrvKeyDecrypt', [HANDLE, 'void *', 'void *', inoutUL], true],
    ['SKF_RSAPrvKeyDecrypt', [HANDLE, 'void *', UL, 'void *', inoutUL], true],
    ['SKF_ImportSessionKey', [HANDLE, UL, 'void *', UL, OUT_HANDLE], true],
    ['SKF_DecryptInit', [HANDLE, BCP], true],
    ['SKF_Decrypt', [HANDLE, 'void *', UL, 'void *', inoutUL], true],
    ['SKF_CloseHandle', [HANDLE], true],
  ];
  try {
    lib = koffi.load(path);
  } catch (e) {
    throw new BidSealError('E_SKF_LIBRARY_INVALID', `cannot load the library: ${(e as Error).message}`, { path });
  }
  // 32-bit Windows SKF DLLs are __stdcall (GM/T 0016 DEVAPI); elsewhere there is one convention
  const conv = process.platform === 'win32' && process.arch === 'ia32' ? '__stdcall' : '';
  const fns: Record<string, Fn | undefined> = {};
  for (const [name, args, optional] of table) {
    try {
      fns[name] = (conv ? lib.func(conv, name, UL, args as string[]) : lib.func(name, UL, args as string[])) as unknown as Fn;
    } catch {
      if (!optional) throw new BidSealError('E_SKF_LIBRARY_INVALID', `the library does not export ${name}`, { path, function: name });
    }
  }
  F = fns;
  ulong = width;
  return { path, ulong: width, has: { eccPrvKeyDecrypt: !!fns.SKF_ECCPrvKeyDecrypt, rsaPrvKeyDecrypt: !!fns.SKF_RSAPrvKeyDecrypt, importSessionKey: !!(fns.SKF_ImportSessionKey && fns.SKF_DecryptInit && fns.SKF_Decrypt), getPinInfo: !!fns.SKF_GetPINInfo } };
}

function fn(name: string): Fn {
  const f = F[name];
  if (!lib) throw new BidSealError('E_INTERNAL', 'no SKF library loaded');
  if (!f) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `the library does not export ${name}`, { function: name });
  return f;
}

/** Calls an SKF function; a non-zero result becomes a typed error. */
function call(name: string, ...args: unknown[]): void {
  const rv = Number(fn(name)(...args));
  if (rv !== SAR.OK) throw sarError(name, rv);
}

/** Size query, then the call; one retry when the size grew in between. */
function sized(name: string, pre: unknown[], post: unknown[] = []): Uint8Array {
  for (let attempt = 0; attempt < 2; attempt++) {
    const len = [0];
    call(name, ...pre, null, len, ...post);
    const buf = Buffer.alloc(Number(len[0]) + 2);
    len[0] = buf.length;
    const rv = Number(fn(name)(...pre, buf, len, ...post));
    if (rv === SAR.BUFFER_TOO_SMALL) continue;
    if (rv !== SAR.OK) throw sarError(name, rv);
    return new Uint8Array(buf.subarray(0, Number(len[0])));
  }
  throw new BidSealError('E_TOKEN_ERROR', `${name}: buffer size kept changing`);
}

// ---- names: shown as text, passed back as the library's own bytes ----------------------------------
const rawNames = new Map<string, Uint8Array>();
function remember(list: Uint8Array): string[] {
  return parseNameList(list).map((n) => (rawNames.set(n.text, n.raw), n.text));
}
function cstr(text: string): Buffer {
  const raw = rawNames.get(text) ?? new TextEncoder().encode(text);
  const b = Buffer.alloc(raw.length + 1);
  b.set(raw);
  return b;
}

// ---- sessions: one device handle per device, one application handle per application -----------------
const devs = new Map<string, Handle>();
const apps = new Map<string, { h: Handle; loggedIn: boolean }>();
const appKey = (a: AppRef) => `${a.device}\u0000${a.application}`;

function dev(name: string): Handle {
  let h = devs.get(name);
  if (!h) {
    const out = [null];
    call('SKF_ConnectDev', cstr(name), out);
    h = out[0];
    devs.set(name, h);
  }
  return h;
}

function app(a: AppRef): { h: Handle; loggedIn: boolean } {
  const k = appKey(a);
  let s = apps.get(k);
  if (!s) {
    const out = [null];
    call('SKF_OpenApplication', dev(a.device), cstr(a.application), out);
    s = { h: out[0], loggedIn: false };
    apps.set(k, s);
  }
  return s;
}

/** Forgets a device's handles (closing them best-effort): after a removal they are dead anyway. */
function dropDevice(name: string): void {
  for (const [k, s] of apps) {
    if (k.startsWith(`${name}\u0000`)) {
      try {
        F.SKF_CloseApplication?.(s.h);
      } catch {
        /* gone */
      }
      apps.delete(k);
    }
  }
  const h = devs.get(name);
  if (h) {
    try {
      F.SKF_DisConnectDev?.(h);
    } catch {
      /* gone */
    }
    devs.delete(name);
  }
}

/** Runs op on a device; a removed device or a stale handle drops the device's handles. */
function onDevice<T>(device: string, op: () => T): T {
  try {
    return op();
  } catch (e) {
    if (isBidSealError(e) && (e.code === 'E_TOKEN_REMOVED' || e.details?.sar === 'SAR_INVALIDHANDLEERR')) {
      dropDevice(device);
      throw new BidSealError('E_TOKEN_REMOVED', e.message, e.details);
    }
    throw e;
  }
}

function withContainer<T>(ref: ContainerRef, op: (h: Handle, s: { h: Handle; loggedIn: boolean }) => T): T {
  return onDevice(ref.device, () => {
    const s = app(ref);
    const out = [null];
    call('SKF_OpenContainer', s.h, cstr(ref.container), out);
    try {
      return op(out[0], s);
    } finally {
      try {
        F.SKF_CloseContainer?.(out[0]);
      } catch {
        /* closing is best effort */
      }
    }
  });
}

// ---- operations ----------------------------------------------------------------------------------
function pinInfo(a: AppRef): PinInfo {
  return onDevice(a.device, () => {
    const max = [0];
    const rem = [0];
    const def = [0];
    call('SKF_GetPINInfo', app(a).h, USER_TYPE, max, rem, def);
    const m = Number(max[0]);
    const r = Number(rem[0]);
    return { max: m, remaining: r, defaultPin: !!def[0], state: pinStateOf(r, m, !!def[0]) };
  });
}

/** A PIN as a NUL-terminated buffer, wiped by the caller after use. */
const pinBuffer = (pin: string): Buffer => {
  if (typeof pin !== 'string' || pin.length === 0 || pin.includes('\0')) throw new BidSealError('E_PIN_INCORRECT', 'empty PIN');
  return Buffer.from(`${pin}\0`, 'utf8');
};

function pinFailure(e: unknown, retry: number, a: AppRef): never {
  if (isBidSealError(e) && (e.code === 'E_PIN_INCORRECT' || e.code === 'E_PIN_LOCKED')) {
    let after: PinInfo | undefined;
    try {
      after = F.SKF_GetPINInfo ? pinInfo(a) : undefined;
    } catch {
      /* the counter from the failed call is enough */
    }
    const remaining = after?.remaining ?? (e.code === 'E_PIN_LOCKED' ? 0 : retry);
    const pinState = after?.state ?? pinStateOf(remaining, remaining + 1, false);
    throw new BidSealError(remaining === 0 ? 'E_PIN_LOCKED' : 'E_PIN_INCORRECT', remaining === 0 ? 'PIN locked' : `wrong PIN, ${remaining} tries left`, { remaining, pinState });
  }
  throw e;
}

function verifyPin(a: AppRef, pin: string): PinInfo {
  return onDevice(a.device, () => {
    const s = app(a);
    const buf = pinBuffer(pin);
    const retry = [0];
    try {
      call('SKF_VerifyPIN', s.h, USER_TYPE, buf, retry);
      s.loggedIn = true;
    } catch (e) {
      s.loggedIn = false;
      pinFailure(e, Number(retry[0]), a);
    } finally {
      buf.fill(0);
    }
    return F.SKF_GetPINInfo ? pinInfo(a) : { max: Number(retry[0]), remaining: Number(retry[0]), defaultPin: false, state: 'ok' };
  });
}

function changePin(a: AppRef, oldPin: string, newPin: string): PinInfo {
  return onDevice(a.device, () => {
    const s = app(a);
    const o = pinBuffer(oldPin);
    const n = pinBuffer(newPin);
    const retry = [0];
    try {
      call('SKF_ChangePIN', s.h, USER_TYPE, o, n, retry);
    } catch (e) {
      pinFailure(e, Number(retry[0]), a);
    } finally {
      o.fill(0);
      n.fill(0);
    }
    return F.SKF_GetPINInfo ? pinInfo(a) : { max: Number(retry[0]), remaining: Number(retry[0]), defaultPin: false, state: 'ok' };
  });
}

function containerType(h: Handle): ContainerType {
  if (!F.SKF_GetContainerType) return 'unknown';
  const t = [0];
  call('SKF_GetContainerType', h, t);
  return (['empty', 'rsa', 'sm2'] as const)[Number(t[0])] ?? 'unknown';
}

function exportCert(h: Handle, sign: boolean): string | undefined {
  try {
    const der = sized('SKF_ExportCertificate', [h, sign ? 1 : 0]);
    return der.length ? b64(der) : undefined;
  } catch (e) {
    if (isBidSealError(e) && (e.code === 'E_NOT_FOUND' || e.details?.sar === 'SAR_FAIL')) return undefined; // no certificate of that kind
    throw e;
  }
}

function list(withCerts: boolean): DeviceListing[] {
  const names = remember(sized('SKF_EnumDev', [1]));
  const out: DeviceListing[] = [];
  for (const name of names) {
    try {
      out.push(
        onDevice(name, () => {
          const h = dev(name);
          const di = Buffer.alloc(DEVINFO_LEN(ulong) + 64);
          call('SKF_GetDevInfo', h, di);
          const applications: AppListing[] = remember(sized('SKF_EnumApplication', [h])).map((application) => {
            const a = { device: name, application };
            try {
              const s = app(a);
              const containers: ContainerListing[] = remember(sized('SKF_EnumContainer', [s.h])).map((container) => {
                try {
                  return withContainer({ ...a, container }, (c) => ({ name: container, type: containerType(c), ...(withCerts ? { signCert: exportCert(c, true), encCert: exportCert(c, false) } : {}) }));
                } catch (e) {
                  if (!isBidSealError(e) || e.code === 'E_TOKEN_REMOVED') throw e;
                  return { name: container, type: 'unknown' as const, error: e.code };
                }
              });
              return { name: application, ...(F.SKF_GetPINInfo ? { pin: pinInfo(a) } : {}), containers };
            } catch (e) {
              if (!isBidSealError(e) || e.code === 'E_TOKEN_REMOVED') throw e;
              return { name: application, containers: [], error: e.code };
            }
          });
          return { name, info: parseDevInfo(new Uint8Array(di), ulong), applications };
        }),
      );
    } catch (e) {
      if (!isBidSealError(e)) throw e;
      out.push({ name, applications: [], error: e.code }); // one unreadable key must not hide the others
    }
  }
  return out;
}

function sign(ref: ContainerRef, alg: 'sm2' | 'rsa', data: Uint8Array): Uint8Array {
  return withContainer(ref, (h) => {
    if (alg === 'sm2') {
      if (data.length !== 32) throw new BidSealError('E_INVALID_ARGUMENT', 'SM2 signing takes the 32-byte e = SM3(Z‖M)');
      const blob = Buffer.alloc(ECC_SIGNATURE_BLOB_LEN);
      call('SKF_ECCSignData', h, Buffer.from(data), data.length, blob);
      return eccSignatureBlobToDer(new Uint8Array(blob));
    }
    return sized('SKF_RSASignData', [h, Buffer.from(data), data.length]);
  });
}

function decrypt(ref: ContainerRef, alg: 'sm2' | 'rsa', data: Uint8Array): Uint8Array {
  return withContainer(ref, (h) => {
    if (alg === 'sm2') {
      const blob = Buffer.from(eccCipherBlobFromCiphertext(data, ulong));
      return sized('SKF_ECCPrvKeyDecrypt', [h, blob]);
    }
    return sized('SKF_RSAPrvKeyDecrypt', [h, Buffer.from(data), data.length]);
  });
}

/** SM2 session-key import (the key stays in the token) and SM4 decryption of `data` there. */
function sessionDecrypt(r: Extract<SkfRequest, { op: 'sessionDecrypt' }>): Uint8Array {
  return withContainer(r.ref, (h) => {
    const blob = Buffer.from(eccCipherBlobFromCiphertext(unb64(r.wrapped), ulong));
    const out = [null];
    call('SKF_ImportSessionKey', h, r.cipher === 'sm4-cbc' ? SGD_SMS4_CBC : SGD_SMS4_ECB, blob, blob.length, out);
    try {
      const iv = r.iv ? unb64(r.iv) : new Uint8Array(0);
      if (iv.length > 32) throw new BidSealError('E_INVALID_ARGUMENT', 'IV longer than 32 bytes');
      const ivField = new Uint8Array(32);
      ivField.set(iv);
      call('SKF_DecryptInit', out[0], { IV: Array.from(ivField), IVLen: iv.length, PaddingType: r.padding ? 1 : 0, FeedBitLen: 0 });
      const data = Buffer.from(unb64(r.data));
      return sized('SKF_Decrypt', [out[0], data, data.length]);
    } finally {
      try {
        F.SKF_CloseHandle?.(out[0]);
      } catch {
        /* best effort */
      }
    }
  });
}

function finalize(): void {
  for (const name of [...devs.keys()]) dropDevice(name);
}

function handle(w: WireRequest): unknown {
  const r = w as unknown as SkfRequest;
  switch (r.op) {
    case 'loadLibrary':
      if (!info) info = declare(r.path, r.ulong);
      return info;
    case 'devices':
      return remember(sized('SKF_EnumDev', [1]));
    case 'list':
      return list(r.certificates !== false);
    case 'pinInfo':
      return pinInfo(r.app);
    case 'verifyPin':
      return verifyPin(r.app, r.pin);
    case 'changePin':
      return changePin(r.app, r.oldPin, r.newPin);
    case 'logout':
      return onDevice(r.app.device, () => {
        const s = apps.get(appKey(r.app));
        if (s) {
          if (F.SKF_ClearSecureState) call('SKF_ClearSecureState', s.h);
          s.loggedIn = false;
        }
        return null;
      });
    case 'sign':
      return { signature: b64(sign(r.ref, r.alg, unb64(r.data))) };
    case 'decrypt':
      return { plaintext: b64(decrypt(r.ref, r.alg, unb64(r.data))) };
    case 'sessionDecrypt':
      return { plaintext: b64(sessionDecrypt(r)) };
    case 'finalize':
      finalize();
      return null;
    default:
      throw new BidSealError('E_BAD_REQUEST', 'unknown operation');
  }
}

serveRequests('skf', handle, finalize);
