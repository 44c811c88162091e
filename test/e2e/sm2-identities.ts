// Runs in Node (Playwright). SM2 keys and self-issued certificates made by OpenSSL for the e2e specs: the
// bidder's signing and encryption identities (USCC in the OU) and a platform's encryption certificate; a test CA
// issuing a bidder's SM2 signing certificate (PKCS#12) with a test seal maker.
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

/**
 * A P-256 test CA (`ca.key`, `ca.pem`, named `ca`) that issues the bidder's SM2 signing certificate for `subject`
 * (`sign.key`, `sign.pem`, extensions `ext`), that certificate with the CA as `bidder.p12` under `password`, and
 * an SM2 test seal maker (`maker.key`, `maker.pem`); all valid for `days`.
 */
export function makeSm2Signer(dir: string, o: { ca: string; subject: string; ext: string; password: string; days: number }) {
  const f = (n: string) => path.join(dir, n);
  const ossl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const days = String(o.days);
  ossl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-subj', `/CN=${o.ca}`, '-days', days, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  // an SM2 signing key: a seal signature (GB/T 38540 SES_Signature) is SM2
  ossl(['genpkey', '-algorithm', 'SM2', '-out', f('sign.key')]);
  ossl(['req', '-new', '-utf8', '-key', f('sign.key'), '-out', f('sign.csr'), '-subj', o.subject, '-sm3', '-sigopt', 'distid:1234567812345678']);
  writeFileSync(f('sign.cnf'), o.ext);
  ossl(['x509', '-req', '-in', f('sign.csr'), '-vfyopt', 'distid:1234567812345678', '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('sign.pem'), '-days', days, '-extfile', f('sign.cnf')]);
  ossl(['pkcs12', '-export', '-inkey', f('sign.key'), '-in', f('sign.pem'), '-certfile', f('ca.pem'), '-out', f('bidder.p12'), '-passout', `pass:${o.password}`]);
  ossl(['genpkey', '-algorithm', 'SM2', '-out', f('maker.key')]);
  ossl(['req', '-new', '-x509', '-key', f('maker.key'), '-out', f('maker.pem'), '-days', days, '-subj', '/CN=BidSeal Test Seal Maker/O=BidSeal Test', '-sm3', '-sigopt', 'distid:1234567812345678', '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation']);
}
