// Runs in Node (Electron main or the Node host). IPC handlers: OFD documents (GB/T 33190) from the store by id.
// `ofd.verify` checks every seal signature as `bidseal ofd verify` does (shared/ofd), against the user's trust
// store (the Certificates page), which also anchors time-stamping authorities.
import { readFile } from 'node:fs/promises';
import type { DomainHandlers, HostInfo } from './host-info';
import type { JobRegistry } from './dispatch';
import type { OfdOperation } from '../../../shared/ipc/ops/ofd';
import { BidSealError } from '../../../shared/errors';
import { OfdPackage } from '../../../shared/ofd/package';
import { verifyOfd } from '../../../shared/ofd/signatures';
import { ofdVerifyView } from '../../../shared/ofd/views';
import { openFileStore } from '../documents/file-store';
import { listTrustEntries } from '../pki/trust-store';

export function ofdHandlers(host: HostInfo, _jobs: JobRegistry): DomainHandlers<OfdOperation> {
  const store = openFileStore(host.dataDir);
  return {
    'ofd.verify': async (req) => {
      const file = await store.get(req.fileId);
      if (file.mediaType !== 'application/ofd' && !/\.ofd$/i.test(file.name)) throw new BidSealError('E_OFD_NOT_OFD', undefined, { id: req.fileId });
      const pkg = OfdPackage.open(new Uint8Array(await readFile(await store.pathOf(req.fileId))));
      const anchors = (await listTrustEntries(host.dataDir)).map((e) => e.certificate.der);
      return ofdVerifyView(await verifyOfd(pkg, { anchors, tsaAnchors: anchors }));
    },
  };
}
