// Runs in Node (Electron main or the Node host; never imports `electron`). The implementation of
// every IPC operation (each domain's in electron/services/ipc/<domain>.ts). Hosts pass what differs between them (host kind, versions, where user data
// lives, how token workers start) as `HostInfo`.
import type { Handlers, JobRegistry } from './dispatch';
import type { HostInfo } from './host-info';
import { filesHandlers } from './files';
import { pdfHandlers } from './pdf';
import { ofdHandlers } from './ofd';
import { sealsHandlers } from './seals';
import { bidHandlers } from './bid';
import { docsHandlers } from './docs';
import { platformsHandlers } from './platforms';
import { uploadHandlers } from './upload';
import { workspaceHandlers } from './workspace';
import { doctor } from '../app/doctor';
import { hashFile } from '../fs/file-hash';
import { APP_NAME, APP_VERSION } from '../app/version';
import { certView, fromB64, inspectCertificates, validateCertificate, verdictView } from '../pki/certificates';
import { importTrustBytes, listTrustEntries, removeTrustEntry } from '../pki/trust-store';
import { pkcs11Modules } from '../keys/tokens';
import { openFileStore } from '../documents/file-store';
import type { NativeModuleRegistry } from '../keys/native-modules';
import { BidSealError } from '../../../shared/errors';
import { recoverAtStart } from '../app/startup-recovery';
import { KeyManager } from '../keys/key-manager';
import { identityViews, rememberIdentity } from '../keys/identities';
import { carrierOf, inspectSoftwareKey, testSign } from '../keys/key-ops';

