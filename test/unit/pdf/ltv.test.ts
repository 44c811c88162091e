// PAdES B-LT / B-LTA: the DSS (certificates, CRLs, VRI keyed by the uppercase hex SHA-1 of /Contents) and the
// document timestamp, written for BidSeal's own and other tools' signatures, checked independently with
// qpdf --json and qpdf --check, pdfsig, and validated offline with the clock moved past every expiry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { signPdf } from '../../../shared/pdf/sign';
import { verifyPdf } from '../../../shared/pdf/verify';
import { buildDocumentTimestamp, buildDssRevision } from '../../../shared/pdf/ltv';
import { MemorySource } from '../../../shared/pdf/source';
import type { SignatureAlgorithm } from '../../../shared/pki/carrier';
import { createTsaClient } from '../../../electron/services/pki/tsa-client';
import { collect, hasPdfsig, hasQpdf, makeKey, minimalPdf, pdfsig, qpdfCheck, softwareSigner, tmp, type TestKey } from '../../helpers/pdf';
import { hasOpenssl, hasVectors, vectorPath, openssl } from '../../helpers/vectors';
import { startTestTsa, type TestTsa } from '../../helpers/tsa-server';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { repoRoot } from '../../helpers/vectors';

/** the CLI without blocking this process (the test TSA answers from it) */
async function bidseal(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin/bidseal.mjs'), ...args], { env: { ...process.env, BIDSEAL_LANG: 'en' }, maxBuffer: 1 << 26 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : 1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

const YEARS_LATER = new Date(Date.UTC(2040, 0, 1)); // every test certificate (30 days) has long expired

describe.skipIf(!hasOpenssl)('PAdES B-LT and B-LTA', () => {
  const work = hasOpenssl ? tmp() : '';
  const f = (n: string) => path.join(work, n);
  let tsa: TestTsa;
  const keys: Record<string, TestKey> = {};
  let crl: Buffer;
  beforeAll(async () => {
    tsa = await startTestTsa(work, { kind: 'ec-p256' });
    keys.rsa = makeKey(work, 'rsa', 'Wang Wu RSA');
    keys['ec-p256'] = makeKey(work, 'ec-p256', 'Zhao Liu EC');
    keys.sm2 = makeKey(work, 'sm2', 'Li Si SM2');
    // a CRL from the TSA root (revocation material for the TSA path)
    writeFileSync(f('index.txt'), '');
    writeFileSync(f('crl.cnf'), `[ca]\ndefault_ca=c\n[c]\ndatabase=${f('index.txt')}\ndefault_md=sha256\ndefault_crl_days=30\n`);
    crl = openssl(['ca', '-gencrl', '-config', f('crl.cnf'), '-keyfile', f('tsa-ca.key'), '-cert', tsa.caPath]);
    writeFileSync(f('tsa-root.crl'), crl);
  });
  afterAll(async () => {
    await tsa?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const tsaClient = () => createTsaClient(tsa.url);
  const signBT = async (kind: string, alg: SignatureAlgorithm, pdf: Uint8Array = minimalPdf()) =>
    collect(await signPdf(new MemorySource(pdf), softwareSigner(keys[kind]), { alg, subFilter: 'ETSI.CAdES.detached', timestamper: tsaClient() }));
  const toLt = async (pdf: Uint8Array) => Buffer.concat([pdf, await buildDssRevision(new MemorySource(pdf), { certificates: [tsa.caDer], crls: [new Uint8Array(openssl(['crl', '-in', f('tsa-root.crl'), '-outform', 'DER']))] })]);
  const toLta = async (pdf: Uint8Array) => {
    const lt = await toLt(pdf);
    return Buffer.concat([lt, await buildDocumentTimestamp(new MemorySource(lt), tsaClient())]);
  };

  /** The DSS as qpdf sees it (an independent parser): VRI keys and the number of certificates and CRLs. */
  function qpdfDss(file: string): { vri: string[]; certs: number; crls: number } {
    const j = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=qpdf', file], { encoding: 'utf8', maxBuffer: 1 << 26 }));
    const objs = j.qpdf[1];
    const deref = (x: unknown): any => {
      if (typeof x !== 'string' || !/ R$/.test(x)) return x;
      const o = objs[`obj:${x}`];
      return o?.value ?? o?.stream?.dict;
    };
    const root = deref(objs.trailer.value['/Root']);
    const dss = deref(root['/DSS']);
    return { vri: Object.keys(deref(dss['/VRI'])).map((k) => k.replace(/^\//, '')), certs: deref(dss['/Certs']).length, crls: deref(dss['/CRLs'] ?? []).length };
  }

  for (const [kind, alg] of [['rsa', 'rsa-pkcs1-sha256'], ['ec-p256', 'ecdsa-sha256'], ['sm2', 'sm2-sm3']] as const) {
    it(`${alg}: B-LT then B-LTA validate (TOTAL-PASSED), also with the clock past every expiry; qpdf and pdfsig agree`, async () => {
      const bt = await signBT(kind, alg);
      const lt = await toLt(bt);
      const lta = Buffer.concat([lt, await buildDocumentTimestamp(new MemorySource(lt), tsaClient())]);
      const file = f(`${kind}-lta.pdf`);
      writeFileSync(file, lta);
      writeFileSync(f(`${kind}-lt.pdf`), lt);
      const trusted = [keys[kind].certDer, tsa.caDer];
      const [sig, docTs] = await verifyPdf(new MemorySource(lta), { trusted });
      expect(sig, sig.indicationReasons.join('; ')).toMatchObject({ intact: true, modifications: 'ltv', indication: 'TOTAL-PASSED', verdict: 'valid', visualChanges: [] });
      expect(docTs).toMatchObject({ subFilter: 'ETSI.RFC3161', intact: true, coverage: 'entire-file', indication: 'TOTAL-PASSED' });
      // years later: the paths are checked at the proof of existence the timestamps give
      const later = await verifyPdf(new MemorySource(lta), { trusted, now: YEARS_LATER });
      expect(later.map((r) => r.indication), later.flatMap((r) => r.indicationReasons).join('; ')).toEqual(['TOTAL-PASSED', 'TOTAL-PASSED']);
      // the DSS read back by qpdf: one VRI per signature, keyed by the uppercase SHA-1 of its /Contents
      if (hasQpdf) {
        expect(qpdfCheck(file).ok).toBe(true);
        const dss = qpdfDss(f(`${kind}-lt.pdf`));
        const contents = [...lt.toString('latin1').matchAll(/\/Contents <([0-9a-fA-F]+)>/g)].map((m) => createHash('sha1').update(Buffer.from(m[1], 'hex')).digest('hex').toUpperCase());
        expect(dss.vri).toEqual(contents);
        expect(dss.certs).toBeGreaterThanOrEqual(3); // signer, TSA, TSA root
        expect(dss.crls).toBe(1);
      }
      if (hasPdfsig && kind !== 'sm2') expect(pdfsig(file)).toMatch(/Signature #1:[\s\S]*?Signature is Valid/);
    });
  }
  it('without any timestamp (B-B), the clock past expiry gives INDETERMINATE / OUT_OF_BOUNDS_NO_POE', async () => {
    const bb = await collect(await signPdf(new MemorySource(minimalPdf()), softwareSigner(keys.rsa), { alg: 'rsa-pkcs1-sha256', subFilter: 'ETSI.CAdES.detached' }));
    const [r] = await verifyPdf(new MemorySource(bb), { trusted: [keys.rsa.certDer], now: YEARS_LATER });
    expect(r).toMatchObject({ intact: true, indication: 'INDETERMINATE', subIndication: 'OUT_OF_BOUNDS_NO_POE' });
  });

  it.skipIf(!hasVectors)('extends another tool’s signature (pyHanko, SKI signer id) to B-LTA: still intact, changes are LTV only', async () => {
    const other = readFileSync(vectorPath('pdf/pyhanko/pdf/sig-with-ski-sid.pdf'));
    const lta = await toLta(other);
    const [r, ts] = await verifyPdf(new MemorySource(lta));
    expect(r).toMatchObject({ intact: true, modifications: 'ltv', visualChanges: [] });
    expect(r.indication).not.toBe('TOTAL-FAILED');
    expect(ts).toMatchObject({ subFilter: 'ETSI.RFC3161', intact: true });
    if (hasQpdf) expect(qpdfCheck((writeFileSync(f('pyhanko-lta.pdf'), lta), f('pyhanko-lta.pdf'))).ok).toBe(true);
  });

  it('the CLI: pdf sign --pades-level b-lta, pdf verify --at years later exits 0; pdf extend --to b-lt', async () => {
    writeFileSync(f('in.pdf'), minimalPdf());
    const s = await bidseal(['pdf', 'sign', '--key', keys['ec-p256'].keyPath, '--cert', keys['ec-p256'].certPath, '--pades-level', 'b-lta', '--tsa', tsa.url, '--chain', tsa.caPath, '--crl', f('tsa-root.crl'), '-o', f('cli-lta.pdf'), f('in.pdf')]);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain('PAdES B-LTA');
    const v = await bidseal(['pdf', 'verify', '--json', '--ca', keys['ec-p256'].certPath, '--ca', tsa.caPath, '--at', YEARS_LATER.toISOString(), f('cli-lta.pdf')]);
    expect(v.code, v.stdout).toBe(0);
    expect(JSON.parse(v.stdout).signatures.map((x: { indication: string }) => x.indication)).toEqual(['TOTAL-PASSED', 'TOTAL-PASSED']);
    const e = await bidseal(['pdf', 'extend', '--to', 'b-lt', '--json', '-o', f('cli-ext.pdf'), f('cli-lta.pdf')]);
    expect(e.code, e.stderr).toBe(0);
    expect(JSON.parse(e.stdout).vri).toHaveLength(2);
    if (hasQpdf) expect(qpdfCheck(f('cli-ext.pdf')).ok).toBe(true);
  });
});
