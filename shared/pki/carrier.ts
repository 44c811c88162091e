// Runs anywhere (pure). The small surface every key carrier implements (software key, PKCS#11
// token, later SKF USB keys and the shared-certificate app), modelled on age's recipient /
// identity pair: callers never ask which carrier they hold. Private keys never leave a carrier.

/** Signature schemes a carrier may perform over a precomputed digest. */
export type SignatureAlgorithm =
  | 'sm2-sm3' // digest = e = SM3(Z‖M) (the caller computes Z with the signer's public key and ID)
  | 'ecdsa-sha256'
  | 'ecdsa-sha384'
  | 'rsa-pkcs1-sha256'
  | 'rsa-pkcs1-sha384'
  | 'rsa-pss-sha256'
  | 'rsa-pss-sha384';

/** Key transport / agreement schemes a carrier may use to recover a content key. */
export type KeyTransportAlgorithm =
  | 'sm2-encrypt' // GM/T 0009 SM2 ciphertext (DER or raw C1C3C2 / C1C2C3)
  | 'rsa-oaep-sha1'
  | 'rsa-oaep-sha256'
  | 'rsa-pkcs1';

/** Signatures are returned DER-encoded for ECDSA/SM2 (SEQUENCE{r,s}) and raw for RSA. */
export interface Signer {
  /** DER of the certificate whose public key verifies this signer's signatures */
  readonly certificateDer: Uint8Array;
  readonly algorithms: readonly SignatureAlgorithm[];
  signDigest(digest: Uint8Array, alg: SignatureAlgorithm, signal?: AbortSignal): Promise<Uint8Array>;
}

export interface Decrypter {
  /** DER of the (encryption) certificate this decrypter answers for */
  readonly certificateDer: Uint8Array;
  readonly algorithms: readonly KeyTransportAlgorithm[];
  unwrapKey(wrapped: Uint8Array, alg: KeyTransportAlgorithm, signal?: AbortSignal): Promise<Uint8Array>;
  /**
   * EC key agreement (RFC 5753 ephemeral-static ECDH, SEC 1 §3.3.1): the raw shared secret Z = x(d·P) for the
   * originator's uncompressed public point P on this key's curve. Present on carriers holding P-256/P-384
   * keys (software keys; tokens via CKM_ECDH1_DERIVE); the KDF and key unwrap stay with the caller.
   */
  deriveSharedSecret?(ephemeralPublicPoint: Uint8Array, signal?: AbortSignal): Promise<Uint8Array>;
  /**
   * For carriers that cannot return a content key (an SKF library without a private-key decryption call):
   * the SM2-wrapped SM4 key is imported into the key (GM/T 0016 SKF_ImportSessionKey) and the ciphertext
   * decrypted there. CBC only; `padding` is true for the last part (PKCS#7 removed in the key). unwrapKey
   * of such a carrier fails with E_UNSUPPORTED_ALGORITHM and details.inToken = true.
   */
  decryptInToken?(wrapped: Uint8Array, cipher: 'sm4-cbc', iv: Uint8Array, padding: boolean, ciphertext: Uint8Array, signal?: AbortSignal): Promise<Uint8Array>;
}

/** Where a key lives, for the UI and for logs (never secret). */
export interface CarrierInfo {
  kind: 'software' | 'pkcs11' | 'skf' | 'shared-app';
  /** e.g. a file name, or an RFC 7512 pkcs11: URI */
  location: string;
  label: string;
}
