// The streaming STORE-only ZIP writer/reader (APPNOTE 6.3.10) against Info-ZIP `unzip`, Python's zipfile
// (ZIP64 forms included), a foreign writer's stored ZIP, and hostile samples (flipped bits, truncation,
// zip-slip names, a central directory that disagrees with the entries).
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Crc32, crc32, unzipStream, zipStream, type ZipEntryInput } from '../../../shared/bid/zip';
import { chunked, codeOfAsync, collect, pseudoRandom } from '../envelope/fixtures';

const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hasPython = spawnSync('python3', ['-c', 'import zipfile'], { stdio: 'ignore' }).status === 0;
const hasUnzip = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;

const entry = (name: string, data: Uint8Array, extra: Partial<ZipEntryInput> = {}): ZipEntryInput => ({ name, size: data.length, data: chunked(data, 7000, data.length + 1), modified: new Date(Date.UTC(2026, 10, 24, 9, 30, 12)), ...extra });

async function readAll(zip: Uint8Array, chunk = 3000) {
  const files = new Map<string, Uint8Array>();
  const it = unzipStream(chunked(zip, chunk));
  for (;;) {
    const r = await it.next();
    if (r.done) return { files, summary: r.value };
    files.set(r.value.name, await collect(r.value.data));
  }
}

