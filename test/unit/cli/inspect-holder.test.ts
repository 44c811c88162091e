// `bidseal inspect` names an envelope's recipient by the certificate holder (the subject of the platform's
// encryption certificate, found in the platform directory by issuer and serial), not by the CA that issued it;
// a recipient whose certificate the directory does not know says so.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { bidseal } from '../../helpers/cli';

describe('inspect names the recipient by its holder', () => {
  it('the reference platform\'s certificate by its subject; an unknown certificate as unknown', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-inspect-'));
    const env = { BIDSEAL_DATA_DIR: path.join(dir, 'data'), BIDSEAL_LANG: 'zh' };
    writeFileSync(path.join(dir, 'a.bin'), 'bid bytes');
    const platformCert = path.resolve('platform-server/demo-pki/platform-enc.crt.pem');
    expect(bidseal(['cms', 'encrypt', path.join(dir, 'a.bin'), '--recipient', platformCert, '-o', path.join(dir, 'a.p7m')], undefined, env).code).toBe(0);
    const subject = execFileSync('openssl', ['x509', '-in', platformCert, '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus_space']).toString();
    const cn = /CN\s*=\s*([^,\n]+)/.exec(subject)![1].trim();
    const out = bidseal(['inspect', path.join(dir, 'a.p7m')], undefined, env).stdout;
    expect(out).toMatch(new RegExp(`recipient: .*CN=${cn.replace(/[()]/g, '\\$&')}.*\\(颁发者 CN=`));
    const json = JSON.parse(bidseal(['inspect', '--json', path.join(dir, 'a.p7m')], undefined, env).stdout);
    expect(json.recipients[0].holder).toContain(cn);

    // a certificate of no platform
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem'), '-subj', '/CN=Somebody', '-days', '2'], { stdio: 'pipe' });
    expect(bidseal(['cms', 'encrypt', path.join(dir, 'a.bin'), '--recipient', path.join(dir, 'c.pem'), '-o', path.join(dir, 'b.p7m')], undefined, env).code).toBe(0);
    expect(bidseal(['inspect', path.join(dir, 'b.p7m')], undefined, env).stdout).toMatch(/recipient: 持有者未知/);
    // … unless the certificate is given: one's own, or a colleague's
    expect(bidseal(['inspect', '--cert', path.join(dir, 'c.pem'), path.join(dir, 'b.p7m')], undefined, env).stdout).toMatch(/recipient: CN=Somebody \(颁发者 CN=Somebody/);
  });
});
