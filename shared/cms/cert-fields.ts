// Runs anywhere (pure). The few X.509 fields CMS needs (RFC 5280 §4.1: issuer, serialNumber, subject,
// subjectPublicKeyInfo, subjectKeyIdentifier), taken as the exact DER bytes from the certificate — the
// signer identifier must match them byte for byte. shared/pki/certificate.ts gives the full summary.
import { BidSealError } from '../errors';
import { children, oidToString, readTlv, type Tlv } from '../asn1';

export interface CertFields {
  der: Uint8Array;
  serial: Tlv;
  issuer: Tlv;
  subject: Tlv;
  spki: Tlv;
  /** OID of the subjectPublicKeyInfo algorithm */
  keyAlgorithm: string;
  /** curve OID (EC/SM2) from the algorithm parameters */
  keyParams?: string;
  /** the subjectPublicKey BIT STRING content without the unused-bits byte */
  publicKey: Uint8Array;
  ski?: Uint8Array;
  /** RSA modulus size in bytes */
  rsaModulusBytes?: number;
}

export function certFields(der: Uint8Array): CertFields {
  try {
    const cert = readTlv(der);
    const [tbs] = children(cert.v);
    const f = children(tbs.v);
    let i = f[0].tag === 0xa0 ? 1 : 0;
    const serial = f[i++];
    i++; // signature
    const issuer = f[i++];
    i++; // validity
    const subject = f[i++];
    const spki = f[i++];
    const [alg, bits] = children(spki.v);
    const algParts = children(alg.v);
    const keyAlgorithm = oidToString(algParts[0].v);
    const keyParams = algParts[1]?.tag === 0x06 ? oidToString(algParts[1].v) : undefined;
    const publicKey = bits.v.subarray(1);
    let ski: Uint8Array | undefined;
    for (const x of f.slice(i)) {
      if (x.tag !== 0xa3) continue;
      for (const ext of children(readTlv(x.v).v)) {
        const parts = children(ext.v);
        if (oidToString(parts[0].v) === '2.5.29.14') ski = readTlv(parts[parts.length - 1].v).v;
      }
    }
    let rsaModulusBytes: number | undefined;
    if (keyAlgorithm === '1.2.840.113549.1.1.1' || keyAlgorithm === '1.2.840.113549.1.1.10') {
      const n = children(readTlv(publicKey).v)[0].v;
      rsaModulusBytes = n[0] === 0 ? n.length - 1 : n.length;
    }
    return { der: cert.raw, serial, issuer, subject, spki, keyAlgorithm, keyParams, publicKey, ski, rsaModulusBytes };
  } catch (e) {
    if (e instanceof BidSealError) throw e;
    throw new BidSealError('E_BAD_ENCODING', 'certificate is not valid DER', undefined, { cause: e });
  }
}
