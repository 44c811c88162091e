// Runs in the renderer. The documents section's model: seal placements as the user arranges them (PDF points
// of the page's default user space, as pdf.sign takes them), the seal images, and the mapping of a
// verification verdict to what the signature panel shows.
import type { PdfRect, PlacementKind, SealPlacement, SignatureView } from '../../../../shared/ipc/specs/pdf';
import type { StoredFileView } from '../../files/store';

export type { PdfRect, PlacementKind, SignatureView };

export interface SealImage {
  /** the stored seal file (a picture or an electronic seal); absent for a handwritten signature */
  file?: StoredFileView;
  /** a handwritten signature from the vault (vault/signatures.ts): sent inline, never put in the file store */
  signature?: { id: string; personName: string; drawnAt: string; base64: string };
  /** blob: URL of the image for the preview */
  url: string;
  /** height / width of the image */
  aspect: number;
  /** set when the file is an electronic seal (.esl, GB/T 38540 / GM/T 0031), not a loose picture */
  eseal?: { name: string; holders: string[]; maker: string; validStart: string; validEnd: string; widthMm: number; heightMm: number; problems: string[] };
}

export interface Placement {
  key: string;
  kind: PlacementKind;
  /** company / personal: 0-based page and rectangle in points */
  page: number;
  rect: PdfRect;
  seal?: SealImage;
  /** cross-page: width of the whole seal and the bottom of it (points; undefined = centred) */
  width?: number;
  y?: number;
  /** placed on a place whose words ask for a seal: such seals of one kind and image are one signature */
  byText?: boolean;
}

/** A 42 mm company seal ≈ 119 pt; a legal representative's seal is usually smaller (≈ 28 mm). */
export const DEFAULT_SIZE: Record<PlacementKind, number> = { company: 119, personal: 80, handwritten: 113, 'cross-page': 119, invisible: 0 };

/** What identifies a picture in the UI (select values, grouping). */
export const imageId = (s: SealImage): string => (s.signature ? `signature:${s.signature.id}` : s.file!.id);
/** The picture as a request names it: a stored file, or the handwritten signature's PNG inline. */
const imageRef = (s: SealImage): Pick<SealPlacement, 'sealImageFileId' | 'imagePng'> => (s.signature ? { imagePng: s.signature.base64 } : { sealImageFileId: s.file!.id });
export const MIN_SIZE = 24;

let seq = 0;
export const newKey = () => `p${++seq}`;

export function toRequest(p: Placement): SealPlacement {
  if (p.kind === 'invisible') return { kind: 'invisible', page: p.page };
  if (p.kind === 'cross-page') return { kind: 'cross-page', ...imageRef(p.seal!), width: round(p.width ?? DEFAULT_SIZE['cross-page']), ...(p.y !== undefined ? { y: round(p.y) } : {}) };
  return { kind: p.kind, page: p.page, rect: { x: round(p.rect.x), y: round(p.rect.y), width: round(p.rect.width), height: round(p.rect.height) }, ...imageRef(p.seal!) };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The request's placements: each seal its own signature, except those placed by the words, which are one
 *  signature per kind and image with a seal at each place (as `bidseal pdf sign --at-text` makes them). */
export function toRequests(ps: readonly Placement[]): SealPlacement[] {
  const out: SealPlacement[] = [];
  const groups = new Map<string, SealPlacement & { places: NonNullable<SealPlacement['places']> }>();
  for (const p of ps) {
    if (!p.byText || !p.seal || (p.kind !== 'company' && p.kind !== 'personal' && p.kind !== 'handwritten')) {
      out.push(toRequest(p));
      continue;
    }
    const key = `${p.kind}:${imageId(p.seal)}`;
    let g = groups.get(key);
    if (!g) {
      groups.set(key, (g = { kind: p.kind, ...imageRef(p.seal), places: [] }));
      out.push(g);
    }
    g.places.push({ page: p.page, rect: { x: round(p.rect.x), y: round(p.rect.y), width: round(p.rect.width), height: round(p.rect.height) } });
  }
  return out;
}

export type Verdict = SignatureView['bottomLine'];
export const VERDICT_COLOR: Record<Verdict, string> = { valid: 'success', changed: 'warning', 'unknown-signer': 'processing', invalid: 'error' };

/** Signing state of a stored document for the list (exact once the document was inspected). */
export function listState(f: StoredFileView, verified?: SignatureView[]): 'unsigned' | Verdict | 'signed' {
  if (verified) {
    if (verified.length === 0) return 'unsigned';
    const order: Verdict[] = ['invalid', 'changed', 'unknown-signer', 'valid'];
    return order.find((v) => verified.some((s) => s.bottomLine === v)) ?? 'valid';
  }
  return f.tags.kind === 'signed-pdf' || f.tags.kind === 'signed-ofd' ? 'signed' : 'unsigned';
}

/** An original of the library with the copies signing made of it (a signed copy of a signed copy too), newest first. */
export interface LibraryGroup {
  file: StoredFileView;
  copies: StoredFileView[];
}

const isSignedCopy = (f: StoredFileView) => f.tags.kind === 'signed-pdf' || f.tags.kind === 'signed-ofd' || (f.origin === 'output' && !!f.derivedFrom);

/** An OFD document (GB/T 33190): sealed one at a time in its own panel, never in a PDF batch. */
export const isOfdFile = (f: StoredFileView): boolean => f.mediaType === 'application/ofd' || /\.ofd$/i.test(f.name);

/**
 * The library as the user thinks of it: each original shown with its "-已签章" copies under it, newest
 * original first. A copy whose original is gone (trashed) stands on its own.
 */
export function groupLibrary(files: readonly StoredFileView[]): LibraryGroup[] {
  const byId = new Map(files.map((f) => [f.id, f]));
  const rootOf = (f: StoredFileView): StoredFileView => {
    let r = f;
    for (let depth = 0; r.derivedFrom && byId.has(r.derivedFrom) && depth < 50; depth++) r = byId.get(r.derivedFrom)!;
    return r;
  };
  const groups = new Map<string, LibraryGroup>();
  for (const f of files) {
    const root = rootOf(f);
    let g = groups.get(root.id);
    if (!g) groups.set(root.id, (g = { file: root, copies: [] }));
    if (f.id !== root.id) g.copies.push(f);
  }
  const newest = (a: StoredFileView, b: StoredFileView) => b.addedAt.localeCompare(a.addedAt) || a.name.localeCompare(b.name);
  for (const g of groups.values()) g.copies.sort(newest);
  return [...groups.values()].sort((a, b) => newest(a.file, b.file));
}

/** What 全选 selects: the originals still to sign (no signed copy yet), never an original already signed through a copy. */
export function stillToSign(groups: readonly LibraryGroup[]): StoredFileView[] {
  return groups.filter((g) => g.copies.length === 0 && !isSignedCopy(g.file) && !isOfdFile(g.file)).map((g) => g.file);
}

/** Whether a document belongs to a project: tagged with it, or linked (itself or its original) in its checklist. */
export function inProject(g: LibraryGroup, project: { id: string; checklist: readonly { fileIds: readonly string[] }[] }): boolean {
  const linked = new Set(project.checklist.flatMap((i) => i.fileIds));
  return [g.file, ...g.copies].some((f) => f.tags.project === project.id || linked.has(f.id));
}
