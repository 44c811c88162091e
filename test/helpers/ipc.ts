// Test helper: the real IPC handlers behind the real dispatch, over a fresh data folder, so tests call
// operations exactly as a renderer does (schema checks, typed errors, progress events included); and a
// SoftHSM2 token with the TokenService that sees it, per describe block. Vitest-only (registers hooks).
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dispatch, JobRegistry, type DispatchEnv } from '../../electron/services/ipc/dispatch';
import { createHandlers } from '../../electron/services/ipc/handlers';
import { TokenService } from '../../electron/services/keys/tokens';
import { RecentErrors } from '../../electron/services/app/recent-errors';
import type { Operation, ProgressEvent, Request, Response, Result } from '../../shared/ipc/contract';
import type { HostDialogs } from '../../electron/services/ipc/host-info';
import { openFileStore, type StoredFile, type StoredFileTags } from '../../electron/services/documents/file-store';
import { createSoftHsmToken, type SoftHsmToken } from './softhsm';

export interface TestHost {
  dataDir: string;
  events: ProgressEvent[];
  call<K extends Operation>(op: K, req: Request<K>): Promise<Result<Response<K>>>;
  /** the value, or throws with the error code in the message */
  ok<K extends Operation>(op: K, req: Request<K>): Promise<Response<K>>;
  /** `bytes` imported into the host's document store as `name` (with `tags`), as the UI's import does; `src`
   * is the file it was imported from */
  put(name: string, bytes: Uint8Array, tags?: StoredFileTags): Promise<StoredFile & { src: string }>;
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
    put: async (name, bytes, tags) => {
      const src = path.join(mkdtempSync(path.join(dataDir, 'src-')), name);
      writeFileSync(src, bytes);
      return { ...(await openFileStore(dataDir).importPath(src, { name, ...(tags ? { tags } : {}) })), src };
    },
  };
}

/** A SoftHSM2 token and the TokenService that sees it, for one describe block: made before its tests, closed
 * after; the fields are there once the block's beforeAll has run. */
export function useSoftHsmTokens(opts: { label: string; pin: string }): { token: SoftHsmToken; tokens: TokenService } {
  const live = {} as { token: SoftHsmToken; tokens: TokenService };
  beforeAll(() => {
    live.token = createSoftHsmToken(opts);
    live.tokens = new TokenService({ env: live.token.env });
  });
  afterAll(async () => {
    await live.tokens?.close();
    live.token?.cleanup();
  });
  return live;
}
