// Runs anywhere (pure). PKCS#12 / PFX (RFC 7292): MAC check (RFC 7292 App. B KDF with SHA-1/SHA-2/SM3, or PBMAC1
// per RFC 9579), AuthenticatedSafe of data and encryptedData, key/shrouded-key/cert bags with friendlyName and
// localKeyId; and a writer (PBES2-AES-256 + SHA-256 MAC, as OpenSSL 3). Hand-written: @peculiar/asn1-pfx is absent and BER input is common.
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { BidSealError, isBidSealError } from '../errors';
import { berAccess, bad, bmpString as BMP, bytesEqual, concat, explicit as CTX, bmpText as decodeBmp, integer as INT, nullDer as NULL, octets as OCT, oid as OID, seq as SEQ, set as SET, tlv, type BerNode as Node } from '../asn1';
import { DIGEST_BY_OID, PBE_OID, describePbe, passwordBytes, pbeDecrypt, pbes2Encrypt, pbkdf2, pkcs12Kdf, prfByOid, type PasswordBytes, type Pbes2Options } from './pbe';
import { decryptEncryptedPrivateKeyInfoNode } from './pkcs8-encrypted';

const { int, octets, oid, parse, seq } = berAccess('E_BAD_ENCODING');

export const P12_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  crlBag: '1.2.840.113549.1.12.10.1.4',
  secretBag: '1.2.840.113549.1.12.10.1.5',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

export interface Pkcs12Key {
  /** PKCS#8 PrivateKeyInfo DER (decrypted) */
  pkcs8: Uint8Array;
  localKeyId?: Uint8Array;
  friendlyName?: string;
}
export interface Pkcs12Certificate {
  der: Uint8Array;
  localKeyId?: Uint8Array;
  friendlyName?: string;
}
export interface Pkcs12Contents {
  keys: Pkcs12Key[];
  certificates: Pkcs12Certificate[];
  /** the integrity check that was verified, or null for a file without MacData */
  mac: { algorithm: string; iterations: number } | null;
  /** the encryption schemes met (diagnostics), e.g. ['PBES2(PBKDF2-HMAC-SHA-256, AES-256-CBC)'] */
  encryption: string[];
}

/** True when the bytes look like a PFX: SEQUENCE { INTEGER 3, ContentInfo, … }. */
export function isPkcs12(der: Uint8Array): boolean {
  try {
    const n = parse(der);
    return n.tag === 0x30 && n.children!.length >= 2 && n.children![0].tag === 0x02 && n.children![0].value!.length === 1 && n.children![0].value![0] === 3 && n.children![1].tag === 0x30;
  } catch {
    return false;
  }
}

/** [n] EXPLICIT wrapper → its single child. */
function explicit(n: Node | undefined, tagNo: number, what: string): Node {
  if (!n || n.tag !== (0xa0 | tagNo) || n.children!.length !== 1) bad(`${what}: expected [${tagNo}] EXPLICIT`);
  return n!.children![0];
}
/** [0] IMPLICIT OCTET STRING, primitive (0x80) or constructed BER segments (0xa0). */
function implicitOctets(n: Node | undefined, what: string): Uint8Array {
  if (!n) bad(`${what}: missing`);
  if (n!.tag === 0x80) return n!.value!;
  if (n!.tag === 0xa0) return concat(n!.children!.map((k) => octets(k, what)));
  return bad(`${what}: expected [0] IMPLICIT OCTET STRING`);
}

// ---------------------------------------------------------------------------------------------------
// MAC
// ---------------------------------------------------------------------------------------------------

interface MacCheck {
  algorithm: string;
  iterations: number;
  verify(pw: PasswordBytes): Promise<boolean>;
}

