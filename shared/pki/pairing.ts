// Runs anywhere (pure). Pairs a holder's signing and encryption certificates (Chinese CAs issue both,
// GM/T 0015 / GB/T 20518 dual-certificate practice): same issuer, distinct keys, complementary usages,
// then evidence from subject (USCC, CN, O…), validity and serial adjacency. A heuristic, so it says why.
import type { CertificateSummary } from './certificate';
import { namesEqual, nameValues } from './names';
import { bytesEqual } from '../asn1';

export interface CertificatePair {
  signing: CertificateSummary;
  encryption: CertificateSummary;
  confidence: 'high' | 'medium' | 'low';
  /** evidence, e.g. ['same issuer', 'same USCC', 'same notBefore', 'adjacent serials'] */
  reasons: string[];
}

export interface PairingResult {
  pairs: CertificatePair[];
  /** CA certificates and end-entity certificates without a partner */
  unpaired: CertificateSummary[];
}

const canSign = (c: CertificateSummary): boolean => c.role === 'signing' || c.role === 'dual' || c.role === 'unknown';
const canEncrypt = (c: CertificateSummary): boolean => c.role === 'encryption' || c.role === 'dual' || c.role === 'unknown';
const HINT_SIGN = /sign|签名|签章/i;
const HINT_ENC = /enc|加密/i;

function nameHint(c: CertificateSummary): 'signing' | 'encryption' | undefined {
  const text = [...nameValues(c.subject, 'CN'), ...nameValues(c.subject, 'OU')].join(' ');
  if (HINT_ENC.test(text) && !HINT_SIGN.test(text)) return 'encryption';
  if (HINT_SIGN.test(text) && !HINT_ENC.test(text)) return 'signing';
  return undefined;
}

const serialValue = (c: CertificateSummary): bigint => {
  try {
    return BigInt('0x' + (c.serialNumber || '0'));
  } catch {
    return -1n;
  }
};

/** Orders two partner certificates as (signing, encryption), or null when neither order fits. */
function orient(a: CertificateSummary, b: CertificateSummary): [CertificateSummary, CertificateSummary] | null {
  const ab = canSign(a) && canEncrypt(b);
  const ba = canSign(b) && canEncrypt(a);
  if (ab && !ba) return [a, b];
  if (ba && !ab) return [b, a];
  if (!ab && !ba) return null;
  // both fit: specific roles first, then name hints, then lower serial = signing (usual issuing order)
  if (a.role === 'signing' || b.role === 'encryption') return [a, b];
  if (b.role === 'signing' || a.role === 'encryption') return [b, a];
  const ha = nameHint(a);
  const hb = nameHint(b);
  if (ha === 'signing' || hb === 'encryption') return [a, b];
  if (hb === 'signing' || ha === 'encryption') return [b, a];
  return serialValue(a) <= serialValue(b) ? [a, b] : [b, a];
}

function score(a: CertificateSummary, b: CertificateSummary): { score: number; reasons: string[] } | null {
  if (!namesEqual(a.issuer, b.issuer)) return null;
  if (a.authorityKeyId && b.authorityKeyId && a.authorityKeyId !== b.authorityKeyId) return null;
  if (bytesEqual(a.publicKey.publicKey, b.publicKey.publicKey)) return null;
  const reasons = ['same issuer'];
  let s = 0;
  if (a.uscc?.valid && b.uscc?.valid) {
    if (a.uscc.code !== b.uscc.code) return null;
    s += 50;
    reasons.push('same USCC');
  }
  if (namesEqual(a.subject, b.subject)) {
    s += 40;
    reasons.push('same subject');
  } else {
    const cnA = nameValues(a.subject, 'CN');
    if (cnA.length && cnA.join() === nameValues(b.subject, 'CN').join()) {
      s += 30;
      reasons.push('same CN');
    }
    const orgA = ['O', 'C', 'ST', 'L'].map((t) => nameValues(a.subject, t).join('|')).join('/');
    const orgB = ['O', 'C', 'ST', 'L'].map((t) => nameValues(b.subject, t).join('|')).join('/');
    if (nameValues(a.subject, 'O').length && orgA === orgB) {
      s += 10;
      reasons.push('same organisation');
    }
  }
  const dNb = Math.abs(a.notBefore.getTime() - b.notBefore.getTime());
  if (dNb === 0) {
    s += 15;
    reasons.push('same notBefore');
  } else if (dNb < 86_400_000) {
    s += 8;
    reasons.push('notBefore within a day');
  } else if (dNb > 30 * 86_400_000) s -= 10;
  const diff = serialValue(a) - serialValue(b);
  if (diff === 1n || diff === -1n) {
    s += 10;
    reasons.push('adjacent serials');
  }
  if (a.role !== b.role && a.role !== 'dual' && b.role !== 'dual' && a.role !== 'unknown' && b.role !== 'unknown') {
    s += 10;
    reasons.push('complementary key usages');
  }
  return { score: s, reasons };
}

/**
 * Pairs signing and encryption certificates of the same holder. Greedy on score (ties: lower serial
 * first); a pair needs the same issuer and some holder evidence (USCC, subject, CN or organisation).
 */
export function pairCertificates(certs: readonly CertificateSummary[]): PairingResult {
  const ee = certs.filter((c) => c.role !== 'ca');
  const cands: Array<{ i: number; j: number; score: number; reasons: string[]; minSerial: bigint }> = [];
  for (let i = 0; i < ee.length; i++) {
    for (let j = i + 1; j < ee.length; j++) {
      const r = score(ee[i], ee[j]);
      if (!r || r.score < 10 || !orient(ee[i], ee[j])) continue;
      const si = serialValue(ee[i]);
      const sj = serialValue(ee[j]);
      cands.push({ i, j, ...r, minSerial: si < sj ? si : sj });
    }
  }
  cands.sort((x, y) => y.score - x.score || (x.minSerial < y.minSerial ? -1 : x.minSerial > y.minSerial ? 1 : 0));
  const used = new Set<number>();
  const pairs: CertificatePair[] = [];
  for (const c of cands) {
    if (used.has(c.i) || used.has(c.j)) continue;
    const o = orient(ee[c.i], ee[c.j])!;
    used.add(c.i).add(c.j);
    pairs.push({ signing: o[0], encryption: o[1], reasons: c.reasons, confidence: c.score >= 50 ? 'high' : c.score >= 25 ? 'medium' : 'low' });
  }
  const unpaired = certs.filter((c) => c.role === 'ca' || !used.has(ee.indexOf(c)));
  return { pairs, unpaired };
}
