// Runs in Node. The app's view of PKCS#11 tokens: one worker process per vendor module (kept for
// the session), module discovery, and slot listings with each token's certificates as views and
// RFC 7512 URIs that address them. Signing and unwrapping go through pkcs11/token-carrier.ts.
import { Pkcs11Client, type SpawnOptions, type WorkerChannel } from './pkcs11/client';
import { discoverModules, resolveModulePath } from './pkcs11/discovery';
import { formatPkcs11Uri } from './pkcs11/uri';
import { parseCertificate } from '../../../shared/pki/certificate';
import { certView, fromB64 } from '../pki/certificates';
import type { TokenSlotView } from '../../../shared/ipc/contract';
import type { TokenInfo } from './pkcs11/protocol';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { nativeModules, NativeModuleRegistry } from './native-modules';
import { findPkcs11Modules } from '../app/doctor';
import { profileForModule } from './pkcs11/vendor-profiles';

/** The PKCS#11 drivers the app may load for this data folder (electron/services/keys/native-modules.ts). */
export const pkcs11Modules = (dataDir: string): NativeModuleRegistry => nativeModules({ dataDir, kind: 'pkcs11', discover: () => findPkcs11Modules(), labelOf: (p) => profileForModule(p).name });
import { readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SkfKeyView } from '../../../shared/ipc/schemas';
import { SkfClient } from './skf/client';
import { discoverSkfLibraries, resolveSkfLibrary, type SkfLibraryCandidate } from './skf/discovery';
import { formatSkfUri, parseSkfUri } from './skf/uri';
import type { KeyManager } from './key-manager';
import { fromHex } from '../../../shared/asn1';

export interface TokenServiceOptions {
  /** how to start a worker: child_process.fork (default) or Electron's utilityProcess */
  spawn?: (opts: SpawnOptions) => WorkerChannel;
  /** how to start an SKF worker (default child_process.fork of keys/skf/worker) */
  spawnSkf?: (opts: SpawnOptions) => WorkerChannel;
  env?: NodeJS.ProcessEnv;
  /** the app's data folder: no SKF library is ever loaded from it */
  dataDir?: string;
  /** SKF search directories (default: the usual vendor install locations of this OS) */
  skfDirs?: string[];
}

export class TokenService {
  private readonly clients = new Map<string, Pkcs11Client>();
  private allowModule: ((path: string) => boolean) | undefined;
  private readonly opts: TokenServiceOptions;
  constructor(opts: TokenServiceOptions = {}) {
    this.opts = { ...opts };
  }

  /** From now on only modules `allow` accepts are loaded (the app hosts: the data folder's registry). */
  restrictTo(allow: (path: string) => boolean): void {
    this.allowModule = allow;
  }

  private readonly skfClients = new Map<string, SkfClient>();
  /** the key manager of the data folder (set by the IPC handlers): identities named by id resolve through it */
  identities?: KeyManager;

  /** The app hosts give the data folder here (before any SKF call) when the constructor did not. */
  useDataDir(dataDir: string): void {
    this.opts.dataDir ??= dataDir;
  }

  // ---- SKF ---------------------------------------------------------------------------------------
  private skfRegistry?: NativeModuleRegistry;
  /**
   * The SKF libraries the app may load, through the shared native-module allow-list
   * (electron/services/keys/native-modules.ts): the vendor install locations (keys/skf/discovery.ts) plus the
   * libraries the user picked in a main-process dialog and confirmed; never one inside the data folder.
   */
  skfModules(): NativeModuleRegistry | undefined {
    const dataDir = this.opts.dataDir;
    if (!dataDir) return undefined;
    if (!this.skfRegistry) {
      const dirs = this.opts.skfDirs;
      this.skfRegistry = new NativeModuleRegistry({ dataDir, kind: 'skf', discover: () => discoverSkfLibraries([], dirs), labelOf: (p) => basename(p) });
      migratePickedSkf(dataDir, this.skfRegistry);
    }
    return this.skfRegistry;
  }

  /** The allow-list: libraries in the usual vendor locations plus those picked in the main process. */
  skfLibraries(): SkfLibraryCandidate[] {
    const reg = this.skfModules();
    if (!reg) return discoverSkfLibraries([], this.opts.skfDirs);
    return reg.list().map((m) => ({ id: m.id, path: m.path, label: m.label, source: m.source }));
  }

