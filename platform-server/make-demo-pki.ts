// Runs in Node (a one-off script: `node --import tsx platform-server/make-demo-pki.ts [DIR]`). Makes the
// DEMO reference platform's PKI with OpenSSL 3: a demo CA (SM2), the platform's SM2 encryption
// certificate + key (bids are sealed to it) and an SM2 receipt-signing certificate + key. The output is
// committed in platform-server/demo-pki/ so tests, demos and the platform directory's `reference` entry
// agree; the keys are PUBLIC DEMO KEYS, never for a real platform (see platform-server/README.md).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, 'demo-pki'));
mkdirSync(dir, { recursive: true });
const f = (n: string) => path.join(dir, n);
const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
const SM3 = ['-sm3', '-sigopt', 'distid:1234567812345678'];
const DAYS = '3650';

openssl(['genpkey', '-algorithm', 'SM2', '-out', f('ca.key.pem')]);
openssl(['req', '-x509', '-new', '-utf8', '-key', f('ca.key.pem'), ...SM3, '-subj', '/C=CN/O=BidSeal Demo/CN=BidSeal Demo Platform CA (NOT FOR PRODUCTION)', '-days', DAYS, '-set_serial', '0x1001',
  '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', f('ca.crt.pem')]);

function leaf(name: string, subj: string, serial: string, ku: string, eku?: string): void {
  openssl(['genpkey', '-algorithm', 'SM2', '-out', f(`${name}.key.pem`)]);
  openssl(['req', '-new', '-utf8', '-key', f(`${name}.key.pem`), ...SM3, '-subj', subj, '-out', f(`${name}.csr.pem`)]);
  const ext = [`keyUsage=critical,${ku}`, 'basicConstraints=critical,CA:FALSE', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid', ...(eku ? [`extendedKeyUsage=${eku}`] : [])].join('\n');
  writeFileSync(f(`${name}.ext`), ext + '\n');
  openssl(['x509', '-req', '-vfyopt', 'distid:1234567812345678', '-in', f(`${name}.csr.pem`), '-CA', f('ca.crt.pem'), '-CAkey', f('ca.key.pem'), ...SM3, '-set_serial', serial, '-days', DAYS, '-extfile', f(`${name}.ext`), '-out', f(`${name}.crt.pem`)]);
  rmSync(f(`${name}.csr.pem`));
  rmSync(f(`${name}.ext`));
}

leaf('platform-enc', '/C=CN/O=BidSeal 参考平台（演示）/CN=参考平台加密证书 Reference Platform Encryption (DEMO)', '0x2001', 'keyEncipherment,dataEncipherment,keyAgreement');
leaf('receipt-sign', '/C=CN/O=BidSeal 参考平台（演示）/CN=参考平台回执签名证书 Reference Platform Receipts (DEMO)', '0x2002', 'digitalSignature,nonRepudiation');
console.log(`demo PKI written to ${dir}`);
