// Runs anywhere (pure). A bid project (投标项目): one tender as one bidder sees it — the platform, the
// lots (标段), the deadline and the opening time, and the checklist of documents to hand in. The
// status of each lot is derived from facts (linked documents, the generation history, receipts),
// never typed in, so the path screen cannot claim a step that did not happen.
import { z } from 'zod';
import { CHECKLIST_KINDS } from './checklist-kinds';

export const ProjectId = z.string().regex(/^[0-9a-f]{32}$/, 'project id');

export { CHECKLIST_KINDS, CHECKLIST_KIND_NAMES } from './checklist-kinds';
export const ChecklistItem = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  kind: z.enum(CHECKLIST_KINDS),
  /** shown as is; defaults come from the UI's strings for the kind */
  title: z.string().max(200).optional(),
  required: z.boolean().default(true),
  /** documents in the store that answer this item */
  fileIds: z.array(z.string().regex(/^[0-9a-f]{32}$/)).max(100).default([]),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const Lot = z.object({ id: z.string().regex(/^[A-Za-z0-9-]{1,40}$/), name: z.string().min(1).max(200) });

export const Project = z.object({
  id: ProjectId,
  /** the bidder this project belongs to (agencies keep bidders strictly apart) */
  bidder: z.object({ id: z.string().max(100), name: z.string().max(200), uscc: z.string().max(18) }),
  title: z.string().min(1).max(300),
  tenderNo: z.string().max(100).default(''),
  tenderer: z.string().max(200).default(''),
  platformId: z.string().max(64),
  lots: z.array(Lot).min(1).max(50),
  deadline: z.iso.datetime({ offset: true }),
  openingTime: z.iso.datetime({ offset: true }),
  checklist: z.array(ChecklistItem).max(100),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Project = z.infer<typeof Project>;
export type ProjectInput = z.input<typeof Project>;

/** What a tender usually asks for; the user adds, removes and renames items. */
export function defaultChecklist(): ChecklistItem[] {
  return (['bid-letter', 'authorization', 'commercial', 'technical', 'qualification', 'price-list'] as const).map((kind) => ({ id: kind, kind, required: true, fileIds: [] }));
}

export type LotStatus = 'draft' | 'ready' | 'signed' | 'sealed' | 'uploaded' | 'receipted';
export const LOT_STATUS_ORDER: readonly LotStatus[] = ['draft', 'ready', 'signed', 'sealed', 'uploaded', 'receipted'];

export interface LotFacts {
  /** kinds of the linked documents (store tags.kind), per checklist item */
  itemFiles: Array<{ item: ChecklistItem; signed: boolean[] }>;
  /** history records of this project and lot (newest first) */
  records: Array<{ uploads: Array<{ status: string; receipt?: unknown }> }>;
}

/**
 * The furthest step a lot has provably reached: receipted (a verified receipt), uploaded, sealed
 * (a generation record), signed (every required item has documents and all are signed), ready
 * (every required item has a document), else draft.
 */
export function lotStatus(f: LotFacts): LotStatus {
  const uploads = f.records.flatMap((r) => r.uploads);
  if (uploads.some((u) => u.status === 'uploaded' && u.receipt)) return 'receipted';
  // handed in through the platform's portal: delivered, but its receipt is not one BidSeal verified
  if (uploads.some((u) => u.status === 'uploaded' || u.status === 'portal')) return 'uploaded';
  if (f.records.length) return 'sealed';
  const required = f.itemFiles.filter((x) => x.item.required);
  if (required.some((x) => x.item.fileIds.length === 0)) return 'draft';
  if (required.every((x) => x.signed.length > 0 && x.signed.every(Boolean))) return 'signed';
  return 'ready';
}

/** What is missing before the next step can start, as checklist item ids (empty when nothing is). */
export const missingItems = (p: Pick<Project, 'checklist'>): string[] => p.checklist.filter((i) => i.required && i.fileIds.length === 0).map((i) => i.id);

/** Time left before a moment, for reminders ("开标前 24 小时…"); negative when past. */
export const hoursUntil = (iso: string, now: Date): number => (new Date(iso).getTime() - now.getTime()) / 3_600_000;
