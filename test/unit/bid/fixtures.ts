// Runs in Node (tests). A bidder's SM2 signing and encryption certificates, a platform SM2 encryption
// certificate, an RSA escrow certificate, an outsider and a short-lived encryption certificate, made with
// OpenSSL 3 in a temp dir (never in the repository), opened through the product's software-key carrier.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSoftwareKey } from '../../../electron/services/keys/software-keys';
import type { EnvelopeDecrypter } from '../../../shared/envelope/recipients';
import type { Signer } from '../../../shared/pki/carrier';
import { openssl } from '../../helpers/vectors';
import { pseudoRandom } from '../envelope/fixtures';

export const USCC = '91350100M000100Y43';
export type Party = 'sign' | 'bidderEnc' | 'platform' | 'escrow' | 'outsider' | 'short' | 'tenderer';

const SM2 = { gen: ['-algorithm', 'SM2'], md: ['-sm3', '-sigopt', 'distid:1234567812345678'] };
const RSA = { gen: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], md: ['-sha256'] };
const PARTIES: Record<Party, { alg: typeof SM2; subj: string; ku: string; days: number; serial: string }> = {
  sign: { alg: SM2, subj: `/C=CN/O=某某建设集团有限公司/OU=${USCC}/CN=某某建设集团有限公司 签名`, ku: 'digitalSignature,nonRepudiation', days: 365, serial: '0x5101' },
  bidderEnc: { alg: SM2, subj: `/C=CN/O=某某建设集团有限公司/OU=${USCC}/CN=某某建设集团有限公司 加密`, ku: 'keyEncipherment,dataEncipherment', days: 365, serial: '0x5102' },
  platform: { alg: SM2, subj: '/C=CN/O=某公共资源交易平台/CN=平台加密证书', ku: 'keyEncipherment', days: 365, serial: '0x6101' },
  tenderer: { alg: SM2, subj: '/C=CN/O=某招标人/CN=招标人加密证书', ku: 'keyEncipherment', days: 365, serial: '0x6201' },
  escrow: { alg: RSA, subj: '/C=CN/O=Escrow Agent/CN=Escrow RSA', ku: 'keyEncipherment', days: 365, serial: '0x7101' },
  outsider: { alg: SM2, subj: '/C=CN/O=Outsider/CN=Outsider SM2', ku: 'keyEncipherment', days: 365, serial: '0x8101' },
  short: { alg: SM2, subj: '/C=CN/O=某某建设集团有限公司/CN=即将到期的加密证书', ku: 'keyEncipherment', days: 3, serial: '0x5103' },
};

export interface BidFixtures {
  dir: string;
  key(p: Party): string;
  cert(p: Party): string;
  certDer(p: Party): Uint8Array;
  signer(): Promise<Signer>;
  decrypter(p: Party): Promise<EnvelopeDecrypter>;
  docs: string[];
  cleanup(): void;
}

export async function makeBidFixtures(parties: Party[] = ['sign', 'bidderEnc', 'platform', 'escrow', 'outsider', 'short', 'tenderer']): Promise<BidFixtures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-bid-'));
  const key = (p: Party) => path.join(dir, `${p}.key.pem`);
  const cert = (p: Party) => path.join(dir, `${p}.crt.pem`);
  for (const p of parties) {
    const d = PARTIES[p];
    openssl(['genpkey', ...d.alg.gen, '-out', key(p)]);
    openssl(['req', '-x509', '-new', '-utf8', '-key', key(p), ...d.alg.md, '-subj', d.subj, '-days', String(d.days), '-set_serial', d.serial, '-addext', `keyUsage=critical,${d.ku}`, '-out', cert(p)]);
  }
  const docs = [
    ['投标函.pdf', 200_003],
    ['技术标.pdf', 1_000_000],
    ['报价表.xlsx', 17],
  ].map(([n, size], i) => {
    const f = path.join(dir, n as string);
    writeFileSync(f, pseudoRandom(size as number, i + 1));
    return f;
  });
  const open = (p: Party) => openSoftwareKey(readFileSync(key(p)), { certificate: readFileSync(cert(p)), password: async () => null, fileName: key(p) });
  return {
    dir,
    key,
    cert,
    certDer: (p) => new Uint8Array(openssl(['x509', '-in', cert(p), '-outform', 'DER'])),
    signer: async () => (await open('sign')).signer!,
    decrypter: async (p) => {
      const k = await open(p);
      if (!k.decrypter) throw new Error(`${p}: no decrypter`);
      return k.decrypter as EnvelopeDecrypter;
    },
    docs,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Two damaged copies of a sealed file, written beside it: `flip.EXT` with one bit (`bit`) changed `fromEnd`
 * bytes before the end, and `cut.EXT` without its last `cut` bytes. Returns their names. */
export function damagedCopies(file: string, o: { fromEnd: number; bit: number; cut: number }): string[] {
  const sealed = readFileSync(file);
  const flipped = Buffer.from(sealed);
  flipped[sealed.length - o.fromEnd] ^= o.bit;
  const ext = path.extname(file);
  writeFileSync(path.join(path.dirname(file), `flip${ext}`), flipped);
  writeFileSync(path.join(path.dirname(file), `cut${ext}`), sealed.subarray(0, sealed.length - o.cut));
  return [`flip${ext}`, `cut${ext}`];
}
