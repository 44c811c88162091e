// Test helper: the real IPC handlers behind the real dispatch, over a fresh data folder, so tests call
// operations exactly as a renderer does (schema checks, typed errors, progress events included).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dispatch, JobRegistry, type DispatchEnv } from '../../electron/services/ipc/dispatch';
import { createHandlers } from '../../electron/services/ipc/handlers';
import { TokenService } from '../../electron/services/keys/tokens';
import { RecentErrors } from '../../electron/services/app/recent-errors';
import type { Operation, ProgressEvent, Request, Response, Result } from '../../shared/ipc/contract';
import type { HostDialogs } from '../../electron/services/ipc/host-info';

export interface TestHost {
  dataDir: string;
  events: ProgressEvent[];
  call<K extends Operation>(op: K, req: Request<K>): Promise<Result<Response<K>>>;
  /** the value, or throws with the error code in the message */
  ok<K extends Operation>(op: K, req: Request<K>): Promise<Response<K>>;
}

export function testHost(opts: { dataDir?: string; dialogs?: HostDialogs; tokens?: TokenService; openExternal?: (url: string) => Promise<void> } = {}): TestHost {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'bidseal-data-'));
  const events: ProgressEvent[] = [];
  const jobs = new JobRegistry();
  const recentErrors = new RecentErrors();
  const env: DispatchEnv = {
    handlers: createHandlers({ host: 'node', versions: { node: process.versions.node }, dataDir, tokens: opts.tokens ?? new TokenService(), recentErrors, ...(opts.dialogs ? { dialogs: opts.dialogs } : {}), ...(opts.openExternal ? { openExternal: opts.openExternal } : {}) }, jobs),
    log: { info: () => {}, warn: () => {}, error: () => {} },
    jobs,
    recentErrors,
    emitProgress: (p) => events.push(p),
  };
  const call = <K extends Operation>(op: K, req: Request<K>) => dispatch(env, op, req) as Promise<Result<Response<K>>>;
  return {
    dataDir,
    events,
    call,
    ok: async (op, req) => {
      const r = await call(op, req);
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.value;
    },
  };
}
