// The read-back check of a signed PDF (electron/services/pdf/file.ts, read-back.ts): a disk that gives back
// other bytes than it was given must never leave a signed PDF that looks valid, nor touch the user's earlier file;
// for a small file the check hashes the finished file, for a large one it reads the original part back while
// signing goes on, hashed on a worker thread.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { hasPdfsig, makeKey, minimalPdf, pdfsig, softwareSigner, tmp, type TestKey } from '../../helpers/pdf';
import { hasOpenssl } from '../../helpers/vectors';
import { ReadBack } from '../../../electron/services/pdf/read-back';

/**
 * The stand-in disk's fault: reading the .partial file back, the byte at `at` (a file offset; negative: from
 * the end) comes back flipped. The suite shares one process with the others (vitest.config.ts: no module
 * mocks), so the fault sits on FileHandle.read, for the file whose descriptor names a .partial.
 */
const fault = { at: undefined as number | undefined };
async function injectReadFault(): Promise<void> {
  const probe = await open(process.execPath, 'r');
  const proto = Object.getPrototypeOf(probe) as { read(...a: unknown[]): Promise<{ bytesRead: number }> };
  await probe.close();
  const realRead = proto.read;
  vi.spyOn(proto, 'read').mockImplementation(async function (this: FileHandle, ...args: unknown[]) {
    const r = await realRead.apply(this, args);
    if (fault.at === undefined || !readlinkSync(`/proc/self/fd/${this.fd}`).endsWith('.partial')) return r;
    const [buf, off, , pos] = args as [Uint8Array, number, number, number];
    const at = fault.at < 0 ? (await this.stat()).size + fault.at : fault.at;
    if (at >= pos && at < pos + r.bytesRead) buf[off + at - pos] ^= 0x01;
    return r;
  });
}

describe.skipIf(!hasOpenssl || process.platform !== 'linux')('a signed PDF is read back from the disk before it gets its name', () => {
  const work = hasOpenssl ? tmp() : '';
  const key: TestKey = hasOpenssl ? makeKey(work, 'ec-p256') : undefined!;
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  afterEach(() => {
    fault.at = undefined;
    vi.restoreAllMocks();
  });
  const earlier = Buffer.from('%PDF-1.7 the bidder’s earlier signed copy\n');

  const sm2: TestKey = hasOpenssl ? makeKey(work, 'sm2') : undefined!;
  const cases = [
    ['ECDSA, 3 MB, checked after writing', 3 << 20, false, key, 'ecdsa-sha256'],
    ['ECDSA, 40 MB, checked after writing (SHA-256 is not read back on the worker)', 40 << 20, false, key, 'ecdsa-sha256'],
    ['SM2, 40 MB, read back while signing', 40 << 20, true, sm2, 'sm2-sm3'],
  ] as const;
  for (const [label, bulk, overlapped, k, alg] of cases) {
    it(`${label}: a byte that reads back changed (in the original part, in /Contents, at the end) is E_PDF_SELF_CHECK_FAILED, the earlier file kept, no .partial`, async () => {
      const dir = path.join(work, `${alg}-${bulk}`);
      rmSync(dir, { recursive: true, force: true });
      const input = path.join(dir, 'in.pdf');
      const output = path.join(dir, 'out.pdf');
      const pdf = minimalPdf({ bulk });
      mkdirSync(dir);
      writeFileSync(input, pdf);
      const { signPdfFile, verifyPdfFile } = await import('../../../electron/services/pdf/file');
      const finish = vi.spyOn(ReadBack.prototype, 'finish');
      await injectReadFault();
      const sign = () => signPdfFile(input, output, softwareSigner(k), { alg });
      // a good run: where /Contents lies, and whether the read-back digest was used
      await sign();
      const good = readFileSync(output);
      expect((await verifyPdfFile(output))[0]).toMatchObject({ intact: true, coverage: 'entire-file' });
      if (hasPdfsig && alg !== 'sm2-sm3') expect(pdfsig(output)).toContain('Signature is Valid'); // (poppler has no SM2)
      const results = await Promise.all(finish.mock.results.map((r) => r.value));
      expect(results.length === 1 && typeof results[0] === 'function').toBe(overlapped);
      const br = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/.exec(good.subarray(pdf.length).toString('latin1'))!;
      const inContents = Number(br[1]) + 20; // the gap (the hex string) starts where the first range ends
      for (const at of [100, (2 << 20) + 7, pdf.length - 3, inContents, -5]) {
        writeFileSync(output, earlier);
        fault.at = at;
        await expect(sign(), `fault at ${at}`).rejects.toMatchObject({ code: 'E_PDF_SELF_CHECK_FAILED' });
        expect(readFileSync(output).equals(earlier)).toBe(true);
        expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
      }
      expect(existsSync(input)).toBe(true);
    });
  }

  it('a read-back that fails (here: gives no digest) leaves the check to hash the file itself', async () => {
    const dir = path.join(work, 'fallback');
    mkdirSync(dir, { recursive: true });
    const input = path.join(dir, 'in.pdf');
    writeFileSync(input, minimalPdf({ bulk: 40 << 20 }));
    const { signPdfFile, verifyPdfFile } = await import('../../../electron/services/pdf/file');
    const finish = vi.spyOn(ReadBack.prototype, 'finish').mockResolvedValue(undefined);
    await injectReadFault();
    const sm2 = makeKey(dir, 'sm2');
    await signPdfFile(input, path.join(dir, 'out.pdf'), softwareSigner(sm2), { alg: 'sm2-sm3' });
    expect(finish).toHaveBeenCalledTimes(1);
    expect((await verifyPdfFile(path.join(dir, 'out.pdf')))[0].intact).toBe(true);
    fault.at = 12345;
    await expect(signPdfFile(input, path.join(dir, 'out2.pdf'), softwareSigner(sm2), { alg: 'sm2-sm3' })).rejects.toMatchObject({ code: 'E_PDF_SELF_CHECK_FAILED' });
    expect(readdirSync(dir).filter((f) => f.endsWith('.pdf') || f.endsWith('.partial')).sort()).toEqual(['in.pdf', 'out.pdf']);
  });
});
