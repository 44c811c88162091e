// Runs in its own process (child_process.fork here, Electron utilityProcess later): loads pkcs11js
// and ONE vendor PKCS#11 module, so a crashing or hanging driver cannot take the app down. Serves the
// JSON requests of ./protocol. PINs are used for C_Login only: never stored, logged or echoed.
import { BidSealError, isBidSealError } from '../../../shared/errors';
import type { Request, WireRequest, WireResponse } from './protocol';
import { finalize, listObjects, listSlots, loadModule, login, logout, mapError } from './worker-token';
import { decrypt, deriveEcdh, sign } from './worker-crypto';

function handle(r: Request): unknown {
  switch (r.op) {
    case 'loadModule': return loadModule(r.path);
    case 'listSlots':
      try {
        return listSlots(!!r.tokenPresent, r.mechanisms !== false);
      } catch (e) {
        throw mapError(e);
      }
    case 'listObjects': return listObjects(r.slot);
    case 'login': return login(r.slot, r.pin);
    case 'logout': return logout(r.slot);
    case 'sign': return sign(r);
    case 'decrypt': return decrypt(r);
    case 'deriveEcdh': return deriveEcdh(r);
    case 'finalize': finalize(); return null;
    default: throw new BidSealError('E_BAD_REQUEST', 'unknown operation');
  }
}

// ---- transport: Electron utilityProcess (process.parentPort) or Node child_process IPC -------------
type Port = { postMessage(m: unknown): void; on(ev: 'message', cb: (e: { data: unknown }) => void): void };
const parentPort = (process as unknown as { parentPort?: Port }).parentPort;
const send = (m: WireResponse) => (parentPort ? parentPort.postMessage(m) : process.send?.(m));

function onMessage(msg: unknown): void {
  const req = msg as WireRequest;
  if (!req || typeof req.id !== 'number' || typeof req.op !== 'string') return;
  let res: WireResponse;
  try {
    res = { id: req.id, ok: true, result: handle(req) ?? null };
  } catch (e) {
    const err = isBidSealError(e) ? e : new BidSealError('E_INTERNAL', 'worker error');
    res = { id: req.id, ok: false, error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
  }
  send(res);
}

if (parentPort) parentPort.on('message', (e) => onMessage(e.data));
else if (process.send) {
  process.on('message', onMessage);
  // Ctrl-C in a terminal reaches the whole process group: the parent decides (e.g. `pdf sign-batch` finishes
  // the current file, which still needs the token); the worker ends when the parent disconnects
  process.on('SIGINT', () => undefined);
  process.on('disconnect', () => {
    finalize();
    process.exit(0);
  });
} else {
  process.stderr.write('pkcs11 worker: must be started with an IPC channel (fork / utilityProcess)\n');
  process.exit(2);
}
