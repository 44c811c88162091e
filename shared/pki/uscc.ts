// Runs anywhere (pure). The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters
// from a 31-symbol alphabet, the last a mod-31 check character; the embedded 9-character organisation
// code (GB 11714-1997) has its own mod-11 check. Found in Chinese certificates' subject attributes.
import type { DistinguishedName } from './names';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The GB 32100 check character for the first 17 characters, or null if a character is outside the alphabet. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** True when `code` is 18 characters of the GB 32100 alphabet with a correct check character. */
export function isValidUscc(code: string): boolean {
  return code.length === 18 && usccCheckChar(code.slice(0, 17)) === code[17];
}

/** GB 11714 check of the organisation code embedded at positions 9–17 (informational). */
export function isValidOrgCode(code9: string): boolean {
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code9)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = code9.charCodeAt(i);
    sum += (c <= 57 ? c - 48 : c - 55) * ORG_WEIGHTS[i];
  }
  const r = 11 - (sum % 11);
  return code9[8] === (r === 10 ? 'X' : r === 11 ? '0' : String(r));
}

export interface UsccInfo {
  code: string;
  valid: boolean;
  /** attribute it was found in */
  source: string;
  /** the attribute value as written (may carry a prefix such as "USCC:" or "NTRCN-") */
  raw: string;
}

const CANDIDATE = /(?:^|[^0-9A-Z])([0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10})(?![0-9A-Z])/g;
const SOURCES = ['organizationIdentifier', 'serialNumber', 'OU', 'CN', 'O', 'UID', 'x500UniqueIdentifier'];

/** Finds a unified social credit code in a subject; prefers a valid one; null when none is present. */
export function findUscc(dn: DistinguishedName): UsccInfo | null {
  let fallback: UsccInfo | null = null;
  for (const source of SOURCES) {
    for (const a of dn.rdns.flat().filter((x) => x.type === source)) {
      const text = a.value.toUpperCase();
      for (const m of text.matchAll(CANDIDATE)) {
        const info = { code: m[1], valid: isValidUscc(m[1]), source, raw: a.value };
        if (info.valid) return info;
        fallback ??= info;
      }
    }
  }
  return fallback;
}
