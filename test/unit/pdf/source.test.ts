import { describe, expect, it } from 'vitest';
import { constants, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { CHUNK, ConcatSource, MemorySource, hashRange, readRange, transientChunks } from '../../../shared/pdf/source';
import { createHash } from 'node:crypto';
import { truncateSync } from 'node:fs';
import { FileSource, writeChunksAtomically } from '../../../electron/services/pdf/file';
import { tmp } from '../../helpers/pdf';
import { readFileSync, existsSync } from 'node:fs';

const bytes = Uint8Array.from({ length: 5000 }, (_, i) => i & 0xff);

describe('random-access sources', () => {
  it('reads ranges from memory and clips at the end', async () => {
    const s = new MemorySource(bytes);
    expect(s.size).toBe(5000);
    expect([...(await s.read(10, 3))]).toEqual([10, 11, 12]);
    expect((await s.read(4998, 10)).length).toBe(2);
  });

  it('streams a range in bounded chunks', async () => {
    const parts: Uint8Array[] = [];
    for await (const c of readRange(new MemorySource(bytes), 100, 2500, 1000)) parts.push(c);
    expect(parts.map((p) => p.length)).toEqual([1000, 1000, 500]);
    expect(parts[0][0]).toBe(100);
  });

  it('rejects a range outside the file with a typed error', async () => {
    await expect(async () => {
      for await (const _ of readRange(new MemorySource(bytes), 4000, 2000));
    }).rejects.toMatchObject({ code: 'E_PDF_CORRUPT' });
  });

  it('hashRange gives the digest of the bytes, from a file (two reused buffers) and from memory, whatever the range', async () => {
    const data = randomBytes(3 * CHUNK + 12_345);
    const f = path.join(tmp(), 'h.bin');
    writeFileSync(f, data);
    const file = await FileSource.open(f);
    try {
      expect(typeof file.readInto).toBe('function');
      const ranges: [number, number][] = [[0, data.length], [0, 0], [1, CHUNK], [CHUNK - 1, 2 * CHUNK + 7], [data.length - 5, 5]];
      for (let k = 0; k < 6; k++) {
        const o = Math.floor(Math.random() * data.length);
        ranges.push([o, Math.floor(Math.random() * (data.length - o))]);
      }
      for (const [o, l] of ranges) {
        const want = createHash('sha256').update(data.subarray(o, o + l)).digest('hex');
        for (const src of [file, new MemorySource(data)]) {
          const h = createHash('sha256');
          await hashRange(src, o, l, h);
          expect(h.digest('hex'), `${o}+${l}`).toBe(want);
        }
      }
      await expect(hashRange(file, data.length - 10, 11, createHash('sha256'))).rejects.toMatchObject({ code: 'E_PDF_CORRUPT' });
      const ac = new AbortController();
      ac.abort();
      await expect(hashRange(file, 0, 10, createHash('sha256'), ac.signal)).rejects.toMatchObject({ code: 'E_CANCELLED' });
      // a file that shrinks under the reader: a typed error, never a digest of fewer bytes
      truncateSync(f, CHUNK + 10);
      await expect(hashRange(file, 0, data.length, createHash('sha256'))).rejects.toMatchObject({ code: 'E_TRUNCATED' });
    } finally {
      await file.close();
    }
  });

  it('concatenates a file and an appended revision', async () => {
    const s = new ConcatSource(new MemorySource(bytes.subarray(0, 10)), Uint8Array.of(200, 201));
    expect([...(await s.read(8, 4))]).toEqual([8, 9, 200, 201]);
    // over a file, it reads into a caller's buffer too, at every offset and length, head, tail or across
    const dir = tmp();
    const f = path.join(dir, 'head.bin');
    writeFileSync(f, bytes);
    const tail = new Uint8Array(randomBytes(3000));
    const whole = Buffer.concat([bytes, tail]);
    const head = await FileSource.open(f);
    try {
      const c = new ConcatSource(head, tail);
      expect(new ConcatSource(new MemorySource(bytes), tail).readInto).toBeUndefined();
      for (const [o, l] of [[0, 8000], [4990, 20], [5000, 100], [7990, 100], [8000, 5], [0, 1], [4999, 1], [123, 4877], [2000, 1 << 20]]) {
        const t = new Uint8Array(l);
        const n = await c.readInto!(o, t);
        expect(n).toBe(Math.max(0, Math.min(l, whole.length - o)));
        expect(Buffer.compare(t.subarray(0, n), whole.subarray(o, o + n))).toBe(0);
      }
      // a whole copy through two reused buffers, as extending a signed PDF reads it
      const parts: Buffer[] = [];
      for await (const x of transientChunks(c, 0, c.size)) parts.push(Buffer.from(x));
      expect(Buffer.compare(Buffer.concat(parts), whole)).toBe(0);
    } finally {
      await head.close();
    }
  });

  it('reads a file by offset through a FileHandle and writes via name.partial', async () => {
    const dir = tmp();
    const f = path.join(dir, 'a.bin');
    writeFileSync(f, bytes);
    const s = await FileSource.open(f);
    try {
      expect(s.size).toBe(5000);
      expect([...(await s.read(4096, 2))]).toEqual([0, 1]);
    } finally {
      await s.close();
    }
    const out = path.join(dir, 'b.bin');
    async function* gen() {
      yield Uint8Array.of(1, 2);
      yield Uint8Array.of(3);
    }
    await writeChunksAtomically(out, gen());
    expect([...readFileSync(out)]).toEqual([1, 2, 3]);
    expect(existsSync(out + '.partial')).toBe(false);
  });

  it('leaves no output when the chunk stream fails', async () => {
    const out = path.join(tmp(), 'c.bin');
    async function* bad() {
      yield Uint8Array.of(1);
      throw new Error('token unplugged');
    }
    await expect(writeChunksAtomically(out, bad())).rejects.toMatchObject({ code: 'E_FILE_WRITE', cause: expect.objectContaining({ message: 'token unplugged' }) });
    expect(existsSync(out)).toBe(false);
    expect(existsSync(out + '.partial')).toBe(false);
  });

  it('a direct (O_DIRECT) file source reads the same bytes as the buffered one, at any offset and length', async () => {
    const file = path.join(tmp(), 'direct.bin');
    const data = new Uint8Array(randomBytes(3 * 1024 * 1024 + 777));
    writeFileSync(file, data);
    const direct = await FileSource.open(file, { direct: true });
    expect(direct.direct).toBe(constants.O_DIRECT !== undefined);
    try {
      const cases: Array<[number, number]> = [[0, 1], [0, 4096], [4095, 2], [4096, 4096], [data.length - 5, 100], [data.length, 10], [12345, 2_500_000], [0, data.length]];
      for (let i = 0; i < 40; i++) cases.push([Math.floor(Math.random() * data.length), Math.floor(Math.random() * 1_500_000)]);
      const want = ([o, l]: [number, number]) => data.subarray(o, Math.min(data.length, o + l));
      for (const c of cases) {
        const got = await direct.read(...c);
        expect(Buffer.compare(got, want(c))).toBe(0);
        // readInto fills the caller's buffer from the same scratch memory
        const back = new Uint8Array(c[1] + 3).fill(0xee);
        const n = await direct.readInto(c[0], back.subarray(0, c[1]));
        expect(n).toBe(want(c).length);
        expect(Buffer.compare(back.subarray(0, n), want(c))).toBe(0);
        expect(back.subarray(n).every((b) => b === 0xee)).toBe(true);
      }
      // the reads share one scratch memory: asked for all at once, each still gets its own bytes
      const all = await Promise.all(cases.map((c, i) => (i % 2 ? direct.read(...c) : direct.readInto(c[0], new Uint8Array(c[1])).then(() => direct.read(...c)))));
      all.forEach((got, i) => expect(Buffer.compare(got, want(cases[i]))).toBe(0));
      // a read past the end is refused, and the reads after it still work
      const cut = await FileSource.open(file, { direct: true });
      try {
        truncateSync(file, 4096);
        await expect(cut.read(0, 8192)).rejects.toMatchObject({ code: 'E_TRUNCATED' });
        expect(Buffer.compare(await cut.read(0, 4096), data.subarray(0, 4096))).toBe(0);
      } finally {
        await cut.close();
      }
    } finally {
      await direct.close();
    }
  });

  it('reports a missing file as E_FILE_NOT_FOUND', async () => {
    await expect(FileSource.open('/nonexistent/x.pdf')).rejects.toMatchObject({ code: 'E_FILE_NOT_FOUND' });
    await expect(FileSource.open('/nonexistent/x.pdf', { direct: true })).rejects.toMatchObject({ code: 'E_FILE_NOT_FOUND' });
  });
});
