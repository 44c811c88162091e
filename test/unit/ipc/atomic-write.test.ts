import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
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

describe('a write that fails midway (file size limit, as a full disk would)', () => {
  it('surfaces at a later write or at commit, leaves no partial file and keeps the earlier file', async () => {
    // write() returns once the bytes are queued, so the failure shows later: run in a child with
    // `ulimit -f` (1 MiB), where writing past the limit fails with EFBIG instead of ENOSPC
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-atomic-'));
    const p = path.join(dir, 'bid.p7m');
    writeFileSync(p, 'the user’s earlier bid');
    const script = [
      `import { openAtomic } from ${JSON.stringify(path.resolve('electron/services/fs/atomic-write.ts'))};`,
      `process.on('SIGXFSZ', () => {});`,
      `const f = await openAtomic(${JSON.stringify(p)});`,
      `let code = 'none';`,
      `try { for (let i = 0; i < 64; i++) await f.write(new Uint8Array(64 * 1024).fill(i)); await f.commit(); } catch (e) { code = e.code + ' ' + e.message; }`,
      `console.log(code);`,
    ].join('\n');
    const r = spawnSync('bash', ['-c', `ulimit -f 1024; exec "${process.execPath}" --import tsx --input-type=module -e "$0"`, script], { encoding: 'utf8', cwd: path.resolve('.') });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toMatch(/^E_FILE_WRITE .*EFBIG/);
    expect(readdirSync(dir)).toEqual(['bid.p7m']);
    expect(readFileSync(p, 'utf8')).toBe('the user’s earlier bid');
  });
});
