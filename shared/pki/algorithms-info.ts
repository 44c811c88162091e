// Runs anywhere (pure). Names for the algorithm identifiers met in certificates and CRLs (RFC 5280 §4.1.1.2,
// RFC 4055, RFC 5758, GM/T 0006) and a description of SubjectPublicKeyInfo (SM2 / EC P-256 / P-384 / RSA+bits).
// Descriptive only: verification goes through shared/crypto/algorithms.ts (see ./signature.ts).
import { bad, children, oidToString, readTlv } from '../asn1';

const SIG_NAMES: Record<string, string> = {
  '1.2.156.10197.1.501': 'SM2-with-SM3',
  '1.2.156.10197.1.301.1': 'SM2-with-SM3',
  '1.2.156.10197.1.504': 'RSA-with-SM3',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '2.16.840.1.101.3.4.3.1': 'dsa-with-SHA224',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-SHA256',
};

export const signatureAlgorithmName = (oid: string): string => SIG_NAMES[oid] ?? oid;

export const OID_SM2_CURVE = '1.2.156.10197.1.301';
const CURVES: Record<string, { name: string; bits: number }> = {
  [OID_SM2_CURVE]: { name: 'SM2', bits: 256 },
  '1.2.840.10045.3.1.7': { name: 'P-256', bits: 256 },
  '1.3.132.0.34': { name: 'P-384', bits: 384 },
  '1.3.132.0.35': { name: 'P-521', bits: 521 },
};

export interface PublicKeyInfo {
  kind: 'sm2' | 'ec' | 'rsa' | 'unknown';
  /** 'SM2', 'EC P-256', 'EC P-384', 'RSA 2048', … */
  name: string;
  /** key size in bits (RSA modulus length, curve size) */
  bits: number;
  /** SPKI algorithm OID */
  algorithmOid: string;
  /** curve OID for EC/SM2 keys */
  curveOid?: string;
  /** the SubjectPublicKey BIT STRING contents (EC point 04‖x‖y, or DER RSAPublicKey) */
  publicKey: Uint8Array;
  /** the whole SubjectPublicKeyInfo DER */
  spki: Uint8Array;
}

function rsaBitsOfInt(v: Uint8Array): number {
  let i = 0;
  while (i < v.length && v[i] === 0) i++;
  if (i === v.length) return 0;
  return (v.length - i - 1) * 8 + (32 - Math.clz32(v[i]));
}

function rsaBits(key: Uint8Array): number {
  const seq = readTlv(key);
  const [n] = children(seq.v);
  if (!n || n.tag !== 0x02) bad('RSAPublicKey: missing modulus');
  return rsaBitsOfInt(n.v);
}

export function describePublicKey(algorithmOid: string, params: Uint8Array | undefined, publicKey: Uint8Array, spki: Uint8Array): PublicKeyInfo {
  const base = { algorithmOid, publicKey: publicKey.slice(), spki: spki.slice() };
  if (algorithmOid === '1.2.840.10045.2.1' || algorithmOid === OID_SM2_CURVE) {
    let curveOid = algorithmOid === OID_SM2_CURVE ? OID_SM2_CURVE : undefined;
    if (params && params[0] === 0x06) curveOid = oidToString(readTlv(params).v);
    const c = curveOid ? CURVES[curveOid] : undefined;
    if (c?.name === 'SM2') return { ...base, kind: 'sm2', name: 'SM2', bits: 256, curveOid };
    return { ...base, kind: 'ec', name: c ? `EC ${c.name}` : `EC ${curveOid ?? '(explicit parameters)'}`, bits: c?.bits ?? 0, curveOid };
  }
  if (algorithmOid === '1.2.840.113549.1.1.1' || algorithmOid === '1.2.840.113549.1.1.10') {
    const bits = rsaBits(publicKey);
    return { ...base, kind: 'rsa', name: `RSA ${bits}`, bits };
  }
  if (algorithmOid === '1.2.840.10040.4.1') {
    // DSA: key size is the size of p, when the parameters are present (else inherited from the issuer)
    const p = params && params[0] === 0x30 ? children(readTlv(params).v)[0] : undefined;
    const bits = p ? rsaBitsOfInt(p.v) : 0;
    return { ...base, kind: 'unknown', name: bits ? `DSA ${bits}` : 'DSA', bits };
  }
  return { ...base, kind: 'unknown', name: algorithmOid, bits: 0 };
}
