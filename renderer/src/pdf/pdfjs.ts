// Runs in the renderer. pdf.js (pdfjs-dist) set up for BidSeal: the worker is bundled by Vite (same origin,
// so the strict CSP's worker-src 'self' suffices; no eval: isEvalSupported false), and a document is read
// from the store in ranges through files.read (PDFDataRangeTransport), so a 500 MB bid is never loaded
// whole — pdf.js asks only for the xref, the pages shown and the objects they use.
import { getDocument, GlobalWorkerOptions, PDFDataRangeTransport, type PDFDocumentLoadingTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { readRange } from '../files/store';

GlobalWorkerOptions.workerSrc = workerUrl;

export type { PDFDocumentProxy, PDFPageProxy, PageViewport } from 'pdfjs-dist';

/** pdf.js's chunk size for range requests (the store serves ≤ 4 MiB per call) */
const RANGE_CHUNK = 1024 * 1024;

class StoreRangeTransport extends PDFDataRangeTransport {
  private closed = false;
  constructor(private readonly id: string, size: number) {
    super(size, null);
  }
  override requestDataRange(begin: number, end: number): void {
    readRange(this.id, begin, end - begin).then(
      (bytes) => {
        if (this.closed) return;
        try {
          this.onDataRange(begin, bytes);
        } catch {
          // pdf.js cancelled that range (a page scrolled away, the viewer closed) while it was in flight:
          // it asserts that no reader waits for it; the bytes are simply not needed any more
        }
      },
      // a failed read surfaces as pdf.js's own load/render error for that page
      () => this.abort(),
    );
  }
  override abort(): void {
    this.closed = true;
    super.abort();
  }
}

/** Opens a stored PDF by id; destroy() the task when done. */
export function openStoredPdf(id: string, size: number): PDFDocumentLoadingTask {
  return getDocument({
    range: new StoreRangeTransport(id, size),
    length: size,
    rangeChunkSize: RANGE_CHUNK,
    disableAutoFetch: true,
    disableStream: true,
    isEvalSupported: false,
    enableXfa: false,
  });
}
