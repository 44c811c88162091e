// cert/trust/token commands as an agency or support desk uses them: classification agrees with
// OpenSSL, the trust store persists, tokens list with their certificates and pkcs11: URIs.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bidseal } from '../../helpers/cli';
import { hasOpenssl, hasVectors, openssl, vectorPath } from '../../helpers/vectors';
import { createSoftHsmToken, softhsmSkip, type SoftHsmToken } from '../../helpers/softhsm';

const V = (f: string) => vectorPath(`gm-x509-cms/openhitls/cert/sm2_cert/${f}`);

describe.skipIf(!hasVectors)('bidseal cert and trust', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bidseal-pki-cli-'));
  const env = { BIDSEAL_DATA_DIR: dataDir };

  it('shows SM2 certificates and pairs the signing and encryption certificate', () => {
    const r = bidseal(['cert', 'show', '--json', V('sign.der'), V('enc.der')], undefined, env);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.certificates.map((c: { role: string }) => c.role)).toEqual(['signing', 'encryption']);
    expect(j.certificates[0]).toMatchObject({ publicKey: 'SM2', signatureAlgorithm: 'SM2-with-SM3', serialNumber: '02' });
    expect(j.pairs).toEqual([expect.objectContaining({ signing: 0, encryption: 1 })]);
  });

  it('says which SM2 user ID verified: strict rejects empty-ID signatures, lenient accepts and names them', () => {
    const args = ['cert', 'verify', '--json', '--no-trust-store', '--ca', V('ca.der'), '--untrusted', V('inter.der'), V('sign.der')];
    const strict = bidseal(args, undefined, env);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).problems[0].code).toBe('sm2-empty-id-only');
    const lenient = bidseal([...args, '--sm2-id', 'lenient'], undefined, env);
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout)).toMatchObject({ status: 'valid', sm2IdPolicy: 'lenient', sm2IdUsed: ['empty', 'empty', null] });
  });

  it('validates at the bid opening time, not just now', () => {
    const r = bidseal(['cert', 'verify', '--json', '--no-trust-store', '--sm2-id', 'lenient', '--at', '2040-01-01T09:30:00+08:00', '--ca', V('ca.der'), '--untrusted', V('inter.der'), V('sign.der')], undefined, env);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).status).toBe('expired');
    expect(bidseal(['cert', 'verify', '--at', 'tomorrow', V('sign.der')], undefined, env).code).toBe(2);
  });

  it('keeps trusted CAs in the data folder, refuses a leaf as a CA, and validates through the store', () => {
    const imp = bidseal(['trust', 'import', V('ca.der')], undefined, env);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toContain('1 added');
    expect(bidseal(['trust', 'import', V('ca.der')], undefined, env).stdout).toContain('1 already trusted');
    const leaf = bidseal(['trust', 'import', V('sign.der')], undefined, env);
    expect(leaf.code).toBe(1);
    const list = JSON.parse(bidseal(['trust', 'list', '--json'], undefined, env).stdout);
    expect(list.entries).toHaveLength(1);
    expect(list.entries[0]).toMatchObject({ by: 'user', fileName: 'ca.der' });
    expect(bidseal(['cert', 'verify', '--sm2-id', 'lenient', '--untrusted', V('inter.der'), V('sign.der')], undefined, env).code).toBe(0);
    expect(bidseal(['trust', 'remove', list.entries[0].id.slice(0, 12)], undefined, env).code).toBe(0);
    expect(bidseal(['cert', 'verify', '--sm2-id', 'lenient', '--untrusted', V('inter.der'), V('sign.der')], undefined, env).code).toBe(1);
  });

  it.skipIf(!hasOpenssl)('classifies a fresh RSA chain like openssl verify', () => {
    const d = mkdtempSync(path.join(tmpdir(), 'bidseal-rsa-chain-'));
    const f = (n: string) => path.join(d, n);
    openssl(['req', '-utf8', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-subj', '/CN=Test Root CA/O=测试CA', '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    openssl(['req', '-utf8', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('leaf.key'), '-out', f('leaf.csr'), '-subj', '/CN=张三/O=某某建设有限公司']);
    writeFileSync(f('ext'), 'keyUsage=critical,digitalSignature\n');
    openssl(['x509', '-req', '-in', f('leaf.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('leaf.pem'), '-days', '10', '-extfile', f('ext')]);
    expect(openssl(['verify', '-CAfile', f('ca.pem'), f('leaf.pem')]).toString()).toContain('OK');
    const ok = bidseal(['cert', 'verify', '--json', '--no-trust-store', '--ca', f('ca.pem'), '--usage', 'sign', f('leaf.pem')]);
    expect(JSON.parse(ok.stdout).status).toBe('valid');
    expect(JSON.parse(ok.stdout).chain[0].subject).toContain('张三');
    expect(JSON.parse(bidseal(['cert', 'verify', '--json', '--no-trust-store', '--usage', 'encrypt', '--ca', f('ca.pem'), f('leaf.pem')]).stdout).status).toBe('invalid-usage');
    expect(JSON.parse(bidseal(['cert', 'verify', '--json', '--no-trust-store', f('leaf.pem')]).stdout).status).toBe('untrusted');
  });
});

describe.skipIf(!!softhsmSkip)('bidseal token', () => {
  let token: SoftHsmToken;
  afterAll(() => token?.cleanup());

  it('lists the SoftHSM2 token, its PIN state and certificates with pkcs11: URIs', () => {
    token = createSoftHsmToken({ label: 'BidSeal CLI' });
    const env = Object.fromEntries(Object.entries(token.env).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const r = bidseal(['token', 'list', '--json', '--module', token.modulePath], undefined, env);
    expect(r.code).toBe(0);
    const slot = JSON.parse(r.stdout).slots.find((s: { token: { label: string } }) => s.token.label === 'BidSeal CLI');
    expect(slot.token.pinState).toBe('ok');
    expect(slot.certificates).toHaveLength(2);
    for (const c of slot.certificates) expect(c.uri).toMatch(/^pkcs11:token=BidSeal%20CLI;.*id=%/);
    const human = bidseal(['token', 'list', '--module', token.modulePath], undefined, env);
    expect(human.stdout).toContain('PIN ok');
    expect(bidseal(['token', 'list', '--module', '/nonexistent/libfoo.so'], undefined, env).stderr).toMatch(/^E_MODULE_NOT_FOUND/);
  });
});

describe.skipIf(!hasVectors)('cert verify: revocation of the whole path, policies, evidence (PKITS)', () => {
  const P = (d: string, n: string) => vectorPath(`x509-pkits/${d}/${n}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bidseal-cli-pkits-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const base = ['cert', 'verify', '--json', '--data-dir', dataDir, '--no-trust-store', '--ca', P('certs', 'TrustAnchorRootCertificate.crt'), '--at', '2026-06-01T00:00:00Z', '--crl', P('crls', 'TrustAnchorRootCRL.crl'), '--crl', P('crls', 'GoodCACRL.crl')];
  it('a revoked intermediate CA fails with --revocation hard, naming the CRL used for each certificate', () => {
    const r = bidseal([...base, '--untrusted', P('certs', 'GoodCACert.crt'), '--untrusted', P('certs', 'RevokedsubCACert.crt'), '--crl', P('crls', 'RevokedsubCACRL.crl'), '--revocation', 'hard', P('certs', 'InvalidRevokedCATest2EE.crt')]);
    expect(r.code).toBe(1);
    const v = JSON.parse(r.stdout);
    expect(v.status).toBe('revoked');
    expect(v.revocation).toEqual(['good', 'revoked', 'good', 'not-checked']);
    expect(v.evidence[1]).toEqual([expect.objectContaining({ kind: 'crl', by: 'C=US, O=Test Certificates 2011, CN=Good CA', source: 'file' })]);
    expect(v.problems).toEqual([expect.objectContaining({ certIndex: 1, code: 'revoked' })]);
  });
  it('--policy with --explicit-policy refuses a path valid only for another policy', () => {
    const args = [...base, '--untrusted', P('certs', 'GoodCACert.crt'), '--revocation', 'hard', P('certs', 'ValidCertificatePathTest1EE.crt')];
    const ok = JSON.parse(bidseal([...args, '--policy', '2.16.840.1.101.3.2.1.48.1', '--explicit-policy']).stdout);
    expect(ok).toMatchObject({ status: 'valid', policies: ['2.16.840.1.101.3.2.1.48.1'] });
    const bad = bidseal([...args, '--policy', '2.16.840.1.101.3.2.1.48.2', '--explicit-policy']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).status).toBe('policy-failed');
  });
});
