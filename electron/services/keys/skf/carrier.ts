// Runs in Node (app side). Key carriers for a container on an SKF USB key named by an skf: URI: SkfSigner
// (Signer: SM2 over e = SM3(Z‖M) computed outside by the caller, RSA PKCS#1 v1.5) and SkfDecrypter (Decrypter:
// the SM2 / RSA content key is decrypted inside the key). They share an SkfKey that resolves the container,
// reads both certificates and logs in on demand through getPin, which is told the retry count first.
import { BidSealError, isBidSealError } from '../../../../shared/errors';
import type { CarrierInfo, Decrypter, KeyTransportAlgorithm, SignatureAlgorithm, Signer } from '../../../../shared/pki/carrier';
import { parseCertificate } from '../../../../shared/pki/certificate';
import { digestInfo } from '../pkcs11/encoding';
import type { SkfClient } from './client';
import type { ContainerRef, DeviceListing, PinInfo, PinState } from './protocol';
import { formatSkfUri, parseSkfUri, type SkfUri } from './uri';

/** Asked once per login, after the retry counter was read; null = cancel. The PIN is dropped after SKF_VerifyPIN. */
export type SkfGetPin = (info: { tokenLabel: string; pinState: PinState; remaining?: number; maxRetries?: number }) => Promise<string | null>;

export interface SkfKeyOptions {
  client: SkfClient;
  uri: string | SkfUri;
  getPin: SkfGetPin;
}

type Usage = 'sign' | 'enc';
const b64d = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

/** Finds the one container the URI names (short forms are fine while there is only one choice). */
export function resolveContainer(listing: DeviceListing[], uri: SkfUri, usage: Usage): { ref: ContainerRef; label: string; signCert?: Uint8Array; encCert?: Uint8Array } {
  const hits: Array<{ ref: ContainerRef; label: string; signCert?: string; encCert?: string }> = [];
  for (const d of listing) {
    if (uri.device !== undefined && d.name !== uri.device) continue;
    for (const a of d.applications) {
      if (uri.application !== undefined && a.name !== uri.application) continue;
      for (const c of a.containers) {
        if (uri.container !== undefined && c.name !== uri.container) continue;
        if (uri.container === undefined && !(usage === 'sign' ? c.signCert : c.encCert)) continue; // short form: only containers that can do it
        hits.push({ ref: { device: d.name, application: a.name, container: c.name }, label: d.info?.label || d.name, signCert: c.signCert, encCert: c.encCert });
      }
    }
  }
  if (hits.length === 0) {
    const named = listing.filter((d) => uri.device === undefined || d.name === uri.device);
    // a key pulled out while it was being read is listed with its error: that, not "no such container"
    const failed = named.find((d) => d.error);
    if (failed && named.every((d) => d.error)) throw new BidSealError(failed.error === 'E_TOKEN_REMOVED' ? 'E_TOKEN_REMOVED' : 'E_TOKEN_ERROR', `the USB key ${failed.name} could not be read`, { code: failed.error });
    const anyDevice = named.length > 0;
    throw new BidSealError(anyDevice ? 'E_NOT_FOUND' : 'E_TOKEN_NOT_PRESENT', anyDevice ? 'no container on the USB key matches the skf: URI' : 'the USB key is not plugged in');
  }
  if (hits.length > 1) throw new BidSealError('E_INVALID_ARGUMENT', `several containers match; name one: ${hits.map((h) => formatSkfUri({ ...h.ref })).join(' ')}`);
  const h = hits[0];
  return { ref: h.ref, label: h.label, ...(h.signCert ? { signCert: b64d(h.signCert) } : {}), ...(h.encCert ? { encCert: b64d(h.encCert) } : {}) };
}

/** The shared part: the container, its certificates and the on-demand login. */
export class SkfKey {
  readonly ref: ContainerRef;
  readonly signCert?: Uint8Array;
  readonly encCert?: Uint8Array;
  readonly tokenLabel: string;
  private gen = -1;
  private loggedIn = false;
  private loggingIn: Promise<void> | null = null;

