// Runs in Node (Electron main or the Node host). IPC handlers of certificates, the trust store, USB key
// drivers (PKCS#11 modules and SKF libraries, loaded only when installed or confirmed by the user in the
// main process; docs/ipc-security.md) and the key manager.
import type { KeysOperation } from '../../../shared/ipc/ops/keys';
import type { DomainHandlers, HostInfo } from './host-info';
import type { JobRegistry } from './dispatch';
import { certView, fromB64, inspectCertificates, validateCertificate, verdictView } from '../pki/certificates';
import { importTrustBytes, listTrustEntries, removeTrustEntry } from '../pki/trust-store';
import { pkcs11Modules } from '../keys/tokens';
import type { NativeModuleKind } from '../keys/native-modules';
import { BidSealError } from '../../../shared/errors';
import { KeyManager } from '../keys/key-manager';
import { dropPicked, identityPinInfo, identityViews, pickKeyFile, rememberIdentity } from '../keys/identities';
import { carrierOf, inspectSoftwareKey, testSign } from '../keys/key-ops';

export function keysHandlers(hostInfo: HostInfo, _jobs: JobRegistry): DomainHandlers<KeysOperation> {
  const { dataDir, tokens } = hostInfo;
  // Whatever reaches the token service, only installed or user-confirmed drivers load (docs/ipc-security.md).
  const modules = pkcs11Modules(dataDir);
  tokens.restrictTo((p) => modules.allows(p));
  tokens.useDataDir(dataDir);
  const keys = (tokens.identities ??= new KeyManager(dataDir));
  return {
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
    'tokens.addModule': async () => ({ module: await addModule(hostInfo, (p) => modules.remember(p), 'pkcs11') }),
    'tokens.forgetModule': async (req) => ({ removed: modules.forget(req.moduleId) }),
    'tokens.slots': async (req) => ({ slots: await tokens.slots(modules.resolve(req.moduleId)) }),
    'tokens.skf': async () => ({ libraries: tokens.skfLibraries(), ...(await tokens.skfKeys()) }),
    'tokens.pickSkf': async () => ({ path: (await addModule(hostInfo, (p) => ({ path: tokens.pickSkfLibrary(p) }), 'skf'))?.path ?? null }),
    'keys.identities': async (req) => ({ identities: identityViews(keys, req.bidder, req.project, req.openingTime ? new Date(req.openingTime) : undefined) }),
    'keys.remember': async (req) => {
      const c = req.carrier;
      const identity = await rememberIdentity(keys, tokens, c.kind === 'software' ? { ...c, data: fromB64(c.data) } : c, req.label, modules);
      if (c.kind === 'picked') dropPicked(c.handle);
      const view = identityViews(keys).find((v) => v.id === identity.id);
      if (!view) throw new BidSealError('E_INTERNAL', 'the identity just remembered is not listed');
      return { id: identity.id, identity: view };
    },
    'keys.pinInfo': async (req) => identityPinInfo(keys, tokens, req.id),
    'keys.forget': async (req) => {
      await keys.forget(req.id);
      return {};
    },
    'keys.pickKeyFile': async () => {
      const openFile = hostInfo.dialogs?.openFile;
      if (!openFile) throw new BidSealError('E_DIALOG_UNAVAILABLE', 'no native dialog in this host');
      const file = await openFile({ title: '选择证书文件 / Choose the key file', filters: [{ name: '证书文件 / Key file', extensions: ['p12', 'pfx', 'pem', 'key', 'sm2', 'der'] }] });
      return { picked: file ? await pickKeyFile(file) : null };
    },
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

const DRIVER_KIND = { pkcs11: 'PKCS#11', skf: 'SKF（国密 GM/T 0016）' } as const;

/**
 * A driver the user adds (a PKCS#11 module or an SKF vendor library): picked in the main process's native
 * dialog, then confirmed (it runs with the app's rights), then remembered on the shared native-module
 * allow-list. The Node host has no native dialog: its operator names drivers with `--pkcs11-module` /
 * `--skf-module` on the command line instead.
 */
async function addModule<T>(host: HostInfo, remember: (path: string) => T, kind: NativeModuleKind): Promise<T | null> {
  const { openFile, confirm } = host.dialogs ?? {};
  if (!openFile || !confirm) throw new BidSealError('E_DIALOG_UNAVAILABLE', `no native dialog in this host; start the host with --${kind}-module`);
  const picked = await openFile({ title: `选择 USB Key 驱动（${DRIVER_KIND[kind]}）/ Choose the USB key driver (${kind === 'skf' ? 'SKF' : 'PKCS#11'})`, filters: [{ name: DRIVER_KIND[kind], extensions: ['so', 'dll', 'dylib'] }] });
  if (!picked) return null;
  const ok = await confirm({
    title: 'BidSeal',
    message: '加载此驱动？ / Load this driver?',
    detail: `${picked}\n\n驱动程序以 BidSeal 的权限运行，请只加载 CA 或 USB Key 厂商提供的驱动。\nThe driver runs with BidSeal's rights: load only the driver your CA or key vendor supplied.`,
    confirmLabel: '加载 / Load',
  });
  return ok ? remember(picked) : null;
}
