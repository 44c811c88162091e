// The journal of unfinished outputs (docs/CRASH-CONSISTENCY.md): the sweep removes the partials of dead
// processes (plaintext ones first), never those of a live process or those a seal commit note still needs;
// an output written through openAtomic leaves no note behind, committed or aborted.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sweepStalePartials, usePartialJournal } from '../../../electron/services/fs/partials';
import { openAtomic } from '../../../electron/services/fs/atomic-write';

const DEAD_PID = 2 ** 22 + 12345; // above Linux's pid_max default: never a live process

describe('journal of unfinished outputs', () => {
  afterEach(() => usePartialJournal(undefined));

  it('removes dead jobs\' partials (plaintext first), keeps live ones and those a commit needs', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-partials-'));
    const data = path.join(dir, 'data');
    usePartialJournal(data);
    const notes = path.join(data, 'partials');
    mkdirSync(notes, { recursive: true });
    const note = (pid: number, name: string, p: string, sensitive = false) => writeFileSync(path.join(notes, `${pid}-${name}.json`), JSON.stringify({ pid, path: p, sensitive, createdAt: new Date().toISOString() }));
    const f = (n: string) => {
      const p = path.join(dir, n);
      writeFileSync(p, 'x');
      return p;
    };
    const sealed = f('a.p7m.partial');
    const backup = f('a.backup.zip.partial');
    const live = f('b.p7m.partial');
    const needed = f('c.p7m.partial');
    note(DEAD_PID, 'sealed', sealed);
    note(DEAD_PID, 'backup', backup, true);
    note(process.ppid, 'live', live);
    note(DEAD_PID, 'needed', needed);
    writeFileSync(path.join(notes, `${DEAD_PID}-torn.json`), '{"pid":');
    const r = await sweepStalePartials({ spare: new Set([needed]) });
    expect(r.removed).toEqual([backup, sealed]);
    expect(existsSync(live) && existsSync(needed)).toBe(true);
    expect(readdirSync(notes).sort()).toEqual([`${DEAD_PID}-needed.json`, `${process.ppid}-live.json`].sort());
  });

  it('openAtomic announces its partial and removes the note on commit and on abort', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-partials-'));
    usePartialJournal(path.join(dir, 'data'));
    const a = await openAtomic(path.join(dir, 'x.bin'), { sensitive: true });
    expect(readdirSync(path.join(dir, 'data', 'partials'))).toHaveLength(1);
    // a sweep by another job now spares it: its process (this one) is alive
    expect((await sweepStalePartials({ jobStartMs: Date.now() - 60_000 })).removed).toEqual([]);
    await a.write(new Uint8Array([1, 2, 3]));
    await a.prepare();
    expect(existsSync(a.partialPath)).toBe(true);
    await a.commit();
    const b = await openAtomic(path.join(dir, 'y.bin'));
    await b.abort();
    expect(readdirSync(path.join(dir, 'data', 'partials'))).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['data', 'x.bin']);
  });
});
