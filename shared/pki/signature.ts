// Runs anywhere (pure). Verifies the issuer's signature over a certificate's or CRL's TBS bytes (RFC 5280
// §6.1.3 (a)(1)): SM2-with-SM3 under an SM2 user-ID policy (GM/T 0015 default ID; empty ID of older stacks),
// RSA PKCS#1 v1.5 / PSS and ECDSA through shared/crypto/algorithms.ts (WebCrypto), DSA (legacy CAs) through
// shared/crypto/dsa.ts.
import * as sm2 from '../crypto/sm2';
import { getSignatureAlgorithm } from '../crypto/algorithms';
import { dsaVerify, isDsaSignatureOid, OID_DSA, parseDsaParams, parseDsaPublicKey, type DsaParams } from '../crypto/dsa';
import { BidSealError } from '../errors';
import { children, oidToString, readTlv, bytesToBigint, fromHex, nullDer, octets, oid, seq } from '../asn1';
import type { SignatureAlgorithmInfo } from './certificate';
import type { PublicKeyInfo } from './algorithms-info';

/** strict: only the default ID 1234567812345678; lenient: default, then the empty ID. */
export type Sm2IdPolicy = 'strict' | 'lenient';
export type Sm2IdUsed = 'default' | 'empty';

export interface SignatureCheck {
  ok: boolean;
  /** SM2 only: which user ID made the signature verify */
  sm2Id?: Sm2IdUsed;
  /** SM2 only, when not ok: true if the empty ID would have verified (strict mode refused it) */
  emptyIdWouldVerify?: boolean;
  /** why it failed */
  failure?: 'bad-signature' | 'unsupported-algorithm' | 'key-mismatch';
  detail?: string;
}

const SM2_SIG = new Set(['1.2.156.10197.1.501', '1.2.156.10197.1.301.1']);
const EMPTY = new Uint8Array(0);
const HASH_BY_OID: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
  '1.3.14.3.2.26': 'SHA-1',
};

/** RSASSA-PSS-params (RFC 4055 §3.1): hash and salt length (defaults SHA-1 / 20). */
function pssParams(params: Uint8Array | undefined): { hash: string; saltLength: number } {
  const out = { hash: 'SHA-1', saltLength: 20 };
  if (!params) return out;
  for (const f of children(readTlv(params).v)) {
    const inner = readTlv(f.v);
    if (f.tag === 0xa0) out.hash = HASH_BY_OID[oidToString(children(inner.v)[0].v)] ?? 'unknown';
    if (f.tag === 0xa2) out.saltLength = Number(bytesToBigint(inner.v));
  }
  return out;
}

async function sha1Rsa(spki: Uint8Array, data: Uint8Array, sig: Uint8Array): Promise<boolean> {
  const subtle = globalThis.crypto.subtle;
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' };
  const key = await subtle.importKey('spki', spki.slice(), alg, false, ['verify']);
  return subtle.verify(alg, key, sig.slice(), data.slice());
}

/** DSA domain parameters of a key: its own, or those inherited from up the path (RFC 5280 §6.1.4 (f)). */
export function dsaParamsOf(key: PublicKeyInfo): DsaParams | undefined {
  if (key.algorithmOid !== OID_DSA) return undefined;
  const [alg] = children(readTlv(key.spki).v);
  return parseDsaParams(children(alg.v)[1]?.raw);
}

