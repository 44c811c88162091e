// Certificate parsing against the third-party vectors and OpenSSL's own reading of them; Chinese
// names; USCC extraction; signing/encryption pairing; random and truncated input only ever fails
// with a typed E_BAD_ENCODING.
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { hasOpenssl, hasVectors, openssl, vectorPath } from '../../helpers/vectors';
import { parseCertificate, parseCertificates, pairCertificates, type CertificateSummary } from '../../../shared/pki/certificate';
import { parseCrls } from '../../../shared/pki/crl';
import { isBidSealError } from '../../../shared/errors';
import { writeFileSync } from 'node:fs';
import { makeChain, tempDir, removeTempDirs } from './pki-openssl';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const NOT_CERTS = /(^|[._])key(\.|$)|^crl|\.crl$|sm2_p8|pkcs|rsa2048key/i;
const certFiles = () =>
  [...walk(vectorPath('gm-x509-cms')), ...walk(vectorPath('cms-rfc5652/openhitls'))].filter((f) => /\.(der|pem|crt|cer)$/.test(f) && !NOT_CERTS.test(path.basename(f)));
const read = (rel: string) => new Uint8Array(readFileSync(vectorPath(rel)));

describe.skipIf(!hasVectors)('parsing the vector certificates', () => {
  it('parses every certificate file under gm-x509-cms and cms-rfc5652/openhitls without error', () => {
    const files = certFiles();
    expect(files.length).toBeGreaterThanOrEqual(67);
    for (const f of files) {
      const certs = parseCertificates(new Uint8Array(readFileSync(f)));
      expect(certs.length, f).toBeGreaterThan(0);
      for (const c of certs) {
        expect(c.tbs.length).toBeGreaterThan(100);
        expect(c.fingerprints.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(c.fingerprints.sm3).toMatch(/^[0-9a-f]{64}$/);
      }
    }
  });

  it('reads concatenated DER and PEM bundles (sm2-dual-chain/chain.der and chain.pem hold three certificates each)', () => {
    const der = parseCertificates(read('gm-x509-cms/openhitls/cert/sm2-dual-chain/chain.der'));
    const pem = parseCertificates(readFileSync(vectorPath('gm-x509-cms/openhitls/cert/sm2-dual-chain/chain.pem'), 'utf8'));
    expect(der).toHaveLength(3);
    expect(pem.map((c) => c.fingerprints.sha256)).toHaveLength(3);
    // chain-red.pem has a stray base64 line before the first block: OpenSSL refuses it, we read the three blocks
    expect(parseCertificates(readFileSync(vectorPath('gm-x509-cms/openhitls/cert/sm2-dual-chain/chain-red.pem'), 'utf8'))).toHaveLength(3);
  });

  it('decodes Chinese UTF8String names (tjfoc SM2 certificates)', () => {
    const c = parseCertificate(read('gm-x509-cms/tjfoc-gmsm/sm2_sign_cert.cer'));
    expect(c.subject.text).toBe('C=CN, ST=浙江, L=杭州, O=测试公司, CN=localhost');
    expect(c.issuer.text).toBe('C=CN, ST=浙江, L=杭州, O=测试CA');
    expect(c.subject.rdns.flat().find((a) => a.type === 'O')?.encoding).toBe('UTF8String');
    expect(c.publicKey.name).toBe('SM2');
    expect(c.signatureAlgorithm).toMatchObject({ oid: '1.2.156.10197.1.501', name: 'SM2-with-SM3' });
    expect(c.role).toBe('signing');
    expect(parseCertificate(read('gm-x509-cms/tjfoc-gmsm/sm2_enc_cert.cer')).role).toBe('encryption');
    expect(parseCertificate(read('gm-x509-cms/tjfoc-gmsm/SM2_CA.cer')).role).toBe('ca');
  });

  it('names every attribute of a rich subject (sm2_ssl.crt: email, serialNumber, title, DC …)', () => {
    const c = parseCertificate(read('gm-x509-cms/openhitls/cert/sm2_cert/sm2_ssl.crt.der'));
    const types = c.subject.rdns.flat().map((a) => a.type);
    expect(types).toEqual(['C', 'ST', 'L', 'O', 'OU', 'CN', 'emailAddress', 'serialNumber', 'title', 'SN', 'GN', 'initials', 'pseudonym', 'generationQualifier', 'dnQualifier', 'DC', 'DC']);
  });

  it('describes RSA and EC keys and signature algorithms (cms-rfc5652 certificates)', () => {
    const rsa = parseCertificate(readFileSync(vectorPath('cms-rfc5652/openhitls/chain/device1.crt'), 'utf8'));
    expect(rsa.publicKey).toMatchObject({ kind: 'rsa', name: 'RSA 2048', bits: 2048 });
    expect(rsa.signatureAlgorithm.name).toBe('sha256WithRSAEncryption');
    expect(rsa.extKeyUsageNames).toEqual(['emailProtection', 'clientAuth', 'codeSigning']);
    expect(rsa.authorityKeyId).toBe('6B8E489513A73E3FA082781283BBF823EFC8B6AB');
    const ec = parseCertificate(readFileSync(vectorPath('cms-rfc5652/openhitls/mul_ca_cert.pem'), 'utf8'));
    expect(ec.publicKey).toMatchObject({ kind: 'ec', name: 'EC P-256', bits: 256 });
    expect(ec.signatureAlgorithm.name).toBe('ecdsa-with-SHA256');
  });

  it('pairs the openHiTLS signing and encryption certificates (sign.der/enc.der, the .mul sets, sm2-dual-chain)', () => {
    const dir = 'gm-x509-cms/openhitls/cert/sm2_cert/';
    const names = ['sign', 'enc', 'sign.mul', 'enc.mul', 'sign2.mul', 'enc2.mul', 'sign3.mul', 'enc3.mul', 'ca', 'inter'];
    const certs = names.map((n) => parseCertificate(read(`${dir}${n}.der`)));
    const { pairs, unpaired } = pairCertificates(certs);
    const cn = (c: CertificateSummary) => c.commonName;
    expect(pairs.map((p) => [cn(p.signing), cn(p.encryption)]).sort()).toEqual(
      [
        ['certificate.testsign.com', 'certificate.testenc.com'],
        ['certificate.testsign.mul.com', 'certificate.testenc.mul.com'],
        ['certificate.testsign2.mul.com', 'certificate.testenc2.mul.com'],
        ['certificate.testsign3.mul.com', 'certificate.testenc3.mul.com'],
      ].sort(),
    );
    expect(unpaired.map(cn).sort()).toEqual(['certificate.testca.com', 'certificate.testin.com']);
    const dual = ['sign', 'enc', 'sign2', 'enc2'].map((n) => parseCertificate(read(`gm-x509-cms/openhitls/cert/sm2-dual-chain/${n}.mul.der`)));
    expect(pairCertificates(dual).pairs.map((p) => [cn(p.signing), cn(p.encryption)])).toEqual([
      ['certificate.testsign.mul.com', 'certificate.testenc.mul.com'],
      ['certificate.testsign2.mul.com', 'certificate.testenc2.mul.com'],
    ]);
    const tj = ['sm2_enc_cert', 'sm2_sign_cert'].map((n) => parseCertificate(read(`gm-x509-cms/tjfoc-gmsm/${n}.cer`)));
    const tp = pairCertificates(tj).pairs;
    expect(tp).toHaveLength(1);
    expect(tp[0].signing.keyUsage).toContain('digitalSignature');
    expect(tp[0].reasons).toContain('same subject');
  });

  it('does not pair certificates from different issuers', () => {
    const a = parseCertificate(read('gm-x509-cms/openhitls/cert/sm2_cert/sign.der'));
    const b = parseCertificate(read('gm-x509-cms/openhitls/cert/sm2_cert/enc.notCA.der'));
    expect(pairCertificates([a, b]).pairs).toEqual([]);
  });

  it('parses the vector CRLs (issuer, dates, revoked serials)', () => {
    const [crl] = parseCrls(read('gm-x509-cms/openhitls/cert/sm2-dual-chain/crl_v2.mul3.der'));
    expect(crl.version).toBe(2);
    expect(crl.issuer.text).toBe('C=XX, ST=XX, O=certificate, OU=testin, CN=certificate.testin.mul.com');
    expect(crl.revoked.map((r) => r.serialNumber)).toEqual(['03', '05', '07']);
    expect(crl.thisUpdate.toISOString()).toBe('2024-04-24T08:26:47.000Z');
    const [rsa] = parseCrls(readFileSync(vectorPath('cms-rfc5652/openhitls/chain/mid_ca_revocation.crl'), 'utf8'));
    expect(rsa.nextUpdate).toBeUndefined();
    expect(rsa.revoked.map((r) => r.serialNumber)).toEqual(['03EB']);
  });
});

// ------------------------------------------------------------------------------------------------

const OSSL_KU: Record<string, string> = {
  'Digital Signature': 'digitalSignature',
  'Non Repudiation': 'nonRepudiation',
  'Key Encipherment': 'keyEncipherment',
  'Data Encipherment': 'dataEncipherment',
  'Key Agreement': 'keyAgreement',
  'Certificate Sign': 'keyCertSign',
  'CRL Sign': 'cRLSign',
  'Encipher Only': 'encipherOnly',
  'Decipher Only': 'decipherOnly',
};
const osslDate = (s: string) => new Date(s.replace(/\s+/g, ' ').trim());

describe.skipIf(!hasVectors || !hasOpenssl)('fields agree with `openssl x509` for a representative set', () => {
  const files = [
    'gm-x509-cms/openhitls/cert/sm2_cert/ca.der',
    'gm-x509-cms/openhitls/cert/sm2_cert/sign.der',
    'gm-x509-cms/openhitls/cert/sm2_cert/enc.der',
    'gm-x509-cms/openhitls/cert/sm2_cert/ca_keyUsage7.der',
    'gm-x509-cms/openhitls/cert/sm2_cert/ca_keyUsage8.der',
    'gm-x509-cms/openhitls/cert/sm2_cert/ca_pathlen1.der',
    'gm-x509-cms/openhitls/cert/sm2_cert/ca_pathlen2.der',
    'gm-x509-cms/openhitls/cert/sm2_cert/sm2_ssl.crt.der',
    'gm-x509-cms/openhitls/cert/sm2-dual-chain/ca.mul.der',
    'gm-x509-cms/openhitls/cert/sm2_with_userid/sign.crt',
    'gm-x509-cms/tjfoc-gmsm/sm2_sign_cert.cer',
    'gm-x509-cms/tjfoc-gmsm/SM2_CA.cer',
    'cms-rfc5652/openhitls/chain/device1.crt',
    'cms-rfc5652/openhitls/chain/mid_ca.crt',
    'cms-rfc5652/openhitls/mul_ca_cert.pem',
  ];
  it.each(files)('%s: serial, dates, subject CN, key usage, basic constraints', (rel) => {
    const bytes = readFileSync(vectorPath(rel));
    const pem = bytes[0] === 0x2d;
    const out = openssl(['x509', ...(pem ? [] : ['-inform', 'DER']), '-noout', '-serial', '-dates', '-subject', '-nameopt', 'utf8,sep_multiline', '-ext', 'keyUsage,basicConstraints'], bytes).toString('utf8');
    const c = parseCertificate(new Uint8Array(bytes));
    expect(c.serialNumber).toBe(/serial=([0-9A-F]+)/.exec(out)![1]);
    expect(c.notBefore.getTime()).toBe(osslDate(/notBefore=(.*)/.exec(out)![1]).getTime());
    expect(c.notAfter.getTime()).toBe(osslDate(/notAfter=(.*)/.exec(out)![1]).getTime());
    const cn = /^\s*CN=(.*)$/m.exec(out)?.[1];
    expect(c.commonName || undefined).toBe(cn);
    const kuLine = /Key Usage:.*\n\s*(.*)/.exec(out)?.[1];
    expect(c.keyUsage).toEqual(kuLine ? kuLine.split(', ').map((s) => OSSL_KU[s.trim()]) : null);
    const bc = /Basic Constraints:.*\n\s*(.*)/.exec(out)?.[1];
    if (bc) {
      expect(c.basicConstraints?.cA).toBe(bc.includes('CA:TRUE'));
      const pl = /pathlen:(\d+)/.exec(bc);
      expect(c.basicConstraints?.pathLen).toBe(pl ? +pl[1] : undefined);
    } else expect(c.basicConstraints).toBeNull();
  });

  it('decodes BMPString Chinese names and reads CRL DP, AIA, policies, EKU and organizationIdentifier (fresh certificate)', () => {
    const dir = tempDir();
    const f = (n: string) => path.join(dir, n);
    writeFileSync(f('bmp.cnf'), '[req]\ndistinguished_name=dn\nstring_mask=default\nutf8=yes\n[dn]\n');
    openssl(['genpkey', '-algorithm', 'SM2', '-out', f('k.pem')]);
    openssl(['req', '-config', f('bmp.cnf'), '-x509', '-new', '-key', f('k.pem'), '-sm3', '-sigopt', 'distid:1234567812345678', '-days', '30', '-out', f('c.pem'),
      '-subj', '/C=CN/O=某某建设有限公司/OU=投标部/CN=张三/organizationIdentifier=NTRCN-91350100M000100Y43',
      '-addext', 'basicConstraints=CA:FALSE', '-addext', 'keyUsage=critical,keyEncipherment,dataEncipherment,keyAgreement',
      '-addext', 'extendedKeyUsage=emailProtection,1.3.6.1.4.1.311.10.3.12', '-addext', 'crlDistributionPoints=URI:http://crl.example.cn/ca.crl',
      '-addext', 'authorityInfoAccess=OCSP;URI:http://ocsp.example.cn,caIssuers;URI:http://ca.example.cn/ca.cer', '-addext', 'certificatePolicies=1.2.156.112562.2.1.1.1']);
    const c = parseCertificate(readFileSync(f('c.pem'), 'utf8'));
    expect(c.subject.text).toBe('C=CN, O=某某建设有限公司, OU=投标部, CN=张三, organizationIdentifier=NTRCN-91350100M000100Y43');
    expect(c.subject.rdns.flat().map((a) => a.encoding)).toEqual(['PrintableString', 'BMPString', 'BMPString', 'BMPString', 'PrintableString']);
    expect(c.uscc).toEqual({ code: '91350100M000100Y43', valid: true, source: 'organizationIdentifier', raw: 'NTRCN-91350100M000100Y43' });
    expect(c.crlDistributionPoints).toEqual(['http://crl.example.cn/ca.crl']);
    expect(c.authorityInfoAccess).toEqual([{ method: 'ocsp', uri: 'http://ocsp.example.cn' }, { method: 'caIssuers', uri: 'http://ca.example.cn/ca.cer' }]);
    expect(c.policies).toEqual(['1.2.156.112562.2.1.1.1']);
    expect(c.extKeyUsageNames).toEqual(['emailProtection', 'documentSigning']);
    expect(c.role).toBe('encryption');
    expect(c.criticalExtensions).toEqual(['2.5.29.15']);
    expect(c.subjectKeyId).toMatch(/^[0-9A-F]{40}$/);
    // the TBS bytes are exactly what was signed
    const der = openssl(['x509', '-in', f('c.pem'), '-outform', 'DER']);
    expect(Buffer.from(c.der).equals(der)).toBe(true);
    expect(Buffer.from(der).indexOf(Buffer.from(c.tbs))).toBe(4);
  });

  it('finds the USCC in a freshly issued SM2 certificate with a Chinese organisation name', () => {
    const chain = makeChain('sm2');
    const c = parseCertificate(readFileSync(chain.leaf, 'utf8'));
    expect(c.subject.text).toBe('C=CN, O=某某建设有限公司, CN=Leaf Holder, serialNumber=91350100M000100Y43');
    expect(c.uscc).toEqual({ code: '91350100M000100Y43', valid: true, source: 'serialNumber', raw: '91350100M000100Y43' });
  });
});

// ------------------------------------------------------------------------------------------------

const onlyBadEncoding = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (!isBidSealError(e) || e.code !== 'E_BAD_ENCODING') throw new Error(`unexpected error: ${String(e)}`);
  }
};