  private constructor(private readonly o: SkfKeyOptions, found: ReturnType<typeof resolveContainer>) {
    this.ref = found.ref;
    this.signCert = found.signCert;
    this.encCert = found.encCert;
    this.tokenLabel = found.label;
  }

  static async open(o: SkfKeyOptions, usage: Usage): Promise<SkfKey> {
    const uri = typeof o.uri === 'string' ? parseSkfUri(o.uri) : o.uri;
    return new SkfKey(o, resolveContainer(await o.client.list(true), uri, usage));
  }

  get client(): SkfClient {
    return this.o.client;
  }

  info(usage: Usage, cert: Uint8Array): CarrierInfo {
    let label = this.ref.container;
    try {
      const c = parseCertificate(cert);
      label = c.commonName || c.subject.text;
    } catch {
      /* the container name will do */
    }
    return { kind: 'skf', location: formatSkfUri({ module: this.o.client.libraryPath, ...this.ref }), label: `${label} (${this.tokenLabel}${usage === 'enc' ? ', 加密' : ''})` };
  }

  pinInfo(): Promise<PinInfo> {
    return this.o.client.pinInfo(this.ref);
  }

  /** Runs op in the key, logging in first when this worker generation has no login yet, and once more if asked. */
  async run<T>(op: () => Promise<T>): Promise<T> {
    await this.o.client.load();
    if (this.o.client.generation !== this.gen) {
      this.gen = this.o.client.generation; // restarted worker (crash, hang): the login is gone
      this.loggedIn = false;
    }
    if (!this.loggedIn) await this.login();
    try {
      return await op();
    } catch (e) {
      if (!isBidSealError(e) || e.code !== 'E_TOKEN_LOGIN_REQUIRED') throw e;
    }
    this.loggedIn = false; // e.g. the key was unplugged and plugged in again
    await this.login();
    return op();
  }

  login(): Promise<void> {
    // concurrent operations share one PIN prompt
    return (this.loggingIn ??= this.doLogin().finally(() => (this.loggingIn = null)));
  }

  private async doLogin(): Promise<void> {
    const p = await this.pinInfo();
    if (p.state === 'locked') throw new BidSealError('E_PIN_LOCKED', undefined, { pinState: 'locked', remaining: 0 });
    let pin: string | null = await this.o.getPin({ tokenLabel: this.tokenLabel, pinState: p.state, remaining: p.remaining, maxRetries: p.max });
    if (pin === null) throw new BidSealError('E_CANCELLED', 'PIN entry cancelled');
    try {
      await this.o.client.verifyPin(this.ref, pin);
      this.loggedIn = true;
    } finally {
      // eslint-disable-next-line no-useless-assignment -- drop the PIN from this closure as soon as it is used
      pin = null;
    }
  }

  async logout(): Promise<void> {
    this.loggedIn = false;
    await this.o.client.logout(this.ref);
  }
}

type KeyKind = 'sm2' | 'rsa' | 'other';

/** What the signer and the decrypter of a container share: its certificate for their usage (E_NOT_FOUND without one), the key's kind, the description. */
abstract class SkfCarrier {
  readonly certificateDer: Uint8Array;
  readonly info: CarrierInfo;
  protected readonly kind: KeyKind;

  protected constructor(readonly key: SkfKey, usage: Usage) {
    const der = usage === 'sign' ? key.signCert : key.encCert;
    if (!der) throw new BidSealError('E_NOT_FOUND', `the container holds no ${usage === 'sign' ? 'signing' : 'encryption'} certificate`);
    const k = parseCertificate(der).publicKey.kind;
    this.certificateDer = der;
    this.kind = k === 'sm2' || k === 'rsa' ? k : 'other';
    this.info = key.info(usage, der);
  }
}

export class SkfSigner extends SkfCarrier implements Signer {
  readonly algorithms: readonly SignatureAlgorithm[];

