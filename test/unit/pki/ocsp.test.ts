// OCSP (RFC 6960) against `openssl ocsp` running as a responder on 127.0.0.1 (random port, killed at the end):
// fresh RSA, EC and SM2 chains made by OpenSSL in the test, a delegated responder certificate (OCSPSigning +
// ocsp-nocheck) and a wrongly authorised one. Good, revoked, unknown, stale, wrong responder, bad nonce; the
// answers feed validatePath as revocation evidence; fuzzed responses give typed errors only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { parseCertificate, type CertificateSummary } from '../../../shared/pki/certificate';
import { buildOcspRequest, parseOcspResponse, verifyOcspResponse } from '../../../shared/pki/ocsp';
import { validatePath } from '../../../shared/pki/path-validation';
import { fuzzDer } from '../../helpers/errors';
import { httpExchange } from '../../../electron/services/pki/revocation-fetch';
import { DISTID, makeChain, removeTempDirs, type FreshAlg } from './pki-openssl';

const ALGS: FreshAlg[] = ['rsa', 'ec', 'sm2'];
const procs: ChildProcess[] = [];

interface Setup {
  root: CertificateSummary;
  inter: CertificateSummary;
  good: CertificateSummary;
  revoked: CertificateSummary;
  unknown: CertificateSummary;
  url: string;
  wrongUrl: string;
}

const yymmdd = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';

