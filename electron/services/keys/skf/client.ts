// Runs in Node (the app side). The typed API over the SKF worker: one worker per vendor library, started
// lazily and restarted after a crash or a hang (../worker-rpc.ts). No PIN is kept here.
import { b64, unb64 } from '../pkcs11/protocol';
import { WorkerClient, workerEntry, type WorkerClientOptions } from '../worker-rpc';
import type { UlongWidth } from './blobs';
import type { AppRef, ContainerRef, DeviceListing, LibraryInfo, PinInfo, SkfRequest, SkfResultMap } from './protocol';

/** Worker entry next to this file: worker.ts from source (run with tsx), the built skf-worker.js otherwise. */
export const defaultSkfWorkerPath = (): string => workerEntry(import.meta.url, 'skf-worker.js');

export interface SkfClientOptions extends WorkerClientOptions {
  /** the vendor SKF library (validated with discovery.resolveSkfLibrary first) */
  libraryPath: string;
  /** ULONG width of the library's ABI: 4 per GM/T 0016 (default), 8 for some 64-bit Linux vendor builds */
  ulong?: UlongWidth;
  /** PIN requests' timeout (default 120 s: PIN-pad keys) */
  pinTimeoutMs?: number;
}

export class SkfClient extends WorkerClient<SkfRequest, SkfResultMap> {
  constructor(private readonly opts: SkfClientOptions) {
    super('skf', defaultSkfWorkerPath(), { op: 'loadLibrary', path: opts.libraryPath, ulong: opts.ulong ?? 4 }, opts);
  }

  get libraryPath(): string {
    return this.opts.libraryPath;
  }
  async load(): Promise<LibraryInfo> {
    return (await this.rpc.ensure()) as LibraryInfo;
  }
  /** Names of the devices present now (cheap: for polling). */
  devices(): Promise<string[]> {
    return this.call({ op: 'devices' });
  }
  list(certificates = true): Promise<DeviceListing[]> {
    return this.call({ op: 'list', certificates });
  }
  pinInfo(app: AppRef): Promise<PinInfo> {
    return this.call({ op: 'pinInfo', app });
  }
  verifyPin(app: AppRef, pin: string): Promise<PinInfo> {
    return this.call({ op: 'verifyPin', app, pin }, this.opts.pinTimeoutMs ?? 120_000);
  }
  changePin(app: AppRef, oldPin: string, newPin: string): Promise<PinInfo> {
    return this.call({ op: 'changePin', app, oldPin, newPin }, this.opts.pinTimeoutMs ?? 120_000);
  }
  async logout(app: AppRef): Promise<void> {
    await this.call({ op: 'logout', app });
  }
  async sign(ref: ContainerRef, alg: 'sm2' | 'rsa', data: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    return unb64((await this.call({ op: 'sign', ref, alg, data: b64(data) }, undefined, signal)).signature);
  }
  async decrypt(ref: ContainerRef, alg: 'sm2' | 'rsa', data: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    return unb64((await this.call({ op: 'decrypt', ref, alg, data: b64(data) }, undefined, signal)).plaintext);
  }
  /** Imports an SM2-wrapped SM4 key into the token and decrypts `data` there (the key never leaves it). */
  async sessionDecrypt(ref: ContainerRef, wrapped: Uint8Array, cipher: 'sm4-cbc' | 'sm4-ecb', iv: Uint8Array | undefined, padding: boolean, data: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    const req = { op: 'sessionDecrypt' as const, ref, wrapped: b64(wrapped), cipher, padding, data: b64(data), ...(iv ? { iv: b64(iv) } : {}) };
    return unb64((await this.call(req, undefined, signal)).plaintext);
  }
}
