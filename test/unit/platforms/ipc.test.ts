// The platforms and stats operations through the real dispatcher (schema checks on the way in and
// out, typed errors): list with the directory status, get, a refused bundle import, a custom platform,
// and a statistics export that lands in the document store.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dispatch, JobRegistry, type DispatchEnv } from '../../../electron/services/ipc/dispatch';
import { createHandlers } from '../../../electron/services/ipc/handlers';
import { TokenService } from '../../../electron/services/keys/tokens';
import { SHIPPED_BUNDLE } from '../../../electron/services/platforms/directory';
import { repoRoot } from '../../helpers/vectors';

function env(): DispatchEnv {
  const jobs = new JobRegistry();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bidseal-pipc-'));
  return { handlers: createHandlers({ host: 'node', versions: { node: process.versions.node }, dataDir, tokens: new TokenService() }, jobs), log: { info() {}, warn() {}, error() {} }, jobs, emitProgress() {} };
}
const b64 = (p: string) => readFileSync(p).toString('base64');

describe('platforms IPC', () => {
  it('lists, gets, refuses a replayed bundle, adds and removes a custom platform, exports statistics', async () => {
    const e = env();
    const list = (await dispatch(e, 'platforms.list', {})) as { ok: true; value: { platforms: unknown[]; directory: { source: string } } };
    expect(list.value.platforms).toHaveLength(13);
    expect(list.value.directory.source).toBe('shipped');
    expect(await dispatch(e, 'platforms.get', { id: 'henan' })).toMatchObject({ ok: true, value: { name: { zh: '河南省公共资源交易平台' } } });
    expect(await dispatch(e, 'platforms.get', { id: 'nowhere' })).toMatchObject({ ok: false, error: { code: 'E_PLATFORM_UNKNOWN' } });
    expect(await dispatch(e, 'platforms.importBundle', { data: b64(SHIPPED_BUNDLE), signature: b64(`${SHIPPED_BUNDLE}.sig`) })).toMatchObject({ ok: false, error: { code: 'E_DIRECTORY_NOT_NEWER' } });
    expect(await dispatch(e, 'platforms.importBundle', { data: b64(SHIPPED_BUNDLE), signature: Buffer.alloc(71, 1).toString('base64') })).toMatchObject({ ok: false, error: { code: 'E_DIRECTORY_SIGNATURE_INVALID' } });

    const added = await dispatch(e, 'platforms.addCustom', { name: { zh: '自定义平台' }, encryptionCertificates: [readFileSync(path.join(repoRoot, 'platform-server/demo-pki/platform-enc.crt.pem'), 'utf8')] });
    expect(added).toMatchObject({ ok: true, value: { source: 'user', recipients: [{ role: 'platform' }] } });
    expect(await dispatch(e, 'platforms.removeCustom', { id: 'beijing' })).toMatchObject({ ok: false, error: { code: 'E_PLATFORM_NOT_CUSTOM' } });
    expect(await dispatch(e, 'platforms.removeCustom', { id: (added as { value: { id: string } }).value.id })).toMatchObject({ ok: true, value: { removed: true } });

    expect(await dispatch(e, 'stats.monthly', { month: '2026-11' })).toMatchObject({ ok: true, value: { rows: [] } });
    expect(await dispatch(e, 'stats.monthly', { month: '2026-1' })).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    const exp = await dispatch(e, 'stats.export', { format: 'csv', lang: 'en' });
    expect(exp).toMatchObject({ ok: true, value: { name: 'shared-certificate-usage-all.csv', mediaType: 'text/csv', origin: 'output', tags: { kind: 'report' } } });
  });
});
