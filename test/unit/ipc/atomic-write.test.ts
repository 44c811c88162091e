import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openAtomic, writeFileAtomic } from '../../../electron/services/fs/atomic-write';

describe('atomic output files', () => {
  it('appear only when complete', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-atomic-'));
    const p = path.join(dir, 'bid.sealed');
    const f = await openAtomic(p);
    await f.write(new Uint8Array([1, 2, 3]));
    expect(readdirSync(dir)).toEqual(['bid.sealed.partial']);
    await f.commit();
    expect(readdirSync(dir)).toEqual(['bid.sealed']);
    expect([...readFileSync(p)]).toEqual([1, 2, 3]);
  });

  it('an aborted write leaves the earlier file untouched and no partial file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-atomic-'));
    const p = path.join(dir, 'bid.pdf');
    writeFileSync(p, 'the user’s earlier version');
    const f = await openAtomic(p);
    await f.write(new Uint8Array(1000));
    await f.abort();
    expect(readdirSync(dir)).toEqual(['bid.pdf']);
    expect(readFileSync(p, 'utf8')).toBe('the user’s earlier version');
  });

  it('a folder that does not exist gives E_FILE_WRITE and writes nothing', async () => {
    await expect(writeFileAtomic('/nonexistent-dir/x/out.bin', new Uint8Array(1))).rejects.toMatchObject({ code: 'E_FILE_WRITE' });
  });
});
// a write that fails midway: test/unit/ipc/output-file.test.ts (both ways to the disk)
