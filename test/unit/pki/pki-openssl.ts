// Runs in Node (tests). OpenSSL helpers for the PKI tests: `openssl verify` with parsed error lists, per-link
// SM2 signature probes (OpenSSL 3.0's CLI applies -vfyopt distid only to the leaf, so a pure default-ID
// verdict for a whole chain is assembled link by link with -partial_chain), and fresh test chains.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openssl } from '../../helpers/vectors';

export const DISTID = 'distid:1234567812345678';

export interface OsslResult {
  ok: boolean;
  errors: Array<{ code: number; depth: number }>;
  out: string;
}

const made: string[] = [];
export function tempDir(prefix = 'bidseal-pki-'): string {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(d);
  return d;
}
/** Removes every directory tempDir() made in this test file (call from afterAll). */
export function removeTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Any certificate file (DER or PEM) → PEM path inside `dir`. */
export function toPemFile(dir: string, file: string): string {
  const bytes = readFileSync(file);
  const pem = bytes.subarray(0, 11).toString('latin1').startsWith('-----') ? bytes.toString('latin1') : openssl(['x509', '-inform', 'DER'], bytes).toString('latin1');
  const out = path.join(dir, `${path.basename(file)}-${Math.random().toString(36).slice(2)}.pem`);
  writeFileSync(out, pem);
  return out;
}

export function crlToPemFile(dir: string, file: string): string {
  const bytes = readFileSync(file);
  const pem = bytes.subarray(0, 11).toString('latin1').startsWith('-----') ? bytes.toString('latin1') : openssl(['crl', '-inform', 'DER'], bytes).toString('latin1');
  const out = path.join(dir, `${path.basename(file)}-${Math.random().toString(36).slice(2)}.crl.pem`);
  writeFileSync(out, pem);
  return out;
}

export function osslVerify(args: string[]): OsslResult {
  const r = spawnSync('openssl', ['verify', ...args], { encoding: 'utf8' });
  const out = `${r.stdout}\n${r.stderr}`;
  const errors = [...out.matchAll(/error (\d+) at (\d+) depth lookup/g)].map((m) => ({ code: +m[1], depth: +m[2] }));
  return { ok: r.status === 0 && /: OK\s*$/m.test(r.stdout), errors, out };
}

export interface ChainFiles {
  anchor: string;
  inter?: string;
  leaf: string;
}

const attime = (at: Date) => ['-attime', String(Math.floor(at.getTime() / 1000))];

/** Plain run (OpenSSL 3.0 default = empty SM2 ID for every certificate) and the literal -vfyopt distid run. */
export function osslChain(c: ChainFiles, at: Date, extra: string[] = []): { empty: OsslResult; leafDefault: OsslResult } {
  const base = [...attime(at), '-CAfile', c.anchor, ...(c.inter ? ['-untrusted', c.inter] : []), ...extra];
  return { empty: osslVerify([...base, c.leaf]), leafDefault: osslVerify(['-vfyopt', DISTID, ...base, c.leaf]) };
}

/**
 * Does the signature on `child` verify under `parent`'s key with the default / empty SM2 ID? (error 7 at
 * depth 0 = no). `conclusive` is false when OpenSSL skipped the signature (issuer lacks keyCertSign: error 32).
 */
export function osslLinkProbe(child: string, parent: string, at: Date, sm2: boolean): { default: boolean; empty: boolean; conclusive: boolean } {
  const run = (id: string[]) => osslVerify([...attime(at), '-partial_chain', ...id, '-CAfile', parent, child]);
  const e = run([]);
  const d = sm2 ? run(['-vfyopt', DISTID]) : e;
  const sigOk = (r: OsslResult) => !r.errors.some((x) => x.code === 7 && x.depth === 0);
  return { default: sigOk(d), empty: sigOk(e), conclusive: !e.errors.some((x) => x.code === 32 && x.depth === 1) };
}

// ------------------------------------------------------------------------------------------------
// Fresh chains
// ------------------------------------------------------------------------------------------------

export type FreshAlg = 'rsa' | 'rsa-pss' | 'ec' | 'ec-p384' | 'sm2' | 'sm2-empty';

export interface FreshChainOptions {
  rootPathLen?: number;
  leafKeyUsage?: string;
  interKeyUsage?: string;
  leafDays?: number;
  /** also issue two CRLs from the intermediate (1-day validity): one empty, one revoking the leaf */
  crls?: boolean;
}

export interface FreshChain extends ChainFiles {
  dir: string;
  /** the leaf with one byte of its subject CN changed (signature no longer matches) */
  tamperedLeaf: string;
  crlEmpty?: string;
  crlRevoked?: string;
}

