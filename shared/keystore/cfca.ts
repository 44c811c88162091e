// Runs anywhere (pure). CFCA SADK ".sm2" key files (SADK calls them PKCS12_SM2): an SM2 private key encrypted
// under a password, with its certificate, as PEM "CFCA KEY", bare base64 or DER (docs/key-files.md):
//
//   SM2File ::= SEQUENCE {
//     version           INTEGER DEFAULT 1,                 -- SADK 3.x writes 1; older files omit it
//     privateKeyData    SEQUENCE { contentType OID (GM/T 0010 data 1.2.156.10197.6.1.4.2.1),
//                                  algorithm   OID (SM4 1.2.156.10197.1.104 = SM4-CBC, or .104.2),
//                                  encrypted   OCTET STRING },     -- SM4-CBC, PKCS#7 padding, d (≤ 32 bytes)
//     certificate       SEQUENCE { contentType OID (GM data), certificate OCTET STRING (X.509 DER) } }
//
// Key and IV: K = KDF(password, 32) with the SM2 KDF (GB/T 32918.4 §5.4.3, i.e. SM3(password ‖ 00000001));
// IV = K[0..16], key = K[16..32].
import { BidSealError } from '../errors';
import { children, oidToString, readTlv, bytesEqual, type Tlv, integer, octets, oid, seq } from '../asn1';
import { sm2Kdf } from '../crypto/kdf';
import { sm4Decrypt, sm4Encrypt } from '../crypto/sm4-cipher';
import { getPublicKey, normalizePublicKey } from '../crypto/sm2';
import { parseCertificate, type CertificateSummary } from '../pki/certificate';
import { GM_ALGS, GM_TYPES } from '../cms/oids';

export interface CfcaKeyFile {
  version: number;
  /** the SM2 private scalar (32 bytes); the caller zeroes it */
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  certificate: CertificateSummary;
  algorithm: string;
}

const bad = (msg: string): never => {
  throw new BidSealError('E_BAD_ENCODING', `CFCA key file: ${msg}`);
};

interface Shape {
  version: number;
  algorithm: string;
  encrypted: Uint8Array;
  certificateDer: Uint8Array;
}

function shape(der: Uint8Array): Shape | undefined {
  let top: Tlv;
  try {
    top = readTlv(der);
    if (top.tag !== 0x30 || top.raw.length !== der.length) return undefined;
    const f = children(top.v);
    let i = 0;
    let version = 1;
    if (f[0]?.tag === 0x02) {
      version = f[0].v.length === 1 ? f[0].v[0] : -1;
      i++;
    }
    const [k, c] = [f[i], f[i + 1]];
    if (f.length !== i + 2 || k?.tag !== 0x30 || c?.tag !== 0x30) return undefined;
    const kf = children(k.v);
    const cf = children(c.v);
    if (kf.length !== 3 || kf[0].tag !== 0x06 || kf[1].tag !== 0x06 || kf[2].tag !== 0x04) return undefined;
    if (cf.length !== 2 || cf[0].tag !== 0x06 || cf[1].tag !== 0x04) return undefined;
    if (oidToString(kf[0].v) !== GM_TYPES.data) return undefined;
    return { version, algorithm: oidToString(kf[1].v), encrypted: kf[2].v, certificateDer: cf[1].v };
  } catch {
    return undefined;
  }
}

/** Does this DER look like a CFCA SM2 key file (shape only, no password needed)? */
export const isCfcaKeyFile = (der: Uint8Array): boolean => shape(der) !== undefined;

function keyIv(password: string): { key: Uint8Array; iv: Uint8Array } {
  const k = sm2Kdf(new TextEncoder().encode(password), 32);
  return { iv: k.slice(0, 16), key: k.slice(16) };
}

/**
 * Opens a CFCA key file. E_PASSWORD_REQUIRED without a password, E_WRONG_PASSWORD when the SM4 padding
 * fails, E_KEY_CERT_MISMATCH when the decrypted key does not belong to the certificate (a damaged or
 * mixed-up file, or — rarely — a wrong password whose padding happened to look right), E_UNSUPPORTED_ALGORITHM
 * for another cipher, E_BAD_ENCODING for anything malformed.
 */
export function openCfcaKeyFile(der: Uint8Array, password: string | undefined): CfcaKeyFile {
  const s = shape(der) ?? bad('not the SM2File structure');
  if (s.version !== 1) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `CFCA key file version ${s.version}`);
  if (s.algorithm !== GM_ALGS.sm4 && s.algorithm !== GM_ALGS.sm4Cbc) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `CFCA key file cipher ${s.algorithm}`);
  let certificate: CertificateSummary;
  try {
    certificate = parseCertificate(s.certificateDer);
  } catch {
    return bad('the certificate inside does not parse');
  }
  if (certificate.publicKey.kind !== 'sm2') throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'CFCA key file with a non-SM2 certificate');
  if (password === undefined || password === '') throw new BidSealError('E_PASSWORD_REQUIRED', 'the CFCA key file is password-protected');
  if (s.encrypted.length === 0 || s.encrypted.length % 16 !== 0) bad('encrypted key length');
  const { key, iv } = keyIv(password);
  let plain: Uint8Array;
  try {
    plain = sm4Decrypt('cbc', key, iv, s.encrypted, { padding: true });
  } catch {
    throw new BidSealError('E_WRONG_PASSWORD', 'CFCA key file: wrong password or corrupted file');
  } finally {
    key.fill(0);
  }
  if (plain.length === 0 || plain.length > 32) {
    plain.fill(0);
    throw new BidSealError('E_WRONG_PASSWORD', 'CFCA key file: wrong password or corrupted file');
  }
  // SADK (Java BigInteger) may drop leading zero bytes of d
  const d = new Uint8Array(32);
  d.set(plain, 32 - plain.length);
  plain.fill(0);
  let pub: Uint8Array;
  try {
    pub = getPublicKey(d);
  } catch {
    d.fill(0);
    throw new BidSealError('E_WRONG_PASSWORD', 'CFCA key file: wrong password or corrupted file');
  }
  if (!bytesEqual(pub, normalizePublicKey(certificate.publicKey.publicKey))) {
    d.fill(0);
    throw new BidSealError('E_KEY_CERT_MISMATCH', 'CFCA key file: the private key does not match the certificate inside', { subject: certificate.subject.text, serialNumber: certificate.serialNumber });
  }
  return { version: s.version, privateKey: d, publicKey: pub, certificate, algorithm: s.algorithm };
}

/** Writes a CFCA key file (DER) as SADK does: version 1, bare SM4 OID, d without leading zeros. */
export function writeCfcaKeyFile(privateKey: Uint8Array, certificateDer: Uint8Array, password: string): Uint8Array {
  if (!password) throw new BidSealError('E_INVALID_ARGUMENT', 'a CFCA key file needs a password');
  const cert = parseCertificate(certificateDer);
  if (cert.publicKey.kind !== 'sm2' || !bytesEqual(getPublicKey(privateKey), normalizePublicKey(cert.publicKey.publicKey))) {
    throw new BidSealError('E_KEY_CERT_MISMATCH', 'the private key does not match the certificate');
  }
  let i = 0;
  while (i < privateKey.length - 1 && privateKey[i] === 0) i++;
  const { key, iv } = keyIv(password);
  try {
    const enc = sm4Encrypt('cbc', key, iv, privateKey.subarray(i), { padding: true });
    return seq(integer(1), seq(oid(GM_TYPES.data), oid(GM_ALGS.sm4), octets(enc)), seq(oid(GM_TYPES.data), octets(cert.der)));
  } finally {
    key.fill(0);
  }
}
