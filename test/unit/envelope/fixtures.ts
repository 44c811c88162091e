// Runs in Node (tests). Recipient keys and certificates made by OpenSSL 3 in a temp dir (RSA-2048, EC P-256/P-384,
// SM2), software EnvelopeDecrypters over them (RSA/SM2 key transport via the algorithm registry, ECDH via
// WebCrypto), and stream helpers. Nothing is written into the repository.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getKeyTransportAlgorithm } from '../../../shared/crypto/algorithms';
import { parsePrivateKey, type ParsedPrivateKey } from '../../../shared/crypto/keys';
import * as sm2 from '../../../shared/crypto/sm2';
import { BidSealError } from '../../../shared/errors';
import { concat } from '../../../shared/asn1';
import type { KeyTransportAlgorithm } from '../../../shared/pki/carrier';
import { parseCertificate } from '../../../shared/pki/certificate';
import type { EnvelopeDecrypter } from '../../../shared/envelope/recipients';
import { openssl } from '../../helpers/vectors';

export type FixtureName = 'rsa' | 'ec256' | 'ec384' | 'sm2p' | 'sm2b' | 'sm2x' | 'rsa2' | 'sm2sign';

const GEN: Record<FixtureName, { gen: string[]; md: string[]; cn: string; serial: string; ku?: string }> = {
  rsa: { gen: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], md: ['-sha256'], cn: 'Escrow RSA', serial: '0x0100' },
  rsa2: { gen: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], md: ['-sha256'], cn: 'Other RSA', serial: '0x0101' },
  ec256: { gen: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], md: ['-sha256'], cn: 'Bidder P-256', serial: '0x0200' },
  ec384: { gen: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'], md: ['-sha384'], cn: 'Bidder P-384', serial: '0x0201' },
  sm2p: { gen: ['-algorithm', 'SM2'], md: ['-sm3', '-sigopt', 'distid:1234567812345678'], cn: '平台加密证书 Platform SM2', serial: '0x00A1B2C3' },
  sm2b: { gen: ['-algorithm', 'SM2'], md: ['-sm3', '-sigopt', 'distid:1234567812345678'], cn: '投标人加密证书 Bidder SM2', serial: '0x7F0102' },
  sm2x: { gen: ['-algorithm', 'SM2'], md: ['-sm3', '-sigopt', 'distid:1234567812345678'], cn: 'Outsider SM2', serial: '0x0300' },
  sm2sign: { gen: ['-algorithm', 'SM2'], md: ['-sm3', '-sigopt', 'distid:1234567812345678'], cn: '投标人签名证书 Bidder signing', serial: '0x7F0101', ku: 'digitalSignature,nonRepudiation' },
};

export interface Fixtures {
  dir: string;
  keyPath(n: FixtureName): string;
  certPath(n: FixtureName): string;
  cert(n: FixtureName): Uint8Array;
  decrypter(n: FixtureName): EnvelopeDecrypter;
  cleanup(): void;
}

/** A software carrier for tests (the product's carriers live in shared/keystore and electron/services/keys/pkcs11). */
export class TestDecrypter implements EnvelopeDecrypter {
  readonly algorithms: readonly KeyTransportAlgorithm[];
  calls = 0;
  constructor(
    private readonly key: ParsedPrivateKey,
    readonly certificateDer: Uint8Array,
  ) {
    this.algorithms = key.kind === 'sm2' ? ['sm2-encrypt'] : key.kind === 'rsa' ? ['rsa-oaep-sha1', 'rsa-oaep-sha256', 'rsa-pkcs1'] : [];
  }
  async unwrapKey(wrapped: Uint8Array, alg: KeyTransportAlgorithm): Promise<Uint8Array> {
    this.calls++;
    const k = this.key;
    if (k.kind === 'sm2' && alg === 'sm2-encrypt') return sm2.decrypt(wrapped, k.privateKey, { format: 'auto' });
    if (k.kind === 'rsa') {
      if (alg === 'rsa-pkcs1') return getKeyTransportAlgorithm('RSAES-PKCS1-v1_5').decrypt(k, wrapped);
      return getKeyTransportAlgorithm('RSAES-OAEP').decrypt(k, wrapped, { hash: alg === 'rsa-oaep-sha1' ? 'SHA-1' : 'SHA-256' });
    }
    throw new BidSealError('E_UNSUPPORTED_ALGORITHM', alg);
  }
  get deriveSharedSecret(): EnvelopeDecrypter['deriveSharedSecret'] {
    const k = this.key;
    if (k.kind !== 'ec') return undefined;
    return async (point: Uint8Array) => {
      this.calls++;
      const alg = { name: 'ECDH', namedCurve: k.curve };
      const priv = await crypto.subtle.importKey('pkcs8', k.pkcs8, alg, false, ['deriveBits']);
      const pub = await crypto.subtle.importKey('raw', point.slice(), alg, false, []);
      return new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: pub }, priv, k.curve === 'P-256' ? 256 : 384));
    };
  }
}

export function makeFixtures(names: FixtureName[]): Fixtures {
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-env-'));
  const keyPath = (n: FixtureName) => path.join(dir, `${n}.key.pem`);
  const certPath = (n: FixtureName) => path.join(dir, `${n}.cert.pem`);
  for (const n of names) {
    const g = GEN[n];
    openssl(['genpkey', ...g.gen, '-out', keyPath(n)]);
    openssl(['req', '-x509', '-new', '-key', keyPath(n), ...g.md, '-utf8', '-subj', `/C=CN/O=BidSeal Test/CN=${g.cn}`, '-days', '30', '-set_serial', g.serial, '-addext', `keyUsage=${g.ku ?? 'keyEncipherment,dataEncipherment,keyAgreement'}`, '-out', certPath(n)]);
  }
  const certs = new Map<FixtureName, Uint8Array>();
  const cert = (n: FixtureName) => {
    if (!certs.has(n)) certs.set(n, parseCertificate(readFileSync(certPath(n), 'utf8')).der);
    return certs.get(n)!;
  };
  return {
    dir,
    keyPath,
    certPath,
    cert,
    decrypter: (n) => new TestDecrypter(parsePrivateKey(readFileSync(keyPath(n), 'utf8')), cert(n)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Deterministic pseudo-random bytes (xorshift), fast enough for 64 MiB. */
export function pseudoRandom(n: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  const w = new Uint32Array(out.buffer, 0, n >>> 2);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < w.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    w[i] = x >>> 0;
  }
  for (let i = w.length * 4; i < n; i++) out[i] = i & 255;
  return out;
}

/** Splits bytes into chunks of random sizes 1..max. */
export async function* chunked(data: Uint8Array, max = 5000, seed = 7): AsyncGenerator<Uint8Array> {
  let x = seed;
  for (let o = 0; o < data.length;) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const n = 1 + (x % max);
    yield data.subarray(o, o + n);
    o += n;
  }
}

export async function collect(it: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c.slice());
  return concat(parts);
}

export async function* once(b: Uint8Array): AsyncGenerator<Uint8Array> {
  yield b;
}

/** The error code an async call rejects with (or undefined when it resolves). */
export async function codeOfAsync(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
  } catch (e) {
    return (e as { code?: string }).code ?? `NO_CODE: ${String(e)}`;
  }
  return undefined;
}