function parseMac(macData: Node, authSafeContent: Uint8Array): MacCheck {
  const f = seq(macData, 'MacData', 2);
  const [digestAlg, digest] = seq(f[0], 'MacData.mac', 2);
  const [algOid, algParams] = seq(digestAlg, 'MacData digestAlgorithm', 1);
  const a = oid(algOid, 'MAC algorithm');
  const expected = octets(digest, 'MAC value');
  const salt = octets(f[1], 'macSalt');
  const iterations = f[2] ? int(f[2], 'MAC iterations') : 1;
  if (a === PBE_OID.pbmac1) {
    // RFC 9579: PBMAC1-params { keyDerivationFunc (PBKDF2), messageAuthScheme (HMAC) }; the password is UTF-8
    const [kdf, scheme] = seq(algParams, 'PBMAC1-params', 2);
    const [kdfOid, kdfParams] = seq(kdf, 'PBMAC1 KDF', 2);
    if (oid(kdfOid, 'PBMAC1 KDF') !== PBE_OID.pbkdf2) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'PBMAC1 with a KDF other than PBKDF2');
    const p = seq(kdfParams, 'PBKDF2-params', 3);
    const kSalt = octets(p[0], 'PBKDF2 salt');
    const kIter = int(p[1], 'PBKDF2 iterations');
    const keyLength = int(p[2], 'PBKDF2 keyLength (required by RFC 9579)', 128);
    const prf = p[3] ? prfByOid(oid(seq(p[3], 'prf', 1)[0], 'prf')) : prfByOid('1.2.840.113549.2.7');
    const mac = prfByOid(oid(seq(scheme, 'messageAuthScheme', 1)[0], 'PBMAC1 messageAuthScheme'));
    return {
      algorithm: `PBMAC1(HMAC-${mac.name})`,
      iterations: kIter,
      async verify(pw) {
        const key = await pbkdf2(prf, pw.utf8, kSalt, kIter, keyLength);
        return bytesEqual(hmac(mac.hash as never, key, authSafeContent), expected);
      },
    };
  }
  const h = DIGEST_BY_OID[a];
  if (!h) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `PKCS#12 MAC digest ${a}`);
  return {
    algorithm: `HMAC-${h.name}`,
    iterations,
    async verify(pw) {
      const key = pkcs12Kdf(h, pw.bmp, salt, 3, iterations, h.hash.outputLen);
      const ok = bytesEqual(hmac(h.hash as never, key, authSafeContent), expected);
      key.fill(0);
      return ok;
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Parse
// ---------------------------------------------------------------------------------------------------

function attributes(n: Node | undefined): { localKeyId?: Uint8Array; friendlyName?: string } {
  const out: { localKeyId?: Uint8Array; friendlyName?: string } = {};
  if (!n) return out;
  if (n.tag !== 0x31) bad('SafeBag attributes: expected a SET');
  for (const a of n.children!) {
    const [t, values] = seq(a, 'PKCS12Attribute', 2);
    const type = oid(t, 'attribute type');
    if (values.tag !== 0x31 || values.children!.length === 0) bad('PKCS12Attribute values: expected a non-empty SET');
    const v = values.children![0];
    if (type === P12_OID.localKeyId) out.localKeyId = octets(v, 'localKeyId').slice();
    else if (type === P12_OID.friendlyName) {
      if (v.tag === 0x1e) out.friendlyName = decodeBmp(v.value!);
      else if (v.tag === 0x0c) out.friendlyName = new TextDecoder().decode(v.value!);
    }
  }
  return out;
}

interface Ctx {
  pw: PasswordBytes;
  out: Pkcs12Contents;
  depth: number;
}

async function safeContents(der: Uint8Array, ctx: Ctx): Promise<void> {
  if (ctx.depth > 8) bad('PKCS#12: safe contents nested too deep');
  const bags = seq(parse(der), 'SafeContents');
  for (const bag of bags) {
    const f = seq(bag, 'SafeBag', 2);
    const bagId = oid(f[0], 'bagId');
    const value = explicit(f[1], 0, 'bagValue');
    const attrs = attributes(f[2]);
    switch (bagId) {
      case P12_OID.keyBag:
        seq(value, 'keyBag PrivateKeyInfo', 3);
        ctx.out.keys.push({ pkcs8: value.raw.slice(), ...attrs });
        break;
      case P12_OID.shroudedKeyBag: {
        ctx.out.encryption.push(describePbe(seq(value, 'EncryptedPrivateKeyInfo', 2)[0]));
        ctx.out.keys.push({ pkcs8: await decryptEncryptedPrivateKeyInfoNode(value, ctx.pw), ...attrs });
        break;
      }
      case P12_OID.certBag: {
        const [certId, certValue] = seq(value, 'CertBag', 2);
        if (oid(certId, 'certId') !== P12_OID.x509Certificate) break; // SDSI certificates: ignored
        const certDer = octets(explicit(certValue, 0, 'certValue'), 'x509Certificate');
        seq(parse(certDer), 'Certificate', 3);
        ctx.out.certificates.push({ der: certDer.slice(), ...attrs });
        break;
      }
      case P12_OID.safeContentsBag:
        await safeContents(value.raw, { ...ctx, depth: ctx.depth + 1 });
        break;
      default:
        break; // CRL and secret bags carry nothing a signer needs
    }
  }
}

async function contentInfo(ci: Node, ctx: Ctx): Promise<void> {
  const [typeNode, content] = seq(ci, 'ContentInfo', 1);
  const type = oid(typeNode, 'contentType');
  if (type === P12_OID.data) {
    await safeContents(octets(explicit(content, 0, 'ContentInfo.content'), 'data'), ctx);
  } else if (type === P12_OID.encryptedData) {
    const ed = seq(explicit(content, 0, 'ContentInfo.content'), 'EncryptedData', 2);
    const eci = seq(ed[1], 'EncryptedContentInfo', 3);
    const alg = eci[1];
    ctx.out.encryption.push(describePbe(alg));
    const plain = await pbeDecrypt(alg, implicitOctets(eci[2], 'encryptedContent'), ctx.pw);
    let parsedOk = true;
    try {
      seq(parse(plain), 'SafeContents');
    } catch {
      parsedOk = false;
    }
    // a stream cipher (RC4) or a lucky padding under a wrong key yields garbage rather than a pad error
    if (!parsedOk) throw new BidSealError('E_WRONG_PASSWORD', 'decrypted safe contents are not valid: wrong password or corrupted data');
    await safeContents(plain, ctx);
  } else if (type === P12_OID.envelopedData) {
    throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'PKCS#12 public-key privacy mode (envelopedData) is not supported');
  } else {
    bad(`PKCS#12: unexpected content type ${type}`);
  }
}

/**
 * Opens a PFX. `password` undefined means "none given": files protected only by an empty password (some
 * tools write those) still open; otherwise E_PASSWORD_REQUIRED. A MAC mismatch or a bad padding after
 * decryption → E_WRONG_PASSWORD. Malformed input → E_BAD_ENCODING. The password never appears in errors.
 */
export async function parsePkcs12(der: Uint8Array, password?: string): Promise<Pkcs12Contents> {
  try {
    return await parsePkcs12Inner(der, password);
  } catch (e) {
    if (isBidSealError(e)) throw e;
    throw new BidSealError('E_BAD_ENCODING', 'PKCS#12: malformed file');
  }
}

async function parsePkcs12Inner(der: Uint8Array, password: string | undefined): Promise<Pkcs12Contents> {
  const pfx = seq(parse(der), 'PFX', 2);
  if (int(pfx[0], 'PFX version') !== 3) bad('PFX: version must be 3');
  const [typeNode, content] = seq(pfx[1], 'PFX authSafe', 2);
  const type = oid(typeNode, 'authSafe contentType');
  if (type === P12_OID.signedData) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'PKCS#12 public-key integrity mode (signedData) is not supported');
  if (type !== P12_OID.data) bad(`PFX: unexpected authSafe content type ${type}`);
  const authSafeContent = octets(explicit(content, 0, 'authSafe content'), 'authSafe data');
  const authSafe = seq(parse(authSafeContent), 'AuthenticatedSafe');

  // password candidates: what the user typed, then the two encodings of "no password" (RFC 7292 leaves the
  // empty password's BMP form open: OpenSSL and Windows differ)
  const given: PasswordBytes[] = password === undefined ? [] : password === '' ? [passwordBytes(''), passwordBytes('', { bmpEmpty: true })] : [passwordBytes(password)];
  const empty: PasswordBytes[] = password === '' ? [] : [passwordBytes(''), passwordBytes('', { bmpEmpty: true })];

  let pw: PasswordBytes | undefined;
  let mac: Pkcs12Contents['mac'] = null;
  if (pfx[2]) {
    const check = parseMac(pfx[2], authSafeContent);
    mac = { algorithm: check.algorithm, iterations: check.iterations };
    for (const c of [...given, ...empty]) {
      if (await check.verify(c)) {
        pw = c;
        break;
      }
    }
    if (!pw) {
      if (password === undefined) throw new BidSealError('E_PASSWORD_REQUIRED', `the PKCS#12 file is password-protected (${check.algorithm})`);
      throw new BidSealError('E_WRONG_PASSWORD', `PKCS#12 integrity check (${check.algorithm}) failed: wrong password or corrupted file`);
    }
  }
  const attempts = pw ? [pw] : given.length ? given : empty;
  let lastErr: unknown;
  for (const attempt of attempts) {
    const out: Pkcs12Contents = { keys: [], certificates: [], mac, encryption: [] };
    try {
      for (const ci of authSafe) await contentInfo(ci, { pw: attempt, out, depth: 0 });
      return out;
    } catch (e) {
      for (const k of out.keys) k.pkcs8.fill(0);
      lastErr = e;
      if (!(isBidSealError(e) && e.code === 'E_WRONG_PASSWORD')) throw e;
    }
  }
  if (password === undefined) throw new BidSealError('E_PASSWORD_REQUIRED', 'the PKCS#12 file is password-protected');
  throw lastErr;
}

