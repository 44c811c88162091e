// Batch signing with one opened carrier (electron/services/pdf/batch.ts): every file signed to its output
// through .partial, a broken file reported while the rest go on, progress per file, and a cancel that lets
// the current file finish and skips the rest without leaving a half-written file.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { signPdfBatch, type BatchProgress } from '../../../electron/services/pdf/batch';
import { verifyPdfFile } from '../../../electron/services/pdf/file';
import { hasPdfsig, makeKey, minimalPdf, pdfsig, softwareSigner, tmp } from '../../helpers/pdf';
import { hasOpenssl } from '../../helpers/vectors';

describe.skipIf(!hasOpenssl)('signing a batch of PDFs with one carrier', () => {
  const work = hasOpenssl ? tmp() : '';
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const inDir = path.join(work, 'in');
  const outDir = path.join(work, 'out');
  if (hasOpenssl) {
    for (const d of [inDir, outDir]) rmSync(d, { recursive: true, force: true });
    mkdirSync(inDir);
    mkdirSync(outDir);
  }
  const file = (name: string, bytes: Uint8Array) => {
    const f = path.join(inDir, name);
    writeFileSync(f, bytes);
    return { input: f, output: path.join(outDir, name) };
  };

  it('signs every file, reports the corrupt one and goes on; each signature counts once per signDigest', async () => {
    const signer = softwareSigner(makeKey(work, 'ec-p256'));
    let calls = 0;
    const counting = { ...signer, signDigest: (d: Uint8Array, a: Parameters<typeof signer.signDigest>[1]) => (calls++, signer.signDigest(d, a)) };
    const files = [file('a.pdf', minimalPdf({ pages: 2 })), file('broken.pdf', Buffer.from('%PDF-1.7\nnothing here\n'.padEnd(400, 'x'))), file('c.pdf', minimalPdf({ xrefStream: true, bulk: 3 << 20 }))];
    const seen: BatchProgress[] = [];
    const results = await signPdfBatch(counting, files, { alg: 'ecdsa-sha256', name: 'Batch' }, { onProgress: (p) => seen.push(p) });
    expect(results.map((r) => r.status)).toEqual(['signed', 'failed', 'signed']);
    expect(results[1].error?.code).toBe('E_PDF_CORRUPT');
    expect(calls).toBe(2);
    expect(existsSync(files[1].output)).toBe(false);
    for (const f of [files[0], files[2]]) {
      const [r] = await verifyPdfFile(f.output);
      expect(r).toMatchObject({ intact: true, coverage: 'entire-file' });
      if (hasPdfsig) expect(pdfsig(f.output)).toContain('Signature is Valid');
    }
    expect(seen.filter((p) => p.phase === 'done').map((p) => p.index)).toEqual([0, 2]);
    expect(seen.filter((p) => p.phase === 'failed').map((p) => p.index)).toEqual([1]);
    const last = seen.filter((p) => p.index === 2 && p.phase === 'hashing').pop()!;
    expect(last.bytesTotal).toBeGreaterThan(3 << 20);
    expect(readdirSync(outDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('a cancel during the first file lets it finish and skips the rest, leaving no partial file', async () => {
    const signer = softwareSigner(makeKey(work, 'rsa'));
    const files = ['x1.pdf', 'x2.pdf', 'x3.pdf'].map((n) => file(n, minimalPdf({ bulk: 4 << 20 })));
    const ac = new AbortController();
    const results = await signPdfBatch(signer, files, { alg: 'rsa-pkcs1-sha256' }, { signal: ac.signal, onProgress: (p) => p.index === 0 && p.bytesDone > 1 << 20 && ac.abort() });
    expect(ac.signal.aborted).toBe(true);
    expect(results.map((r) => r.status)).toEqual(['signed', 'skipped', 'skipped']);
    expect(existsSync(files[0].output)).toBe(true);
    expect(existsSync(files[1].output) || existsSync(files[2].output)).toBe(false);
    expect(readdirSync(outDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect((await verifyPdfFile(files[0].output))[0].intact).toBe(true);
  });
});

describe.skipIf(!hasOpenssl)('signPdfFile writes in one pass and leaves nothing on failure', () => {
  const work = hasOpenssl ? tmp() : '';
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('a carrier that is cancelled (PIN dialog closed) after the copy began leaves no output and no .partial', async () => {
    const signer = softwareSigner(makeKey(work, 'ec-p256'));
    const input = path.join(work, 'in.pdf');
    writeFileSync(input, minimalPdf({ bulk: 2 << 20 }));
    const cancelled = { ...signer, signDigest: async () => Promise.reject(Object.assign(new Error('cancelled'), { code: 'E_CANCELLED' })) };
    const { signPdfFile } = await import('../../../electron/services/pdf/file');
    await expect(signPdfFile(input, path.join(work, 'out.pdf'), cancelled, { alg: 'ecdsa-sha256' })).rejects.toMatchObject({ code: 'E_CANCELLED' });
    expect(readdirSync(work).sort()).toEqual(['ec-p256.crt', 'ec-p256.key', 'in.pdf']);
  });

  it('refuses a cross-page seal on a rotated page (E_PDF_UNSUPPORTED) rather than misplacing it', async () => {
    const { signPdf } = await import('../../../shared/pdf/sign');
    const { MemorySource } = await import('../../../shared/pdf/source');
    const { sealPng } = await import('../../helpers/pdf');
    const rotated = Buffer.from(Buffer.from(minimalPdf({ pages: 2 })).toString('latin1').replace('/Type /Pages /Kids', '/Type /Pages /Rotate 90 /Kids'), 'latin1');
    await expect(signPdf(new MemorySource(rotated), softwareSigner(makeKey(work, 'ec-p256')), { alg: 'ecdsa-sha256', crossPage: { image: sealPng(), width: 100 } })).rejects.toMatchObject({ code: 'E_PDF_UNSUPPORTED' });
  });
});
