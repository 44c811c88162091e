// Runs in Node (Electron main or the Node host). IPC handlers of the bid workspace: projects, the
// status of each lot derived from the documents, the generation history and the receipts.
import type { WorkspaceOperation } from '../../../shared/ipc/ops/workspace';
import { hoursUntil, lotStatus } from '../../../shared/workspace/project';
import type { DomainHandlers, HostInfo } from './host-info';
import type { JobRegistry } from './dispatch';
import { createProject, getProject, listProjects, removeProject, updateProject } from '../workspace/projects';
import { listRecords } from '../bid/history';
import { openFileStore, type FileStore, type StoredFile } from '../documents/file-store';
import { saveDiagnostics } from '../app/diagnostics';
import { convertToPdf } from '../workspace/office-convert';
import { readTender } from '../workspace/tender';

/**
 * The newest descendant of each document (a signed PDF or OFD derives from its original, a second signature
 * from the first): the checklist links the original, the path shows what it has become.
 */
/** the documents BidSeal signs: PDF and OFD (GB/T 33190) */
const SIGNABLE = new Set(['application/pdf', 'application/ofd']);

async function currentVersions(store: FileStore): Promise<(id: string) => StoredFile | undefined> {
  const all = await store.list();
  const byId = new Map(all.map((f) => [f.id, f]));
  const children = new Map<string, StoredFile[]>();
  for (const f of all) if (f.derivedFrom && SIGNABLE.has(f.mediaType)) children.set(f.derivedFrom, [...(children.get(f.derivedFrom) ?? []), f]);
  return (id) => {
    let f = byId.get(id);
    for (let depth = 0; f && depth < 50; depth++) {
      const next = children.get(f.id)?.sort((a, b) => b.addedAt.localeCompare(a.addedAt))[0];
      if (!next) break;
      f = next;
    }
    return f;
  };
}

/** A document counts as signed when it is a signing output (the PDF and OFD signers tag it, or derive it from the original). */
const isSigned = (f: StoredFile | undefined) => !!f && SIGNABLE.has(f.mediaType) && (f.tags.kind === 'signed-pdf' || f.tags.kind === 'signed-ofd' || (f.origin === 'output' && !!f.derivedFrom));

export function workspaceHandlers(host: HostInfo, _jobs: JobRegistry): DomainHandlers<WorkspaceOperation> {
  const { dataDir } = host;
  const store = openFileStore(dataDir);
  return {
    'projects.list': async (req) => ({ projects: await listProjects(dataDir, req.bidderId !== undefined ? { bidderId: req.bidderId } : {}) }),
    'projects.get': async (req) => getProject(dataDir, req.id),
    'projects.create': async (req) => createProject(dataDir, req),
    'projects.update': async (req) => updateProject(dataDir, req),
    'projects.remove': async (req) => ({ removed: await removeProject(dataDir, req.id) }),
    'projects.status': async (req) => {
      const p = await getProject(dataDir, req.id);
      const current = await currentVersions(store);
      const items = p.checklist.map((item) => ({
        id: item.id,
        files: item.fileIds.flatMap((linkedId) => {
          const f = current(linkedId);
          return f ? [{ linkedId, current: f, signed: isSigned(f) }] : [];
        }),
      }));
      const byItem = new Map(items.map((i) => [i.id, i.files]));
      const records = (await listRecords(dataDir, { projectId: p.id })).filter((r) => r.bidder.uscc === p.bidder.uscc);
      const now = new Date();
      const itemFiles = p.checklist.map((item) => ({ item: { ...item, fileIds: (byItem.get(item.id) ?? []).map((f) => f.current.id) }, signed: (byItem.get(item.id) ?? []).map((f) => f.signed) }));
      const required = p.checklist.filter((i) => i.required);
      return {
        items,
        lots: p.lots.map((lot) => {
          const mine = records.filter((r) => (r.tender.lot === undefined ? lot === p.lots[0] : r.tender.lot === lot.id || r.tender.lot === lot.name)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
          return {
            lot,
            status: lotStatus({ itemFiles, records: mine }),
            missing: required.filter((i) => !byItem.get(i.id)?.length).map((i) => i.id),
            unsigned: required.flatMap((i) => (byItem.get(i.id) ?? []).filter((f) => !f.signed).map((f) => f.current.id)),
            records: mine.map((r) => ({
              id: r.id,
              createdAt: r.createdAt,
              ...(r.sealed.fileId ? { sealedFileId: r.sealed.fileId } : {}),
              ...(r.backup ? { backupPath: r.backup.path } : {}),
              sm3: r.sealed.sm3,
              // a portal's own receipt is kept, not verified: it does not count as a platform receipt here
              uploads: r.uploads.map((u) => ({ at: u.at, status: u.status, receipted: u.status !== 'portal' && u.receipt !== undefined && u.receipt !== null })),
            })),
          };
        }),
        hoursToDeadline: hoursUntil(p.deadline, now),
        hoursToOpening: hoursUntil(p.openingTime, now),
      };
    },
    'projects.readTender': async (req, ctx) => readTender(await store.pathOf(req.fileId), { signal: ctx.signal, onPage: (done, total) => ctx.progress({ phase: 'read', bytesDone: done, bytesTotal: total }) }),
    'diagnostics.create': async (req) => saveDiagnostics(host, { settings: req.settings, ...(req.description ? { description: req.description } : {}) }),
    'documents.convert': async (req, ctx) => {
      ctx.progress({ phase: 'convert', bytesDone: 0 });
      return convertToPdf(store, req.fileId, { signal: ctx.signal });
    },
  };
}
