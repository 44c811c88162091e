// Runs in Node. The app's view of PKCS#11 tokens: one worker process per vendor module (kept for
// the session), module discovery, and slot listings with each token's certificates as views and
// RFC 7512 URIs that address them. Signing and unwrapping go through pkcs11/token-carrier.ts.
import { Pkcs11Client, type SpawnOptions, type WorkerChannel } from './pkcs11/client';
import { discoverModules, resolveModulePath } from './pkcs11/discovery';
import { formatPkcs11Uri } from './pkcs11/uri';
import { parseCertificate } from '../../shared/pki/certificate';
import { certView, fromB64 } from './certificates';
import type { TokenSlotView } from '../../shared/ipc/contract';
import type { TokenInfo } from './pkcs11/protocol';
import { BidSealError, isBidSealError } from '../../shared/errors';
import { nativeModules, type NativeModuleRegistry } from './native-modules';
import { findPkcs11Modules } from './doctor';
import { profileForModule } from './pkcs11/vendor-profiles';

/** The PKCS#11 drivers the app may load for this data folder (electron/services/native-modules.ts). */
export const pkcs11Modules = (dataDir: string): NativeModuleRegistry => nativeModules({ dataDir, kind: 'pkcs11', discover: () => findPkcs11Modules(), labelOf: (p) => profileForModule(p).name });

export interface TokenServiceOptions {
  /** how to start a worker: child_process.fork (default) or Electron's utilityProcess */
  spawn?: (opts: SpawnOptions) => WorkerChannel;
  env?: NodeJS.ProcessEnv;
}

export class TokenService {
  private readonly clients = new Map<string, Pkcs11Client>();
  private allowModule: ((path: string) => boolean) | undefined;
  constructor(private readonly opts: TokenServiceOptions = {}) {}

  /** From now on only modules `allow` accepts are loaded (the app hosts: the data folder's registry). */
  restrictTo(allow: (path: string) => boolean): void {
    this.allowModule = allow;
  }

  modules(userPaths: string[] = []) {
    return discoverModules(userPaths).map((m) => ({ path: m.path, label: m.label, source: m.source }));
  }

  client(modulePath: string): Pkcs11Client {
    const path = resolveModulePath(modulePath);
    if (this.allowModule && !this.allowModule(path)) throw new BidSealError('E_MODULE_NOT_ALLOWED', 'module is not an installed or user-confirmed driver');
    let c = this.clients.get(path);
    if (!c) {
      c = new Pkcs11Client({ modulePath: path, ...(this.opts.env ? { env: this.opts.env } : {}), ...(this.opts.spawn ? { spawn: this.opts.spawn } : {}) });
      this.clients.set(path, c);
    }
    return c;
  }

  async slots(modulePath: string): Promise<TokenSlotView[]> {
    const path = resolveModulePath(modulePath);
    const client = this.client(path);
    const lib = await client.loadModule();
    const out: TokenSlotView[] = [];
    for (const s of await client.listSlots({ tokenPresent: true, mechanisms: false })) {
      // SoftHSM2 and many drivers show an empty, uninitialised slot next to the real tokens.
      if (!s.token || !s.token.tokenInitialized) continue;
      let objects;
      try {
        objects = await client.listObjects(s.slotId);
      } catch (e) {
        // One unreadable token must not hide the others: report it on its slot.
        if (!isBidSealError(e)) throw e;
        out.push({ slotId: s.slotId, description: s.description, library: lib.description, token: tokenView(s.token), certificates: [], error: e.code });
        continue;
      }
      const certificates = objects.certificates.flatMap((c) => {
        try {
          const summary = parseCertificate(fromB64(c.der));
          const uri = formatPkcs11Uri({ token: s.token!.label, manufacturer: s.token!.manufacturer, serial: s.token!.serial, model: s.token!.model, id: hexToBytes(c.id), ...(c.label ? { object: c.label } : {}), type: 'private', modulePath: path });
          return [{ label: c.label, id: c.id, uri, certificate: certView(summary) }];
        } catch {
          return []; // an unparsable certificate object is skipped, not fatal for the listing
        }
      });
      out.push({ slotId: s.slotId, description: s.description, library: lib.description, token: tokenView(s.token), certificates });
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
    this.clients.clear();
  }
}

const tokenView = (t: TokenInfo) => ({ label: t.label, manufacturer: t.manufacturer, model: t.model, serial: t.serial, pinState: t.pinState, loginRequired: t.loginRequired });

function hexToBytes(h: string): Uint8Array {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}
