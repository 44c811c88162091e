// Runs in Node. Word (and other office) documents → PDF through LibreOffice when it is installed
// (`soffice --headless --convert-to pdf`); bid documents must be PDFs to be signed. When it is not
// installed the error says so and how to proceed; nothing is half-written.
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BidSealError } from '../../../shared/errors';
import { which } from '../app/doctor';
import type { FileStore, StoredFile } from '../documents/file-store';

export const CONVERTIBLE = /\.(docx?|odt|rtf|wps|xlsx?|ods|pptx?)$/i;

export function findLibreOffice(): string | undefined {
  return which('soffice') ?? which('libreoffice');
}

export async function convertToPdf(store: FileStore, id: string, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<StoredFile> {
  const src = await store.get(id);
  if (!CONVERTIBLE.test(src.name)) throw new BidSealError('E_INVALID_ARGUMENT', 'not an office document');
  const soffice = findLibreOffice();
  if (!soffice) throw new BidSealError('E_LIBREOFFICE_MISSING', 'install LibreOffice (e.g. apt-get install libreoffice-writer)');
  const work = await mkdtemp(path.join(os.tmpdir(), 'bidseal-convert-'));
  try {
    // A private profile: a running LibreOffice of the user's must not block or be disturbed.
    const args = ['--headless', '--norestore', `-env:UserInstallation=file://${path.join(work, 'profile')}`, '--convert-to', 'pdf', '--outdir', work, await store.pathOf(id)];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(soffice, args, { stdio: 'ignore', signal: opts.signal });
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
      child.on('error', (e) => reject(new BidSealError(opts.signal?.aborted ? 'E_CANCELLED' : 'E_CONVERSION_FAILED', e.message)));
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new BidSealError('E_CONVERSION_FAILED', `LibreOffice exited with ${code}`));
      });
    });
    const pdf = (await readdir(work)).find((n) => n.toLowerCase().endsWith('.pdf'));
    if (!pdf) throw new BidSealError('E_CONVERSION_FAILED', 'LibreOffice wrote no PDF');
    const out = await store.output({ name: src.name.replace(CONVERTIBLE, '.pdf'), tags: src.tags, derivedFrom: src.id });
    try {
      await copyFile(path.join(work, pdf), out.tempPath); // not rename: the temp folder may be another file system
      return await out.commit();
    } catch (e) {
      await out.abort();
      throw e;
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
