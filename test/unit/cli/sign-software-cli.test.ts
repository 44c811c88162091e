// `bidseal sign` with software key files: a PKCS#12 (.pfx) from OpenSSL, and an SM2 key + certificate
// as Chinese CAs issue them. OpenSSL verifies the RSA/EC signatures; SM2-in-CMS is beyond OpenSSL 3.0,
// so there `bidseal verify` is checked, and tampering with the file is caught.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bidseal } from '../../helpers/cli';
import { hasOpenssl, openssl } from '../../helpers/vectors';

const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-sign-sw-'));
const p = (f: string) => path.join(dir, f);

describe.skipIf(!hasOpenssl)('bidseal sign with software keys', () => {
  beforeAll(() => {
    writeFileSync(p('bid.zip'), randomBytes(200_000));
    openssl(['req', '-utf8', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', p('ec.key'), '-out', p('ec.crt'), '-subj', '/CN=李四/O=某某工程有限公司', '-days', '30']);
    openssl(['pkcs12', '-export', '-inkey', p('ec.key'), '-in', p('ec.crt'), '-out', p('ec.p12'), '-passout', 'pass:s3cret-pw']);
    openssl(['genpkey', '-algorithm', 'SM2', '-out', p('sm2.key')]);
    openssl(['req', '-utf8', '-new', '-x509', '-key', p('sm2.key'), '-sm3', '-sigopt', 'distid:1234567812345678', '-out', p('sm2.crt'), '-subj', '/CN=王五/O=某某建设集团', '-days', '30']);
  });

  it('signs with a password-protected PKCS#12; OpenSSL verifies the detached CMS', () => {
    const r = bidseal(['sign', '--p12', p('ec.p12'), '--password-stdin', '--json', '-o', p('ec.p7s'), p('bid.zip')], Buffer.from('s3cret-pw\n'));
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ algorithm: 'ecdsa-sha256' });
    openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', p('ec.p7s'), '-content', p('bid.zip'), '-noverify', '-out', '/dev/null']);
    expect(bidseal(['verify', '--sig', p('ec.p7s'), p('bid.zip')]).code).toBe(0);
  });

  it('a wrong password says so, writes nothing and never echoes it', () => {
    const r = bidseal(['sign', '--p12', p('ec.p12'), '--password-stdin', '-o', p('bad.p7s'), p('bid.zip')], Buffer.from('guess-pw\n'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^E_WRONG_PASSWORD/);
    expect(r.stderr + r.stdout).not.toContain('guess-pw');
    expect(existsSync(p('bad.p7s'))).toBe(false);
  });

  it('signs with an SM2 key and certificate (SM2-with-SM3, default ID); bidseal verify accepts it and catches a change', () => {
    const r = bidseal(['sign', '--key', p('sm2.key'), '--cert', p('sm2.crt'), '--json', '-o', p('sm2.p7s'), p('bid.zip')]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ algorithm: 'sm2-sm3' });
    const v = JSON.parse(bidseal(['verify', '--json', '--sig', p('sm2.p7s'), p('bid.zip')]).stdout);
    expect(v).toMatchObject({ intact: true, signers: [{ signatureAlgorithm: expect.stringMatching(/SM2|1\.2\.156\.10197\.1\.501/), sm2Id: 'default' }] });
    expect(v.signers[0].signer).toContain('王五');
    const changed = Buffer.from(readFileSync(p('bid.zip')));
    changed[0] ^= 0x80;
    writeFileSync(p('bid2.zip'), changed);
    expect(bidseal(['verify', '--sig', p('sm2.p7s'), p('bid2.zip')]).code).toBe(1);
  });

  it('refuses a key without its certificate, and a key that does not match the certificate', () => {
    expect(bidseal(['sign', '--key', p('sm2.key'), '-o', p('x.p7s'), p('bid.zip')]).stderr).toMatch(/^E_INVALID_KEY/);
    expect(bidseal(['sign', '--key', p('sm2.key'), '--cert', p('ec.crt'), '-o', p('x.p7s'), p('bid.zip')]).stderr).toMatch(/^E_INVALID_KEY/);
    expect(existsSync(p('x.p7s'))).toBe(false);
  });
});
