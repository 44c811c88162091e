// The read-back check of a signed PDF (electron/services/pdf/file.ts): a disk that returns other bytes than
// were written must never leave a signed PDF that looks valid, nor touch the user's earlier file.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { hasPdfsig, makeKey, minimalPdf, pdfsig, softwareSigner, tmp } from '../../helpers/pdf';
import { hasOpenssl } from '../../helpers/vectors';

/** where the stand-in disk flips a byte of the finished .partial file (an offset from its start, or from its end when negative) */
const fault = vi.hoisted(() => ({ at: undefined as number | undefined }));

vi.mock('../../../electron/services/fs/atomic-write', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../../electron/services/fs/atomic-write')>();
  const flip = (file: string, at: number) => {
    const fd = openSync(file, 'r+');
    try {
      const size = readFileSync(file).length;
      const pos = at < 0 ? size + at : at;
      const b = Buffer.alloc(1);
      readSync(fd, b, 0, 1, pos);
      b[0] ^= 0x01;
      writeSync(fd, b, 0, 1, pos);
    } finally {
      closeSync(fd);
    }
  };
  return {
    ...m,
    openAtomic: async (...a: Parameters<typeof m.openAtomic>) => {
      const f = await m.openAtomic(...a);
      return {
        ...f,
        prepare: async () => {
          await f.prepare();
          if (fault.at !== undefined) flip(f.partialPath, fault.at);
        },
      };
    },
  };
});

describe.skipIf(!hasOpenssl)('a signed PDF is read back from the disk before it gets its name', () => {
  const work = hasOpenssl ? tmp() : '';
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const input = path.join(work, 'in.pdf');
  const output = path.join(work, 'out.pdf');
  const earlier = Buffer.from('%PDF-1.7 the bidder’s earlier signed copy\n');

  it('a byte changed on the way to the disk (in the original part, in /Contents, at the end) is E_PDF_SELF_CHECK_FAILED, leaving the earlier file and no .partial', async () => {
    const key = makeKey(work, 'ec-p256');
    const pdf = minimalPdf({ bulk: 3 << 20 }); // several chunks, so the read-back streams
    writeFileSync(input, pdf);
    const { signPdfFile } = await import('../../../electron/services/pdf/file');
    for (const at of [100, (2 << 20) + 7, -5]) {
      writeFileSync(output, earlier);
      fault.at = at;
      await expect(signPdfFile(input, output, softwareSigner(key), { alg: 'ecdsa-sha256' })).rejects.toMatchObject({ code: 'E_PDF_SELF_CHECK_FAILED' });
      expect(readFileSync(output).equals(earlier)).toBe(true);
      expect(readdirSync(work).filter((f) => f.endsWith('.partial'))).toEqual([]);
    }
    // /Contents (not covered by the digest: the signature value itself changes): found in a good run's output
    fault.at = undefined;
    rmSync(output);
    await signPdfFile(input, output, softwareSigner(key), { alg: 'ecdsa-sha256' });
    const good = readFileSync(output);
    const br = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/.exec(good.subarray(pdf.length).toString('latin1'))!;
    const inContents = Number(br[1]) + 20; // the gap starts at the end of the first range
    if (hasPdfsig) expect(pdfsig(output)).toContain('Signature is Valid');
    writeFileSync(output, earlier);
    fault.at = inContents;
    await expect(signPdfFile(input, output, softwareSigner(key), { alg: 'ecdsa-sha256' })).rejects.toMatchObject({ code: 'E_PDF_SELF_CHECK_FAILED' });
    expect(readFileSync(output).equals(earlier)).toBe(true);
    expect(readdirSync(work).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(existsSync(input)).toBe(true);
    fault.at = undefined;
  });
});
