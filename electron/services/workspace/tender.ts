// Runs in Node. The checklist a tender document (招标文件) proposes: the file's kind from its first bytes
// (not its name), its text — a PDF's through pdf.js (electron/services/pdf/text.ts, every page, joined into
// lines as the seal-by-text search joins them), a .docx's paragraphs (shared/workspace/docx-text.ts) — and
// the proposal from shared/workspace/tender.ts. A .doc/.wps binary is refused with the advice to save it as
// .docx or PDF; a PDF without a text layer (a scan) with E_TENDER_NO_TEXT.
import { open, readFile } from 'node:fs/promises';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { pageLines } from '../../../shared/pdf/seal-places';
import { documentXmlOf, docxParagraphs, sniffTender } from '../../../shared/workspace/docx-text';
import { proposeFromTender, type TenderProposal } from '../../../shared/workspace/tender';
import { fileError } from '../fs/file-hash';
import { regularFileSize } from '../fs/file-read';
import { extractTextRuns } from '../pdf/text';

/** a .docx is read whole; tenders are a few MB (images included), 200 MB is far beyond any */
export const MAX_DOCX_BYTES = 200 * 1024 * 1024;

export interface TenderReading extends TenderProposal {
  format: 'pdf' | 'docx';
}

export interface TenderReadOptions {
  signal?: AbortSignal;
  /** pages of a PDF read so far (a 100-page tender takes a few seconds) */
  onPage?: (done: number, total: number) => void;
}

async function head(file: string): Promise<Uint8Array> {
  const fh = await open(file, 'r').catch((e: unknown) => Promise.reject(fileError(e, file)));
  try {
    const b = new Uint8Array(1024);
    const { bytesRead } = await fh.read(b, 0, b.length, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The text of a tender file, per page and line. */
export async function tenderText(file: string, o: TenderReadOptions = {}): Promise<{ format: 'pdf' | 'docx'; pages: string[][] }> {
  const size = await regularFileSize(file);
  const kind = sniffTender(await head(file));
  if (kind === 'ole') throw new BidSealError('E_TENDER_DOC_LEGACY', 'a Word 97-2003 (.doc) or WPS binary file; save it as .docx or PDF');
  if (kind === 'pdf') {
    const { pageCount, runs } = await extractTextRuns(file, { ...(o.signal ? { signal: o.signal } : {}), ...(o.onPage ? { onPage: o.onPage } : {}) });
    const pages = pageLines(runs, pageCount);
    if (!pages.some((p) => p.length)) throw new BidSealError('E_TENDER_NO_TEXT', `none of the ${pageCount} pages has a text layer`);
    return { format: 'pdf', pages };
  }
  if (kind === 'zip') {
    if (size > MAX_DOCX_BYTES) throw new BidSealError('E_TENDER_DOCX_TOO_LARGE', `${size} bytes`, { limit: MAX_DOCX_BYTES });
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (e) {
      throw fileError(e, file);
    }
    const pages = [docxParagraphs(documentXmlOf(bytes))];
    if (!pages[0]!.length) throw new BidSealError('E_TENDER_NO_TEXT', 'the document has no paragraphs with text');
    return { format: 'docx', pages };
  }
  throw new BidSealError('E_TENDER_UNSUPPORTED', 'neither a PDF nor a Word (.docx) file');
}

/** The proposal a tender file makes (checklist entries, deadline, opening). */
export async function readTender(file: string, o: TenderReadOptions = {}): Promise<TenderReading> {
  try {
    const { format, pages } = await tenderText(file, o);
    return { format, ...proposeFromTender(pages) };
  } catch (e) {
    if (isBidSealError(e) || (e instanceof Error && e.name === 'AbortError')) throw e;
    throw new BidSealError('E_INTERNAL', e instanceof Error ? e.message : String(e), undefined, { cause: e });
  }
}
