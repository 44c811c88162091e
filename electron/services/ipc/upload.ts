// Runs in Node (Electron main or the Node host). IPC handlers: uploads, outbox and receipts.
// Documents come from the store (fileId), platforms from the platform directory (endpoint and receipt
// certificate); the deadline and bid record default from the bid history. The outbox runs on its own
// (appOutbox) and survives restarts; the renderer polls upload.list for progress.
import { BidSealError } from '../../../shared/errors';
import { isAllowedUploadEndpoint } from '../../../shared/platforms/endpoint';
import type { UploadOperation } from '../../../shared/ipc/ops/upload';
import type { OutboxItemView } from '../../../shared/ipc/specs/upload';
import { verifyReceipt } from '../../../shared/receipt/receipt';
import { checkPortalSize, portalRequirements } from '../../../shared/platforms/portal';
import type { DomainHandlers, HostInfo } from './host-info';
import type { JobRegistry } from './dispatch';
import { openFileStore } from '../documents/file-store';
import { getPlatform } from '../platforms/directory';
import { getRecord, listRecords } from '../bid/history';
import { appOutbox, noEndpoint, type LiveProgress, type OutboxItem } from '../upload';
import { digestFile } from '../upload/file-digest';
import { attachPortalReceipt, checkedSealed, listPortalHandIns, portalPlan, preparePortalCopy, type BidRef } from '../upload/portal';
import { isAllowedExternal } from '../platforms/external-links';
import { downloadUrlOf } from './files';

const bidRef = (r: { recordId?: string; fileId?: string }): BidRef => (r.recordId ? { recordId: r.recordId } : { fileId: r.fileId! });

/** The directory's https portal of a platform (never a user platform's, shared/platforms/portal.ts). */
async function portalPlanOfPlatform(dataDir: string, platformId: string): Promise<string | null> {
  return portalRequirements(await getPlatform(dataDir, platformId)).portal;
}

export function itemView(i: OutboxItem & { progress?: LiveProgress }): OutboxItemView {
  const { filePath: _p, receiptCertificatePem, mtimeMs: _m, uploadUrl: _u, bidder: _b, tender: _t, ...rest } = i;
  return { ...rest, receiptCheck: Boolean(receiptCertificatePem) };
}

