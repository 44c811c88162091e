// Runs in Node (Electron main or the Node host). IPC handlers: the bidder's seal library
// (electron/services/documents/seal-library.ts). The maker's path is judged against the user's trust store.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DomainHandlers, HostInfo } from './host-info';
import type { JobRegistry } from './dispatch';
import type { SealsOperation } from '../../../shared/ipc/ops/seals';
import { BidSealError } from '../../../shared/errors';
import { base64ToBytes } from '../../../shared/asn1';
import { openFileStore } from '../documents/file-store';
import { MAX_SEAL_FILE, SealLibrary } from '../documents/seal-library';
import { regularFileSize } from '../fs/file-read';
import { fileError } from '../fs/file-hash';
import { listTrustEntries } from '../pki/trust-store';

export function sealsHandlers(host: HostInfo, _jobs: JobRegistry): DomainHandlers<SealsOperation> {
  const library = new SealLibrary(openFileStore(host.dataDir), async () => (await listTrustEntries(host.dataDir)).map((e) => e.certificate.der));
  return {
    'seals.list': async (req) => ({ seals: await library.list(req.bidder) }),
    'seals.pick': async (req) => {
      const openFile = host.dialogs?.openFile;
      if (!openFile) throw new BidSealError('E_DIALOG_UNAVAILABLE', 'no native dialog in this host');
      // the only way a seal file's path enters: the user picks it here, in the main process
      const picked = await openFile({ title: '导入电子印章 / Import an electronic seal', filters: [{ name: '电子印章 / Electronic seal', extensions: ['esl', 'seal', 'der', 'asn1', 'b64', 'txt'] }] });
      if (!picked) return null;
      const size = await regularFileSize(picked);
      if (size > MAX_SEAL_FILE) throw new BidSealError('E_ESEAL_CORRUPT', `a seal file is at most ${MAX_SEAL_FILE} bytes; this one has ${size}`);
      const bytes = new Uint8Array(await readFile(picked).catch((e) => Promise.reject(fileError(e, picked))));
      return library.importBytes(bytes, path.basename(picked), req.bidder);
    },
    'seals.adopt': async (req) => library.adopt(req.fileId, req.bidder),
    'seals.remove': async (req) => ({ removed: await library.remove(req.fileId) }),
    'seals.check': async (req) => {
      const err = await library.usableWith(req.fileId, base64ToBytes(req.certificate));
      return { usable: !err, error: err ? { code: err.code, message: err.message } : null };
    },
  };
}
