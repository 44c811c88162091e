// Runs in the Electron main process. Starts a native-key worker (PKCS#11: electron/services/keys/pkcs11/worker.ts
// built as out/main/pkcs11-worker.js; SKF: electron/services/keys/skf/worker.ts as skf-worker.js) in an
// Electron utilityProcess instead of child_process.fork.
import { utilityProcess } from 'electron';
import type { SpawnOptions, WorkerChannel } from '../services/keys/pkcs11/client';

export function utilityProcessSpawner(workerJs: string, serviceName = 'BidSeal PKCS#11'): (opts: SpawnOptions) => WorkerChannel {
  return ({ env, onOutput }) => {
    const child = utilityProcess.fork(workerJs, [], { env, stdio: 'pipe', serviceName });
    child.stdout?.on('data', (d: Buffer) => onOutput('stdout', d.toString()));
    child.stderr?.on('data', (d: Buffer) => onOutput('stderr', d.toString()));
    return {
      send: (m) => child.postMessage(m),
      onMessage: (cb) => void child.on('message', cb),
      onExit: (cb) => void child.on('exit', (code) => cb(code, null)),
      kill: () => void child.kill(),
      get pid() {
        return child.pid;
      },
    };
  };
}
