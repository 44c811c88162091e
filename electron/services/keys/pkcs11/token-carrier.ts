// Runs in Node (app side). Key carriers for a key on a PKCS#11 token addressed by a pkcs11: URI:
// TokenSigner (Signer) and TokenDecrypter (Decrypter, incl. SM2 via ECDH fallback), sharing a TokenKey
// that finds the slot, the certificate and the key, and logs in on demand through getPin().
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { BidSealError, isBidSealError } from '../../../../shared/errors';
import type { CarrierInfo, Decrypter, KeyTransportAlgorithm, SignatureAlgorithm, Signer } from '../../../../shared/pki/carrier';
import type { Pkcs11Client } from './client';
import { digestInfo } from './encoding';
import { fromHex, toHex } from '../../../../shared/asn1';
import type { KeyRef, PinState, SlotDescription } from './protocol';
import { sm2DecryptViaEcdh } from './sm2-ecdh';
import { formatPkcs11Uri, parsePkcs11Uri, uriMatchesSlot, type Pkcs11Uri } from './uri';
import { profileForModule, SM2_EC_PARAMS_HEX, type VendorProfile } from './vendor-profiles';

/** Asked once per login; the returned PIN is passed to C_Login and then dropped. null = cancel. */
export type GetPin = (info: { tokenLabel: string; pinState: PinState }) => Promise<string | null>;

export interface TokenKeyOptions {
  client: Pkcs11Client;
  uri: string | Pkcs11Uri;
  getPin: GetPin;
  /** vendor profile (default: chosen by module file name) */
  profile?: VendorProfile;
  /** module path, for profile selection and the carrier location */
  modulePath?: string;
}

type KeyKind = 'rsa' | 'p256' | 'p384' | 'sm2' | 'other';
const EC_CURVES: Record<string, KeyKind> = { '06082a8648ce3d030107': 'p256', '06052b81040022': 'p384', [SM2_EC_PARAMS_HEX]: 'sm2' };

function keyKindOf(certDer: Uint8Array): KeyKind {
  let spki;
  try {
    spki = AsnConvert.parse(certDer, Certificate).tbsCertificate.subjectPublicKeyInfo;
  } catch {
    throw new BidSealError('E_BAD_ENCODING', 'token certificate is not valid DER');
  }
  const oid = spki.algorithm.algorithm;
  if (oid === '1.2.840.113549.1.1.1') return 'rsa';
  if (oid === '1.2.156.10197.1.301') return 'sm2';
  if (oid === '1.2.840.10045.2.1' && spki.algorithm.parameters) return EC_CURVES[toHex(new Uint8Array(spki.algorithm.parameters))] ?? 'other';
  return 'other';
}

/** The shared part: slot resolution, the certificate, the key reference and on-demand login. */
export class TokenKey {
  readonly certificateDer: Uint8Array;
  readonly kind: KeyKind;
  readonly info: CarrierInfo;
  readonly profile: VendorProfile;
  private mechs: Set<string>;
  private slot: SlotDescription;
  private gen: number;
  private loggingIn: Promise<void> | null = null;

  private constructor(private readonly o: TokenKeyOptions, private readonly uri: Pkcs11Uri, slot: SlotDescription, private readonly key: Omit<KeyRef, 'slot'>, cert: { der: Uint8Array; label: string }) {
    this.slot = slot;
    this.gen = o.client.generation;
    this.certificateDer = cert.der;
    this.kind = keyKindOf(cert.der);
    this.mechs = new Set((slot.mechanisms ?? []).map((m) => m.name));
    this.profile = o.profile ?? profileForModule(o.modulePath ?? '');
    const loc: Pkcs11Uri = { token: slot.token?.label, serial: slot.token?.serial, object: key.label ?? cert.label, ...(key.id ? { id: fromHex(key.id) } : {}), type: 'private', ...(o.modulePath ? { modulePath: o.modulePath } : {}) };
    this.info = { kind: 'pkcs11', location: formatPkcs11Uri(loc), label: cert.label || slot.token?.label || 'PKCS#11 key' };
  }

  static async open(o: TokenKeyOptions): Promise<TokenKey> {
    const uri = typeof o.uri === 'string' ? parsePkcs11Uri(o.uri) : o.uri;
    const slot = await findSlot(o.client, uri);
    const objs = await o.client.listObjects(slot.slotId);
    const idHex = uri.id ? toHex(uri.id) : undefined;
    const certs = objs.certificates.filter((c) => (idHex === undefined || c.id === idHex) && (uri.object === undefined || c.label === uri.object));
    // the certificate may carry another label than the key: fall back to matching by CKA_ID only
    const cert = certs[0] ?? (idHex !== undefined ? objs.certificates.find((c) => c.id === idHex) : undefined) ?? (objs.certificates.length === 1 && !idHex && !uri.object ? objs.certificates[0] : undefined);
    if (!cert) throw new BidSealError('E_NOT_FOUND', 'no matching certificate on the token');
    const key = idHex !== undefined ? { id: idHex } : cert.id ? { id: cert.id } : { label: uri.object ?? cert.label };
    return new TokenKey(o, uri, slot, key, { der: new Uint8Array(Buffer.from(cert.der, 'base64')), label: cert.label });
  }

