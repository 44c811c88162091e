// The app's pdf.verify shows the electronic seal a signature binds, computed as `bidseal pdf verify --json` does
// (one shared check, shared/eseal/views.ts): name, esID, maker, holders, validity and the seal's verdict.
import { describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { openFileStore } from '../../../electron/services/documents/file-store';
import { testHost } from '../../helpers/ipc';
import { minimalPdf } from '../../helpers/pdf';
import { hasOpenssl } from '../../helpers/vectors';
import { cliMain } from '../../helpers/cli';
import { makeTestSeal } from '../../helpers/eseal';
import { useSealFixture } from '../../helpers/seal-fixture';

const f = useSealFixture();

const b64 = (b: Uint8Array | Buffer) => Buffer.from(b).toString('base64');

describe.skipIf(!hasOpenssl)('pdf.verify shows the bound electronic seal', () => {
  it('seal name, esID, maker, holders, validity and verdict, as the CLI reports them', async () => {
    const h = testHost();
    const doc = await h.put('投标函.pdf', minimalPdf({ pages: 1 }));
    const esl = await h.put('公章.esl', await makeTestSeal(f, 4));
    const carrier = { kind: 'software' as const, data: b64(readFileSync(f.holder.keyPath)), certificate: b64(f.holder.certDer), fileName: 'k.pem' };
    const signed = await h.ok('pdf.sign', {
      fileId: doc.id,
      carrier,
      placements: [{ kind: 'company', page: 0, rect: { x: 380, y: 120, width: 113, height: 113 }, sealImageFileId: esl.id }],
      jobId: 'job-eseal-verify',
    });
    const outPath = await openFileStore(h.dataDir).pathOf(signed.file.id);

    // the maker is not in the trust store: intact, but the maker is not trusted
    const before = (await h.ok('pdf.verify', { fileId: signed.file.id })).signatures[0].eseal;
    expect(before).toMatchObject({ name: '某某建设有限公司合同专用章', esId: '11010800000001', format: 4, intact: true, signerListed: true, holders: [expect.stringContaining('Holder Construction Co')], holderDigests: 0 });
    expect(before && 'maker' in before ? before.maker?.subject : '').toContain('BidSeal Test Seal Maker');
    expect(before?.status).not.toBe('valid');
    expect(JSON.parse((await cliMain(['pdf', 'verify', '--json', outPath])).out).signatures[0].eseal).toEqual(before);

    expect(before && 'validStart' in before ? Date.parse(before.validEnd) > Date.parse(before.validStart) : false).toBe(true);
    expect(before && 'problems' in before ? before.problems.map((p) => p.code) : []).toContain(before?.status);

    // a signature without a seal carries none
    const plain = await h.ok('pdf.sign', { fileId: doc.id, carrier, placements: [{ kind: 'invisible' }], jobId: 'job-plain' });
    expect((await h.ok('pdf.verify', { fileId: plain.file.id })).signatures[0].eseal).toBeUndefined();
    rmSync(h.dataDir, { recursive: true, force: true });
  });
});
