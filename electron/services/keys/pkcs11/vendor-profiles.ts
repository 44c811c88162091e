// Runs anywhere (pure data). Per-vendor PKCS#11 profiles: module file names and how each vendor does
// SM2 (vendor-defined CKM numbers differ; none is standardised). Numbers not verified against a real
// token are null placeholders marked UNVERIFIED; settings override them with `withOverrides`.

export interface Sm2SignProfile {
  /** vendor CKM_* value; null = unknown (UNVERIFIED placeholder) */
  mechanism: number | null;
  /** 'digest': token signs a caller-computed e = SM3(Z‖M); 'message': token hashes SM3(Z‖M) itself */
  input: 'digest' | 'message';
  /** how the token returns the signature */
  output: 'raw-rs' | 'der';
}

export interface Sm2DecryptProfile {
  mechanism: number | null; // UNVERIFIED placeholder when null
  /** ciphertext layout the token expects */
  layout: 'c1c3c2' | 'c1c2c3' | 'der';
}

export interface VendorProfile {
  name: string;
  /** matched against the module's file name */
  modulePatterns: RegExp[];
  sm2Sign: Sm2SignProfile | null;
  /** true when the token computes SM3 itself (then signDigest cannot be offered for SM2) */
  tokenHashesSm3: boolean;
  /** a decrypt mechanism, or derive x2 with CKM_ECDH1_DERIVE and finish SM2 in TypeScript (sm2-ecdh.ts) */
  sm2Decrypt: Sm2DecryptProfile | 'ecdh-fallback' | null;
  /** true only once the numbers above were checked on real hardware */
  verified: boolean;
  notes?: string;
}

/** DER of the SM2 curve OID 1.2.156.10197.1.301 as found in CKA_EC_PARAMS. */
export const SM2_EC_PARAMS_HEX = '06082a811ccf5501822d';

const GENERIC: VendorProfile = {
  name: 'Generic PKCS#11',
  modulePatterns: [],
  sm2Sign: null,
  tokenHashesSm3: false,
  sm2Decrypt: 'ecdh-fallback',
  verified: true,
  notes: 'No vendor SM2 mechanisms; SM2 decryption only via CKM_ECDH1_DERIVE if the module accepts the SM2 curve.',
};

export const VENDOR_PROFILES: readonly VendorProfile[] = [
  { ...GENERIC, name: 'SoftHSM2', modulePatterns: [/^libsofthsm2\.(so|dylib)$/i, /^softhsm2(-x64)?\.dll$/i], sm2Decrypt: 'ecdh-fallback', notes: 'Test token: RSA, EC P-256/P-384, and EC keys on the SM2 curve (generated with CKA_EC_PARAMS = the SM2 OID; no SM2 mechanisms, so SM2 decryption goes through CKM_ECDH1_DERIVE).' },
  { ...GENERIC, name: 'OpenSC', modulePatterns: [/^opensc-pkcs11\.(so|dylib|dll)$/i] },
  { ...GENERIC, name: 'SafeNet eToken', modulePatterns: [/^libeTPkcs11\.(so|dylib)$/i, /^eTPKCS11\.dll$/i], sm2Decrypt: null },
  {
    name: 'Longmai GM3000',
    modulePatterns: [/^libgm3000\.1\.0\.(so|dylib)$/i, /^gm3000_pkcs11\.dll$/i],
    sm2Sign: { mechanism: null /* UNVERIFIED: vendor CKM for SM2 sign over e */, input: 'digest', output: 'raw-rs' },
    tokenHashesSm3: false,
    sm2Decrypt: 'ecdh-fallback',
    verified: false,
    notes: 'UNVERIFIED: fill the vendor CKM values from the vendor SDK header (pkcs11t vendor extensions).',
  },
  {
    name: 'Feitian ePass',
    modulePatterns: [/^libcastle\.so\.1\.0\.0$/i, /^ShuttleCsp11_3000GM\.dll$/i],
    sm2Sign: { mechanism: null /* UNVERIFIED */, input: 'digest', output: 'raw-rs' },
    tokenHashesSm3: false,
    sm2Decrypt: { mechanism: null /* UNVERIFIED */, layout: 'c1c3c2' },
    verified: false,
    notes: 'UNVERIFIED placeholders: vendor SM2 mechanism numbers differ between SDK releases.',
  },
];

export function profileForModule(modulePath: string): VendorProfile {
  const base = modulePath.split(/[\\/]/).pop() ?? modulePath;
  return VENDOR_PROFILES.find((p) => p.modulePatterns.some((re) => re.test(base))) ?? GENERIC;
}

/** A copy of `p` with configured values (e.g. from user settings) replacing the placeholders. */
export function withOverrides(p: VendorProfile, o: Partial<Omit<VendorProfile, 'name' | 'modulePatterns'>>): VendorProfile {
  return { ...p, ...o };
}
