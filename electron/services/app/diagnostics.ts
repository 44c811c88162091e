// Runs in Node. "Report a problem": a JSON bundle for the platform's or the CA's support desk with
// versions, environment checks, the renderer's settings and the recent failures (operation and code).
// Never keys, PINs, certificates' private parts, document names or contents: only counts and codes.
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_NAME, APP_VERSION } from './version';
import { doctor } from './doctor';
import type { HostInfo } from '../ipc/host-info';
import { openFileStore, type StoredFile } from '../documents/file-store';

export interface DiagnosticsInput {
  /** UI settings the renderer chooses to share (language, section…); values are checked to be short strings */
  settings: Record<string, string>;
  /** what the user says happened (free text they typed for support) */
  description?: string;
}

const count = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).filter((n) => !n.startsWith('.')).length;

export async function buildDiagnostics(host: HostInfo, input: DiagnosticsInput, now = new Date()) {
  const store = openFileStore(host.dataDir);
  const files = await store.list();
  const byKind: Record<string, number> = {};
  for (const f of files) byKind[f.tags.kind ?? 'untagged'] = (byKind[f.tags.kind ?? 'untagged'] ?? 0) + 1;
  return {
    format: 'bidseal-diagnostics/1',
    createdAt: now.toISOString(),
    app: { name: APP_NAME, version: APP_VERSION, host: host.host, versions: host.versions, platform: `${process.platform}-${process.arch}` },
    environment: doctor(),
    settings: input.settings,
    ...(input.description ? { description: input.description.slice(0, 4000) } : {}),
    recentErrors: host.recentErrors?.list() ?? [],
    data: { documents: files.length, documentsByKind: byKind, projects: await count(path.join(host.dataDir, 'projects')) },
  };
}

/** Writes the bundle into the document store (kind 'report'), ready to export. */
export async function saveDiagnostics(host: HostInfo, input: DiagnosticsInput): Promise<StoredFile> {
  const bundle = await buildDiagnostics(host, input);
  const out = await openFileStore(host.dataDir).output({ name: `bidseal-diagnostics-${bundle.createdAt.replace(/[:.]/g, '-')}.json`, tags: { kind: 'report' } });
  try {
    await writeFile(out.tempPath, JSON.stringify(bundle, null, 2));
    return await out.commit();
  } catch (e) {
    await out.abort();
    throw e;
  }
}
