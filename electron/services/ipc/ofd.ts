// Runs in Node (Electron main or the Node host). IPC handlers: OFD documents (GB/T 33190) from the store by id
// (electron/services/ofd/ops.ts). `ofd.verify` checks every seal signature as `bidseal ofd verify` does (shared/ofd),
// against the user's trust store (the Certificates page), which also anchors time-stamping authorities; `ofd.sign`
// seals with an electronic seal of the bidder's library, checked before the carrier is opened.
import type { DomainHandlers, HostInfo } from './host-info';
import type { JobRegistry } from './dispatch';
import type { OfdOperation } from '../../../shared/ipc/ops/ofd';
import { openFileStore } from '../documents/file-store';
import { carrierOf, openSigner } from '../keys/key-ops';
import { drawOfdDocumentPage, inspectOfdDocument, planOfdSeal, sealOfdDocument, verifyOfdDocument } from '../ofd/ops';

export function ofdHandlers(host: HostInfo, _jobs: JobRegistry): DomainHandlers<OfdOperation> {
  const store = openFileStore(host.dataDir);
  return {
    'ofd.verify': async (req) => verifyOfdDocument(store, host.dataDir, req.fileId),
    'ofd.inspect': async (req) => inspectOfdDocument(store, host.dataDir, req.fileId),
    'ofd.page': async (req) => drawOfdDocumentPage(store, req.fileId, req.page),
    'ofd.sign': async (req, ctx) => {
      const r = { fileId: req.fileId, sealFileId: req.sealFileId, placements: req.placements, ...(req.crossPage ? { crossPage: req.crossPage.y !== undefined ? { y: req.crossPage.y } : {} } : {}) };
      const plan = await planOfdSeal(store, r);
      const { signer, close } = await openSigner(carrierOf(req.carrier, host.dataDir), host.tokens);
      try {
        return await sealOfdDocument(store, host.dataDir, plan, r, signer, ctx.signal);
      } finally {
        close();
      }
    },
  };
}