export function createHandlers(hostInfo: HostInfo, jobs: JobRegistry): Handlers {
  const { dataDir, tokens } = hostInfo;
  const store = openFileStore(dataDir);
  // Whatever reaches the token service, only installed or user-confirmed drivers load (docs/ipc-security.md).
  const modules = pkcs11Modules(dataDir);
  tokens.restrictTo((p) => modules.allows(p));
  // the app and the host start like the CLI: finish or remove what a killed process left (docs/CRASH-CONSISTENCY.md)
  void recoverAtStart(dataDir).catch(() => {});
  const keys = (tokens.identities ??= new KeyManager(dataDir));
  return {
    ...filesHandlers(hostInfo, jobs),
    ...pdfHandlers(hostInfo, jobs),
    ...ofdHandlers(hostInfo, jobs),
    ...sealsHandlers(hostInfo, jobs),
    ...bidHandlers(hostInfo, jobs),
    ...docsHandlers(hostInfo, jobs),
    ...platformsHandlers(hostInfo, jobs),
    ...uploadHandlers(hostInfo, jobs),
    ...workspaceHandlers(hostInfo, jobs),
    'app.info': async () => ({ name: APP_NAME, version: APP_VERSION, host: hostInfo.host, platform: process.platform, arch: process.arch, versions: hostInfo.versions }),
    'app.doctor': async () => doctor(),
    'files.hash': async (req, ctx) => {
      const files = [];
      for (const id of req.ids) {
        const f = await store.get(id);
        ctx.progress({ phase: 'hash', bytesDone: 0, item: f.name });
        const { size, hex } = await hashFile(await store.pathOf(id), req.alg, (done, total) => ctx.progress({ phase: 'hash', bytesDone: done, bytesTotal: total, item: f.name }), ctx.signal);
        files.push({ id, name: f.name, size, alg: req.alg, hex });
      }
      return { files };
    },
    'jobs.cancel': async (req) => ({ cancelled: jobs.cancel(req.jobId) }),
    'certs.inspect': async (req) => inspectCertificates(fromB64(req.data)),
    'certs.validate': async (req) =>
      verdictView(
        await validateCertificate(
          { leaf: fromB64(req.data), intermediates: req.intermediates.map(fromB64), ...(req.at ? { at: new Date(req.at) } : {}), sm2IdPolicy: req.sm2IdPolicy, ...(req.usage ? { requiredKeyUsage: req.usage } : {}), ...(req.revocation ? { revocation: req.revocation, ocsp: true } : {}), ...(req.fetch ? { fetch: true } : {}) },
          dataDir,
        ),
      ),
    'trust.list': async () => ({
      entries: (await listTrustEntries(dataDir)).map((e) => ({ id: e.id, certificate: certView(e.certificate), by: e.origin.by, ...(e.origin.fileName ? { fileName: e.origin.fileName } : {}), ...(e.origin.note ? { note: e.origin.note } : {}), importedAt: e.importedAt.toISOString() })),
    }),
    'trust.import': async (req) => {
      const r = await importTrustBytes(dataDir, fromB64(req.data), { by: 'user', ...(req.fileName ? { fileName: req.fileName } : {}) });
      return { added: r.added.length, alreadyPresent: r.alreadyPresent.length };
    },
    'trust.remove': async (req) => ({ removed: await removeTrustEntry(dataDir, req.id) }),
    'tokens.modules': async () => ({ modules: modules.list() }),
    'tokens.addModule': async () => ({ module: await addModule(hostInfo, modules) }),
    'tokens.forgetModule': async (req) => ({ removed: modules.forget(req.moduleId) }),
    'tokens.slots': async (req) => ({ slots: await tokens.slots(modules.resolve(req.moduleId)) }),
    'tokens.skf': async () => ({ libraries: tokens.skfLibraries(), ...(await tokens.skfKeys()) }),
    'tokens.pickSkf': async () => {
      const file = await hostInfo.dialogs?.openFile?.({ title: 'SKF', filters: [{ name: 'SKF', extensions: process.platform === 'win32' ? ['dll'] : process.platform === 'darwin' ? ['dylib'] : ['so'] }] });
      return { path: file ? tokens.pickSkfLibrary(file) : null };
    },
    'keys.identities': async (req) => ({ identities: identityViews(keys, req.bidder, req.project, req.openingTime ? new Date(req.openingTime) : undefined) }),
    'keys.remember': async (req) => ({ id: (await rememberIdentity(keys, tokens, req.carrier.kind === 'skf' ? req.carrier : { ...req.carrier, data: fromB64(req.carrier.data) }, req.label)).id }),
    'keys.choose': async (req) => {
      await keys.choose(req.bidder, req.project, req.id);
      return {};
    },
    'keys.inspect': async (req) => inspectSoftwareKey(fromB64(req.data), req.password),
    'keys.testSign': async (req, ctx) => {
      const c = req.carrier;
      return testSign(carrierOf(c, dataDir), tokens, ctx.signal);
    },
  };
}

/**
 * A driver the user adds: picked in the main process's native dialog, then confirmed (it runs with the
 * app's rights), then remembered. The Node host has no native dialog: its operator names drivers with
 * `--pkcs11-module` on the command line instead.
 */
async function addModule(host: HostInfo, modules: NativeModuleRegistry) {
  const { openFile, confirm } = host.dialogs ?? {};
  if (!openFile || !confirm) throw new BidSealError('E_DIALOG_UNAVAILABLE', 'no native dialog in this host; start the host with --pkcs11-module');
  const picked = await openFile({ title: '选择 USB Key 驱动（PKCS#11）/ Choose the USB key driver (PKCS#11)', filters: [{ name: 'PKCS#11', extensions: ['so', 'dll', 'dylib'] }] });
  if (!picked) return null;
  const ok = await confirm({
    title: 'BidSeal',
    message: '加载此驱动？ / Load this driver?',
    detail: `${picked}\n\n驱动程序以 BidSeal 的权限运行，请只加载 CA 或 USB Key 厂商提供的驱动。\nThe driver runs with BidSeal's rights: load only the driver your CA or key vendor supplied.`,
    confirmLabel: '加载 / Load',
  });
  return ok ? modules.remember(picked) : null;
}

export type { HostInfo } from './host-info';
