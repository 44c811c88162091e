// Runs in Node (Playwright). SM2 keys and self-issued certificates made by OpenSSL for the e2e specs: the
// bidder's signing and encryption identities (USCC in the OU) and a platform's encryption certificate.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** `<name>.key`, `<name>.crt` and `<name>.pem` (key + certificate) in `dir`, for `bidder` (name, USCC) and the platform; serials from `serialBase`. */
export function makeSm2Identities(dir: string, bidder: { name: string; uscc: string }, serialBase: number) {
  const f = (n: string) => path.join(dir, n);
  const ossl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const make = (name: string, subj: string, ku: string, serial: number) => {
    ossl(['genpkey', '-algorithm', 'SM2', '-out', f(`${name}.key`)]);
    ossl(['req', '-x509', '-new', '-utf8', '-key', f(`${name}.key`), '-sm3', '-sigopt', 'distid:1234567812345678', '-subj', subj, '-days', '365', '-set_serial', `0x${serial.toString(16)}`, '-addext', `keyUsage=critical,${ku}`, '-addext', 'basicConstraints=critical,CA:FALSE', '-out', f(`${name}.crt`)]);
    writeFileSync(f(`${name}.pem`), Buffer.concat([readFileSync(f(`${name}.key`)), readFileSync(f(`${name}.crt`))]));
  };
  make('sign', `/C=CN/O=${bidder.name}/OU=${bidder.uscc}/CN=${bidder.name} 签名`, 'digitalSignature,nonRepudiation', serialBase + 1);
  make('enc', `/C=CN/O=${bidder.name}/OU=${bidder.uscc}/CN=${bidder.name} 加密`, 'keyEncipherment,dataEncipherment', serialBase + 2);
  make('platform', '/C=CN/O=某公共资源交易中心/CN=平台加密证书', 'keyEncipherment', serialBase + 0x1001);
  return { f, sign: f('sign.pem'), enc: f('enc.pem'), encCert: f('enc.crt'), platformCert: f('platform.crt') };
}
