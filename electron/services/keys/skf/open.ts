// Runs in Node (app side: CLI and main process). Opens the SKF carrier an skf: URI names: picks the library
// (the URI's module=, else the caller's, else the only one found in the usual install locations), starts its
// worker and resolves the container. close() stops the worker.
import { BidSealError } from '../../../../shared/errors';
import { SkfDecrypter, SkfSigner, type SkfGetPin } from './carrier';
import { SkfClient } from './client';
import { discoverSkfLibraries, resolveSkfLibrary } from './discovery';
import { parseSkfUri, type SkfUri } from './uri';

export interface OpenSkfOptions {
  /** library when the URI has no module= */
  module?: string;
  env?: NodeJS.ProcessEnv;
  dataDir?: string;
}

/** The library for a URI, validated (never from the data folder). */
export function skfLibraryFor(uri: SkfUri, o: OpenSkfOptions = {}): string {
  const given = uri.module ?? o.module;
  if (given) return resolveSkfLibrary(given, o);
  const found = discoverSkfLibraries([], undefined, o);
  if (found.length === 1) return found[0].path;
  throw new BidSealError('E_SKF_LIBRARY_NOT_FOUND', found.length ? `several SKF libraries found; name one with module= or --module: ${found.map((f) => f.path).join(', ')}` : 'no SKF library found: give module= in the URI or --module PATH');
}

async function openWith<T>(uri: string, o: OpenSkfOptions, open: (client: SkfClient, u: SkfUri) => Promise<T>): Promise<{ carrier: T; client: SkfClient }> {
  const u = parseSkfUri(uri);
  const client = new SkfClient({ libraryPath: skfLibraryFor(u, o), ...(o.env ? { env: o.env } : {}) });
  try {
    return { carrier: await open(client, u), client };
  } catch (e) {
    await client.close();
    throw e;
  }
}

export async function openSkfSigner(uri: string, getPin: SkfGetPin, o: OpenSkfOptions = {}): Promise<{ signer: SkfSigner; close(): Promise<void> }> {
  const { carrier, client } = await openWith(uri, o, (client, u) => SkfSigner.open({ client, uri: u, getPin }));
  return { signer: carrier, close: () => client.close() };
}

export async function openSkfDecrypter(uri: string, getPin: SkfGetPin, o: OpenSkfOptions = {}): Promise<{ decrypter: SkfDecrypter; close(): Promise<void> }> {
  const { carrier, client } = await openWith(uri, o, (client, u) => SkfDecrypter.open({ client, uri: u, getPin }));
  return { decrypter: carrier, close: () => client.close() };
}
