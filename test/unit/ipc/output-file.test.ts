import { describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openOutputFile } from '../../../electron/services/fs/output-file';
import { openAtomic } from '../../../electron/services/fs/atomic-write';
import { readFileChunks } from '../../../electron/services/fs/file-read';

const MiB = 1 << 20;
/** sizes around the 4 KiB blocks and 1 MiB slots of the direct path */
const SIZES = [0, 1, 4095, 4096, 4097, MiB - 1, MiB, MiB + 1, 9 * MiB + 12345];

/** `data` cut into chunks of random lengths (some empty, some larger than a slot) */
function chunked(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length;) {
    const n = Math.min(data.length - at, [0, 1, 17, 4096, 65536, 1_500_000][Math.floor(Math.random() * 6)]);
    out.push(data.subarray(at, at + n));
    at += n;
  }
  return out;
}

const directAvailable = constants.O_DIRECT !== undefined;

describe('output files', () => {
  for (const mode of ['large', 'buffered'] as const) {
    it(`${mode}: writes exactly the bytes, whatever the size and chunking, from memory the caller reuses once write() resolves`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-out-'));
      const reused = new Uint8Array(1_500_000);
      try {
        for (const size of SIZES) {
          const data = new Uint8Array(randomBytes(size));
          const p = path.join(dir, `f${size}`);
          const f = await openOutputFile(p, { large: mode === 'large' });
          if (mode === 'buffered') expect(f.direct).toBe(false);
          let given = 0;
          let last = 0;
          for (const c of chunked(data)) {
            reused.set(c);
            await f.write(reused.subarray(0, c.length));
            reused.fill(0xa5);
            given += c.length;
            // `written`: never backwards, never past what was given, and those bytes are in the file already
            const w = f.written; // (it moves on while this reads)
            expect(w).toBeGreaterThanOrEqual(last);
            expect(w).toBeLessThanOrEqual(given);
            if (w > last) {
              const fh = await open(p, 'r');
              const b = Buffer.alloc(w - last);
              expect((await fh.read(b, 0, b.length, last)).bytesRead).toBe(b.length);
              await fh.close();
              expect(Buffer.compare(b, data.subarray(last, w))).toBe(0);
              last = w;
            }
          }
          await f.finish();
          expect(f.written).toBeGreaterThanOrEqual(size - (size % 4096));
          const got = readFileSync(p);
          expect(got.length).toBe(size);
          expect(Buffer.compare(got, data)).toBe(0);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it.skipIf(!directAvailable)('a large output goes past the page cache (O_DIRECT): none of it stays cached', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-out-'));
    try {
      const p = path.join(dir, 'big');
      const f = await openOutputFile(p, { large: true });
      if (!f.direct) {
        console.warn(`O_DIRECT refused in ${tmpdir()}: the buffered path was taken`);
        await f.destroy();
        return;
      }
      const chunk = new Uint8Array(randomBytes(MiB));
      for (let i = 0; i < 16; i++) await f.write(chunk);
      await f.finish();
      const r = spawnSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', p], { encoding: 'utf8' });
      if (r.status !== 0) return console.warn('no fincore: page-cache residency not checked');
      expect(Number(r.stdout.trim())).toBeLessThan(MiB); // a buffered write leaves all 16 MiB cached
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('BIDSEAL_NO_DIRECT_IO=1 keeps large outputs buffered', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-out-'));
    process.env.BIDSEAL_NO_DIRECT_IO = '1';
    try {
      const f = await openOutputFile(path.join(dir, 'x'), { large: true });
      expect(f.direct).toBe(false);
      await f.write(new Uint8Array([1, 2, 3]));
      await f.finish();
      expect([...readFileSync(path.join(dir, 'x'))]).toEqual([1, 2, 3]);
    } finally {
      delete process.env.BIDSEAL_NO_DIRECT_IO;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('destroy after a partial write leaves the file to the caller, closed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-out-'));
    try {
      const p = path.join(dir, 'x');
      const f = await openOutputFile(p, { large: true });
      await f.write(new Uint8Array(3 * MiB + 5));
      await f.destroy();
      await f.destroy();
      rmSync(p);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const large of [true, false]) {
    it(`${large ? 'large' : 'buffered'}: a write that fails midway (file size limit) surfaces, leaves no partial, keeps the earlier file`, () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-out-'));
      try {
        const p = path.join(dir, 'bid.p7m');
        writeFileSync(p, 'the user’s earlier bid');
        const script = [
          `import { openAtomic } from ${JSON.stringify(path.resolve('electron/services/fs/atomic-write.ts'))};`,
          `process.on('SIGXFSZ', () => {});`,
          `const f = await openAtomic(${JSON.stringify(p)}, { large: ${large} });`,
          `let code = 'none';`,
          `try { for (let i = 0; i < 64; i++) await f.write(new Uint8Array(64 * 1024 + 7).fill(i)); await f.commit(); } catch (e) { code = e.code + ' ' + e.message; }`,
          `console.log(code);`,
        ].join('\n');
        const r = spawnSync('bash', ['-c', `ulimit -f 1024; exec "${process.execPath}" --import tsx --input-type=module -e "$0"`, script], { encoding: 'utf8', cwd: path.resolve('.') });
        expect(r.stderr).toBe('');
        expect(r.stdout.trim()).toMatch(/^E_FILE_WRITE .*EFBIG/);
        expect(readdirSync(dir)).toEqual(['bid.p7m']);
        expect(readFileSync(p, 'utf8')).toBe('the user’s earlier bid');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  for (const large of [true, false]) {
    it(`${large ? 'large' : 'buffered'}: syncs in the background as it writes (so the final sync waits for little), and a failed background sync fails finish()`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-out-'));
      const probe = await open(path.join(dir, 'probe'), 'w');
      const proto = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
      await probe.close();
      const spy = vi.spyOn(proto, 'datasync');
      try {
        const chunk = new Uint8Array(randomBytes(MiB));
        const f = await openOutputFile(path.join(dir, 'big'), { large });
        for (let i = 0; i < 100; i++) await f.write(chunk);
        await f.finish();
        // 100 MiB: a background fdatasync after each 32 MiB written (one at a time)
        expect(spy.mock.calls.length).toBeGreaterThanOrEqual(2);
        spy.mockRejectedValue(Object.assign(new Error('I/O error'), { code: 'EIO' }));
        const g = await openOutputFile(path.join(dir, 'big2'), { large });
        const run = async () => {
          for (let i = 0; i < 40; i++) await g.write(chunk);
          await g.finish();
        };
        await expect(run()).rejects.toMatchObject({ code: 'EIO' });
      } finally {
        spy.mockRestore();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('openAtomic with large commits the same bytes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-out-'));
    try {
      const p = path.join(dir, 'bid.bid');
      const data = new Uint8Array(randomBytes(2 * MiB + 100));
      const f = await openAtomic(p, { large: true });
      for (const c of chunked(data)) await f.write(c);
      await f.commit();
      expect(Buffer.compare(readFileSync(p), data)).toBe(0);
      expect(readdirSync(dir)).toEqual(['bid.bid']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reading back directly, or into two reused buffers, gives the same bytes in the same chunks as reading through the page cache', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-out-'));
    try {
      for (const size of SIZES) {
        const p = path.join(dir, `r${size}`);
        const data = new Uint8Array(randomBytes(size));
        writeFileSync(p, data);
        for (const chunkSize of [MiB, 8192, 1000]) {
          const buffers = new Set<ArrayBufferLike>();
          const read = async (o: { direct?: boolean; reuse?: boolean }) => {
            const parts: Uint8Array[] = [];
            let counted = 0;
            for await (const c of readFileChunks(p, (n) => (counted += n), undefined, chunkSize, o)) {
              if (o.reuse) buffers.add(c.buffer);
              parts.push(o.reuse ? c.slice() : c); // a reused chunk is valid until the next is asked for
            }
            expect(counted).toBe(size);
            return parts;
          };
          const [a, b, c] = [await read({ direct: true }), await read({}), await read({ reuse: true })];
          expect(a.map((x) => x.length)).toEqual(b.map((x) => x.length));
          expect(c.map((x) => x.length)).toEqual(b.map((x) => x.length));
          expect(Buffer.compare(Buffer.concat(a), data)).toBe(0);
          expect(Buffer.compare(Buffer.concat(c), data)).toBe(0);
          // reuse: two buffers read in turn, whatever the size
          expect(buffers.size).toBeLessThanOrEqual(2);
        }
      }
      const ac = new AbortController();
      ac.abort();
      await expect((async () => {
        for await (const _ of readFileChunks(path.join(dir, `r${MiB}`), undefined, ac.signal, MiB, { direct: true })) void _;
      })()).rejects.toMatchObject({ code: 'E_CANCELLED' });
      for (const o of [{ direct: true }, { reuse: true }]) {
        await expect((async () => {
          for await (const _ of readFileChunks(path.join(dir, 'missing'), undefined, undefined, MiB, o)) void _;
        })()).rejects.toMatchObject({ code: 'E_FILE_NOT_FOUND' });
      }
      await expect((async () => {
        for await (const _ of readFileChunks(path.join(dir, `r${MiB}`), undefined, ac.signal, MiB, { reuse: true })) void _;
      })()).rejects.toMatchObject({ code: 'E_CANCELLED' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
