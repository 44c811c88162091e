// Runs in the renderer and in Node tests (pure: no DOM, no IPC). The vault's links to the rest of the
// bid path: the "由资料库生成" link of a project checklist item (/vault?generate=…&project=…&item=…)
// parsed and checked, the letter fields a bid project fills in, the figures the user typed for a
// project kept in memory only (the bid price is the most confidential number of a bid: it never
// touches disk outside the PDF the user asked for), and the upload/receipt facts of a sealed bid's
// history record summarised for display.
import type { Project } from '../../../shared/workspace/project';
import type { BidRecord, UploadRecord } from '../../../shared/bid/history';

export type LetterTemplate = 'bid-letter' | 'authorization';

export interface GenerateLink {
  template: LetterTemplate;
  projectId: string;
  itemId: string;
}

/** The generate link of a project checklist item, or null when the query is not one (or is malformed). */
export function parseGenerateLink(params: URLSearchParams): GenerateLink | null {
  const template = params.get('generate');
  const projectId = params.get('project') ?? '';
  const itemId = params.get('item') ?? '';
  if (template !== 'bid-letter' && template !== 'authorization') return null;
  if (!/^[0-9a-f]{32}$/.test(projectId) || !/^[a-z0-9-]{1,40}$/.test(itemId)) return null;
  return { template, projectId, itemId };
}

/** The tender facts a letter takes from the project: 招标人, 项目名称, 招标编号, 标段 (all lots, 、-joined). */
export function letterFieldsOf(p: Pick<Project, 'title' | 'tenderNo' | 'tenderer' | 'lots'>): { tenderee: string; projectName: string; tenderNo: string; lot: string } {
  return { tenderee: p.tenderer, projectName: p.title, tenderNo: p.tenderNo, lot: p.lots.map((l) => l.name).join('、') };
}

/** The letter's date: today, but never after the submission deadline (a letter dated after it would be refused). */
export function letterDate(deadlineIso: string, now: Date): string {
  const d = new Date(deadlineIso);
  const day = (x: Date) => `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}-${String(x.getDate()).padStart(2, '0')}`;
  return Number.isNaN(d.getTime()) || d >= now ? day(now) : day(d);
}

/** The checklist with `fileId` added to item `itemId` (once); throws when the item is gone. */
export function linkToItem<P extends Pick<Project, 'checklist'>>(p: P, itemId: string, fileId: string): P {
  if (!p.checklist.some((i) => i.id === itemId)) throw new Error(`checklist item ${itemId} not found`);
  return { ...p, checklist: p.checklist.map((i) => (i.id === itemId && !i.fileIds.includes(fileId) ? { ...i, fileIds: [...i.fileIds, fileId] } : i)) };
}

/**
 * What the user typed for a project's letter (price, bond, duration, agent…), per project and
 * template, remembered for this window while the vault stays unlocked; `clear()` on lock.
 */
export class ProjectDrafts {
  private readonly drafts = new Map<string, Record<string, unknown>>();
  private key = (projectId: string, template: LetterTemplate) => `${projectId}:${template}`;
  get(projectId: string, template: LetterTemplate): Record<string, unknown> | undefined {
    return this.drafts.get(this.key(projectId, template));
  }
  set(projectId: string, template: LetterTemplate, values: Record<string, unknown>): void {
    this.drafts.set(this.key(projectId, template), { ...values });
  }
  clear(): void {
    this.drafts.clear();
  }
}
export const projectDrafts = new ProjectDrafts();

export interface UploadView {
  at: string;
  platformId: string;
  status: UploadRecord['status'];
  /** a platform receipt was received; verified: its signature checked against the platform's certificate */
  receipt?: { receivedAt?: string; verified: boolean; signer?: string; uploadId?: string; fileId?: string };
  error?: { code: string; message: string };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** An upload of a history record as the vault shows it; the receipt field is whatever the upload service kept. */
export function uploadView(u: UploadRecord): UploadView {
  const r = (u.receipt && typeof u.receipt === 'object' ? u.receipt : {}) as Record<string, unknown>;
  const err = r.error as { code?: unknown; message?: unknown } | undefined;
  const hasReceipt = str(r.receivedAt) !== undefined;
  return {
    at: u.at,
    platformId: u.platformId,
    status: u.status,
    ...(hasReceipt ? { receipt: { receivedAt: str(r.receivedAt), verified: r.verified === true, signer: str(r.signer), uploadId: str(r.uploadId), fileId: str(r.fileId) } } : {}),
    ...(err && typeof err.code === 'string' ? { error: { code: err.code, message: typeof err.message === 'string' ? err.message : '' } } : {}),
  };
}

/** The furthest upload state of a record: receipted > uploaded > in progress > failed > not uploaded. */
export function uploadState(r: Pick<BidRecord, 'uploads'>): 'receipted' | 'uploaded' | 'pending' | 'failed' | 'none' {
  const v = r.uploads.map(uploadView);
  if (v.some((u) => u.status === 'uploaded' && u.receipt)) return 'receipted';
  if (v.some((u) => u.status === 'uploaded')) return 'uploaded';
  if (v.some((u) => u.status === 'queued' || u.status === 'uploading')) return 'pending';
  if (v.length) return 'failed';
  return 'none';
}