/** Never throws for bad signatures or keys: the answer is in the result. */
export async function verifySignature(
  tbs: Uint8Array,
  alg: SignatureAlgorithmInfo,
  signature: Uint8Array,
  issuerKey: PublicKeyInfo,
  policy: Sm2IdPolicy = 'strict',
  inheritedDsaParams?: DsaParams,
): Promise<SignatureCheck> {
  try {
    if (isDsaSignatureOid(alg.oid)) {
      if (issuerKey.algorithmOid !== OID_DSA) return { ok: false, failure: 'key-mismatch', detail: `DSA signature but issuer key is ${issuerKey.name}` };
      const params = dsaParamsOf(issuerKey) ?? inheritedDsaParams;
      if (!params) return { ok: false, failure: 'key-mismatch', detail: 'DSA key without domain parameters and none to inherit' };
      return dsaVerify(alg.oid, params, parseDsaPublicKey(issuerKey.publicKey), tbs, signature) ? { ok: true } : { ok: false, failure: 'bad-signature', detail: `${alg.name} signature does not verify` };
    }
    if (SM2_SIG.has(alg.oid)) {
      if (issuerKey.kind !== 'sm2') return { ok: false, failure: 'key-mismatch', detail: `SM2 signature but issuer key is ${issuerKey.name}` };
      const key = issuerKey.publicKey;
      if (sm2.verify(signature, tbs, key, { format: 'der' })) return { ok: true, sm2Id: 'default' };
      const emptyOk = sm2.verify(signature, tbs, key, { id: EMPTY, format: 'der' });
      if (emptyOk && policy === 'lenient') return { ok: true, sm2Id: 'empty' };
      return emptyOk
        ? { ok: false, failure: 'bad-signature', emptyIdWouldVerify: true, detail: 'SM2 signature verifies only with the empty user ID (strict policy requires 1234567812345678)' }
        : { ok: false, failure: 'bad-signature', detail: 'SM2 signature does not verify' };
    }
    if (alg.oid === '1.2.840.113549.1.1.5') {
      if (issuerKey.kind !== 'rsa') return { ok: false, failure: 'key-mismatch', detail: 'RSA signature but issuer key is not RSA' };
      return (await sha1Rsa(issuerKey.spki, tbs, signature)) ? { ok: true } : { ok: false, failure: 'bad-signature', detail: 'RSA signature does not verify' };
    }
    let entry;
    try {
      entry = getSignatureAlgorithm(alg.oid);
    } catch {
      return { ok: false, failure: 'unsupported-algorithm', detail: `signature algorithm ${alg.name} is not supported` };
    }
    const opts = alg.oid === '1.2.840.113549.1.1.10' ? pssParams(alg.parameters) : {};
    const ok = await entry.verify(issuerKey.spki, tbs, signature, { ...opts, ...(entry.name.startsWith('ECDSA') ? { format: 'der' as const } : {}) });
    return ok ? { ok: true } : { ok: false, failure: 'bad-signature', detail: `${alg.name} signature does not verify` };
  } catch (e) {
    const code = (e as { code?: string })?.code;
    if (code === 'E_UNSUPPORTED_ALGORITHM') return { ok: false, failure: 'unsupported-algorithm', detail: (e as Error).message };
    if (code === 'E_INVALID_KEY') return { ok: false, failure: 'key-mismatch', detail: (e as Error).message };
    return { ok: false, failure: 'bad-signature', detail: (e as Error)?.message ?? String(e) };
  }
}

const DIGEST_INFO_HASH = { sha256: { oid: '2.16.840.1.101.3.4.2.1', size: 32 }, sha384: { oid: '2.16.840.1.101.3.4.2.2', size: 48 } } as const;

/** DigestInfo ::= SEQUENCE { AlgorithmIdentifier{hashOID, NULL}, OCTET STRING digest } (RFC 8017 §9.2): what
 * RSASSA-PKCS1-v1_5 signs (a software key pads it, a token's CKM_RSA_PKCS signs it as given). */
export function digestInfo(hash: 'sha256' | 'sha384', digest: Uint8Array): Uint8Array {
  const d = DIGEST_INFO_HASH[hash];
  if (!(digest instanceof Uint8Array) || digest.length !== d.size) throw new BidSealError('E_INVALID_ARGUMENT', `${hash} digest must be ${d.size} bytes`);
  return seq(seq(oid(d.oid), nullDer()), octets(digest));
}

/**
 * RSASSA-PKCS1-v1_5 verification up to the DigestInfo (RFC 8017 §8.2.2 steps 1–2, §9.2): s^e mod n checked for
 * the 00 01 FF…FF 00 padding, and the DigestInfo inside returned so that the caller hashes a streamed (or
 * SHA-1, which WebCrypto verification needs in memory) content itself and compares. null when the padding or
 * the DigestInfo is malformed. `publicKey` is the RSAPublicKey DER (the SPKI's BIT STRING content).
 */
export function rsaPkcs1Recover(publicKey: Uint8Array, signature: Uint8Array): { hashOid: string; digest: Uint8Array } | null {
  try {
    const [nT, eT] = children(readTlv(publicKey).v);
    const n = bytesToBigint(nT.v);
    const k = (n.toString(16).length + 1) >> 1;
    const s = bytesToBigint(signature);
    if (signature.length !== k || s >= n) return null;
    let m = 1n;
    for (let b = s, e = bytesToBigint(eT.v); e > 0n; e >>= 1n, b = (b * b) % n) if (e & 1n) m = (m * b) % n;
    const em = fromHex(m.toString(16).padStart(2 * k, '0'));
    if (em[0] !== 0 || em[1] !== 1) return null;
    let i = 2;
    while (i < em.length && em[i] === 0xff) i++;
    if (i < 10 || em[i] !== 0) return null;
    const di = readTlv(em.subarray(i + 1));
    if (di.raw.length !== em.length - i - 1) return null;
    const [alg, dig] = children(di.v);
    if (dig?.tag !== 0x04) return null;
    return { hashOid: oidToString(children(alg.v)[0].v), digest: dig.v };
  } catch {
    return null;
  }
}