// ---------------------------------------------------------------------------------------------------
// Write
// ---------------------------------------------------------------------------------------------------

export interface WritePkcs12Options extends Pbes2Options {
  /** PKCS#8 PrivateKeyInfo DER */
  privateKey: Uint8Array;
  /** the key's certificate (DER) */
  certificate: Uint8Array;
  /** CA certificates (DER), issuer first */
  chain?: Uint8Array[];
  password: string;
  friendlyName?: string;
  /** MAC iterations (default 2048, as OpenSSL 3) */
  macIterations?: number;
}

function bagAttrs(localKeyId?: Uint8Array, friendlyName?: string): Uint8Array {
  const a: Uint8Array[] = [];
  if (friendlyName !== undefined) a.push(SEQ(OID(P12_OID.friendlyName), SET(BMP(friendlyName))));
  if (localKeyId) a.push(SEQ(OID(P12_OID.localKeyId), SET(OCT(localKeyId))));
  return a.length ? SET(...a) : new Uint8Array(0);
}

/**
 * Writes a PFX the way OpenSSL 3 does by default: certificates in an encryptedData (PBES2 AES-256-CBC, PBKDF2-
 * HMAC-SHA256), the key in a pkcs8ShroudedKeyBag (same scheme), localKeyId = SHA-256 of the certificate,
 * MAC HMAC-SHA256 with the RFC 7292 KDF. `openssl pkcs12 -in x.p12` reads it.
 */