  constructor(key: SkfKey) {
    super(key, 'sign');
    this.algorithms = this.kind === 'sm2' ? ['sm2-sm3'] : this.kind === 'rsa' ? ['rsa-pkcs1-sha256', 'rsa-pkcs1-sha384'] : [];
  }

  static async open(o: SkfKeyOptions): Promise<SkfSigner> {
    return new SkfSigner(await SkfKey.open(o, 'sign'));
  }

  signDigest(digest: Uint8Array, alg: SignatureAlgorithm, signal?: AbortSignal): Promise<Uint8Array> {
    if (!this.algorithms.includes(alg)) return Promise.reject(new BidSealError('E_UNSUPPORTED_ALGORITHM', `${alg} not available on this USB key`));
    if (alg === 'sm2-sm3' && digest.length !== 32) return Promise.reject(new BidSealError('E_INVALID_ARGUMENT', 'sm2-sm3 signs the 32-byte e = SM3(Z‖M)'));
    const data = alg === 'sm2-sm3' ? digest : digestInfo(alg === 'rsa-pkcs1-sha256' ? 'sha256' : 'sha384', digest);
    return this.key.run(() => this.key.client.sign(this.key.ref, this.kind === 'sm2' ? 'sm2' : 'rsa', data, signal));
  }
}

export class SkfDecrypter extends SkfCarrier implements Decrypter {
  readonly algorithms: readonly KeyTransportAlgorithm[];

  constructor(key: SkfKey) {
    super(key, 'enc');
    this.algorithms = this.kind === 'sm2' ? ['sm2-encrypt'] : this.kind === 'rsa' ? ['rsa-pkcs1'] : [];
  }

  static async open(o: SkfKeyOptions): Promise<SkfDecrypter> {
    return new SkfDecrypter(await SkfKey.open(o, 'enc'));
  }

  /**
   * The content key, decrypted inside the key (SKF_ECCPrvKeyDecrypt / SKF_RSAPrvKeyDecrypt). A library
   * without these vendor calls answers E_UNSUPPORTED_ALGORITHM: use decryptInToken then.
   */
  async unwrapKey(wrapped: Uint8Array, alg: KeyTransportAlgorithm, signal?: AbortSignal): Promise<Uint8Array> {
    if (!this.algorithms.includes(alg)) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `${alg} not available on this USB key`);
    const lib = await this.key.client.load();
    if (alg === 'sm2-encrypt' && !lib.has.eccPrvKeyDecrypt) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'the SKF library has no SKF_ECCPrvKeyDecrypt: the content must be decrypted in the key', { inToken: true });
    if (alg === 'rsa-pkcs1' && !lib.has.rsaPrvKeyDecrypt) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'the SKF library has no SKF_RSAPrvKeyDecrypt');
    try {
      return await this.key.run(() => this.key.client.decrypt(this.key.ref, this.kind === 'sm2' ? 'sm2' : 'rsa', wrapped, signal));
    } catch (e) {
      // a library that exports the call but does not implement it (SAR_NOTSUPPORTYETERR)
      if (alg === 'sm2-encrypt' && isBidSealError(e) && e.code === 'E_UNSUPPORTED_ALGORITHM') throw new BidSealError('E_UNSUPPORTED_ALGORITHM', e.message, { ...e.details, inToken: true });
      throw e;
    }
  }

  /**
   * GM/T 0016's own path: SKF_ImportSessionKey with the SM2-wrapped SM4 key (an ECCCIPHERBLOB), then
   * SKF_DecryptInit / SKF_Decrypt of the ciphertext inside the key — the content key never leaves it.
   */
  decryptInToken(wrapped: Uint8Array, cipher: 'sm4-cbc' | 'sm4-ecb', iv: Uint8Array | undefined, padding: boolean, ciphertext: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    if (this.kind !== 'sm2') return Promise.reject(new BidSealError('E_UNSUPPORTED_ALGORITHM', 'in-key session decryption is for SM2 containers'));
    return this.key.run(() => this.key.client.sessionDecrypt(this.key.ref, wrapped, cipher, iv, padding, ciphertext, signal));
  }
}