describe('CRC-32 (ISO 3309)', () => {
  it('matches the check value and is chunking-independent', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const d = pseudoRandom(100_001, 5);
    const c = new Crc32();
    for (let o = 0; o < d.length; o += 13) c.update(d.subarray(o, o + 13));
    expect(c.digest()).toBe(crc32(d));
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('streaming STORE ZIP', () => {
  const docs: Array<[string, Uint8Array]> = [
    ['投标函.pdf', pseudoRandom(150_000, 1)],
    ['empty.txt', new Uint8Array(0)],
    ['技术标/方案.pdf', pseudoRandom(70_003, 2)],
    ['a.bin', pseudoRandom(1, 3)],
  ];

  it('round-trips entries of any size through our reader, whatever the chunking', async () => {
    const zip = await collect(zipStream(docs.map(([n, d]) => entry(n, d))));
    for (const chunk of [1, 17, 4096, 1 << 20]) {
      const { files, summary } = await readAll(zip, chunk);
      expect([...files.keys()]).toEqual(docs.map(([n]) => n));
      for (const [n, d] of docs) expect(Buffer.compare(files.get(n)!, d)).toBe(0);
      expect(summary.centralDirectoryConsistent).toBe(true);
      expect(summary.bytes).toBe(zip.length);
    }
  });

  it.skipIf(!hasUnzip)('Info-ZIP unzip tests and extracts it (UTF-8 names, data descriptors)', async () => {
    const zip = await collect(zipStream(docs.map(([n, d]) => entry(n, d))));
    writeFileSync(path.join(dir, 'a.zip'), zip);
    const t = execFileSync('unzip', ['-t', path.join(dir, 'a.zip')], { encoding: 'utf8' });
    expect(t).toMatch(/No errors detected/);
    execFileSync('unzip', ['-o', '-q', path.join(dir, 'a.zip'), '-d', path.join(dir, 'x')]);
    expect(Buffer.compare(readFileSync(path.join(dir, 'x', '技术标/方案.pdf')), docs[2][1])).toBe(0);
  });

  it.skipIf(!hasPython)('Python zipfile reads the ZIP64 forms (forced per entry) and verifies every CRC', async () => {
    const zip = await collect(zipStream(docs.map(([n, d]) => entry(n, d, { zip64: true }))));
    writeFileSync(path.join(dir, 'z64.zip'), zip);
    const out = execFileSync('python3', ['-c', 'import sys,zipfile,json; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps([z.testzip(), [(i.filename, i.file_size, i.compress_type) for i in z.infolist()]]))', path.join(dir, 'z64.zip')], { encoding: 'utf8' });
    const [bad, infos] = JSON.parse(out);
    expect(bad).toBeNull();
    expect(infos).toEqual(docs.map(([n, d]) => [n, d.length, 0]));
    const { files } = await readAll(zip);
    expect(Buffer.compare(files.get('投标函.pdf')!, docs[0][1])).toBe(0);
  });

  it.skipIf(!hasPython)('reads a stored ZIP written by another tool (Python zipfile, no data descriptors)', async () => {
    const p = path.join(dir, 'py.zip');
    execFileSync('python3', ['-c', "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_STORED); z.writestr('说明.txt', '中文'*1000); z.writestr('b.bin', bytes(range(256))*10); z.close()", p]);
    const { files } = await readAll(readFileSync(p));
    expect(new TextDecoder().decode(files.get('说明.txt')!)).toBe('中文'.repeat(1000));
    expect(files.get('b.bin')!.length).toBe(2560);
  });

  it('refuses unsafe, duplicate and wrongly sized entries when writing', async () => {
    for (const n of ['../x', '/etc/passwd', 'a\\b', 'a//b', 'C:x', 'a/./b', '']) expect(await codeOfAsync(() => collect(zipStream([entry(n, new Uint8Array(1))])))).toBe('E_INVALID_ARGUMENT');
    expect(await codeOfAsync(() => collect(zipStream([entry('a', new Uint8Array(1)), entry('a', new Uint8Array(1))])))).toBe('E_INVALID_ARGUMENT');
    expect(await codeOfAsync(() => collect(zipStream([{ name: 'a', size: 5, data: [new Uint8Array(4)] }])))).toBe('E_FILE_READ');
    expect(await codeOfAsync(() => collect(zipStream([{ name: 'a', size: 3, data: [new Uint8Array(4)] }])))).toBe('E_FILE_READ');
  });

  it('detects any flipped bit in data, headers or directory, and truncation', async () => {
    const a = pseudoRandom(3000, 9);
    const b = pseudoRandom(500, 8);
    const zip = await collect(zipStream([entry('a.pdf', a), entry('b.pdf', b)]));
    const codes = new Set<string | undefined>();
    for (let bit = 0; bit < zip.length * 8; bit += 97) {
      const t = zip.slice();
      t[bit >> 3] ^= 1 << (bit & 7);
      const c = await codeOfAsync(() => readAll(t));
      if (c === undefined) {
        // only fields that carry no meaning here (DOS times, version made by, attributes) may change silently
        const { files } = await readAll(t);
        expect(Buffer.compare(files.get('a.pdf')!, a)).toBe(0);
        expect(Buffer.compare(files.get('b.pdf')!, b)).toBe(0);
      }
      codes.add(c);
    }
    expect([...codes].filter(Boolean).every((c) => ['E_ZIP_CORRUPT', 'E_TRUNCATED', 'E_UNSUPPORTED_ALGORITHM'].includes(c!))).toBe(true);
    for (const cut of [1, 10, 22, 100, zip.length - 600]) expect(await codeOfAsync(() => readAll(zip.subarray(0, zip.length - cut)))).toMatch(/^E_(TRUNCATED|ZIP_CORRUPT)$/);
    // every data byte is covered by the CRC
    for (let i = 40; i < 3030; i += 101) {
      const t = zip.slice();
      t[i] ^= 0x40;
      expect(await codeOfAsync(() => readAll(t))).toBe('E_ZIP_CORRUPT');
    }
  });

  it.skipIf(!hasPython)('refuses a zip-slip entry name written by another tool', async () => {
    const p = path.join(dir, 'slip.zip');
    execFileSync('python3', ['-c', "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1],'w'); z.writestr('../../evil.txt', 'x'); z.close()", p]);
    expect(await codeOfAsync(() => readAll(readFileSync(p)))).toBe('E_ZIP_CORRUPT');
  });
});
