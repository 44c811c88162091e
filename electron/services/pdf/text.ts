// Runs in Node. The text of a PDF with positions, for finding the places that ask for a seal
// (shared/pdf/seal-places.ts): pdf.js's text layer (pdfjs-dist legacy build, no DOM, no canvas), fed in
// ranges from the file like the renderer's viewer, so a large bid is not read whole. Fonts are decoded by
// pdf.js (ToUnicode, CID widths); only horizontal runs are kept (vertical text carries no seal marks).
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { coveredPlaces, findSealPlaces, sealRectOver, type SealPhrase, type SealPlace, type TextRun } from '../../../shared/pdf/seal-places';
import { imageSize } from '../../../shared/pdf/appearance';
import type { SignatureReport } from '../../../shared/pdf/verify';
import { FileSource, verifyPdfFile } from './file';

type PdfJs = typeof import('pdfjs-dist');
let pdfjs: Promise<PdfJs> | undefined;
const loadPdfJs = (): Promise<PdfJs> => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs') as unknown as Promise<PdfJs>);

const RANGE_CHUNK = 256 * 1024;

/** Every horizontal text run of every page (or of `pages`, 0-based), in default user space. */
export async function extractTextRuns(file: string, o: { pages?: readonly number[]; signal?: AbortSignal; onPage?: (done: number, total: number) => void } = {}): Promise<{ pageCount: number; runs: TextRun[] }> {
  const { getDocument, PDFDataRangeTransport } = await loadPdfJs();
  const src = await FileSource.open(file);
  class FileRange extends PDFDataRangeTransport {
    override requestDataRange(begin: number, end: number): void {
      src.read(begin, end - begin).then(
        (b) => {
          try {
            this.onDataRange(begin, b);
          } catch {
            // the document was destroyed while the read was in flight
          }
        },
        () => this.abort(),
      );
    }
  }
  const task = getDocument({
    range: new FileRange(src.size, null),
    length: src.size,
    rangeChunkSize: RANGE_CHUNK,
    disableAutoFetch: true,
    disableStream: true,
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const runs: TextRun[] = [];
    const pages = o.pages ?? Array.from({ length: doc.numPages }, (_, i) => i);
    for (const i of pages) {
      o.signal?.throwIfAborted();
      if (i < 0 || i >= doc.numPages) continue;
      const page = await doc.getPage(i + 1);
      const tc = await page.getTextContent();
      for (const it of tc.items) {
        if (!('str' in it) || !it.str) continue;
        const [a, b, c, d, e, f] = it.transform as number[];
        if (Math.abs(b) > 1e-3 || Math.abs(c) > 1e-3 || a <= 0) continue; // rotated or mirrored text
        runs.push({ page: i, str: it.str, x: e, y: f, width: it.width, size: Math.abs(d) });
      }
      page.cleanup();
      o.onPage?.(pages.indexOf(i) + 1, pages.length);
    }
    return { pageCount: doc.numPages, runs };
  } catch (e) {
    if (isBidSealError(e) || (e instanceof Error && e.name === 'AbortError')) throw e;
    throw new BidSealError('E_PDF_TEXT_UNREADABLE', e instanceof Error ? e.message : String(e), undefined, { cause: e });
  } finally {
    await task.destroy().catch(() => {});
    await src.close();
  }
}

export interface SealPlaceStatus extends SealPlace {
  /** a signature's seal covers the place */
  covered: boolean;
}

/** The places of `file` that ask for a seal, each marked covered or not by the signatures `reports` list. */
export async function sealPlacesOf(file: string, phrases: readonly SealPhrase[] | undefined, reports: readonly Pick<SignatureReport, 'widgets'>[] = []): Promise<{ pageCount: number; places: SealPlaceStatus[] }> {
  const { pageCount, runs } = await extractTextRuns(file);
  const places = findSealPlaces(runs, phrases);
  const covered = coveredPlaces(places, reports.flatMap((r) => r.widgets));
  return { pageCount, places: places.map((p, i) => ({ ...p, covered: covered[i] })) };
}

/** A 42 mm company seal ≈ 119 pt; a personal seal or signature is drawn smaller by the caller. */
export const DEFAULT_PLACE_SEAL_WIDTH = 119;

/**
 * Where a seal goes on `file` for the places its words ask for (of one `kind`, or all) (only those not covered yet, so sealing
 * twice does not stack seals): the seal image `width` points wide, its height by the image's aspect,
 * centred on each mark. E_PDF_TEXT_NOT_FOUND when no phrase occurs, E_PDF_PLACES_ALL_SEALED when every
 * place already has a seal.
 */
export async function sealPlacesToSign(file: string, phrases: readonly SealPhrase[] | undefined, image: Uint8Array, width = DEFAULT_PLACE_SEAL_WIDTH, kind?: SealPlace['kind']): Promise<{ page: number; rect: [number, number, number, number]; place: SealPlace }[]> {
  const { width: pw, height: ph } = imageSize(image);
  const height = (width * ph) / pw;
  // matched with every phrase (the most specific one decides a mark's kind), then only this kind kept
  const all = await sealPlacesOf(file, phrases, await verifyPdfFile(file));
  const places = kind ? all.places.filter((p) => p.kind === kind) : all.places;
  if (places.length === 0) throw new BidSealError('E_PDF_TEXT_NOT_FOUND', `none of ${(phrases ?? []).map((p) => p.text).join(', ') || 'the default phrases'} occurs in the text`);
  const open = places.filter((p) => !p.covered);
  if (open.length === 0) throw new BidSealError('E_PDF_PLACES_ALL_SEALED', `all ${places.length} places already have a seal`);
  return open.map(({ covered: _c, ...place }) => ({ page: place.page, rect: sealRectOver(place, width, height), place }));
}

/**
 * The seal coverage of a bid's documents for the pre-flight: every PDF among them (by its header) is read
 * for the places that ask for a seal; a PDF whose text cannot be read counts as having none.
 */
export async function sealCoverageOf(docs: readonly { path: string; name: string }[]): Promise<{ places: number; missing: Array<{ document: string; page: number; text: string }> }> {
  let places = 0;
  const missing: Array<{ document: string; page: number; text: string }> = [];
  for (const d of docs) {
    const src = await FileSource.open(d.path).catch(() => undefined);
    if (!src) continue;
    const head = await src.read(0, Math.min(1024, src.size)).finally(() => src.close());
    if (!new TextDecoder('latin1').decode(head).includes('%PDF-')) continue;
    try {
      const r = await sealPlacesOf(d.path, undefined, await verifyPdfFile(d.path));
      places += r.places.length;
      for (const p of r.places) if (!p.covered) missing.push({ document: d.name, page: p.page, text: p.text });
    } catch {
      // an unreadable text layer (a scan) has no places to check
    }
  }
  return { places, missing };
}