  has(mech: string): boolean {
    return this.mechs.has(mech);
  }

  /** run() for an operation of algorithm `alg`, when it is one of those the carrier `offered`; E_UNSUPPORTED_ALGORITHM otherwise. */
  runOffered<T>(offered: readonly string[], alg: string, op: (key: KeyRef) => Promise<T>): Promise<T> {
    if (!offered.includes(alg)) return Promise.reject(new BidSealError('E_UNSUPPORTED_ALGORITHM', `${alg} not available on this token key`));
    return this.run(op);
  }

  /** Runs op on the token; logs in (asking for the PIN) when the token wants it, then retries once. */
  async run<T>(op: (key: KeyRef) => Promise<T>): Promise<T> {
    await this.o.client.loadModule(); // (re)starts the worker first, so `generation` is current
    if (this.o.client.generation !== this.gen) {
      // the worker restarted (crash, timeout): slot ids may differ, logins are gone
      this.slot = await findSlot(this.o.client, this.uri);
      this.gen = this.o.client.generation;
    }
    const ref = { slot: this.slot.slotId, ...this.key };
    try {
      return await op(ref);
    } catch (e) {
      if (!isBidSealError(e) || e.code !== 'E_TOKEN_LOGIN_REQUIRED') throw e;
    }
    // concurrent operations share one PIN prompt
    await (this.loggingIn ??= this.login().finally(() => (this.loggingIn = null)));
    return op(ref);
  }

  async login(): Promise<void> {
    const state = async () => (await this.o.client.listSlots({ mechanisms: false })).find((s) => s.slotId === this.slot.slotId)?.token;
    const t = await state();
    if (!t) throw new BidSealError('E_TOKEN_NOT_PRESENT');
    if (t.pinState === 'locked') throw new BidSealError('E_PIN_LOCKED', undefined, { pinState: t.pinState });
    let pin: string | null = await this.o.getPin({ tokenLabel: t.label, pinState: t.pinState });
    if (pin === null) throw new BidSealError('E_CANCELLED', 'PIN entry cancelled');
    try {
      await this.o.client.login(this.slot.slotId, pin);
    } catch (e) {
      if (isBidSealError(e) && (e.code === 'E_PIN_INCORRECT' || e.code === 'E_PIN_LOCKED')) {
        const after = await state().catch(() => undefined);
        throw new BidSealError(after?.pinState === 'locked' ? 'E_PIN_LOCKED' : e.code, undefined, { pinState: after?.pinState ?? 'ok' });
      }
      throw e;
    } finally {
      // eslint-disable-next-line no-useless-assignment -- drop the PIN from this closure as soon as it is used
      pin = null;
    }
  }

  logout(): Promise<void> {
    return this.o.client.logout(this.slot.slotId);
  }
}

async function findSlot(client: Pkcs11Client, uri: Pkcs11Uri): Promise<SlotDescription> {
  const lib = await client.loadModule();
  const slots = (await client.listSlots({ tokenPresent: true })).filter((s) => s.token && uriMatchesSlot(uri, s, lib));
  if (slots.length === 0) throw new BidSealError('E_TOKEN_NOT_PRESENT', 'no token matches the pkcs11 URI');
  return slots[0];
}

const DIGEST_LEN = { sha256: 32, sha384: 48 } as const;
const checkLen = (d: Uint8Array, n: number) => {
  if (d.length !== n) throw new BidSealError('E_INVALID_ARGUMENT', `digest must be ${n} bytes`);
};

/** What the signer and the decrypter of a token key share: the key, its certificate and the worker client. */
abstract class TokenCarrier {
  readonly certificateDer: Uint8Array;
  protected constructor(readonly key: TokenKey, protected readonly client: Pkcs11Client) {
    this.certificateDer = key.certificateDer;
  }
}

export class TokenSigner extends TokenCarrier implements Signer {
  readonly algorithms: readonly SignatureAlgorithm[];
  constructor(key: TokenKey, client: Pkcs11Client) {
    super(key, client);
    const a: SignatureAlgorithm[] = [];
    if (key.kind === 'rsa' && key.has('CKM_RSA_PKCS')) a.push('rsa-pkcs1-sha256', 'rsa-pkcs1-sha384');
    if (key.kind === 'rsa' && key.has('CKM_RSA_PKCS_PSS')) a.push('rsa-pss-sha256', 'rsa-pss-sha384');
    if ((key.kind === 'p256' || key.kind === 'p384') && key.has('CKM_ECDSA')) a.push('ecdsa-sha256', 'ecdsa-sha384');
    const sm2 = key.profile.sm2Sign;
    if (key.kind === 'sm2' && sm2?.mechanism != null && sm2.input === 'digest' && !key.profile.tokenHashesSm3) a.push('sm2-sm3');
    this.algorithms = a;
  }

