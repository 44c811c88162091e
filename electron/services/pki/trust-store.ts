// Runs in Node. Persists the trust-anchor store (shared/pki/trust-store.ts) as one JSON file in a given
// directory, written atomically (temp file + rename, see atomic-write.ts) and serialised per file so two
// imports never lose each other's entries. A corrupt file is reported, never silently replaced.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BidSealError } from '../../../shared/errors';
import { TrustStore, type TrustEntry, type TrustSource } from '../../../shared/pki/trust-store';
import { fileError, writeFileAtomic } from '../fs/atomic-write';

export const TRUST_STORE_FILE = 'trust-store.json';

const queues = new Map<string, Promise<unknown>>();
function serialised<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const prev = queues.get(file) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  queues.set(file, next.catch(() => {}));
  return next;
}

const storePath = (dir: string) => path.join(dir, TRUST_STORE_FILE);

/** Loads the store from `dir`; an absent file is an empty store. */
export async function loadTrustStore(dir: string): Promise<TrustStore> {
  const file = storePath(dir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') return new TrustStore();
    throw fileError(e, file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BidSealError('E_BAD_ENCODING', 'trust store file is not valid JSON', { path: file });
  }
  return TrustStore.fromJSON(json);
}

export async function saveTrustStore(dir: string, store: TrustStore): Promise<void> {
  await writeFileAtomic(storePath(dir), new TextEncoder().encode(JSON.stringify(store.toJSON(), null, 2) + '\n'));
}

/** Reads a certificate file (PEM, DER or bundle) and adds its CA certificates to the store in `dir`. */
export async function importTrustFile(dir: string, certFile: string, by: TrustSource = 'user', note?: string): Promise<{ added: TrustEntry[]; alreadyPresent: TrustEntry[] }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(certFile));
  } catch (e) {
    throw fileError(e, certFile);
  }
  return importTrustBytes(dir, bytes, { by, fileName: path.basename(certFile), ...(note ? { note } : {}) });
}

/** Adds certificates given as bytes or PEM text (e.g. from a platform's CA directory download). */
export function importTrustBytes(dir: string, input: Uint8Array | string, origin: { by: TrustSource; fileName?: string; note?: string }): Promise<{ added: TrustEntry[]; alreadyPresent: TrustEntry[] }> {
  return serialised(storePath(dir), async () => {
    const store = await loadTrustStore(dir);
    const result = store.importCertificates(input, origin);
    if (result.added.length) await saveTrustStore(dir, store);
    return result;
  });
}

export async function listTrustEntries(dir: string): Promise<TrustEntry[]> {
  return (await loadTrustStore(dir)).list();
}

/** Removes an entry by id (SHA-256 fingerprint); false when absent. */
export function removeTrustEntry(dir: string, id: string): Promise<boolean> {
  return serialised(storePath(dir), async () => {
    const store = await loadTrustStore(dir);
    const removed = store.remove(id);
    if (removed) await saveTrustStore(dir, store);
    return removed;
  });
}
