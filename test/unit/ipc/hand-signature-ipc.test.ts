// Handwritten signatures through the UI's operations: the picture comes inline (a PNG in the request, never a
// stored file), is placed at a rectangle or where the words ask the legal representative to sign, becomes a
// signature field of its own kind (HandSignatureN, reported as 'handwritten'), and pdfsig accepts the result.
// An inline picture on a seal, or bytes that are not a PNG, are refused with typed errors.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openFileStore } from '../../../electron/services/documents/file-store';
import { testHost } from '../../helpers/ipc';
import { hasPdfsig, pdfsig, sealPng } from '../../helpers/pdf';
import { sealDocPdf } from '../../helpers/seal-doc';
import { hasOpenssl, openssl } from '../../helpers/vectors';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

describe.skipIf(!hasOpenssl)('pdf.sign and pdf.signBatch with a handwritten signature', () => {
  it('places the inline picture by rectangle and by the words, as its own kind "handwritten"; refuses it elsewhere', async () => {
    const h = testHost();
    const store = openFileStore(h.dataDir);
    const f = (n: string) => path.join(h.dataDir, n);
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('k.pem'), '-out', f('c.pem'), '-subj', '/CN=Zhang San', '-days', '30']);
    openssl(['pkcs12', '-export', '-inkey', f('k.pem'), '-in', f('c.pem'), '-out', f('k.p12'), '-passout', 'pass:pw-1']);
    const carrier = { kind: 'software' as const, data: b64(readFileSync(f('k.p12'))), password: 'pw-1', fileName: 'k.p12' };
    writeFileSync(f('src.pdf'), await sealDocPdf());
    const doc = await store.importPath(f('src.pdf'), { name: '投标文件.pdf' });
    const png = b64(sealPng(80)); // any PNG with alpha stands in for a drawn signature

    const signed = await h.ok('pdf.sign', { fileId: doc.id, carrier, placements: [{ kind: 'handwritten', page: 0, rect: { x: 400, y: 100, width: 113, height: 40 }, imagePng: png }], jobId: 'job-0000000011' });
    expect(signed.signatures.map((s) => [s.fieldName, s.kind, s.intact, s.widgets.length])).toEqual([['HandSignature1', 'handwritten', true, 1]]);
    // nothing but the input and its signed copy in the store: the picture was never stored
    expect((await store.list()).map((x) => x.id).sort()).toEqual([doc.id, signed.file.id].sort());

    // a batch: where the legal representative is asked to sign (pages 1 and 3), one signature with two pictures
    const r = await h.ok('pdf.signBatch', { fileIds: [doc.id], carrier, placements: [{ kind: 'handwritten', atText: {}, imagePng: png }], jobId: 'job-0000000012' });
    expect(r.results[0].status).toBe('signed');
    const v = await h.ok('pdf.verify', { fileId: r.results[0].output!.id });
    expect(v.signatures.map((s) => [s.kind, s.intact, s.widgets.map((w) => w.page)])).toEqual([['handwritten', true, [0, 2]]]);
    const places = await h.ok('pdf.sealPlaces', { fileId: r.results[0].output!.id });
    expect(places.places.filter((p) => p.kind === 'personal').every((p) => p.covered)).toBe(true);
    if (hasPdfsig) {
      const out = pdfsig(await store.pathOf(r.results[0].output!.id));
      expect(out).toContain('Signature Field Name: HandSignature1');
      expect(out).not.toContain('Signature is Invalid');
    }

    // refused: an inline picture on a seal, and bytes that are not a PNG
    const onSeal = await h.call('pdf.sign', { fileId: doc.id, carrier, placements: [{ kind: 'company', page: 0, rect: { x: 400, y: 100, width: 100, height: 100 }, imagePng: png }], jobId: 'job-0000000013' });
    expect(!onSeal.ok && onSeal.error.code).toBe('E_PDF_PLACEMENT_INVALID');
    const notPng = await h.call('pdf.sign', { fileId: doc.id, carrier, placements: [{ kind: 'handwritten', page: 0, rect: { x: 400, y: 100, width: 100, height: 40 }, imagePng: b64(new TextEncoder().encode('not a picture at all')) }], jobId: 'job-0000000014' });
    expect(!notPng.ok && notPng.error.code).toBe('E_BAD_REQUEST');
    // a PNG signature followed by garbage passes the request's shape and is refused by the signer's image check
    const broken = b64(Uint8Array.from([...sealPng(10).subarray(0, 8), 1, 2, 3]));
    const bad = await h.call('pdf.sign', { fileId: doc.id, carrier, placements: [{ kind: 'handwritten', page: 0, rect: { x: 400, y: 100, width: 100, height: 40 }, imagePng: broken }], jobId: 'job-0000000015' });
    expect(!bad.ok && bad.error.code).toBe('E_PDF_UNSUPPORTED');
  }, 60_000);
});
