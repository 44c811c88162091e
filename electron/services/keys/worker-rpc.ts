// Runs in Node (both ends). The process boundary every native-key worker shares (the PKCS#11 worker and the
// SKF worker): a JSON request/response channel, a client that forks the worker lazily, times requests out and
// turns a dead or hung worker into a typed error (restarting it on the next call), and the worker-side loop
// that answers requests over Electron's parentPort or Node's IPC channel. No secret ever appears in a
// response, an error or a log line.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BidSealError, isBidSealError, type ErrorCode } from '../../../shared/errors';

export interface WireError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}
export type WireRequest = { op: string; id: number } & Record<string, unknown>;
export type WireResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WireError };

/** The process boundary; the Electron shell supplies one built on utilityProcess.fork. */
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

/**
 * child_process.fork of a worker entry. A .ts entry needs tsx: `execArgv: ['--import', <tsx loader URL>]`
 * (absolute URL, so it resolves whatever the cwd). env is passed explicitly (e.g. SOFTHSM2_CONF).
 */
export function forkWorker(opts: SpawnOptions, workerPath: string): WorkerChannel {
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

export interface RpcClientOptions {
  /** name for diagnostics ("PKCS#11", "SKF") */
  name: string;
  /** worker entry (.ts from source, .js when built) for the default child_process spawner */
  workerPath: string;
  /** the first request of every worker (loads the vendor library); its result is kept as `initResult` */
  init: { op: string } & Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** default per-request timeout (30 s) */
  timeoutMs?: number;
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  spawn?: (opts: SpawnOptions) => WorkerChannel;
}

/** The worker entry next to the client module at `clientUrl`: worker.ts from source (run with tsx), `built` when bundled. */
export function workerEntry(clientUrl: string, built: string): string {
  const ts = fileURLToPath(new URL('./worker.ts', clientUrl));
  return existsSync(ts) ? ts : fileURLToPath(new URL(`./${built}`, clientUrl));
}

/** What a caller may set on a worker client besides the library it loads. */
export interface WorkerClientOptions {
  /** environment of the worker (default: this process's) */
  env?: NodeJS.ProcessEnv;
  /** per-request timeout (default 30 s); PIN requests take the client's own longer timeout */
  timeoutMs?: number;
  /** worker stdout/stderr (library diagnostics); default: this process's stderr, prefixed */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  spawn?: (opts: SpawnOptions) => WorkerChannel;
}

/**
 * The typed client of one worker: `Req` is the union of its requests, `Res` maps each op to its result. The
 * subclass names the operations; this class owns the RpcClient, the generation, and `finalize` on close.
 */
export abstract class WorkerClient<Req extends { op: string }, Res extends { [K in Req['op']]: unknown }> {
  protected readonly rpc: RpcClient;

  protected constructor(name: string, workerPath: string, init: { op: string } & Record<string, unknown>, opts: WorkerClientOptions) {
    this.rpc = new RpcClient({
      name,
      workerPath,
      init,
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      ...(opts.onOutput ? { onOutput: opts.onOutput } : {}),
      ...(opts.spawn ? { spawn: opts.spawn } : {}),
    });
  }

  /** Increments at each worker (re)start: sessions and logins of an older generation are gone. */
  get generation(): number {
    return this.rpc.generation;
  }
  get pid(): number | undefined {
    return this.rpc.pid;
  }

  /** Finalizes the library and stops the worker (no-op when not running). */
  close(): Promise<void> {
    return this.rpc.close({ op: 'finalize' });
  }

  protected call<K extends Req['op']>(req: Extract<Req, { op: K }>, timeoutMs?: number, signal?: AbortSignal): Promise<Res[K]> {
    return this.rpc.call(req as unknown as { op: string } & Record<string, unknown>, timeoutMs, signal) as Promise<Res[K]>;
  }
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/**
 * A worker's start (process start, then `init` loading the vendor library) gets at least this, whatever the
 * per-request timeout: a cold start on a loaded machine (antivirus, a first load from disk) is slow without
 * anything being wrong, and a short request timeout must not fail it.
 */
const START_TIMEOUT_MS = 30_000;

/** The app side of a worker: lazy start, per-request timeouts, restart after a crash or a hang. */
export class RpcClient {
  private child: WorkerChannel | null = null;
  private starting: Promise<WorkerChannel> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private gen = 0;
  initResult: unknown = null;

  constructor(private readonly opts: RpcClientOptions) {}

  /** Increments at each worker (re)start: sessions and logins of an older generation are gone. */
  get generation(): number {
    return this.gen;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }
  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the worker when needed; returns the init request's result. */
  async ensure(): Promise<unknown> {
    await this.channel();
    return this.initResult;
  }

  async call(req: { op: string } & Record<string, unknown>, timeoutMs?: number, signal?: AbortSignal): Promise<unknown> {
    const ch = await this.channel();
    return this.send(ch, req, timeoutMs, signal);
  }

  /** Sends `stop` (best effort) and kills the worker (no-op when not running). */
  async close(stop?: { op: string }): Promise<void> {
    const c = this.child;
    if (!c) return;
    if (stop) {
      try {
        await this.send(c, stop, 5_000);
      } catch {
        /* stopping anyway */
      }
    }
    this.child = null;
    c.kill();
  }

  private send(ch: WorkerChannel, req: { op: string } & Record<string, unknown>, timeoutMs = this.opts.timeoutMs ?? 30_000, signal?: AbortSignal): Promise<unknown> {
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
        // a hung library blocks the whole worker: kill it, the next call starts a fresh one
        if (this.child === ch) this.dropChild(ch, 'E_TOKEN_TIMEOUT');
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, { resolve: (v) => (done(), resolve(v)), reject: (e) => (done(), reject(e)) });
      try {
        ch.send({ ...req, id });
      } catch {
        this.pending.get(id)?.reject(new BidSealError('E_TOKEN_MODULE_CRASHED', 'worker channel closed'));
      }
    });
  }

  private channel(): Promise<WorkerChannel> {
    if (this.child) return Promise.resolve(this.child);
    this.starting ??= this.start().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async start(): Promise<WorkerChannel> {
    const name = this.opts.name;
    const onOutput = this.opts.onOutput ?? ((s, t) => process.stderr.write(`[${name} worker ${s}] ${t}`));
    const ch = (this.opts.spawn ?? ((o: SpawnOptions) => forkWorker(o, this.opts.workerPath)))({ env: this.opts.env ?? process.env, onOutput });
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
      this.initResult = await this.send(ch, this.opts.init, Math.max(START_TIMEOUT_MS, this.opts.timeoutMs ?? 0));
    } catch (e) {
      if (this.child === ch) this.dropChild(ch, 'E_TOKEN_MODULE_CRASHED');
      throw e;
    }
    return ch;
  }

  /** Forgets a worker: rejects what it still owed us and kills it (idempotent). */
  private dropChild(ch: WorkerChannel, code: 'E_TOKEN_MODULE_CRASHED' | 'E_TOKEN_TIMEOUT', details?: Record<string, unknown>): void {
    if (this.child === ch) this.child = null;
    const msg = code === 'E_TOKEN_TIMEOUT' ? 'worker restarted after a timeout' : `${this.opts.name} worker exited`;
    for (const p of [...this.pending.values()]) p.reject(new BidSealError(code, msg, details));
    ch.kill();
  }
}

