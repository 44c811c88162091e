// PKCS#12 / PFX: files exported by OpenSSL 3 (defaults: PBES2 AES-256 + SHA-256 MAC; -legacy: RC2-40 certs +
// 3DES key + SHA-1 MAC; 3DES only; SM4-CBC + SM3 MAC; unencrypted; no MAC) for RSA, EC and SM2 keys, pyHanko's
// test PFX files, our own writer read back by OpenSSL, and the password error contract.
import { describe, expect, it } from 'vitest';
import { createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { parseBer as parse, type BerNode as Node } from '../../../shared/asn1';
import { parsePrivateKey } from '../../../shared/crypto/keys';
import { parseCertificate } from '../../../shared/pki/certificate';
import { isPkcs12, parsePkcs12, writePkcs12 } from '../../../shared/keystore/pkcs12';
import { privateKeyFingerprint, certificateKeyFingerprint } from '../../../shared/keystore/software-carrier';
import { hasOpenssl, hasVectors, openssl, readVector } from '../../helpers/vectors';
import { expectCode, hasLegacyProvider, useFixtures, PASSWORD, write, type KeyName } from './fixtures';

const fp = (der: Uint8Array | string): string => privateKeyFingerprint(parsePrivateKey(der));
const certFp = (der: Uint8Array | string): string => certificateKeyFingerprint(parseCertificate(der));

describe.skipIf(!hasOpenssl)('PKCS#12 files exported by OpenSSL 3', () => {
  const fx = useFixtures('bidseal-p12-');
  const legacy = hasOpenssl && hasLegacyProvider();

  const variants: { name: string; args: string[]; mac: string | null; enc: string[]; legacy?: boolean }[] = [
    { name: 'OpenSSL 3 defaults', args: [], mac: 'HMAC-SHA-256', enc: ['PBES2(PBKDF2-HMAC-SHA-256, AES-256-CBC)'] },
    { name: '-legacy (RC2-40 certificates, 3DES key, SHA-1 MAC)', args: ['-legacy'], mac: 'HMAC-SHA-1', enc: ['pbeWithSHAAnd40BitRC2-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC'], legacy: true },
    { name: '3DES for key and certificates, SHA-1 MAC', args: ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'], mac: 'HMAC-SHA-1', enc: ['pbeWithSHAAnd3-KeyTripleDES-CBC'] },
    { name: 'SM4-CBC (PBES2) with an SM3 MAC', args: ['-keypbe', 'sm4-cbc', '-certpbe', 'sm4-cbc', '-macalg', 'sm3'], mac: 'HMAC-SM3', enc: ['PBES2(PBKDF2-HMAC-SHA-256, SM4-CBC)'] },
    { name: 'AES-128-CBC with a SHA-512 MAC', args: ['-keypbe', 'aes-128-cbc', '-certpbe', 'aes-128-cbc', '-macalg', 'sha512'], mac: 'HMAC-SHA-512', enc: ['PBES2(PBKDF2-HMAC-SHA-256, AES-128-CBC)'] },
    { name: 'no encryption, SHA-256 MAC', args: ['-keypbe', 'NONE', '-certpbe', 'NONE'], mac: 'HMAC-SHA-256', enc: [] },
  ];
  const keys: KeyName[] = ['rsa', 'ec256', 'ec384', 'sm2'];

  for (const v of variants) {
    it.skipIf(v.legacy && !legacy)(`opens "${v.name}" for RSA, P-256, P-384 and SM2 to the same key and certificate`, async () => {
      for (const k of keys) {
        const p12 = new Uint8Array(openssl(['pkcs12', '-export', '-inkey', fx.key(k), '-in', fx.cert(k), '-name', `${k} 证书`, '-passout', `pass:${PASSWORD}`, ...v.args]));
        expect(isPkcs12(p12)).toBe(true);
        const r = await parsePkcs12(p12, PASSWORD);
        expect(r.mac?.algorithm).toBe(v.mac);
        expect([...new Set(r.encryption)].sort()).toEqual([...v.enc].sort());
        expect(r.keys).toHaveLength(1);
        expect(r.certificates).toHaveLength(1);
        expect(fp(r.keys[0].pkcs8)).toBe(fp(fx.read(`${k}.key`)));
        expect(Buffer.from(r.certificates[0].der).equals(Buffer.from(parseCertificate(fx.read(`${k}.crt`)).der))).toBe(true);
        expect(r.keys[0].friendlyName).toBe(`${k} 证书`);
        expect(r.keys[0].localKeyId).toEqual(r.certificates[0].localKeyId);
        await expectCode(parsePkcs12(p12, 'wrong-' + PASSWORD), 'E_WRONG_PASSWORD', PASSWORD);
        await expectCode(parsePkcs12(p12), 'E_PASSWORD_REQUIRED');
      }
    });
  }

  it('opens a file without MAC and without encryption (-nomac) with no password at all', async () => {
    const p12 = new Uint8Array(openssl(['pkcs12', '-export', '-inkey', fx.key('sm2'), '-in', fx.cert('sm2'), '-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac', '-passout', 'pass:']));
    const r = await parsePkcs12(p12);
    expect(r.mac).toBeNull();
    expect(fp(r.keys[0].pkcs8)).toBe(certFp(fx.read('sm2.crt')));
  });

  it('a MAC-less but encrypted file (-nomac): wrong password → E_WRONG_PASSWORD (padding check), none → E_PASSWORD_REQUIRED', async () => {
    for (const args of [[], ['-legacy']]) {
      if (args.length && !legacy) continue;
      const p12 = new Uint8Array(openssl(['pkcs12', '-export', '-nomac', '-inkey', fx.key('ec256'), '-in', fx.cert('ec256'), '-passout', `pass:${PASSWORD}`, ...args]));
      expect((await parsePkcs12(p12, PASSWORD)).keys).toHaveLength(1);
      await expectCode(parsePkcs12(p12, 'Wr0ng-pw'), 'E_WRONG_PASSWORD', 'Wr0ng-pw');
      await expectCode(parsePkcs12(p12), 'E_PASSWORD_REQUIRED');
    }
  });

  it('reads BER encodings (indefinite lengths, chunked constructed OCTET STRINGs) as Windows and Java write them', async () => {
    const p12 = new Uint8Array(openssl(['pkcs12', '-export', '-inkey', fx.key('sm2'), '-in', fx.cert('sm2'), '-passout', `pass:${PASSWORD}`]));
    const ber = toBer(parse(p12));
    expect(ber.length).toBeGreaterThan(p12.length);
    const r = await parsePkcs12(ber, PASSWORD);
    expect(fp(r.keys[0].pkcs8)).toBe(fp(fx.read('sm2.key')));
    expect(r.certificates).toHaveLength(1);
  });

  it('verifies a PBMAC1 (RFC 9579) integrity check computed independently with node:crypto', async () => {
    const p12 = new Uint8Array(openssl(['pkcs12', '-export', '-inkey', fx.key('rsa'), '-in', fx.cert('rsa'), '-passout', `pass:${PASSWORD}`]));
    const pfx = parse(p12);
    const authSafeContent = pfx.children![1].children![1].children![0].value!;
    const salt = randomBytes(16);
    const key = pbkdf2Sync(Buffer.from(PASSWORD, 'utf8'), salt, 2048, 32, 'sha256');
    const mac = createHmac('sha256', key).update(authSafeContent).digest();
    const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
    const der = (tag: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([tag, ...lenBytes(body.length)]), body]);
    const seq = (...p: Buffer[]): Buffer => der(0x30, Buffer.concat(p));
    const hmacSha256 = seq(hex('06082a864886f70d0209'), hex('0500'));
    const pbkdf2Params = seq(der(0x04, salt), hex('02020800'), hex('020120'), hmacSha256);
    const pbmac1 = seq(hex('06092a864886f70d01050e'), seq(seq(hex('06092a864886f70d01050c'), pbkdf2Params), hmacSha256));
    const macData = seq(seq(pbmac1, der(0x04, mac)), der(0x04, Buffer.from('NOT USED')), hex('020101'));
    const out = new Uint8Array(seq(Buffer.from(pfx.children![0].raw), Buffer.from(pfx.children![1].raw), macData));
    const r = await parsePkcs12(out, PASSWORD);
    expect(r.mac).toEqual({ algorithm: 'PBMAC1(HMAC-SHA-256)', iterations: 2048 });
    await expectCode(parsePkcs12(out, 'other'), 'E_WRONG_PASSWORD');
  });

  it('keeps CA certificates from -certfile alongside the end-entity certificate', async () => {
    const p12 = new Uint8Array(openssl(['pkcs12', '-export', '-inkey', fx.key('rsa'), '-in', fx.cert('rsa'), '-certfile', fx.cert('ec256'), '-passout', `pass:${PASSWORD}`]));
    const r = await parsePkcs12(p12, PASSWORD);
    expect(r.certificates).toHaveLength(2);
    expect(r.certificates.filter((c) => c.localKeyId)).toHaveLength(1);
  });

  it('OpenSSL reads the PFX we write (PBES2 AES-256-CBC, SHA-256 MAC) and we read it back', async () => {
    for (const k of ['rsa', 'sm2'] as KeyName[]) {
      const pkcs8 = new Uint8Array(openssl(['pkcs8', '-topk8', '-nocrypt', '-in', fx.key(k), '-outform', 'DER']));
      const cert = parseCertificate(fx.read(`${k}.crt`)).der;
      const chain = [parseCertificate(fx.read('ec256.crt')).der];
      const p12 = await writePkcs12({ privateKey: pkcs8, certificate: cert, chain, password: PASSWORD, friendlyName: 'BidSeal 导出', iterations: 10_000 });
      const info = openssl(['pkcs12', '-in', write(fx.f('ours.p12'), p12), '-passin', `pass:${PASSWORD}`, '-info', '-noenc'], undefined).toString();
      const pems = info.match(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/);
      expect(pems).not.toBeNull();
      expect(fp(pems![0])).toBe(fp(pkcs8));
      expect(info.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
      const r = await parsePkcs12(p12, PASSWORD);
      expect(r.keys[0].friendlyName).toBe('BidSeal 导出');
      expect(r.mac?.algorithm).toBe('HMAC-SHA-256');
      expect(r.certificates).toHaveLength(2);
      await expectCode(parsePkcs12(p12, 'x'), 'E_WRONG_PASSWORD');
    }
  });
});

describe.skipIf(!hasVectors)("pyHanko's test PFX files", () => {
  const dir = 'pdf/pyhanko/crypto/';

  it('opens selfsigned.pfx (RC2-40 certificates, 3DES key, SHA-1 MAC, password "exportsecret")', async () => {
    const p12 = new Uint8Array(readVector(dir + 'selfsigned.pfx'));
    const r = await parsePkcs12(p12, 'exportsecret');
    expect(r.encryption).toEqual(['pbeWithSHAAnd40BitRC2-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC']);
    expect(fp(r.keys[0].pkcs8)).toBe(certFp(readVector(dir + 'selfsigned.cert.pem').toString()));
    await expectCode(parsePkcs12(p12, 'exportsecret!'), 'E_WRONG_PASSWORD', 'exportsecret!');
    await expectCode(parsePkcs12(p12), 'E_PASSWORD_REQUIRED');
  });

  it('opens signer1.pfx (plain keyBag, empty-password MAC) without a password, with its 3 certificates', async () => {
    const p12 = new Uint8Array(readVector(dir + 'testing-ca/interm/signer1.pfx'));
    const r = await parsePkcs12(p12);
    expect(r.keys).toHaveLength(1);
    expect(r.certificates).toHaveLength(3);
    expect(fp(r.keys[0].pkcs8)).toBe(certFp(readVector(dir + 'testing-ca/interm/signer1.cert.pem').toString()));
    // a file protected by nothing opens whatever the user typed
    expect((await parsePkcs12(p12, 'anything')).keys).toHaveLength(1);
  });
});

describe('malformed PFX input', () => {
  it('is E_BAD_ENCODING, not a crash', async () => {
    await expectCode(parsePkcs12(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x03])), 'E_BAD_ENCODING');
    await expectCode(parsePkcs12(new Uint8Array([0x30, 0x80, 0x02, 0x01, 0x03])), 'E_BAD_ENCODING');
    await expectCode(parsePkcs12(new Uint8Array(0)), 'E_BAD_ENCODING');
  });
});

function lenBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const b: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) b.unshift(x & 0xff);
  return [0x80 | b.length, ...b];
}

/** Re-encodes DER as BER: constructed values get indefinite lengths, long OCTET STRINGs (and [0] IMPLICIT
 * encrypted content) are split into 64-byte constructed segments. Values (and so the MAC) are unchanged. */
function toBer(n: Node): Uint8Array {
  const chunks = (tag: number, v: Uint8Array): number[] => {
    const parts: number[] = [];
    for (let i = 0; i < v.length; i += 64) {
      const c = v.subarray(i, i + 64);
      parts.push(0x04, ...lenBytes(c.length), ...c);
    }
    return [tag, 0x80, ...parts, 0, 0];
  };
  if (!n.constructed) {
    if (n.tag === 0x04 && n.value!.length > 64) return Uint8Array.from(chunks(0x24, n.value!));
    if (n.tag === 0x80 && n.value!.length > 64) return Uint8Array.from(chunks(0xa0, n.value!));
    return n.raw;
  }
  const body: number[] = [];
  for (const k of n.children!) body.push(...toBer(k));
  return Uint8Array.from([n.tag, 0x80, ...body, 0, 0]);
}
