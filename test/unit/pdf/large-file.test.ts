import { afterAll, describe, expect, it } from 'vitest';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { prepare } from '../../../shared/pdf/sign';
import { verifyPdf } from '../../../shared/pdf/verify';
import type { RandomAccessSource } from '../../../shared/pdf/source';
import { FileSource, signPdfFile } from '../../../electron/services/pdf/file';
import { hasPdfsig, makeKey, minimalPdf, pdfsig, softwareSigner, tmp } from '../../helpers/pdf';
import { hasOpenssl } from '../../helpers/vectors';

class CountingSource implements RandomAccessSource {
  total = 0;
  largest = 0;
  constructor(private readonly inner: RandomAccessSource) {}
  get size() {
    return this.inner.size;
  }
  async read(o: number, l: number) {
    const b = await this.inner.read(o, l);
    this.total += b.length;
    this.largest = Math.max(this.largest, b.length);
    return b;
  }
}

describe.skipIf(!hasOpenssl)('large documents are streamed, never loaded whole', () => {
  const work = hasOpenssl ? tmp() : '';
  const key = hasOpenssl ? makeKey(work, 'ec-p256') : undefined!;
  const big = path.join(work, 'big.pdf');
  if (hasOpenssl) writeFileSync(big, minimalPdf({ bulk: 40 << 20 }));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('prepares a 40 MB PDF reading it once in ≤ 1 MB chunks', async () => {
    const fsrc = await FileSource.open(big);
    const src = new CountingSource(fsrc);
    try {
      await prepare(src, { alg: 'ecdsa-sha256', certificateDer: key.certDer });
      expect(src.largest).toBeLessThanOrEqual(1 << 20);
      expect(src.total).toBeLessThan(src.size + (1 << 20));
    } finally {
      await fsrc.close();
    }
  });

  it('signs a file on disk through name.partial and the result verifies (ours and pdfsig)', async () => {
    const out = path.join(work, 'big-signed.pdf');
    await signPdfFile(big, out, softwareSigner(key), { alg: 'ecdsa-sha256' });
    expect(statSync(out).size).toBeGreaterThan(statSync(big).size);
    const fsrc = await FileSource.open(out);
    const src = new CountingSource(fsrc);
    try {
      const [r] = await verifyPdf(src);
      expect(r).toMatchObject({ intact: true, coverage: 'entire-file' });
      expect(src.largest).toBeLessThanOrEqual(1 << 20);
    } finally {
      await fsrc.close();
    }
    if (hasPdfsig) expect(pdfsig(out)).toContain('Signature is Valid');
  });

  it('verifying one field by name reads its ByteRange only (a signer checking its new signature), not every signature\'s', async () => {
    const once = path.join(work, 'big-signed.pdf');
    const twice = path.join(work, 'big-signed-twice.pdf');
    await signPdfFile(once, twice, softwareSigner(key), { alg: 'ecdsa-sha256' });
    const fsrc = await FileSource.open(twice);
    try {
      const all = new CountingSource(fsrc);
      expect((await verifyPdf(all)).map((r) => [r.fieldName, r.intact])).toEqual([['Signature1', true], ['Signature2', true]]);
      const one = new CountingSource(fsrc);
      const reports = await verifyPdf(one, { fieldNames: ['Signature2'] });
      expect(reports.map((r) => [r.fieldName, r.intact, r.coverage])).toEqual([['Signature2', true, 'entire-file']]);
      expect(one.total).toBeLessThan(fsrc.size + (2 << 20));
      expect(all.total).toBeGreaterThan(2 * fsrc.size - (2 << 20));
      expect(await verifyPdf(one, { fieldNames: ['Nope'] })).toEqual([]);
      // a ByteRange digest the caller already has (read-back.ts) is used for that exact ByteRange and digest
      // only: nothing of the range is read then, and a wrong one fails the signature
      const [mine] = reports;
      const { createHash } = await import('node:crypto');
      const h = createHash('sha256');
      for (let i = 0; i < mine.byteRange.length; i += 2) h.update(await fsrc.read(mine.byteRange[i], mine.byteRange[i + 1]));
      const right = new Uint8Array(h.digest());
      for (const [given, intact, reads] of [[right, true, 'little'], [right.map((b) => b ^ 1), false, 'little'], [undefined, true, 'all']] as const) {
        const counted = new CountingSource(fsrc);
        const seen: string[] = [];
        const rangeDigest = (br: readonly number[], name: string) => (seen.push(name), br.join() === mine.byteRange.join() ? given : undefined);
        const [r] = await verifyPdf(counted, { fieldNames: ['Signature2'], rangeDigest });
        expect([r.intact, counted.total < 2 << 20 ? 'little' : 'all']).toEqual([intact, reads]);
        expect(seen).toEqual(['SHA-256']);
      }
    } finally {
      await fsrc.close();
    }
  });
});
