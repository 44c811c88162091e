// The UI's pdf.sign with an electronic seal file (.esl) from the store in place of a seal picture: the seal's own
// picture is placed, the signature binds the seal (signed attribute), and a seal that does not list the signing
// certificate is refused before anything is written.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dispatch, JobRegistry, type DispatchEnv } from '../../../electron/services/ipc/dispatch';
import { createHandlers } from '../../../electron/services/ipc/handlers';
import { TokenService } from '../../../electron/services/keys/tokens';
import { openFileStore } from '../../../electron/services/documents/file-store';
import { minimalPdf } from '../../helpers/pdf';
import { hasOpenssl } from '../../helpers/vectors';
import { makeTestSeal } from '../../helpers/eseal';
import { useSealFixture } from '../../helpers/seal-fixture';
import { parseSignedData } from '../../../shared/cms/signed-data';
import { sealFromSignedData } from '../../../shared/eseal/pdf';

const f = useSealFixture();

const b64 = (b: Uint8Array | Buffer) => Buffer.from(b).toString('base64');

describe.skipIf(!hasOpenssl)('pdf.sign with an electronic seal from the store', () => {
  it('binds the seal and shows its picture; refuses a signer the seal does not list', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bidseal-eseal-ipc-'));
    const jobs = new JobRegistry();
    const env: DispatchEnv = { handlers: createHandlers({ host: 'node', versions: { node: process.versions.node }, dataDir, tokens: new TokenService() }, jobs), log: { info: () => {}, warn: () => {}, error: () => {} }, jobs, emitProgress: () => {} };
    const store = openFileStore(dataDir);
    const put = async (name: string, bytes: Uint8Array) => {
      const src = path.join(dataDir, `src-${name}`);
      writeFileSync(src, bytes);
      return store.importPath(src, { name });
    };
    const doc = await put('投标函.pdf', minimalPdf({ pages: 2 }));
    const esl = await put('公章.esl', await makeTestSeal(f, 4));
    expect(esl.mediaType).toBe('application/x-eseal');
    const carrier = (k: typeof f.holder) => ({ kind: 'software' as const, data: b64(readFileSync(k.keyPath)), certificate: b64(k.certDer), fileName: 'k.pem' });
    const placements = [{ kind: 'company' as const, page: 0, rect: { x: 380, y: 120, width: 113, height: 113 }, sealImageFileId: esl.id }];
    const r = await dispatch(env, 'pdf.sign', { fileId: doc.id, carrier: carrier(f.holder), placements, jobId: 'job-eseal-1' });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const out = (r as { value: { file: { id: string } } }).value.file;
    const pdf = readFileSync(await store.pathOf(out.id)).toString('latin1');
    const hex = [...pdf.matchAll(/\/Contents\s*<([0-9A-Fa-f]+)>/g)].pop()![1];
    const der = Buffer.from(hex, 'hex');
    const cms = new Uint8Array(der.subarray(0, 4 + der.readUInt16BE(2)));
    expect(parseSignedData(cms).signers).toHaveLength(1);
    expect(sealFromSignedData(cms)).not.toBeNull();
    const refused = await dispatch(env, 'pdf.sign', { fileId: doc.id, carrier: carrier(f.other), placements, jobId: 'job-eseal-2' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'E_ESEAL_SIGNER_NOT_LISTED' } });
    rmSync(dataDir, { recursive: true, force: true });
  });
});