export async function writePkcs12(opts: WritePkcs12Options): Promise<Uint8Array> {
  const localKeyId = sha256(opts.certificate);
  const certBag = (der: Uint8Array, withAttrs: boolean): Uint8Array =>
    SEQ(OID(P12_OID.certBag), CTX(0, SEQ(OID(P12_OID.x509Certificate), CTX(0, OCT(der)))), withAttrs ? bagAttrs(localKeyId, opts.friendlyName) : new Uint8Array(0));
  const certContents = SEQ(certBag(opts.certificate, true), ...(opts.chain ?? []).map((c) => certBag(c, false)));
  const encCerts = await pbes2Encrypt(certContents, opts.password, opts);
  const encryptedData = SEQ(OID(P12_OID.encryptedData), CTX(0, SEQ(INT(0), SEQ(OID(P12_OID.data), encCerts.algorithm, tlv(0x80, encCerts.ciphertext)))));
  const encKey = await pbes2Encrypt(opts.privateKey, opts.password, opts);
  const keyBag = SEQ(OID(P12_OID.shroudedKeyBag), CTX(0, SEQ(encKey.algorithm, OCT(encKey.ciphertext))), bagAttrs(localKeyId, opts.friendlyName));
  const keyData = SEQ(OID(P12_OID.data), CTX(0, OCT(SEQ(keyBag))));
  const authSafe = SEQ(encryptedData, keyData);
  const macSalt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const macIter = opts.macIterations ?? 2048;
  const h = DIGEST_BY_OID[P12_OID.sha256];
  const macKey = pkcs12Kdf(h, passwordBytes(opts.password).bmp, macSalt, 3, macIter, 32);
  const macValue = hmac(h.hash as never, macKey, authSafe);
  macKey.fill(0);
  const macData = SEQ(SEQ(SEQ(OID(P12_OID.sha256), NULL()), OCT(macValue)), OCT(macSalt), INT(macIter));
  return SEQ(INT(3), SEQ(OID(P12_OID.data), CTX(0, OCT(authSafe))), macData);
}