export function uploadHandlers(host: HostInfo, _jobs: JobRegistry): DomainHandlers<UploadOperation> {
  // started with the host: bids left in the outbox (sealed offline, or interrupted) carry on by themselves
  appOutbox(host.dataDir);
  const outbox = () => appOutbox(host.dataDir);
  const store = openFileStore(host.dataDir);
  const live = async (id: string) => itemView((await outbox().list()).find((x) => x.id === id) ?? (await outbox().get(id)));
  return {
    'upload.enqueue': async (req) => {
      const file = await store.get(req.fileId);
      const filePath = await store.pathOf(req.fileId);
      const platform = await getPlatform(host.dataDir, req.platformId);
      const endpoint = platform.upload.endpoint ?? noEndpoint(platform.id);
      if (!isAllowedUploadEndpoint(endpoint)) throw new BidSealError('E_ENDPOINT_NOT_ALLOWED', `platform ${platform.id}: endpoint is neither https nor this computer`);
      const record = req.recordId ? await getRecord(host.dataDir, req.recordId) : (await listRecords(host.dataDir)).find((r) => r.sealed.fileId === req.fileId || r.sealed.sm3 === file.sm3);
      // 投标截止时间 and 开标时间 are the same instant (招标投标法 §34), so the record's opening time is the deadline
      const deadline = req.deadline ?? record?.openingTime;
      const item = await outbox().enqueue({
        filePath,
        fileName: file.name,
        fileId: file.id,
        platformId: platform.id,
        endpoint,
        ...(platform.upload.receiptCertificatePem ? { receiptCertificatePem: platform.upload.receiptCertificatePem } : {}),
        ...(deadline ? { deadline } : {}),
        ...(record ? { recordId: record.id, bidder: record.bidder.name, tender: [record.tender.projectId, record.tender.lot].filter(Boolean).join(' ') } : {}),
      });
      return itemView(item);
    },
    'upload.list': async () => ({ items: (await outbox().list()).map(itemView) }),
    'upload.start': async (req) => (await outbox().start(req.id), live(req.id)),
    'upload.resume': async (req) => (await outbox().resume(req.id), live(req.id)),
    'upload.pause': async (req) => itemView(await outbox().pause(req.id)),
    'upload.cancel': async (req) => itemView(await outbox().cancel(req.id)),
    'upload.remove': async (req) => {
      await outbox().remove(req.id);
      return { removed: true };
    },
    'upload.receipt': async (req) => {
      const item = await outbox().get(req.id);
      if (!item.receipt) throw new BidSealError('E_UPLOAD_NOT_FOUND', `no receipt for ${req.id} yet`);
      const der = await outbox().receipt(req.id);
      return { data: Buffer.from(der).toString('base64'), ...(item.receipt.fileId ? { fileId: item.receipt.fileId } : {}), receipt: item.receipt };
    },
    'upload.portalPlan': async (req) => portalPlan(host.dataDir, req.platformId, bidRef(req)),
    'upload.portalPrepare': async (req) => {
      if (!host.dialogs?.chooseFolder) {
        // Node host: the browser downloads the checked copy under the portal's name (the renderer is the browser)
        const { plan } = await checkedSealed(host.dataDir, req.platformId, bidRef(req));
        if (!plan.sealed.fileId) throw new BidSealError('E_FILE_NOT_FOUND', 'the sealed bid is not in the document store');
        return { kind: 'download', url: `${downloadUrlOf(plan.sealed.fileId)}?name=${encodeURIComponent(plan.fileName)}`, name: plan.fileName, sha256: plan.sealed.sha256 };
      }
      const plan = await portalPlan(host.dataDir, req.platformId, bidRef(req)); // refusals (size, record) before the dialog
      checkPortalSize(plan.sealed.size, plan.requirements.maxBytes, req.platformId);
      const folder = await host.dialogs.chooseFolder({ title: `${plan.fileName} → 选择保存文件夹 / choose a folder` });
      if (!folder) return { kind: 'saved', path: null, name: plan.fileName };
      const r = await preparePortalCopy(host.dataDir, req.platformId, bidRef(req), folder);
      host.dialogs.showInFolder(r.path);
      return { kind: 'saved', path: r.path, name: r.name, sha256: r.sha256 };
    },
    'upload.portalOpen': async (req) => {
      const url = (await portalPlanOfPlatform(host.dataDir, req.platformId)) ?? '';
      if (!url || !isAllowedExternal(url, [url])) throw new BidSealError('E_PORTAL_NO_URL', `platform ${req.platformId} has no https portal in the directory`);
      if (!host.openExternal) return { opened: false, url };
      await host.openExternal(url);
      return { opened: true, url };
    },
    'upload.portalAttach': async (req) =>
      attachPortalReceipt(host.dataDir, { platformId: req.platformId, ref: bidRef(req), receiptFileId: req.receiptFileId }),
    'upload.portalList': async () => ({ items: await listPortalHandIns(host.dataDir) }),
    'receipt.verify': async (req) => {
      let cert = req.certificatePem;
      if (!cert) {
        const p = await getPlatform(host.dataDir, req.platformId!);
        cert = p.upload.receiptCertificatePem;
        if (!cert) throw new BidSealError('E_RECEIPT_WRONG_SIGNER', `platform ${p.id} has no receipt certificate in the directory`);
      }
      let expected: { sha256: string; size: number } | undefined;
      if (req.fileId) {
        const d = await digestFile(await store.pathOf(req.fileId));
        expected = { sha256: d.sha256, size: d.size };
      }
      const v = await verifyReceipt(Buffer.from(req.data, 'base64'), cert, expected);
      return { ...v, matchedFile: expected !== undefined };
    },
  };
}