// ---- worker side --------------------------------------------------------------------------------

/**
 * Answers requests in a worker process: `handle` returns a result (or a promise) or throws a BidSealError.
 * `onStop` runs when the parent goes away (finalize the vendor library).
 */
export function serveRequests(name: string, handle: (r: WireRequest) => unknown, onStop: () => void): void {
  type Port = { postMessage(m: unknown): void; on(ev: 'message', cb: (e: { data: unknown }) => void): void };
  const parentPort = (process as unknown as { parentPort?: Port }).parentPort;
  const send = (m: WireResponse) => (parentPort ? parentPort.postMessage(m) : process.send?.(m));
  const fail = (id: number, e: unknown): WireResponse => {
    const err = isBidSealError(e) ? e : new BidSealError('E_INTERNAL', 'worker error');
    return { id, ok: false, error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
  };
  const onMessage = (msg: unknown): void => {
    const req = msg as WireRequest;
    if (!req || typeof req.id !== 'number' || typeof req.op !== 'string') return;
    let out: unknown;
    try {
      out = handle(req);
    } catch (e) {
      send(fail(req.id, e));
      return;
    }
    if (out instanceof Promise) out.then((r) => send({ id: req.id, ok: true, result: r ?? null }), (e) => send(fail(req.id, e)));
    else send({ id: req.id, ok: true, result: out ?? null });
  };
  if (parentPort) parentPort.on('message', (e) => onMessage(e.data));
  else if (process.send) {
    process.on('message', onMessage);
    // Ctrl-C in a terminal reaches the whole process group: the parent decides (e.g. `pdf sign-batch` finishes
    // the current file, which still needs the token); the worker ends when the parent disconnects
    process.on('SIGINT', () => undefined);
    process.on('disconnect', () => {
      onStop();
      process.exit(0);
    });
  } else {
    process.stderr.write(`${name} worker: must be started with an IPC channel (fork / utilityProcess)\n`);
    process.exit(2);
  }
}