  static async open(o: TokenKeyOptions): Promise<TokenSigner> {
    return new TokenSigner(await TokenKey.open(o), o.client);
  }

  signDigest(digest: Uint8Array, alg: SignatureAlgorithm, signal?: AbortSignal): Promise<Uint8Array> {
    return this.key.runOffered(this.algorithms, alg, (ref) => {
      switch (alg) {
        case 'ecdsa-sha256':
        case 'ecdsa-sha384':
          checkLen(digest, DIGEST_LEN[alg === 'ecdsa-sha256' ? 'sha256' : 'sha384']);
          return this.client.sign(ref, { type: 'CKM_ECDSA' }, digest, signal);
        case 'rsa-pkcs1-sha256':
        case 'rsa-pkcs1-sha384':
          return this.client.sign(ref, { type: 'CKM_RSA_PKCS' }, digestInfo(alg === 'rsa-pkcs1-sha256' ? 'sha256' : 'sha384', digest), signal);
        case 'rsa-pss-sha256':
        case 'rsa-pss-sha384': {
          const hash = alg === 'rsa-pss-sha256' ? 'sha256' : 'sha384';
          checkLen(digest, DIGEST_LEN[hash]);
          return this.client.sign(ref, { type: 'CKM_RSA_PKCS_PSS', hash, saltLength: DIGEST_LEN[hash] }, digest, signal);
        }
        case 'sm2-sm3': {
          checkLen(digest, 32);
          const p = this.key.profile.sm2Sign!;
          return this.client.sign(ref, { type: 'vendor', mechanism: p.mechanism!, output: p.output }, digest, signal);
        }
      }
    });
  }
}

export class TokenDecrypter extends TokenCarrier implements Decrypter {
  readonly algorithms: readonly KeyTransportAlgorithm[];
  constructor(key: TokenKey, client: Pkcs11Client) {
    super(key, client);
    const a: KeyTransportAlgorithm[] = [];
    // SoftHSM2 2.6 lists CKM_RSA_PKCS_OAEP but supports only SHA-1: sha256 fails with E_UNSUPPORTED_ALGORITHM
    if (key.kind === 'rsa' && key.has('CKM_RSA_PKCS_OAEP')) a.push('rsa-oaep-sha1', 'rsa-oaep-sha256');
    if (key.kind === 'rsa' && key.has('CKM_RSA_PKCS')) a.push('rsa-pkcs1');
    const d = key.profile.sm2Decrypt;
    if (key.kind === 'sm2' && ((d === 'ecdh-fallback' && key.has('CKM_ECDH1_DERIVE')) || (d && d !== 'ecdh-fallback' && d.mechanism != null))) a.push('sm2-encrypt');
    this.algorithms = a;
  }

  static async open(o: TokenKeyOptions): Promise<TokenDecrypter> {
    return new TokenDecrypter(await TokenKey.open(o), o.client);
  }

  unwrapKey(wrapped: Uint8Array, alg: KeyTransportAlgorithm, signal?: AbortSignal): Promise<Uint8Array> {
    return this.key.runOffered(this.algorithms, alg, (ref) => {
      switch (alg) {
        case 'rsa-oaep-sha1':
        case 'rsa-oaep-sha256':
          return this.client.decrypt(ref, { type: 'CKM_RSA_PKCS_OAEP', hash: alg === 'rsa-oaep-sha1' ? 'sha1' : 'sha256' }, wrapped, signal);
        case 'rsa-pkcs1':
          return this.client.decrypt(ref, { type: 'CKM_RSA_PKCS' }, wrapped, signal);
        case 'sm2-encrypt': {
          const d = this.key.profile.sm2Decrypt!;
          if (d === 'ecdh-fallback') return sm2DecryptViaEcdh(wrapped, (c1) => this.client.deriveEcdhX(ref, c1, signal));
          // vendor mechanism: the caller's layout is passed through unchanged (profile.layout documents what the token wants)
          return this.client.decrypt(ref, { type: 'vendor', mechanism: d.mechanism! }, wrapped, signal);
        }
      }
    });
  }

  /** ECDH for KeyAgree recipients (RFC 5652 §6.2.2, P-256/P-384): the token derives Z = x(d·P); the key never leaves it. */
  deriveSharedSecret(ephemeralPublicPoint: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    if (!((this.key.kind === 'p256' || this.key.kind === 'p384') && this.key.has('CKM_ECDH1_DERIVE'))) return Promise.reject(new BidSealError('E_UNSUPPORTED_ALGORITHM', 'ECDH key agreement is not available on this token key'));
    return this.key.run((ref) => this.client.deriveEcdhX(ref, ephemeralPublicPoint, signal));
  }
}
