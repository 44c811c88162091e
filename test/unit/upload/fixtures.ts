// Runs in Node (tests). The reference platform (platform-server/) started in-process on an ephemeral port
// of 127.0.0.1 with its committed demo PKI, and sealed bids made with the product's sealBid to the demo
// platform's encryption certificate (the bidder's keys come from test/unit/bid/fixtures, OpenSSL-made).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sealBid, type Custody } from '../../../electron/services/bid/package';
import { DEMO_PKI_DIR, loadPki, startPlatformServer, type PlatformPki, type PlatformServer, type PlatformServerOptions } from '../../../platform-server/server';
import { makeBidFixtures, USCC, type BidFixtures } from '../bid/fixtures';
import { pseudoRandom } from '../envelope/fixtures';

export const meta = { tenderId: 'REF-2026-0007', lot: '第一标段', platformId: 'reference', bidder: { name: '某某建设集团有限公司', uscc: USCC } };

export interface UploadFixtures {
  dir: string;
  pki: PlatformPki;
  bid: BidFixtures;
  platformCertPem: string;
  receiptCertPem: string;
  /** seals `bytes` of pseudo-random document(s) (seed varies the content) to the demo platform */
  seal(name: string, bytes: number, seed: number, opts?: { custody?: Custody; extraRecipients?: Array<Uint8Array | string> }): Promise<string>;
  server(o?: Partial<PlatformServerOptions>): Promise<PlatformServer>;
  cleanup(): Promise<void>;
}

export async function makeUploadFixtures(): Promise<UploadFixtures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-upload-'));
  const pki = await loadPki(DEMO_PKI_DIR);
  const bid = await makeBidFixtures(['sign', 'bidderEnc']);
  const servers: PlatformServer[] = [];
  return {
    dir,
    pki,
    bid,
    platformCertPem: pki.encryptionCertPem,
    receiptCertPem: pki.receiptCertPem,
    async seal(name, bytes, seed, opts = {}) {
      const doc = path.join(dir, `${name}.pdf`);
      writeFileSync(doc, pseudoRandom(bytes, seed));
      const out = path.join(dir, `${name}.p7m`);
      await sealBid({ files: [doc], meta, signer: await bid.signer(), recipients: [pki.encryptionCertPem, readFileSync(bid.cert('bidderEnc'), 'utf8'), ...(opts.extraRecipients ?? [])], custody: opts.custody }, out);
      return out;
    },
    async server(o = {}) {
      const s = await startPlatformServer({ dataDir: path.join(dir, 'platform'), pki, ...o });
      servers.push(s);
      return s;
    },
    async cleanup() {
      for (const s of servers) await s.close().catch(() => {});
      bid.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