describe('malformed input', () => {
  it('random bytes never throw anything but BidSealError(E_BAD_ENCODING)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
        onlyBadEncoding(() => parseCertificates(b));
        onlyBadEncoding(() => parseCrls(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('random DER-looking bytes (SEQUENCE headers) never throw anything but E_BAD_ENCODING', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 400 }), (body) => {
        const b = new Uint8Array([0x30, 0x82, body.length >> 8, body.length & 0xff, ...body]);
        onlyBadEncoding(() => parseCertificates(b));
      }),
      { numRuns: 1000 },
    );
  });

  it.skipIf(!hasVectors)('truncated and bit-flipped certificates never throw anything but E_BAD_ENCODING', () => {
    const der = read('gm-x509-cms/openhitls/cert/sm2_cert/sm2_ssl.crt.der');
    const rsa = parseCertificates(readFileSync(vectorPath('cms-rfc5652/openhitls/chain/device1.crt'), 'utf8'))[0].der;
    for (const base of [der, rsa]) {
      for (let n = 0; n < base.length; n++) onlyBadEncoding(() => parseCertificates(base.subarray(0, n)));
      fc.assert(
        fc.property(fc.nat(base.length - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
          const m = base.slice();
          m[i] ^= x;
          onlyBadEncoding(() => parseCertificates(m));
        }),
        { numRuns: 1500 },
      );
    }
  });

  it('text that is neither PEM nor base64 is E_BAD_ENCODING', () => {
    expect(() => parseCertificates('hello, not a certificate')).toThrow(expect.objectContaining({ code: 'E_BAD_ENCODING' }));
    expect(() => parseCertificates(new Uint8Array(0))).toThrow(expect.objectContaining({ code: 'E_BAD_ENCODING' }));
  });
});

afterAll(removeTempDirs);

describe.skipIf(!hasOpenssl || !hasVectors)('PKCS#7 certificate bundles (.p7b)', () => {
  it('yields the certificates of a DER or PEM certs-only bundle made by openssl crl2pkcs7', () => {
    const pem = (f: string) => openssl(['x509', '-inform', 'DER', '-in', vectorPath(`gm-x509-cms/openhitls/cert/sm2_cert/${f}`)]).toString();
    const bundle = path.join(tempDir(), 'chain.pem');
    writeFileSync(bundle, pem('ca.der') + pem('inter.der') + pem('sign.der'));
    const serials = parseCertificates(readFileSync(bundle, 'utf8')).map((c) => c.serialNumber).sort();
    const der = openssl(['crl2pkcs7', '-nocrl', '-certfile', bundle, '-outform', 'DER']);
    expect(parseCertificates(new Uint8Array(der)).map((c) => c.serialNumber).sort()).toEqual(serials);
    const pemP7 = openssl(['crl2pkcs7', '-nocrl', '-certfile', bundle]).toString();
    expect(pemP7).toContain('BEGIN PKCS7');
    expect(parseCertificates(pemP7).map((c) => c.serialNumber).sort()).toEqual(serials);
  });
});