  /**
   * Adds a library the user chose and confirmed in a main-process dialog (never a renderer-supplied path);
   * remembered in the data folder's native-module settings. A library inside the data folder is refused.
   */
  pickSkfLibrary(file: string): string {
    const reg = this.skfModules();
    if (!reg) throw new BidSealError('E_MODULE_NOT_ALLOWED', 'no data folder to remember the library in');
    return reg.remember(resolveSkfLibrary(file, { ...(this.opts.dataDir ? { dataDir: this.opts.dataDir } : {}) })).path;
  }

  /** The worker of an allow-listed library; a path outside the allow-list is refused. */
  skfClient(libraryPath: string): SkfClient {
    const abs = resolveSkfLibrary(libraryPath, { ...(this.opts.dataDir ? { dataDir: this.opts.dataDir } : {}) });
    const reg = this.skfModules();
    if (reg ? !reg.allows(abs) : !this.skfLibraries().some((l) => l.path === abs)) throw new BidSealError('E_SKF_LIBRARY_NOT_FOUND', 'this SKF library is not one the app found or the user picked', { path: abs });
    let c = this.skfClients.get(abs);
    if (!c) {
      c = new SkfClient({ libraryPath: abs, ...(this.opts.env ? { env: this.opts.env } : {}), ...(this.opts.spawnSkf ? { spawn: this.opts.spawnSkf } : {}) });
      this.skfClients.set(abs, c);
    }
    return c;
  }

  /** The worker for an skf: URI (its module= must be on the allow-list; without one, the only library there is). */
  skfClientForUri(uri: string): SkfClient {
    const u = parseSkfUri(uri);
    if (u.module) return this.skfClient(u.module);
    const libs = this.skfLibraries();
    if (libs.length !== 1) throw new BidSealError('E_SKF_LIBRARY_NOT_FOUND', libs.length ? 'several SKF libraries: the URI must name one' : 'no SKF library found');
    return this.skfClient(libs[0].path);
  }

  /** Every container on every SKF key plugged in now, with both certificates and the PIN retry counter. */
  async skfKeys(): Promise<{ keys: SkfKeyView[]; errors: Array<{ library: string; code: string }> }> {
    const keys: SkfKeyView[] = [];
    const errors: Array<{ library: string; code: string }> = [];
    for (const lib of this.skfLibraries()) {
      let devices;
      try {
        devices = await this.skfClient(lib.path).list(true);
      } catch (e) {
        if (!isBidSealError(e)) throw e;
        errors.push({ library: lib.path, code: e.code });
        continue;
      }
      const view = (b64?: string) => {
        if (!b64) return null;
        try {
          return certView(parseCertificate(fromB64(b64)));
        } catch {
          return null;
        }
      };
      for (const d of devices) {
        if (d.error) errors.push({ library: lib.path, code: d.error });
        for (const a of d.applications) {
          for (const c of a.containers) {
            if (c.type === 'empty') continue;
            const signCertificate = view(c.signCert);
            const encCertificate = view(c.encCert);
            keys.push({
              uri: formatSkfUri({ module: lib.path, device: d.name, application: a.name, container: c.name }),
              library: lib.label,
              device: d.name,
              application: a.name,
              container: c.name,
              label: signCertificate?.commonName || encCertificate?.commonName || c.name,
              pin: a.pin ? { state: a.pin.state, remaining: a.pin.remaining, max: a.pin.max } : null,
              signCertificate,
              encCertificate,
            });
          }
        }
      }
    }
    return { keys, errors };
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
          const uri = formatPkcs11Uri({ token: s.token!.label, manufacturer: s.token!.manufacturer, serial: s.token!.serial, model: s.token!.model, id: fromHex(c.id), ...(c.label ? { object: c.label } : {}), type: 'private', modulePath: path });
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
    await Promise.all([...this.clients.values(), ...this.skfClients.values()].map((c) => c.close()));
    this.clients.clear();
    this.skfClients.clear();
  }
}

const tokenView = (t: TokenInfo) => ({ label: t.label, manufacturer: t.manufacturer, model: t.model, serial: t.serial, pinState: t.pinState, loginRequired: t.loginRequired });

/** Libraries picked before SKF joined the shared allow-list (keys/skf-libraries.json) move into it once. */
function migratePickedSkf(dataDir: string, reg: NativeModuleRegistry): void {
  const old = join(dataDir, 'keys', 'skf-libraries.json');
  let list: unknown;
  try {
    list = JSON.parse(readFileSync(old, 'utf8'));
  } catch {
    return;
  }
  if (Array.isArray(list))
    for (const p of list) {
      try {
        if (typeof p === 'string') reg.remember(p);
      } catch {
        /* uninstalled, moved or now refused: dropped */
      }
    }
  rmSync(old, { force: true });
}
