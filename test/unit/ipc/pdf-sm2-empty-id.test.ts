// A PDF signed by a signer whose SM2 CA chain was signed with the empty user ID (chain made by OpenSSL 3 with
// `-sigopt distid:` empty): strictly, pdf.inspect reports the signer unknown with the 'sm2-empty-id-only'
// cause the signature panel explains; with sm2IdPolicy 'lenient' (the panel's choice) the signer is trusted.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dispatch, JobRegistry, type DispatchEnv } from '../../../electron/services/ipc/dispatch';
import { createHandlers } from '../../../electron/services/ipc/handlers';
import { TokenService } from '../../../electron/services/keys/tokens';
import { openFileStore } from '../../../electron/services/documents/file-store';
import type { Operation, Response } from '../../../shared/ipc/contract';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { minimalPdf } from '../../helpers/pdf';
import { makeChain, removeTempDirs } from '../pki/pki-openssl';

async function call<K extends Operation>(env: DispatchEnv, op: K, req: unknown): Promise<Response<K>> {
  const r = await dispatch(env, op, req);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as Response<K>;
}

describe.skipIf(!hasOpenssl)('signature panel: SM2 chain signed with the empty user ID', () => {
  afterAll(() => removeTempDirs());
  it('strict: signer unknown with the sm2-empty-id-only cause; lenient: trusted', async () => {
    const c = makeChain('sm2-empty');
    const p12 = path.join(path.dirname(c.leaf), 'leaf.p12');
    openssl(['pkcs12', '-export', '-inkey', path.join(path.dirname(c.leaf), 'leaf.key'), '-in', c.leaf, '-certfile', c.inter!, '-out', p12, '-passout', 'pass:pfx-pass-1', '-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256']);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bidseal-sm2id-'));
    const env: DispatchEnv = { handlers: createHandlers({ host: 'node', versions: { node: process.versions.node }, dataDir, tokens: new TokenService() }, new JobRegistry()), log: { info: () => {}, warn: () => {}, error: () => {} }, jobs: new JobRegistry(), emitProgress: () => {} };
    // the intermediate as the trust anchor: the leaf's own certificate signature is the empty-ID one
    await call(env, 'trust.import', { data: readFileSync(c.inter!).toString('base64') });
    const store = openFileStore(dataDir);
    const src = path.join(dataDir, 'src.pdf');
    (await import('node:fs')).writeFileSync(src, minimalPdf());
    const doc = await store.importPath(src, { name: '投标函.pdf' });
    const signed = await call(env, 'pdf.sign', { fileId: doc.id, carrier: { kind: 'software', data: readFileSync(p12).toString('base64'), password: 'pfx-pass-1', fileName: 'leaf.p12' }, placements: [{ kind: 'invisible' }], jobId: 'job-sm2id-0001' });
    const strict = await call(env, 'pdf.inspect', { fileId: signed.file.id });
    expect(strict.signatures[0].bottomLine).toBe('unknown-signer');
    expect(strict.signatures[0].path?.problems.some((p) => p.startsWith('sm2-empty-id-only'))).toBe(true);
    const lenient = await call(env, 'pdf.inspect', { fileId: signed.file.id, sm2IdPolicy: 'lenient' });
    expect(lenient.signatures[0].trusted).toBe(true);
    expect(lenient.signatures[0].bottomLine).toBe('valid');
  }, 60_000);
});
