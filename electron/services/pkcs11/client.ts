// Runs in Node (the app side: host process now, Electron main later). The typed API over the PKCS#11
// worker: forks it lazily (one worker per vendor module), times requests out, and turns a dead worker
// into E_TOKEN_MODULE_CRASHED / E_TOKEN_TIMEOUT, restarting it on the next call. No PIN is kept here.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BidSealError } from '../../../shared/errors';
import { b64, unb64, type DecryptMechanism, type KeyRef, type ModuleInfo, type Op, type Request, type ResultMap, type SignMechanism, type SlotDescription, type TokenObjects, type WireRequest, type WireResponse } from './protocol';

/** The process boundary; the Electron shell can supply one built on utilityProcess.fork. */
export interface WorkerChannel {
  send(msg: WireRequest): void;
  onMessage(cb: (msg: WireResponse) => void): void;
  onExit(cb: (code: number | null, signal: string | null) => void): void;
  kill(): void;
  readonly pid?: number;
}

export interface SpawnOptions {
  env: NodeJS.ProcessEnv;
  onOutput: (stream: 'stdout' | 'stderr', text: string) => void;
}

/** Worker entry next to this file: worker.ts from source (run with tsx), worker.js when built. */
export function defaultWorkerPath(): string {
  const ts = fileURLToPath(new URL('./worker.ts', import.meta.url));
  return existsSync(ts) ? ts : fileURLToPath(new URL('./worker.js', import.meta.url));
}

/**
 * child_process.fork of the worker. A .ts entry needs tsx: `execArgv: ['--import', <tsx loader URL>]`
 * (absolute URL, so it resolves whatever the cwd). env is passed explicitly (e.g. SOFTHSM2_CONF).
 */
export function forkWorker(opts: SpawnOptions, workerPath = defaultWorkerPath()): WorkerChannel {
  const execArgv = workerPath.endsWith('.ts') ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  const child = fork(workerPath, [], { execArgv, env: opts.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
  child.stdout?.setEncoding('utf8').on('data', (t: string) => opts.onOutput('stdout', t));
  child.stderr?.setEncoding('utf8').on('data', (t: string) => opts.onOutput('stderr', t));
  child.on('error', () => {
    /* surfaced through 'exit' */
  });
  return {
    send: (m) => {
      child.send(m);
    },
    onMessage: (cb) => child.on('message', (m) => cb(m as WireResponse)),
    onExit: (cb) => child.on('exit', (code, signal) => cb(code, signal)),
    kill: () => child.kill('SIGKILL'),
    get pid() {
      return child.pid;
    },
  };
}

export interface Pkcs11ClientOptions {
  /** the vendor PKCS#11 module (validate with discovery.resolveModulePath first) */
  modulePath: string;
  /** environment of the worker (default: this process's) */
  env?: NodeJS.ProcessEnv;
  /** per-request timeout (default 30 s); login gets loginTimeoutMs (default 120 s: PIN-pad tokens) */
  timeoutMs?: number;
  loginTimeoutMs?: number;
  /** worker stdout/stderr (module diagnostics); default: this process's stderr, prefixed */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  spawn?: (opts: SpawnOptions) => WorkerChannel;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  timer: NodeJS.Timeout;
}

export class Pkcs11Client {
  private child: WorkerChannel | null = null;
  private starting: Promise<WorkerChannel> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private gen = 0;
  private moduleInfo: ModuleInfo | null = null;

  constructor(private readonly opts: Pkcs11ClientOptions) {}

  /** Increments at each worker (re)start: sessions and logins of an older generation are gone. */
  get generation(): number {
    return this.gen;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async loadModule(): Promise<ModuleInfo> {
    await this.channel();
    return this.moduleInfo!;
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

  /** C_Finalize and stop the worker (no-op when not running). */
  async close(): Promise<void> {
    const c = this.child;
    if (!c) return;
    try {
      await this.call({ op: 'finalize' }, 5_000);
    } catch {
      /* stopping anyway */
    }
    this.child = null;
    c.kill();
  }

  // ---- plumbing -------------------------------------------------------------------------------
  private async call<K extends Op>(req: Extract<Request, { op: K }>, timeoutMs?: number, signal?: AbortSignal): Promise<ResultMap[K]> {
    const ch = await this.channel();
    return this.send(ch, req, timeoutMs, signal) as Promise<ResultMap[K]>;
  }

  private send(ch: WorkerChannel, req: Request, timeoutMs = this.opts.timeoutMs ?? 30_000, signal?: AbortSignal): Promise<unknown> {
    if (signal?.aborted) return Promise.reject(new BidSealError('E_CANCELLED'));
    const id = this.nextId++;
    const op = req.op;
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending.delete(id);
      };
      const onAbort = () => {
        done(); // the worker finishes the call; its late answer is dropped
        reject(new BidSealError('E_CANCELLED'));
      };
      const timer = setTimeout(() => {
        done();
        reject(new BidSealError('E_TOKEN_TIMEOUT', `${op} timed out after ${timeoutMs} ms`));
        // a hung module blocks the whole worker: kill it, the next call starts a fresh one
        if (this.child === ch) this.dropChild(ch, 'E_TOKEN_TIMEOUT');
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (v) => (done(), resolve(v)),
        reject: (e) => (done(), reject(e)),
        timer,
      });
      try {
        ch.send({ ...req, id } as WireRequest);
      } catch {
        this.pending.get(id)?.reject(new BidSealError('E_TOKEN_MODULE_CRASHED', 'worker channel closed'));
      }
    });
  }

  private channel(): Promise<WorkerChannel> {
    if (this.child) return Promise.resolve(this.child);
    if (!this.starting) {
      this.starting = this.start().finally(() => {
        this.starting = null;
      });
    }
    return this.starting;
  }

  private async start(): Promise<WorkerChannel> {
    const onOutput = this.opts.onOutput ?? ((s, t) => process.stderr.write(`[pkcs11-worker ${s}] ${t}`));
    const ch = (this.opts.spawn ?? forkWorker)({ env: this.opts.env ?? process.env, onOutput });
    ch.onMessage((m) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.ok) p.resolve(m.result);
      else p.reject(new BidSealError(m.error.code, m.error.message, m.error.details));
    });
    ch.onExit((code, signal) => {
      if (this.child === ch || this.child === null) this.dropChild(ch, 'E_TOKEN_MODULE_CRASHED', { exitCode: code, signal });
    });
    this.child = ch;
    this.gen++;
    try {
      this.moduleInfo = (await this.send(ch, { op: 'loadModule', path: this.opts.modulePath })) as ModuleInfo;
    } catch (e) {
      if (this.child === ch) this.dropChild(ch, 'E_TOKEN_MODULE_CRASHED');
      throw e;
    }
    return ch;
  }

  /** Forgets a worker: rejects what it still owed us and kills it (idempotent). */
  private dropChild(ch: WorkerChannel, code: 'E_TOKEN_MODULE_CRASHED' | 'E_TOKEN_TIMEOUT', details?: Record<string, unknown>): void {
    if (this.child === ch) this.child = null;
    for (const p of [...this.pending.values()]) p.reject(new BidSealError(code, code === 'E_TOKEN_TIMEOUT' ? 'worker restarted after a timeout' : 'PKCS#11 worker exited', details));
    ch.kill();
  }
}
