// Runs in Node (Electron main or the Node host). IPC handlers: documents generated from the vault —
// bid letter 投标函 and authorisation letter 法定代表人授权委托书. The PDF is laid out by
// electron/services/documents/letters.ts and filed in the document store (written to the store's temp
// file, committed only when complete), tagged with the bidder so agencies keep bidders apart. And the
// vault's USB-key unlock: the carrier decrypts the vault key from the slot's RecipientInfo.
import type { DomainHandlers, HostInfo } from './host-info';
import type { JobRegistry } from './dispatch';
import type { DocsOperation } from '../../../shared/ipc/ops/docs';
import { openFileStore } from '../documents/file-store';
import { safeFileName } from '../../../shared/text/file-name';
import { writeFileAtomic } from '../fs/atomic-write';
import { generateLetter } from '../documents/letters';
import { openDecrypter } from './bid';
import { parseBer, tlv } from '../../../shared/asn1';
import { parseRecipientInfos, unwrapContentKey } from '../../../shared/envelope/recipients';
import { BidSealError } from '../../../shared/errors';

const DEFAULT_NAME = { 'bid-letter': '投标函', authorization: '法定代表人授权委托书' } as const;

/** "投标函-某某工程.pdf" without characters that file systems or platforms reject */
function fileName(base: string, project: unknown): string {
  const p = typeof project === 'string' ? safeFileName(project, { max: 80, replacement: '', fallback: '' }) : '';
  return `${p ? `${base}-${p}` : base}.pdf`;
}

export function docsHandlers(host: HostInfo, _jobs: JobRegistry): DomainHandlers<DocsOperation> {
  const store = openFileStore(host.dataDir);
  return {
    'docs.generate': async (req) => {
      const letter = await generateLetter(req.template, req.data);
      const name = req.name ? (req.name.toLowerCase().endsWith('.pdf') ? req.name : `${req.name}.pdf`) : fileName(DEFAULT_NAME[req.template], (req.data as { projectName?: unknown }).projectName);
      const out = await store.output({ name, mediaType: 'application/pdf', tags: { ...req.tags, kind: req.tags.kind ?? 'generated' } });
      try {
        await writeFileAtomic(out.tempPath, letter.bytes);
        const file = await out.commit();
        return { file, pages: letter.pages, sealBox: letter.sealBox, signatureBox: letter.signatureBox };
      } catch (e) {
        await out.abort();
        throw e;
      }
    },
    'docs.unwrapVaultKey': async (req, ctx) => {
      // one RecipientInfo, parsed as the SET the envelope code expects; the PIN is used for this call only
      const ri = Buffer.from(req.recipientInfo, 'base64');
      const parsed = parseRecipientInfos(parseBer(tlv(0x31, ri)));
      if (parsed.length !== 1 || parsed[0].summary.kind !== 'keyTransport') throw new BidSealError('E_BAD_REQUEST', 'one key-transport RecipientInfo expected');
      const { decrypter, close } = await openDecrypter(req.carrier, host.tokens, host.dataDir);
      try {
        const key = await unwrapContentKey(parsed[0], decrypter, ctx.signal);
        if (key.length !== 32) throw new BidSealError('E_DECRYPT_FAILED', 'not a vault key');
        return { key: Buffer.from(key).toString('base64') };
      } finally {
        close();
      }
    },
  };
}
