// Runs anywhere (pure). Opens a software key store — PKCS#12/PFX (RFC 7292), PEM bundles (RFC 7468: PKCS#8 plain or
// ENCRYPTED, SEC1, PKCS#1, traditional OpenSSL-encrypted PEM, certificates), bare PKCS#8 / EncryptedPrivateKeyInfo /
// SEC1 / PKCS#1 DER (GB/T 35276 SM2 keys included) — and pairs each key with its certificate into Signer/Decrypter entries.
import { BidSealError, isBidSealError } from '../errors';
import type { CarrierInfo } from '../pki/carrier';
import { parseCertificate, type CertificateSummary } from '../pki/certificate';
import { parsePrivateKey, type ParsedPrivateKey } from '../crypto/keys';
import { berAccess, bytesEqual, dearmor, pemDecodeAll } from '../asn1';
import { isCfcaKeyFile, openCfcaKeyFile } from './cfca';
import { decryptLegacyPem } from './pbe';
import { decryptPrivateKeyInfo, isEncryptedPrivateKeyInfo } from './pkcs8-encrypted';
import { isPkcs12, parsePkcs12 } from './pkcs12';
import { certificateKeyFingerprint, privateKeyFingerprint, SoftwareDecrypter, SoftwareSigner } from './software-carrier';

const { parse } = berAccess('E_BAD_ENCODING');

export interface SoftwareKeystoreEntry {
  /** present when the certificate allows signing (keyUsage absent, digitalSignature, nonRepudiation, …) */
  signer?: SoftwareSigner;
  /** present for SM2, RSA (not RSASSA-PSS) and EC P-256/P-384 keys whose certificate allows encryption or key
   * agreement (keyUsage absent, keyEncipherment, dataEncipherment, keyAgreement); EC keys open RFC 5753 envelopes */
  decrypter?: SoftwareDecrypter;
  certificateDer: Uint8Array;
  label: string;
  /** the certificate's issuers found in the input, nearest first (not validated: see shared/pki) */
  chain: Uint8Array[];
  keyKind: 'sm2' | 'ec' | 'rsa';
  info: CarrierInfo;
}

export type KeystoreFormat = 'pkcs12' | 'pem' | 'pkcs8' | 'pkcs8-encrypted' | 'sec1' | 'pkcs1' | 'certificate' | 'cfca-sm2';

export interface SoftwareKeystore {
  format: KeystoreFormat;
  entries: SoftwareKeystoreEntry[];
  /** keys for which no certificate was found (pass it with opts.certificates); public data only */
  unpairedKeys: Array<{ label: string; keyKind: 'sm2' | 'ec' | 'rsa'; publicKeyFingerprint: string }>;
  /** every certificate in the input (DER), including CA certificates */
  certificates: Uint8Array[];
  /** encryption / integrity schemes met, for diagnostics (e.g. to warn about RC2-40) */
  protection: string[];
  /** zeroes all private keys held by the entries */
  close(): void;
}

export interface OpenKeystoreOptions {
  /** extra certificates (DER or PEM) to pair bare keys with, and to build chains from */
  certificates?: Array<Uint8Array | string>;
  /** for CarrierInfo.location (a file name; never secret) */
  location?: string;
}

interface KeyItem {
  key: ParsedPrivateKey;
  localKeyId?: Uint8Array;
  friendlyName?: string;
}
interface CertItem {
  der: Uint8Array;
  summary: CertificateSummary;
  localKeyId?: Uint8Array;
  friendlyName?: string;
}

const kindOf = (k: ParsedPrivateKey): 'sm2' | 'ec' | 'rsa' => k.kind;

function looksLikeText(b: Uint8Array): string | undefined {
  if (b.length === 0 || b[0] === 0x30) return undefined;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(b);
  return text;
}

function certificateItem(der: Uint8Array, attrs: { localKeyId?: Uint8Array; friendlyName?: string } = {}): CertItem {
  const summary = parseCertificate(der);
  return { der: summary.der, summary, ...attrs };
}

/** The DER classes we tell apart by shape. */
function classifyDer(der: Uint8Array): 'pkcs12' | 'pkcs8-encrypted' | 'certificate' | 'key' {
  if (isPkcs12(der)) return 'pkcs12';
  if (isEncryptedPrivateKeyInfo(der)) return 'pkcs8-encrypted';
  const n = parse(der);
  if (n.tag === 0x30 && n.children!.length === 3 && n.children![0].tag === 0x30 && n.children![1].tag === 0x30 && n.children![2].tag === 0x03) return 'certificate';
  return 'key';
}

function keyFormatOf(der: Uint8Array): 'pkcs8' | 'sec1' | 'pkcs1' {
  const n = parse(der);
  if ((n.children ?? []).length >= 9) return 'pkcs1';
  if (n.children?.[1]?.tag === 0x04) return 'sec1';
  return 'pkcs8';
}

