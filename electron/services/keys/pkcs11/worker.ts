// Runs in its own process (child_process.fork here, Electron utilityProcess later): loads pkcs11js
// and ONE vendor PKCS#11 module, so a crashing or hanging driver cannot take the app down. Serves the
// JSON requests of ./protocol. PINs are used for C_Login only: never stored, logged or echoed.
import { BidSealError } from '../../../../shared/errors';
import { serveRequests } from '../worker-rpc';
import type { Request } from './protocol';
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

serveRequests('pkcs11', (r) => handle(r as unknown as Request), finalize);
