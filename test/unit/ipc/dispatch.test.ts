import { describe, expect, it } from 'vitest';
import { dispatch, JobRegistry, type DispatchEnv, type Handlers } from '../../../electron/services/ipc/dispatch';
import { createHandlers } from '../../../electron/services/ipc/handlers';
import { TokenService } from '../../../electron/services/keys/tokens';
import { openFileStore } from '../../../electron/services/documents/file-store';
import { BidSealError } from '../../../shared/errors';
import type { ProgressEvent } from '../../../shared/ipc/contract';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function env(overrides: Partial<Handlers> = {}, dataDir = mkdtempSync(path.join(tmpdir(), 'bidseal-data-'))) {
  const logs: Array<[string, Record<string, unknown> | undefined]> = [];
  const events: ProgressEvent[] = [];
  const jobs = new JobRegistry();
  const e: DispatchEnv = {
    handlers: { ...createHandlers({ host: 'node', versions: { node: process.versions.node }, dataDir, tokens: new TokenService() }, jobs), ...overrides },
    log: { info: (ev, f) => logs.push([ev, f]), warn: (ev, f) => logs.push([ev, f]), error: (ev, f) => logs.push([ev, f]) },
    jobs,
    emitProgress: (p) => events.push(p),
  };
  return { e, logs, events };
}

describe('IPC dispatch', () => {
  it('answers app.info with values that match the contract', async () => {
    const { e } = env();
    const r = await dispatch(e, 'app.info', {});
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toMatchObject({ name: 'BidSeal', host: 'node' });
  });

  it('rejects unknown operations and wrong arguments with E_BAD_REQUEST, logging no payload', async () => {
    const { e, logs } = env();
    expect(await dispatch(e, 'fs.readAnything', {})).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    const secretPath = '/home/secret/身份证.pdf';
    const r = await dispatch(e, 'files.hash', { ids: [secretPath], alg: 'md5' });
    expect(r).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    expect(await dispatch(e, 'app.info', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    expect(JSON.stringify(logs)).not.toContain('secret');
  });

  it('maps typed errors to their code and unknown exceptions to E_INTERNAL without the message', async () => {
    const { e } = env({
      'app.info': async () => {
        throw new Error('db password is hunter2');
      },
      'app.doctor': async () => {
        throw new BidSealError('E_PIN_INCORRECT');
      },
    });
    const r1 = await dispatch(e, 'app.info', {});
    expect(r1).toMatchObject({ ok: false, error: { code: 'E_INTERNAL' } });
    expect(JSON.stringify(r1)).not.toContain('hunter2');
    expect(await dispatch(e, 'app.doctor', {})).toMatchObject({ ok: false, error: { code: 'E_PIN_INCORRECT' } });
  });

  it('logs a security refusal with its operation and code only', async () => {
    const { e, logs } = env({
      'tokens.slots': async () => {
        throw new BidSealError('E_MODULE_NOT_ALLOWED', 'unknown module id', { path: '/home/secret/lib.so' });
      },
    });
    expect(await dispatch(e, 'tokens.slots', { moduleId: 'a'.repeat(32) })).toMatchObject({ ok: false, error: { code: 'E_MODULE_NOT_ALLOWED' } });
    expect(logs).toContainEqual(['ipc.refused', { op: 'tokens.slots', code: 'E_MODULE_NOT_ALLOWED' }]);
    expect(JSON.stringify(logs)).not.toContain('secret');
  });

  it('refuses a handler result outside the contract', async () => {
    const { e } = env({ 'app.info': async () => ({ name: 1 }) as never });
    expect(await dispatch(e, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'E_INTERNAL' } });
  });

  it('hashes stored documents (by id) with progress events keyed by the job id', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-'));
    const f = path.join(dir, 'a.bin');
    writeFileSync(f, 'abc');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bidseal-data-'));
    const doc = await openFileStore(dataDir).importPath(f, { tags: {} });
    const { e, events } = env({}, dataDir);
    const r = await dispatch(e, 'files.hash', { ids: [doc.id], alg: 'sm3', jobId: 'job-12345678' });
    expect(r).toMatchObject({ ok: true, value: { files: [{ id: doc.id, name: 'a.bin', size: 3, hex: '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0' }] } });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((x) => x.jobId === 'job-12345678')).toBe(true);
    expect(events.at(-1)).toMatchObject({ bytesDone: 3, bytesTotal: 3 });
    expect(await dispatch(e, 'files.hash', { ids: ['0'.repeat(32)] })).toMatchObject({ ok: false, error: { code: 'E_FILE_NOT_FOUND' } });
  });

  it('cancels a running job through jobs.cancel', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { e } = env({
      'files.hash': async (_req, ctx) => {
        await gate;
        if (ctx.signal.aborted) throw new BidSealError('E_CANCELLED');
        return { files: [] };
      },
    });
    const running = dispatch(e, 'files.hash', { ids: ['0'.repeat(32)], jobId: 'job-cancel-1' });
    expect(await dispatch(e, 'jobs.cancel', { jobId: 'job-cancel-1' })).toEqual({ ok: true, value: { cancelled: true } });
    release();
    expect(await running).toMatchObject({ ok: false, error: { code: 'E_CANCELLED' } });
    expect(await dispatch(e, 'jobs.cancel', { jobId: 'job-cancel-1' })).toEqual({ ok: true, value: { cancelled: false } });
  });
});
