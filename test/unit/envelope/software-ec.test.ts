// Software key files with EC P-256/P-384 keys open RFC 5753 KeyAgreeRecipientInfo envelopes: the
// product's keystore (shared/keystore/load.ts, PKCS#12 made by `openssl pkcs12 -export`, and PEM) yields a
// SoftwareDecrypter whose ECDH opens what `openssl cms -encrypt` wrote (stdDH SHA-1 KDF by default, SHA-256/384
// KDFs, cofactor DH, AES-GCM AuthEnvelopedData) and our own EC envelopes; wrong keys fail cleanly.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStream, sealStream } from '../../../shared/envelope';
import { openSoftwareKeystore } from '../../../shared/keystore/load';
import type { SoftwareDecrypter } from '../../../shared/keystore/software-carrier';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { chunked, codeOfAsync, collect, makeFixtures, once, pseudoRandom, type Fixtures } from './fixtures';

const PASSWORD = 'Ec-密钥-2026';
const eq = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

describe.skipIf(!hasOpenssl)('EC key files open KeyAgree envelopes (software ECDH)', () => {
  let f: Fixtures;
  const msg = pseudoRandom(120_011, 31);
  const at = (n: string) => path.join(f.dir, n);
  const opened: SoftwareDecrypter[] = [];
  beforeAll(() => {
    f = makeFixtures(['ec256', 'ec384', 'rsa']);
    writeFileSync(at('msg.bin'), msg);
    for (const n of ['ec256', 'ec384'] as const) {
      openssl(['pkcs12', '-export', '-inkey', f.keyPath(n), '-in', f.certPath(n), '-name', `${n} 加密`, '-passout', `pass:${PASSWORD}`, '-out', at(`${n}.p12`)]);
    }
    // same issuer and serial as ec256 (so the envelope names it) but another key: ECDH gives the wrong secret
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', at('twin.key')]);
    openssl(['req', '-x509', '-new', '-key', at('twin.key'), '-sha256', '-utf8', '-subj', '/C=CN/O=BidSeal Test/CN=Bidder P-256', '-days', '30', '-set_serial', '0x0200', '-addext', 'keyUsage=keyAgreement', '-out', at('twin.crt')]);
    // an unrelated P-256 key file
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', at('other.key')]);
    openssl(['req', '-x509', '-new', '-key', at('other.key'), '-sha256', '-utf8', '-subj', '/C=CN/O=BidSeal Test/CN=Other P-256', '-days', '30', '-set_serial', '0x0299', '-addext', 'keyUsage=keyAgreement', '-out', at('other.crt')]);
  });
  afterAll(() => {
    for (const d of opened) d.destroy();
    f?.cleanup();
  });

  /** The product path: a key file through openSoftwareKeystore → the entry's decrypter. */
  async function keyFile(input: Uint8Array | string, password?: string): Promise<SoftwareDecrypter> {
    const ks = await openSoftwareKeystore(input, password);
    expect(ks.entries).toHaveLength(1);
    const d = ks.entries[0].decrypter;
    expect(d, 'an EC key with a keyAgreement certificate has a decrypter').toBeDefined();
    expect(d!.algorithms).toEqual([]);
    opened.push(d!);
    return d!;
  }
  const p12 = (n: 'ec256' | 'ec384') => keyFile(readFileSync(at(`${n}.p12`)), PASSWORD);
  const pem = (key: string, cert: string) => keyFile(readFileSync(key, 'utf8') + readFileSync(cert, 'utf8'));

  const theirs: Array<[string, 'ec256' | 'ec384', string[]]> = [
    ['-aes256 (stdDH SHA-1 KDF, aes256-wrap)', 'ec256', ['-aes256']],
    ['-aes256', 'ec384', ['-aes256']],
    ['-aes256 -keyopt ecdh_kdf_md:sha256', 'ec256', ['-aes256', '-keyopt', 'ecdh_kdf_md:sha256']],
    ['-aes256 -keyopt ecdh_kdf_md:sha384 -keyopt ecdh_cofactor_mode:1', 'ec384', ['-aes256', '-keyopt', 'ecdh_kdf_md:sha384', '-keyopt', 'ecdh_cofactor_mode:1']],
    ['-aes-256-gcm (AuthEnvelopedData)', 'ec384', ['-aes-256-gcm']],
    ['-aes128 (aes128-wrap)', 'ec256', ['-aes128']],
  ];
  it.each(theirs)('`openssl cms -encrypt %s -recip` %s opens with the PKCS#12 key file byte-identical', async (_label, n, args) => {
    const env = at(`ossl-${n}-${Math.random().toString(36).slice(2)}.der`);
    // -keyopt applies to the preceding -recip
    openssl(['cms', '-encrypt', '-binary', '-outform', 'DER', '-recip', f.certPath(n), ...args, '-in', at('msg.bin'), '-out', env]);
    const o = await openStream(chunked(readFileSync(env), 7000), await p12(n));
    expect(o.recipients.map((r) => r.kind)).toEqual(['keyAgreement']);
    expect(eq(await collect(o.content), msg)).toBe(true);
  });

  it.each(['ec256', 'ec384'] as const)('our envelope to %s (with an RSA co-recipient) opens with the PEM key file', async (n) => {
    for (const contentCipher of ['aes-256-cbc', 'sm4-gcm'] as const) {
      const env = await collect(sealStream(chunked(msg, 9000), { recipients: [{ certificate: f.cert('rsa') }, { certificate: f.cert(n) }], contentCipher }));
      const o = await openStream(once(env), await pem(f.keyPath(n), f.certPath(n)));
      expect(eq(await collect(o.content), msg)).toBe(true);
    }
  });

  it('a wrong EC key: another certificate is E_NOT_A_RECIPIENT; a key behind the same issuer and serial is E_DECRYPT_FAILED before any content', async () => {
    const env = await collect(sealStream(once(msg), { recipients: [{ certificate: f.cert('ec256') }], contentCipher: 'aes-256-gcm' }));
    expect(await codeOfAsync(() => pem(at('other.key'), at('other.crt')).then((d) => openStream(once(env), d)))).toBe('E_NOT_A_RECIPIENT');
    expect(await codeOfAsync(async () => collect((await openStream(once(env), await pem(at('twin.key'), at('twin.crt')))).content))).toBe('E_DECRYPT_FAILED');
  });

  it('a P-384 key asked about a P-256 originator key fails as E_DECRYPT_FAILED, and a closed carrier as E_INVALID_KEY', async () => {
    const d = await pem(f.keyPath('ec384'), f.certPath('ec384'));
    const p256Point = new Uint8Array(65);
    p256Point[0] = 4;
    expect(await codeOfAsync(() => d.deriveSharedSecret(p256Point))).toBe('E_DECRYPT_FAILED');
    const e = await pem(f.keyPath('ec256'), f.certPath('ec256'));
    e.destroy();
    const env = await collect(sealStream(once(msg), { recipients: [{ certificate: f.cert('ec256') }], contentCipher: 'aes-256-cbc' }));
    expect(await codeOfAsync(async () => collect((await openStream(once(env), e)).content))).toBe('E_DECRYPT_FAILED'); // the E_INVALID_KEY is its cause
  });
});
