// Runs anywhere (pure). The content-type OIDs of the two CMS flavours BidSeal reads and writes — RFC 5652
// (with SM2/SM3/SM4 algorithms, as OpenSSL and several CA toolkits write) and GM/T 0010-2012 / GB/T 35275
// (the "gm" flavour) — in one table, with the algorithm OIDs each flavour writes. See docs/artefacts.md.
//
// UNKNOWN: the 2026 edition of GB/T 35275 adds DigestedData and AuthEnvelopedData, but its OIDs are not
// published where we could read them. GM_2026 below holds them as `undefined`: until someone fills them in
// from the standard's text, the gm flavour writes these two types with their RFC 5652 / RFC 5083 OIDs (the
// ASN.1 is the same) and readers accept whatever is listed here.

export type CmsFlavour = 'gm' | 'rfc5652';
export const CMS_FLAVOURS: readonly CmsFlavour[] = ['gm', 'rfc5652'];

export type CmsTypeName = 'data' | 'signedData' | 'envelopedData' | 'signedAndEnvelopedData' | 'digestedData' | 'encryptedData' | 'authEnvelopedData' | 'keyAgreementInfo';

export const RFC5652_TYPES: Record<Exclude<CmsTypeName, 'keyAgreementInfo'>, string> = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  signedAndEnvelopedData: '1.2.840.113549.1.7.4', // PKCS #7 v1.5 (RFC 2315 §11), dropped by RFC 5652
  digestedData: '1.2.840.113549.1.7.5',
  encryptedData: '1.2.840.113549.1.7.6',
  authEnvelopedData: '1.2.840.113549.1.9.16.1.23', // RFC 5083
};

/** GM/T 0010-2012 §5 / GB/T 35275-2017: 1.2.156.10197.6.1.4.2.x */
export const GM_TYPES: Record<'data' | 'signedData' | 'envelopedData' | 'signedAndEnvelopedData' | 'encryptedData' | 'keyAgreementInfo', string> = {
  data: '1.2.156.10197.6.1.4.2.1',
  signedData: '1.2.156.10197.6.1.4.2.2',
  envelopedData: '1.2.156.10197.6.1.4.2.3',
  signedAndEnvelopedData: '1.2.156.10197.6.1.4.2.4',
  encryptedData: '1.2.156.10197.6.1.4.2.5',
  keyAgreementInfo: '1.2.156.10197.6.1.4.2.6',
};

/** GB/T 35275 2026 edition: OIDs not known to us (see the header). Fill in from the standard. */
export const GM_2026: Record<'digestedData' | 'authEnvelopedData', string | undefined> = {
  digestedData: undefined,
  authEnvelopedData: undefined,
};

/** The content-type OID a flavour writes for a type. */
export function contentTypeOid(flavour: CmsFlavour, t: Exclude<CmsTypeName, 'keyAgreementInfo'>): string {
  if (flavour === 'gm') {
    if (t === 'digestedData' || t === 'authEnvelopedData') return GM_2026[t] ?? RFC5652_TYPES[t];
    return GM_TYPES[t];
  }
  return RFC5652_TYPES[t];
}

/** Names a content-type OID of either flavour. */
export function cmsTypeOf(oid: string): { type: CmsTypeName; flavour: CmsFlavour } | undefined {
  for (const [k, v] of Object.entries(GM_TYPES)) if (v === oid) return { type: k as CmsTypeName, flavour: 'gm' };
  for (const [k, v] of Object.entries(GM_2026)) if (v && v === oid) return { type: k as CmsTypeName, flavour: 'gm' };
  for (const [k, v] of Object.entries(RFC5652_TYPES)) if (v === oid) return { type: k as CmsTypeName, flavour: 'rfc5652' };
  return undefined;
}

export const GM_ALGS = {
  sm3: '1.2.156.10197.1.401',
  /** SM2-1 signature: GM/T 0010 §7.2 digestEncryptionAlgorithm */
  sm2Sign: '1.2.156.10197.1.301.1',
  /** SM2 signature with SM3 (GM/T 0006): what OpenSSL and most toolkits write */
  sm2WithSm3: '1.2.156.10197.1.501',
  sm2Encrypt: '1.2.156.10197.1.301.3',
  /** GmSSL writes SM2-2 (key exchange) for encryption: read as SM2-3 */
  sm2EncryptGmssl: '1.2.156.10197.1.301.2',
  /** bare SM4: CFCA means SM4-CBC */
  sm4: '1.2.156.10197.1.104',
  sm4Ecb: '1.2.156.10197.1.104.1',
  sm4Cbc: '1.2.156.10197.1.104.2',
  sm4Gcm: '1.2.156.10197.1.104.8',
} as const;

/** Signature algorithm OID a flavour writes in SignerInfo for SM2 (both are read). */
export const sm2SignatureOid = (flavour: CmsFlavour): string => (flavour === 'gm' ? GM_ALGS.sm2Sign : GM_ALGS.sm2WithSm3);
