// Runs anywhere (pure). IPC schemas of the bid workspace: projects (one tender as one bidder sees it),
// the derived status of each lot with what is still missing, the proposal read from a tender document, diagnostics, office → PDF conversion.
import { z } from 'zod';
import { JobId, type OpSpec } from '../schemas';
import { FileId, StoredFileView } from './files';
import type { WorkspaceOperation } from '../ops/workspace';
import { CHECKLIST_KINDS, ChecklistItem, Lot, Project, ProjectId } from '../../workspace/project';

const NewProject = Project.omit({ id: true, createdAt: true, updatedAt: true, checklist: true }).extend({ checklist: z.array(ChecklistItem).max(100).optional() }).strict();

export const LotStatusView = z.object({
  lot: Lot,
  status: z.enum(['draft', 'ready', 'signed', 'sealed', 'uploaded', 'receipted']),
  /** required checklist items without a document */
  missing: z.array(z.string()),
  /** required documents not yet signed (store ids) */
  unsigned: z.array(z.string()),
  records: z.array(z.object({ id: z.string(), createdAt: z.string(), sealedFileId: z.string().optional(), backupPath: z.string().optional(), sm3: z.string(), uploads: z.array(z.object({ at: z.string(), status: z.string(), receipted: z.boolean() })) })),
});

const ProposedTime = z.object({ iso: z.iso.datetime({ offset: true }), source: z.string(), page: z.number().int().nonnegative() });

/** What a tender document proposes (shared/workspace/tender.ts TenderProposal); the user edits it before applying. */
export const TenderProposalView = z.object({
  format: z.enum(['pdf', 'docx']),
  pages: z.number().int().nonnegative(),
  chapter: z.object({ heading: z.string(), page: z.number().int().nonnegative() }).optional(),
  items: z.array(z.object({ title: z.string(), kind: z.enum(CHECKLIST_KINDS), required: z.boolean(), page: z.number().int().nonnegative() })),
  deadline: ProposedTime.optional(),
  opening: ProposedTime.optional(),
});

export const workspaceSpecs = {
  'projects.list': { request: z.object({ bidderId: z.string().max(100).optional() }).strict(), response: z.object({ projects: z.array(Project) }) },
  'projects.get': { request: z.object({ id: ProjectId }).strict(), response: Project },
  'projects.create': { request: NewProject, response: Project },
  'projects.update': { request: Project, response: Project },
  'projects.remove': { request: z.object({ id: ProjectId }).strict(), response: z.object({ removed: z.boolean() }) },
  'projects.status': {
    request: z.object({ id: ProjectId }).strict(),
    response: z.object({
      /** each checklist item with its documents as they are now: a linked document that was signed since is shown as its signed version */
      items: z.array(z.object({ id: z.string(), files: z.array(z.object({ linkedId: z.string(), current: StoredFileView, signed: z.boolean() })) })),
      lots: z.array(LotStatusView),
      hoursToDeadline: z.number(),
      hoursToOpening: z.number(),
    }),
  },
  /** the tender document is a stored file (imported by the user), named by its id */
  'projects.readTender': { request: z.object({ fileId: FileId, jobId: JobId.optional() }).strict(), response: TenderProposalView, progress: true },
  'diagnostics.create': {
    request: z.object({ settings: z.record(z.string().max(40), z.string().max(200)).default({}), description: z.string().max(4000).optional() }).strict(),
    response: StoredFileView,
  },
  'documents.convert': { request: z.object({ fileId: FileId, jobId: JobId.optional() }).strict(), response: StoredFileView, progress: true },
} as const satisfies Record<WorkspaceOperation, OpSpec>;