function issueCrls(alg: FreshAlg, dir: string): { crlEmpty: string; crlRevoked: string } {
  const f = (n: string) => path.join(dir, n);
  writeFileSync(f('index.txt'), '');
  writeFileSync(f('crlnumber'), '1000\n');
  const md = alg.startsWith('sm2') ? 'sm3' : alg === 'ec-p384' ? 'sha384' : 'sha256';
  writeFileSync(f('ca.cnf'), `[ca]\ndefault_ca=d\n[d]\ndatabase=${f('index.txt')}\ncrlnumber=${f('crlnumber')}\ndefault_md=${md}\ndefault_crl_days=1\ncrl_extensions=x\n[x]\nauthorityKeyIdentifier=keyid\n`);
  const o = signOpts(alg, false);
  const sigopts = o.flatMap((a, i) => (a === '-sigopt' ? [a, o[i + 1]] : []));
  const ca = ['-config', f('ca.cnf'), '-keyfile', f('inter.key'), '-cert', f('inter.pem')];
  openssl(['ca', ...ca, '-gencrl', ...sigopts, '-out', f('crl-empty.pem')]);
  openssl(['ca', ...ca, '-revoke', f('leaf.pem')]);
  openssl(['ca', ...ca, '-gencrl', ...sigopts, '-out', f('crl-revoked.pem')]);
  return { crlEmpty: f('crl-empty.pem'), crlRevoked: f('crl-revoked.pem') };
}

function keygen(alg: FreshAlg, out: string): void {
  const args =
    alg === 'rsa' || alg === 'rsa-pss'
      ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']
      : alg === 'ec' || alg === 'ec-p384'
        ? ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${alg === 'ec' ? 'P-256' : 'P-384'}`]
        : ['-algorithm', 'SM2'];
  openssl(['genpkey', ...args, '-out', out]);
}

function signOpts(alg: FreshAlg, x509req: boolean): string[] {
  if (alg === 'sm2') return ['-sm3', '-sigopt', DISTID, ...(x509req ? ['-vfyopt', DISTID] : [])];
  if (alg === 'sm2-empty') return ['-sm3'];
  if (alg === 'rsa-pss') return ['-sha256', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32', '-sigopt', 'rsa_mgf1_md:sha256'];
  return alg === 'ec-p384' ? ['-sha384'] : ['-sha256'];
}

/** Root → intermediate → leaf made with `openssl req -x509` and `openssl x509 -req -CA`. */
export function makeChain(alg: FreshAlg, o: FreshChainOptions = {}): FreshChain {
  const dir = tempDir(`bidseal-chain-${alg}-`);
  const f = (n: string) => path.join(dir, n);
  for (const k of ['root', 'inter', 'leaf']) keygen(alg, f(`${k}.key`));
  const rootBc = `basicConstraints=critical,CA:TRUE${o.rootPathLen !== undefined ? `,pathlen:${o.rootPathLen}` : ''}`;
  openssl(['req', '-x509', '-new', '-key', f('root.key'), ...signOpts(alg, false), '-subj', `/C=CN/O=BidSeal Test/CN=Test Root ${alg}`, '-days', '3650', '-addext', rootBc, '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', f('root.pem')]);
  writeFileSync(f('inter.ext'), `basicConstraints=critical,CA:TRUE\nkeyUsage=critical,${o.interKeyUsage ?? 'keyCertSign,cRLSign'}\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n`);
  openssl(['req', '-new', '-key', f('inter.key'), ...signOpts(alg, false), '-subj', `/C=CN/O=BidSeal Test/CN=Test Intermediate ${alg}`, '-out', f('inter.csr')]);
  openssl(['x509', '-req', '-in', f('inter.csr'), '-CA', f('root.pem'), '-CAkey', f('root.key'), '-set_serial', '4097', ...signOpts(alg, true), '-extfile', f('inter.ext'), '-days', '1825', '-out', f('inter.pem')]);
  writeFileSync(f('leaf.ext'), `basicConstraints=CA:FALSE\nkeyUsage=critical,${o.leafKeyUsage ?? 'digitalSignature,nonRepudiation'}\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n`);
  openssl(['req', '-new', '-key', f('leaf.key'), ...signOpts(alg, false), '-utf8', '-subj', `/C=CN/O=某某建设有限公司/CN=Leaf Holder/serialNumber=91350100M000100Y43`, '-out', f('leaf.csr')]);
  openssl(['x509', '-req', '-in', f('leaf.csr'), '-CA', f('inter.pem'), '-CAkey', f('inter.key'), '-set_serial', '8193', ...signOpts(alg, true), '-extfile', f('leaf.ext'), '-days', String(o.leafDays ?? 365), '-out', f('leaf.pem')]);
  // tamper: change one byte of "Leaf Holder" inside the TBS
  const der = openssl(['x509', '-in', f('leaf.pem'), '-outform', 'DER']);
  const i = der.indexOf(Buffer.from('Leaf Holder'));
  if (i < 0) throw new Error('test setup: CN not found');
  der[i] ^= 0x01;
  writeFileSync(f('leaf-tampered.der'), der);
  writeFileSync(f('leaf-tampered.pem'), openssl(['x509', '-inform', 'DER'], der));
  return { dir, anchor: f('root.pem'), inter: f('inter.pem'), leaf: f('leaf.pem'), tamperedLeaf: f('leaf-tampered.pem'), ...(o.crls ? issueCrls(alg, dir) : {}) };
}
