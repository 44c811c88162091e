// The document store gives every document its own mode (0600), whatever mode the source file or the writer
// of an output had: a world-readable scan imported into the store is the user's alone from then on.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, statSync, writeFileSync, readFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FILE_MODE, FileStore } from '../../../electron/services/documents/file-store';
import { sm3 } from '../../../shared/crypto/sm3';

describe.skipIf(process.platform === 'win32')('document store file mode', () => {
  it('an imported document and an adopted output get 0600, not the source mode; the bytes and SM3 are exact', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-mode-'));
    const store = new FileStore(path.join(dir, 'data'));
    const src = path.join(dir, 'scan.pdf');
    const bytes = Buffer.alloc(300_000, 7);
    writeFileSync(src, bytes);
    chmodSync(src, 0o755);
    const f = await store.importPath(src);
    const p = await store.pathOf(f.id);
    expect(statSync(p).mode & 0o777).toBe(FILE_MODE);
    expect(statSync(src).mode & 0o777).toBe(0o755);
    expect(readFileSync(p)).toEqual(bytes);
    expect(f.sm3).toBe(Buffer.from(sm3(bytes)).toString('hex'));

    const out = await store.output({ name: 'result.pdf' });
    writeFileSync(out.tempPath, 'x', { mode: 0o644 });
    const o = await out.commit();
    expect(statSync(await store.pathOf(o.id)).mode & 0o777).toBe(FILE_MODE);
  });
});
