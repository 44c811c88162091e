// Runs anywhere (pure). EncryptedPrivateKeyInfo (RFC 5958 §3, RFC 5208 §6): decrypt with any scheme pbe.ts
// knows (PBES2 incl. SM4-CBC / HMAC-SM3 as GmSSL and Tongsuo write for SM2 keys (GB/T 35276 key formats); PBES1;
// PKCS#12 PBE), and encrypt our exports with PBES2 AES-256-CBC + PBKDF2-HMAC-SHA256. Minimal DER, no schema package.
import { BidSealError, isBidSealError } from '../errors';
import { berAccess, octets as OCT, seq as SEQ, type BerNode as Node } from '../asn1';
import { passwordBytes, pbeDecrypt, pbes2Encrypt, describePbe, type PasswordBytes, type Pbes2Options } from './pbe';

const { parse, octets, seq } = berAccess('E_BAD_ENCODING');

/** True when the DER looks like EncryptedPrivateKeyInfo: SEQUENCE { AlgorithmIdentifier, OCTET STRING }. */
export function isEncryptedPrivateKeyInfo(der: Uint8Array): boolean {
  try {
    const n = parse(der);
    return n.tag === 0x30 && n.children!.length === 2 && n.children![0].tag === 0x30 && n.children![0].children![0]?.tag === 0x06 && (n.children![1].tag === 0x04 || n.children![1].tag === 0x24);
  } catch {
    return false;
  }
}

/** Checks that decrypted bytes are a PrivateKeyInfo (a wrong RC4 key or a lucky pad would not be). */
function looksLikePrivateKeyInfo(b: Uint8Array): boolean {
  try {
    const n = parse(b);
    return n.tag === 0x30 && n.children!.length >= 3 && n.children![0].tag === 0x02 && n.children![1].tag === 0x30 && (n.children![2].tag === 0x04 || n.children![2].tag === 0x24);
  } catch {
    return false;
  }
}

/** Decrypts a parsed EncryptedPrivateKeyInfo node with already-encoded password bytes (PKCS#12 uses this). */
export async function decryptEncryptedPrivateKeyInfoNode(node: Node, pw: PasswordBytes): Promise<Uint8Array> {
  const [alg, data] = seq(node, 'EncryptedPrivateKeyInfo', 2);
  const plain = await pbeDecrypt(alg, octets(data, 'encryptedData'), pw);
  if (!looksLikePrivateKeyInfo(plain)) {
    plain.fill(0);
    throw new BidSealError('E_WRONG_PASSWORD', 'decrypted key is not a PrivateKeyInfo: wrong password or corrupted data');
  }
  return plain;
}

/**
 * Decrypts an EncryptedPrivateKeyInfo (DER) to the PKCS#8 PrivateKeyInfo DER. A missing password →
 * E_PASSWORD_REQUIRED; a wrong one → E_WRONG_PASSWORD; unknown schemes → E_UNSUPPORTED_ALGORITHM.
 */
export async function decryptPrivateKeyInfo(der: Uint8Array, password: string | undefined): Promise<Uint8Array> {
  const node = parse(der);
  seq(node, 'EncryptedPrivateKeyInfo', 2);
  if (password === undefined) throw new BidSealError('E_PASSWORD_REQUIRED', `the private key is encrypted (${describePbe(node.children![0])})`);
  try {
    return await decryptEncryptedPrivateKeyInfoNode(node, passwordBytes(password));
  } catch (e) {
    if (isBidSealError(e)) throw e;
    throw new BidSealError('E_BAD_ENCODING', 'encrypted private key: malformed');
  }
}

/** Describes the encryption of an EncryptedPrivateKeyInfo, e.g. "PBES2(PBKDF2-HMAC-SHA-256, AES-256-CBC)". */
export function describeEncryptedPrivateKeyInfo(der: Uint8Array): string {
  return describePbe(seq(parse(der), 'EncryptedPrivateKeyInfo', 2)[0]);
}

/**
 * Encrypts a PKCS#8 PrivateKeyInfo (DER) into an EncryptedPrivateKeyInfo (DER) with PBES2; defaults:
 * AES-256-CBC, PBKDF2-HMAC-SHA256, 100 000 iterations (OpenSSL 3 reads it: `openssl pkcs8 -in k.der -inform DER`).
 */
export async function encryptPrivateKeyInfo(pkcs8: Uint8Array, password: string, opts: Pbes2Options = {}): Promise<Uint8Array> {
  if (!looksLikePrivateKeyInfo(pkcs8)) throw new BidSealError('E_INVALID_ARGUMENT', 'not a PKCS#8 PrivateKeyInfo');
  const { algorithm, ciphertext } = await pbes2Encrypt(pkcs8, password, opts);
  return SEQ(algorithm, OCT(ciphertext));
}