async function decryptPemKey(label: string, der: Uint8Array, headers: Record<string, string>, password: string | undefined): Promise<Uint8Array> {
  if (label === 'ENCRYPTED PRIVATE KEY') return decryptPrivateKeyInfo(der, password);
  if (headers['Proc-Type']?.includes('ENCRYPTED')) {
    if (password === undefined) throw new BidSealError('E_PASSWORD_REQUIRED', 'the PEM private key is encrypted');
    const plain = await decryptLegacyPem(headers['DEK-Info'] ?? '', der, password);
    try {
      parse(plain);
    } catch {
      throw new BidSealError('E_WRONG_PASSWORD', 'decrypted PEM key is not valid: wrong password or corrupted file');
    }
    return plain;
  }
  return der;
}

async function collect(input: Uint8Array | string, password: string | undefined, keys: KeyItem[], certs: CertItem[], protection: string[]): Promise<KeystoreFormat> {
  const text = typeof input === 'string' ? input : looksLikeText(input);
  if (text !== undefined) {
    if (text.includes('-----BEGIN')) {
      // PEM pasted from JSON keeps its line breaks escaped
      const blocks = pemDecodeAll(/\\n/.test(text) ? text.replace(/\\r/g, '').replace(/\\n/g, '\n').replace(/\\\//g, '/') : text);
      if (blocks.length === 0) throw new BidSealError('E_BAD_ENCODING', 'no PEM blocks found');
      for (const b of blocks) {
        if (/^(X509 |TRUSTED )?CERTIFICATE$/.test(b.label)) certs.push(certificateItem(b.der));
        else if (/PRIVATE KEY$/.test(b.label)) {
          if (b.label === 'ENCRYPTED PRIVATE KEY' || b.headers['Proc-Type']?.includes('ENCRYPTED')) protection.push(b.label === 'ENCRYPTED PRIVATE KEY' ? 'PKCS#8 encrypted' : `PEM ${b.headers['DEK-Info']?.split(',')[0] ?? 'encrypted'}`);
          const der = await decryptPemKey(b.label, b.der, b.headers, password);
          keys.push({ key: der === b.der ? parsePrivateKey(der) : parseAndWipe(der) });
        } else if (b.label === 'PKCS12' || b.label === 'CFCA KEY') {
          const f = await collect(b.der, password, keys, certs, protection);
          if (b.label === 'CFCA KEY') return f;
        }
      }
      return 'pem';
    }
    // any other armour (bare base64 as CA portals hand out .pfx, data: URL, JSON string): the one detector
    let der: Uint8Array;
    try {
      der = dearmor(text).der;
    } catch (e) {
      // the key store's contract is E_BAD_ENCODING for "not a key file"; the message says what it is instead
      if (isBidSealError(e) && e.code === 'E_ARMOUR_UNKNOWN') throw new BidSealError('E_BAD_ENCODING', `not a key file: ${e.message}`, e.details);
      throw e;
    }
    return collect(der, password, keys, certs, protection);
  }
  const bytes = input as Uint8Array;
  if (isCfcaKeyFile(bytes)) {
    const k = openCfcaKeyFile(bytes, password);
    protection.push('CFCA SM4-CBC (SM3 KDF of the password)');
    keys.push({ key: { kind: 'sm2', privateKey: k.privateKey, publicKey: k.publicKey } });
    certs.push(certificateItem(k.certificate.der));
    return 'cfca-sm2';
  }
  const kind = classifyDer(bytes);
  if (kind === 'pkcs12') {
    const p = await parsePkcs12(bytes, password);
    if (p.mac) protection.push(`MAC ${p.mac.algorithm}`);
    protection.push(...new Set(p.encryption));
    try {
      for (const k of p.keys) keys.push({ key: parsePrivateKey(k.pkcs8), localKeyId: k.localKeyId, friendlyName: k.friendlyName });
    } finally {
      for (const k of p.keys) k.pkcs8.fill(0);
    }
    for (const c of p.certificates) certs.push(certificateItem(c.der, { localKeyId: c.localKeyId, friendlyName: c.friendlyName }));
    return 'pkcs12';
  }
  if (kind === 'pkcs8-encrypted') {
    protection.push('PKCS#8 encrypted');
    keys.push({ key: parseAndWipe(await decryptPrivateKeyInfo(bytes, password)) });
    return 'pkcs8-encrypted';
  }
  if (kind === 'certificate') {
    certs.push(certificateItem(bytes));
    return 'certificate';
  }
  keys.push({ key: parsePrivateKey(bytes) });
  return keyFormatOf(bytes);
}

function buildChain(leaf: CertItem, pool: CertItem[]): Uint8Array[] {
  const chain: Uint8Array[] = [];
  let cur = leaf;
  const seen = new Set<CertItem>([leaf]);
  for (let i = 0; i < 10 && !cur.summary.selfIssued; i++) {
    const issuer = pool.find((c) => !seen.has(c) && bytesEqual(c.summary.subject.der, cur.summary.issuer.der));
    if (!issuer) break;
    chain.push(issuer.der);
    seen.add(issuer);
    cur = issuer;
  }
  return chain;
}

const SIGN_USAGES = ['digitalSignature', 'nonRepudiation', 'keyCertSign', 'cRLSign'];
const ENC_USAGES = ['keyEncipherment', 'dataEncipherment', 'keyAgreement'];

/**
 * Opens key material from bytes or text. Detects CFCA .sm2 key files (PEM 'CFCA KEY', base64 or DER;
 * shared/keystore/cfca.ts), PKCS#12 (DER, PEM 'PKCS12' or bare base64), PEM bundles
 * (any mix of keys and certificates, several texts concatenated), bare PKCS#8 (plain or encrypted), SEC1 and
 * PKCS#1 DER. Each key is paired with the certificate holding the same public key (PKCS#12 localKeyId
 * breaks ties); keys without a certificate are listed in `unpairedKeys`.
 *
 * Errors: E_PASSWORD_REQUIRED (encrypted and no password), E_WRONG_PASSWORD (MAC or padding check failed),
 * E_BAD_ENCODING (not a key file / damaged), E_UNSUPPORTED_ALGORITHM, E_INVALID_KEY (keys and certificates
 * that do not belong together). Nothing else escapes, and the password is never part of a message.
 */
export async function openSoftwareKeystore(input: Uint8Array | string, password?: string, opts: OpenKeystoreOptions = {}): Promise<SoftwareKeystore> {
  const keys: KeyItem[] = [];
  const certs: CertItem[] = [];
  const protection: string[] = [];
  let format: KeystoreFormat;
  try {
    if (!(input instanceof Uint8Array) && typeof input !== 'string') throw new BidSealError('E_INVALID_ARGUMENT', 'key file must be bytes or text');
    format = await collect(input, password, keys, certs, protection);
    for (const c of opts.certificates ?? []) {
      if (typeof c === 'string' || c[0] !== 0x30) for (const b of pemDecodeAll(typeof c === 'string' ? c : new TextDecoder().decode(c)).filter((b) => /CERTIFICATE$/.test(b.label))) certs.push(certificateItem(b.der));
      else certs.push(certificateItem(c));
    }
  } catch (e) {
    for (const k of keys) wipeKey(k.key);
    if (isBidSealError(e)) throw e;
    throw new BidSealError('E_BAD_ENCODING', 'the key file is damaged or not a supported format');
  }

  const entries: SoftwareKeystoreEntry[] = [];
  const unpairedKeys: SoftwareKeystore['unpairedKeys'] = [];
  const certFps = certs.map((c) => certificateKeyFingerprint(c.summary));
  try {
    keys.forEach((k, i) => {
      const fp = privateKeyFingerprint(k.key);
      const matching = certs.filter((_, j) => certFps[j] === fp);
      const byId = k.localKeyId ? matching.find((c) => c.localKeyId && bytesEqual(c.localKeyId, k.localKeyId!)) : undefined;
      const cert = byId ?? [...matching].sort((a, b) => b.summary.notAfter.getTime() - a.summary.notAfter.getTime())[0];
      const label = k.friendlyName || cert?.friendlyName || cert?.summary.commonName || cert?.summary.subject.text || `key ${i + 1}`;
      if (!cert) {
        unpairedKeys.push({ label, keyKind: kindOf(k.key), publicKeyFingerprint: fp });
        return;
      }
      const info: CarrierInfo = { kind: 'software', location: opts.location ?? '', label };
      const ku = cert.summary.keyUsage;
      const canSign = ku === null || ku.some((u) => SIGN_USAGES.includes(u));
      const canDecrypt = (ku === null || ku.some((u) => ENC_USAGES.includes(u))) && (k.key.kind !== 'rsa' || !k.key.pss);
      const carrierOpts = { location: opts.location, label };
      entries.push({
        signer: canSign || !canDecrypt ? new SoftwareSigner(k.key, cert.der, carrierOpts) : undefined,
        decrypter: canDecrypt ? new SoftwareDecrypter(k.key, cert.der, carrierOpts) : undefined,
        certificateDer: cert.der,
        label,
        chain: buildChain(cert, certs),
        keyKind: kindOf(k.key),
        info,
      });
    });
  } catch (e) {
    for (const en of entries) {
      en.signer?.destroy();
      en.decrypter?.destroy();
    }
    if (isBidSealError(e)) throw e;
    throw new BidSealError('E_INVALID_KEY', 'the key could not be used');
  } finally {
    for (const k of keys) wipeKey(k.key);
  }
  // keys and certificates of which none belong together: almost always the wrong pair of files
  if (entries.length === 0 && unpairedKeys.length > 0 && certs.length > 0) {
    throw new BidSealError('E_INVALID_KEY', 'key does not match certificate');
  }
  return {
    format,
    entries,
    unpairedKeys,
    certificates: certs.map((c) => c.der),
    protection,
    close() {
      for (const e of entries) {
        e.signer?.destroy();
        e.decrypter?.destroy();
      }
    },
  };
}

/** Parses decrypted key bytes and zeroes them (the parsed key holds its own copy). */
function parseAndWipe(der: Uint8Array): ParsedPrivateKey {
  try {
    return parsePrivateKey(der);
  } finally {
    der.fill(0);
  }
}

function wipeKey(k: ParsedPrivateKey): void {
  if (k.kind === 'sm2') k.privateKey.fill(0);
  else k.pkcs8.fill(0);
}
