// Runs in Node (Electron main or the Node host). IPC handlers: PDF signing, seals and verification.
// Thin: documents come from the store by id, placements are checked against the document before the
// carrier is opened (no PIN asked for a file that cannot be signed), the carrier is opened once per call.
import type { DomainHandlers, HostInfo } from './host-info';
import type { JobRegistry } from './dispatch';
import type { PdfOperation } from '../../../shared/ipc/ops/pdf';
import { DEFAULT_SEAL_PHRASES } from '../../../shared/pdf/seal-places';
import { openFileStore } from '../documents/file-store';
import { carrierOf, openSigner } from '../keys/key-ops';
import { documentSealPlaces, inspectDocument, loadSealImages, planDocument, signBatch, signPlanned, verifyDocument } from '../pdf/ops';

export function pdfHandlers(host: HostInfo, _jobs: JobRegistry): DomainHandlers<PdfOperation> {
  const store = openFileStore(host.dataDir);
  // No time-stamping authority over IPC: the renderer names no network endpoint (docs/ipc-security.md).
  const planOptions = (r: { reason?: string; location?: string; subfilter?: 'pades' | 'pkcs7' }) => ({
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.location ? { location: r.location } : {}),
    ...(r.subfilter ? { subfilter: r.subfilter } : {}),
  });
  return {
    'pdf.inspect': async (req) => inspectDocument(store, host.dataDir, req.fileId, req.sm2IdPolicy),
    'pdf.verify': async (req) => ({ signatures: await verifyDocument(store, host.dataDir, req.fileId) }),
    'pdf.sealPlaces': async (req) => ({ ...(await documentSealPlaces(store, req.fileId, req.phrases)), defaults: DEFAULT_SEAL_PHRASES.map((p) => ({ text: p.text, kind: p.kind })) }),
    'pdf.sign': async (req, ctx) => {
      const o = planOptions(req);
      const plan = await planDocument(store, req.fileId, req.placements, await loadSealImages(store, req.placements), o);
      const { signer, close } = await openSigner(carrierOf(req.carrier, host.dataDir), host.tokens);
      try {
        const r = await signPlanned(store, host.dataDir, plan, signer, { ...o, signal: ctx.signal, onProgress: (p) => ctx.progress(p) });
        return { file: r.file, fields: r.fields, signatures: r.signatures };
      } finally {
        close();
      }
    },
    'pdf.signBatch': async (req, ctx) => {
      const { signer, close } = await openSigner(carrierOf(req.carrier, host.dataDir), host.tokens);
      try {
        return await signBatch(store, host.dataDir, req.fileIds, req.placements, signer, {
          ...planOptions(req),
          signal: ctx.signal,
          onProgress: (p) => ctx.progress({ phase: p.phase, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, item: `${p.index + 1}/${req.fileIds.length} ${p.item}` }),
        });
      } finally {
        close();
      }
    },
  };
}
