// Runs anywhere (pure). CA-escrowed encryption keys (GM/T 0014 key management; GM/T 0009 §7.4): the CA's
// key-management service delivers the bidder's encryption key pair as an SM2EnvelopedKey — its SM4 key
// SM2-encrypted to the holder's SIGNING key — usually inside a GM/T 0010 SignedAndEnvelopedData addressed to
// the signing certificate. Opening needs only the signing carrier; the result is checked against the
// encryption certificate before anyone may use it. See docs/key-files.md.
import { BidSealError, isBidSealError } from '../errors';
import { unwrapSm2EnvelopedKeyWith } from '../crypto/keys';
import { normalizePublicKey } from '../crypto/sm2';
import { parseCertificate, type CertificateSummary } from '../pki/certificate';
import { bytesEqual, parseBer, oidOf, seqOf } from '../asn1';
import { cmsTypeOf } from '../cms/oids';
import { decryptAndVerify } from '../cms/message';
import type { EnvelopeDecrypter } from '../envelope/recipients';

export interface EscrowedKey {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  encryptionCertificate: CertificateSummary;
  /** 'signedAndEnvelopedData' when delivered inside one (then `signers` lists who signed it) or 'sm2EnvelopedKey' */
  delivery: 'signedAndEnvelopedData' | 'sm2EnvelopedKey';
  signers?: Array<{ subject?: string; intact: boolean }>;
}

/**
 * Opens an escrowed encryption key (bare SM2EnvelopedKey, or inside SignedAndEnvelopedData) with the signing
 * carrier and checks it against `encryptionCertificate`: E_KEY_CERT_MISMATCH when it does not belong to it.
 */
export async function openEscrowedKey(der: Uint8Array, signing: EnvelopeDecrypter, encryptionCertificate: Uint8Array | string, signal?: AbortSignal): Promise<EscrowedKey> {
  const cert = parseCertificate(encryptionCertificate);
  if (cert.publicKey.kind !== 'sm2') throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'escrowed keys are SM2 keys; the encryption certificate is not SM2');
  let payload = der;
  let delivery: EscrowedKey['delivery'] = 'sm2EnvelopedKey';
  let signers: EscrowedKey['signers'];
  let isContentInfo: boolean;
  try {
    const f = seqOf(parseBer(der), 'ContentInfo');
    isContentInfo = f[0]?.tag === 0x06 && cmsTypeOf(oidOf(f[0], 'contentType'))?.type === 'signedAndEnvelopedData';
  } catch {
    isContentInfo = false;
  }
  if (isContentInfo) {
    const r = await decryptAndVerify(der, [signing], { signal });
    payload = r.content;
    delivery = 'signedAndEnvelopedData';
    signers = r.signers.map((s) => ({ subject: s.signer?.subject, intact: s.intact }));
  }
  let k: { privateKey: Uint8Array; publicKey: Uint8Array };
  try {
    k = await unwrapSm2EnvelopedKeyWith(payload, (c) => signing.unwrapKey(c, 'sm2-encrypt', signal));
  } catch (e) {
    if (isBidSealError(e) && /PIN|TOKEN|CANCELLED/.test(e.code)) throw e;
    if (isBidSealError(e) && e.code === 'E_UNSUPPORTED_ALGORITHM') throw e;
    throw new BidSealError('E_DECRYPT_FAILED', 'the escrowed key could not be opened with this signing key', undefined, { cause: e });
  }
  if (!bytesEqual(k.publicKey, normalizePublicKey(cert.publicKey.publicKey))) {
    k.privateKey.fill(0);
    throw new BidSealError('E_KEY_CERT_MISMATCH', 'the escrowed key does not belong to the encryption certificate', { subject: cert.subject.text, serialNumber: cert.serialNumber });
  }
  return { privateKey: k.privateKey, publicKey: k.publicKey, encryptionCertificate: cert, delivery, ...(signers ? { signers } : {}) };
}
