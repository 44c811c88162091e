// Runs in Node (the app side). The typed API over the PKCS#11 worker (one per vendor module); the process
// plumbing (lazy fork, timeouts, restart after a crash or hang as E_TOKEN_MODULE_CRASHED / E_TOKEN_TIMEOUT)
// is ../keys/worker-rpc.ts. No PIN is kept here.
import { WorkerClient, workerEntry, type WorkerClientOptions } from '../worker-rpc';
import { b64, unb64, type DecryptMechanism, type KeyRef, type ModuleInfo, type Request, type ResultMap, type SignMechanism, type SlotDescription, type TokenObjects } from './protocol';

export { forkWorker, type SpawnOptions, type WorkerChannel } from '../worker-rpc';

/** Worker entry next to this file: worker.ts from source (run with tsx), worker.js when built. */
export const defaultWorkerPath = (): string => workerEntry(import.meta.url, 'worker.js');

export interface Pkcs11ClientOptions extends WorkerClientOptions {
  /** the vendor PKCS#11 module (validate with discovery.resolveModulePath first) */
  modulePath: string;
  /** login's timeout (default 120 s: PIN-pad tokens) */
  loginTimeoutMs?: number;
}

export class Pkcs11Client extends WorkerClient<Request, ResultMap> {
  constructor(private readonly opts: Pkcs11ClientOptions) {
    super('pkcs11', defaultWorkerPath(), { op: 'loadModule', path: opts.modulePath }, opts);
  }

  async loadModule(): Promise<ModuleInfo> {
    return (await this.rpc.ensure()) as ModuleInfo;
  }
  listSlots(opts: { tokenPresent?: boolean; mechanisms?: boolean } = {}): Promise<SlotDescription[]> {
    return this.call({ op: 'listSlots', ...opts });
  }
  listObjects(slot: string): Promise<TokenObjects> {
    return this.call({ op: 'listObjects', slot });
  }
  async login(slot: string, pin: string): Promise<void> {
    await this.call({ op: 'login', slot, pin }, this.opts.loginTimeoutMs ?? 120_000);
  }
  async logout(slot: string): Promise<void> {
    await this.call({ op: 'logout', slot });
  }
  async sign(key: KeyRef, mechanism: SignMechanism, data: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    return unb64((await this.call({ op: 'sign', key, mechanism, data: b64(data) }, undefined, signal)).signature);
  }
  async decrypt(key: KeyRef, mechanism: DecryptMechanism, data: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    return unb64((await this.call({ op: 'decrypt', key, mechanism, data: b64(data) }, undefined, signal)).plaintext);
  }
  /** CKM_ECDH1_DERIVE (CKD_NULL): x-coordinate of d·Q for an uncompressed point Q. */
  async deriveEcdhX(key: KeyRef, publicPoint: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    return unb64((await this.call({ op: 'deriveEcdh', key, publicPoint: b64(publicPoint) }, undefined, signal)).x);
  }
}