/** Starts `openssl ocsp` on a random port; resolves with its URL once it listens (bounded wait). */
function startResponder(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn('openssl', ['ocsp', '-port', '0', '-ignore_err', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    procs.push(p);
    const timer = setTimeout(() => reject(new Error('openssl ocsp did not start within 10 s')), 10_000);
    const onData = (b: Buffer) => {
      const m = /ACCEPT .*:(\d+)/.exec(b.toString());
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}/`);
      }
    };
    p.stdout.on('data', onData);
    p.stderr.on('data', onData);
    p.on('exit', (code) => reject(new Error(`openssl ocsp exited with ${code}`)));
  });
}

async function setup(alg: FreshAlg): Promise<Setup> {
  const c = makeChain(alg);
  const f = (n: string) => path.join(c.dir, n);
  const sign = alg === 'sm2' ? ['-sm3', '-sigopt', DISTID, '-vfyopt', DISTID] : ['-sha256'];
  const issue = (csr: string, serial: string, ext: string, out: string) => {
    writeFileSync(f(`${out}.ext`), ext);
    openssl(['x509', '-req', '-in', csr, '-CA', f('inter.pem'), '-CAkey', f('inter.key'), '-set_serial', serial, ...sign, '-extfile', f(`${out}.ext`), '-days', '30', '-out', f(`${out}.pem`)]);
  };
  const leafExt = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n';
  issue(f('leaf.csr'), '0x2002', leafExt, 'revoked');
  issue(f('leaf.csr'), '0x2003', leafExt, 'unknown');
  // delegated responder (OCSPSigning + ocsp-nocheck) and a certificate without OCSPSigning
  openssl(['req', '-new', '-key', f('leaf.key'), ...(alg === 'sm2' ? ['-sm3', '-sigopt', DISTID] : ['-sha256']), '-subj', '/C=CN/O=BidSeal Test/CN=OCSP Responder', '-out', f('resp.csr')]);
  issue(f('resp.csr'), '0x3001', 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=OCSPSigning\nnoCheck=ignored\n', 'resp');
  issue(f('resp.csr'), '0x3002', 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n', 'wrong');
  const exp = yymmdd(new Date(Date.now() + 30 * 86_400_000));
  const rev = yymmdd(new Date(Date.now() - 3_600_000));
  const subj = '/C=CN/CN=Leaf Holder';
  writeFileSync(f('index.txt'), `V\t${exp}\t\t2001\tunknown\t${subj}\nR\t${exp}\t${rev},keyCompromise\t2002\tunknown\t${subj}\n`);
  writeFileSync(f('index.txt.attr'), 'unique_subject = no\n');
  const common = ['-index', f('index.txt'), '-CA', f('inter.pem'), '-rkey', f('leaf.key'), '-ndays', '1', ...(alg === 'sm2' ? [] : ['-rmd', 'sha256'])];
  const [url, wrongUrl] = await Promise.all([startResponder([...common, '-rsigner', f('resp.pem')]), startResponder([...common, '-rsigner', f('wrong.pem')])]);
  const p = (n: string) => parseCertificate(readFileSync(f(n), 'utf8'));
  return { root: p('root.pem'), inter: p('inter.pem'), good: p('leaf.pem'), revoked: p('revoked.pem'), unknown: p('unknown.pem'), url, wrongUrl };
}

async function ask(url: string, cert: CertificateSummary, issuer: CertificateSummary) {
  const req = buildOcspRequest(cert, issuer);
  const der = await httpExchange(url, req.der, 'application/ocsp-request', { timeoutMs: 5000 });
  return { req, der, resp: parseOcspResponse(der) };
}

describe.skipIf(!hasOpenssl)('OCSP against openssl ocsp on 127.0.0.1', () => {
  const s: Partial<Record<FreshAlg, Setup>> = {};
  beforeAll(async () => {
    for (const a of ALGS) s[a] = await setup(a);
  }, 60_000);
  afterAll(() => {
    for (const p of procs) p.kill();
    removeTempDirs();
  });

  describe.each(ALGS)('%s', (alg) => {
    // OpenSSL 3.0's responder signs SM2 with the empty user ID: only the lenient policy accepts it (and says so)
    const sm2IdPolicy = alg === 'sm2' ? 'lenient' : 'strict';

    it('good: delegated responder with ocsp-nocheck, nonce echoed, evidence recorded', async () => {
      const x = s[alg]!;
      const { req, resp } = await ask(x.url, x.good, x.inter);
      const v = await verifyOcspResponse(resp, x.good, x.inter, { nonce: req.nonce, requireNonce: true, sm2IdPolicy, source: x.url });
      expect(v).toMatchObject({ ok: true, status: 'good', evidence: { kind: 'ocsp', delegated: true, noCheck: true, nonceChecked: true, responder: expect.stringContaining('OCSP Responder'), source: x.url } });
      if (alg === 'sm2') {
        expect(v.ok && v.evidence.sm2Id).toBe('empty');
        expect(await verifyOcspResponse(resp, x.good, x.inter, { nonce: req.nonce })).toMatchObject({ ok: false, code: 'ocsp-bad-signature' });
      }
    });

    it('the response is used by path validation; hard-fail vs soft-fail for the uncovered intermediate', async () => {
      const x = s[alg]!;
      const { req, der } = await ask(x.url, x.good, x.inter);
      const o = { sm2IdPolicy, ocspResponses: [{ response: der, nonce: req.nonce, source: x.url }] } as const;
      const leafOnly = await validatePath(x.good, [x.inter], [x.root], { ...o, crlCheck: 'leaf' });
      expect(leafOnly.status).toBe('valid');
      expect(leafOnly.revocationEvidence[0]).toEqual([expect.objectContaining({ kind: 'ocsp', source: x.url })]);
      const hard = await validatePath(x.good, [x.inter], [x.root], o);
      expect(hard.status).toBe('revocation-unknown');
      expect(hard.problems).toEqual([expect.objectContaining({ certIndex: 1, code: 'crl-missing' })]);
      const soft = await validatePath(x.good, [x.inter], [x.root], { ...o, revocationPolicy: 'soft' });
      expect(soft.status).toBe('valid');
      expect(soft.warnings).toEqual([expect.objectContaining({ certIndex: 1, code: 'crl-missing' })]);
    });

    it('revoked: reason and time from the responder; the path is revoked', async () => {
      const x = s[alg]!;
      const { req, der, resp } = await ask(x.url, x.revoked, x.inter);
      const v = await verifyOcspResponse(resp, x.revoked, x.inter, { nonce: req.nonce, sm2IdPolicy });
      expect(v).toMatchObject({ ok: true, status: 'revoked', reason: 'keyCompromise' });
      const p = await validatePath(x.revoked, [x.inter], [x.root], { sm2IdPolicy, crlCheck: 'leaf', ocspResponses: [{ response: der, nonce: req.nonce }] });
      expect(p.status).toBe('revoked');
      expect(p.problems).toEqual([expect.objectContaining({ certIndex: 0, code: 'revoked', reason: 'keyCompromise' })]);
    });

    it('unknown: the responder does not know the certificate → revocation-unknown', async () => {
      const x = s[alg]!;
      const { req, der, resp } = await ask(x.url, x.unknown, x.inter);
      expect(await verifyOcspResponse(resp, x.unknown, x.inter, { nonce: req.nonce, sm2IdPolicy })).toMatchObject({ ok: true, status: 'unknown' });
      const p = await validatePath(x.unknown, [x.inter], [x.root], { sm2IdPolicy, crlCheck: 'leaf', ocspResponses: [{ response: der, nonce: req.nonce }] });
      expect(p.status).toBe('revocation-unknown');
    });

    it('stale: after nextUpdate the response no longer speaks', async () => {
      const x = s[alg]!;
      const { req, resp } = await ask(x.url, x.good, x.inter);
      const later = new Date(Date.now() + 3 * 86_400_000);
      expect(await verifyOcspResponse(resp, x.good, x.inter, { at: later, nonce: req.nonce, sm2IdPolicy })).toMatchObject({ ok: false, code: 'ocsp-stale' });
    });

    it('wrong responder: a certificate without id-kp-OCSPSigning is not authorised', async () => {
      const x = s[alg]!;
      const { req, resp } = await ask(x.wrongUrl, x.good, x.inter);
      expect(await verifyOcspResponse(resp, x.good, x.inter, { nonce: req.nonce, sm2IdPolicy })).toMatchObject({ ok: false, code: 'ocsp-unauthorised-responder' });
    });

    it('bad nonce: a response replayed for another request is refused', async () => {
      const x = s[alg]!;
      const first = await ask(x.url, x.good, x.inter);
      const second = buildOcspRequest(x.good, x.inter);
      expect(await verifyOcspResponse(first.resp, x.good, x.inter, { nonce: second.nonce, sm2IdPolicy })).toMatchObject({ ok: false, code: 'ocsp-nonce-mismatch' });
    });
  });

  it('fuzzed responses: parse gives E_BAD_ENCODING or a response; verify never throws', async () => {
    const x = s.rsa!;
    const { der } = await ask(x.url, x.good, x.inter);
    await fuzzDer(der, parseOcspResponse, async (parsed) => {
      const v = await verifyOcspResponse(parsed, x.good, x.inter);
      expect(typeof v.ok).toBe('boolean');
    });
  });
});
