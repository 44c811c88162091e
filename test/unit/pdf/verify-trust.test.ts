// Trust in verifyPdf comes from certification path validation (shared/pki/path-validation.ts): a signer
// certificate issued by a CA the caller trusts is 'valid', by another CA 'unknown-signer'; an SM2 chain
// (SM2 root → SM2 signer, default ID) validates too; and the CLI's --ca takes the CA certificate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { signPdf } from '../../../shared/pdf/sign';
import { verifyPdf } from '../../../shared/pdf/verify';
import { MemorySource } from '../../../shared/pdf/source';
import { collect, minimalPdf, softwareSigner, tmp, type KeyKind, type TestKey } from '../../helpers/pdf';
import { bidseal } from '../../helpers/cli';
import { hasOpenssl } from '../../helpers/vectors';
import type { SignatureAlgorithm } from '../../../shared/pki/carrier';

const ssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });

describe.skipIf(!hasOpenssl)('PDF signer trust by certification path', () => {
  const work = hasOpenssl ? tmp() : '';
  const f = (n: string) => path.join(work, n);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** a CA (self-signed, cA=true) and a signer certificate it issues, of the given key kind */
  function chain(kind: 'ec' | 'sm2', tag: string): { root: Uint8Array; leaf: TestKey } {
    const gen = kind === 'sm2' ? ['-algorithm', 'SM2'] : ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];
    const md = kind === 'sm2' ? ['-sm3', '-sigopt', 'distid:1234567812345678'] : ['-sha256'];
    ssl(['genpkey', ...gen, '-out', f(`${tag}-ca.key`)]);
    ssl(['req', '-new', '-x509', '-key', f(`${tag}-ca.key`), '-subj', `/CN=${tag} Root CA/O=BidSeal Test CA`, '-days', '30', ...md, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', f(`${tag}-ca.crt`)]);
    ssl(['genpkey', ...gen, '-out', f(`${tag}-leaf.key`)]);
    ssl(['req', '-new', '-key', f(`${tag}-leaf.key`), '-subj', `/CN=${tag} Signer/O=Bidder Co`, ...md, '-out', f(`${tag}-leaf.csr`)]);
    writeFileSync(f(`${tag}.ext`), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
    ssl(['x509', '-req', '-in', f(`${tag}-leaf.csr`), '-CA', f(`${tag}-ca.crt`), '-CAkey', f(`${tag}-ca.key`), '-CAcreateserial', '-days', '20', ...(kind === 'sm2' ? ['-sm3', '-sigopt', 'distid:1234567812345678', '-vfyopt', 'distid:1234567812345678'] : ['-sha256']), '-extfile', f(`${tag}.ext`), '-out', f(`${tag}-leaf.crt`)]);
    const der = (p: string) => new Uint8Array(ssl(['x509', '-in', p, '-outform', 'DER']));
    const leaf: TestKey = { kind: (kind === 'sm2' ? 'sm2' : 'ec-p256') as KeyKind, keyPath: f(`${tag}-leaf.key`), certPath: f(`${tag}-leaf.crt`), certDer: der(f(`${tag}-leaf.crt`)), keyPem: readFileSync(f(`${tag}-leaf.key`), 'utf8') };
    return { root: der(f(`${tag}-ca.crt`)), leaf };
  }

  let ec: ReturnType<typeof chain>, other: ReturnType<typeof chain>, sm2: ReturnType<typeof chain>;
  beforeAll(() => {
    ec = chain('ec', 'EC');
    other = chain('ec', 'Other');
    sm2 = chain('sm2', 'SM2');
  });

  const signed = async (k: TestKey, alg: SignatureAlgorithm) => collect(await signPdf(new MemorySource(minimalPdf()), softwareSigner(k), { alg }));

  it('a signer issued by a trusted CA is valid; by another CA, or with no anchors, an unknown signer', async () => {
    const pdf = await signed(ec.leaf, 'ecdsa-sha256');
    const [ok] = await verifyPdf(new MemorySource(pdf), { trusted: [ec.root] });
    expect(ok).toMatchObject({ intact: true, trusted: true, bottomLine: 'valid', path: { status: 'valid' } });
    expect(ok.path!.chain).toEqual(['CN=EC Signer, O=Bidder Co', 'CN=EC Root CA, O=BidSeal Test CA'].map((s) => expect.stringContaining(s.split(',')[0])));
    const [no] = await verifyPdf(new MemorySource(pdf), { trusted: [other.root] });
    expect(no).toMatchObject({ intact: true, trusted: false, bottomLine: 'unknown-signer', path: { status: 'untrusted' } });
    const [none] = await verifyPdf(new MemorySource(pdf));
    expect(none.bottomLine).toBe('unknown-signer');
    // the path is checked at the validation time: after the signer certificate expired it is not trusted
    const [late] = await verifyPdf(new MemorySource(pdf), { trusted: [ec.root], validationTime: new Date(Date.now() + 25 * 86400_000) });
    expect(late).toMatchObject({ trusted: false, bottomLine: 'unknown-signer', path: { status: 'expired' } });
  });

  it('an SM2 signer under an SM2 root CA validates (SM3 certificate signatures, default ID)', async () => {
    const pdf = await signed(sm2.leaf, 'sm2-sm3');
    const [r] = await verifyPdf(new MemorySource(pdf), { trusted: [sm2.root] });
    expect(r).toMatchObject({ intact: true, trusted: true, bottomLine: 'valid', path: { status: 'valid' } });
  });

  it('bidseal pdf verify --ca ROOT says valid (exit 0); --ca of another CA is INDETERMINATE (exit 0, exit 1 with --strict)', () => {
    writeFileSync(f('in.pdf'), minimalPdf());
    const s = bidseal(['pdf', 'sign', '--key', ec.leaf.keyPath, '--cert', ec.leaf.certPath, '-o', f('ca-signed.pdf'), f('in.pdf')]);
    expect(s.stderr).toBe('');
    const good = bidseal(['pdf', 'verify', '--json', '--ca', f('EC-ca.crt'), f('ca-signed.pdf')]);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).signatures[0]).toMatchObject({ trusted: true, bottomLine: 'valid', path: { status: 'valid' } });
    expect(JSON.parse(good.stdout).signatures[0]).toMatchObject({ indication: 'TOTAL-PASSED', verdict: 'valid' });
    const unknown = bidseal(['pdf', 'verify', '--json', '--ca', f('Other-ca.crt'), f('ca-signed.pdf')]);
    expect(unknown.code).toBe(0);
    expect(JSON.parse(unknown.stdout).signatures[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND', verdict: 'indeterminate' });
    const bad = bidseal(['pdf', 'verify', '--strict', '--ca', f('Other-ca.crt'), f('ca-signed.pdf')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('UNKNOWN-SIGNER');
    expect(bad.stdout).toContain('NO_CERTIFICATE_CHAIN_FOUND');
    expect(bad.stdout).toMatch(/no-trust-anchor/);
  });
});
