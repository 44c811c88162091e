// PAdES B-T: a PDF signature whose SignerInfo carries an RFC 3161 token over its signature value (unsigned
// attribute id-aa-signatureTimeStampToken). Checked without our verifier: `openssl ts -verify -data <signature
// value>` on the extracted token, pdfsig on the file; and with it: verify.ts's timestamp report, tampering, a
// TSA whose tokens outgrow the reserved space, an unreachable TSA, the file service and the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { signPdf } from '../../../shared/pdf/sign';
import { verifyPdf } from '../../../shared/pdf/verify';
import { MemorySource } from '../../../shared/pdf/source';
import { parseSignedData } from '../../../shared/cms/signed-data';
import { readTlv } from '../../../shared/asn1';
import { createTsaClient } from '../../../electron/services/pki/tsa-client';
import { signPdfFile, verifyPdfFile } from '../../../electron/services/pdf/file';
import { signPdfBatch } from '../../../electron/services/pdf/batch';
import { collect, hasPdfsig, makeKey, minimalPdf, pdfsig, softwareSigner, tmp, type TestKey } from '../../helpers/pdf';
import { startTestTsa, tokenOf, type TestTsa } from '../../helpers/tsa-server';
import { hasOpenssl, openssl, repoRoot } from '../../helpers/vectors';
import type { SignatureAlgorithm } from '../../../shared/pki/carrier';

/** The CMS in /Contents of the i-th signature (padding trimmed). */
function cmsOf(pdf: Uint8Array, i = 0): Uint8Array {
  const s = Buffer.from(pdf).toString('latin1');
  const m = [...s.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)][i];
  const full = Buffer.from(s.slice(Number(m[2]) + 1, Number(m[3]) - 1), 'hex');
  return new Uint8Array(full.subarray(0, readTlv(full).raw.length));
}

/** The real bin, asynchronously: the test TSA answers from this process's event loop. */
async function bidsealAsync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin/bidseal.mjs'), ...args], { env: { ...process.env, BIDSEAL_LANG: 'en' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe.skipIf(!hasOpenssl)('PDF signatures with RFC 3161 signature timestamps (PAdES B-T)', () => {
  const work = hasOpenssl ? tmp() : '';
  const f = (n: string) => path.join(work, n);
  let tsa: TestTsa;
  let rsaTsa: TestTsa;
  const keys: Record<string, TestKey> = {};
  beforeAll(async () => {
    tsa = await startTestTsa(work, { kind: 'ec-p256' });
    mkdirSync(f('rsa-tsa'));
    rsaTsa = await startTestTsa(f('rsa-tsa'), { kind: 'rsa', mode: 'openssl' });
    keys.rsa = makeKey(work, 'rsa', 'Zhang San RSA');
    keys.sm2 = makeKey(work, 'sm2', 'Li Si SM2');
  });
  afterAll(async () => {
    await tsa?.close();
    await rsaTsa?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const signWith = async (k: TestKey, alg: SignatureAlgorithm, t: TestTsa, pdf = minimalPdf(), extra: object = {}) =>
    collect(await signPdf(new MemorySource(pdf), softwareSigner(k), { alg, timestamper: createTsaClient(t.url), ...extra }));

  /** openssl ts -verify of the embedded token against the SignerInfo's signature value */
  function opensslVerifiesToken(cms: Uint8Array, t: TestTsa, tag: string): void {
    const sigValue = parseSignedData(cms).signers[0].signature;
    writeFileSync(f(`${tag}.sig`), sigValue);
    writeFileSync(f(`${tag}.tst`), tokenOf(cms));
    expect(openssl(['ts', '-verify', '-data', f(`${tag}.sig`), '-in', f(`${tag}.tst`), '-token_in', '-CAfile', t.caPath]).toString()).toMatch(/Verification: OK/);
  }

  for (const [kind, alg, which] of [['rsa', 'rsa-pkcs1-sha256', 'ours'], ['sm2', 'sm2-sm3', 'openssl-rsa']] as const) {
    it(`embeds a token over the ${alg} signature value (${which} TSA): openssl ts -verify OK, verify.ts reports it${kind === 'rsa' ? ', pdfsig valid' : ''}`, async () => {
      const t = which === 'ours' ? tsa : rsaTsa;
      const out = await signWith(keys[kind], alg, t);
      const cms = cmsOf(out);
      opensslVerifiesToken(cms, t, kind);
      const [r] = await verifyPdf(new MemorySource(out), { trusted: [keys[kind].certDer], trustedTsa: [t.caDer] });
      expect(r).toMatchObject({ intact: true, valid: true, trusted: true, coverage: 'entire-file', bottomLine: 'valid' });
      expect(r.timestamp).toMatchObject({ imprintValid: true, signatureValid: true, intact: true, trusted: true });
      expect(r.timestamp!.tsa).toContain('CN=BidSeal Test TSA');
      expect(Math.abs(r.timestamp!.genTime!.getTime() - Date.now())).toBeLessThan(60_000);
      expect(r.path?.at.getTime()).toBe(r.timestamp!.genTime!.getTime()); // the signer's path is validated at genTime
      // without the TSA root the token is still intact, only not trusted
      const [u] = await verifyPdf(new MemorySource(out), { trusted: [keys[kind].certDer] });
      expect(u.timestamp).toMatchObject({ intact: true, trusted: false });
      if (kind === 'rsa' && hasPdfsig) {
        writeFileSync(f('ts-rsa.pdf'), out);
        expect(pdfsig(f('ts-rsa.pdf'))).toMatch(/Signature Validation: Signature is Valid/);
      }
    });
  }

  it('never calls a signature with a tampered token valid', async () => {
    tsa.mode = 'ok';
    const out = Buffer.from(await signWith(keys.rsa, 'rsa-pkcs1-sha256', tsa));
    const cms = cmsOf(out);
    // the token ends with the TSA's signature, the last element of the CMS: flip a nibble inside it
    const s = out.toString('latin1');
    const at = s.indexOf('/Contents <') + '/Contents <'.length + (cms.length - 8) * 2;
    out[at] = out[at] === 0x30 ? 0x31 : 0x30;
    const [r] = await verifyPdf(new MemorySource(out), { trusted: [keys.rsa.certDer], trustedTsa: [tsa.caDer] });
    expect(r.intact).toBe(true); // the unsigned attribute is outside the signed bytes…
    expect(r.timestamp?.intact).toBe(false); // …but the token no longer verifies
    expect(r.bottomLine).toBe('invalid');
  });

  it('refuses with E_PDF_SIGNATURE_SPACE when the token outgrows the dry run, writing nothing', async () => {
    tsa.mode = 'grow';
    writeFileSync(f('in.pdf'), minimalPdf());
    const e = await signPdfFile(f('in.pdf'), f('grow.pdf'), softwareSigner(keys.rsa), { alg: 'rsa-pkcs1-sha256', timestamper: createTsaClient(tsa.url) }).catch((x: { code?: string }) => x);
    expect((e as { code?: string }).code).toBe('E_PDF_SIGNATURE_SPACE');
    expect(existsSync(f('grow.pdf')) || existsSync(f('grow.pdf.partial'))).toBe(false);
    tsa.mode = 'ok';
  });

  it('fails with E_TSA_UNREACHABLE before reading the document when the TSA is down', async () => {
    writeFileSync(f('in.pdf'), minimalPdf());
    let read = 0;
    const e = await signPdfFile(f('in.pdf'), f('down.pdf'), softwareSigner(keys.rsa), { alg: 'rsa-pkcs1-sha256', timestamper: createTsaClient('http://127.0.0.1:9/', { timeoutMs: 2000 }), onProgress: (n) => (read = n) }).catch((x: { code?: string }) => x);
    expect((e as { code?: string }).code).toBe('E_TSA_UNREACHABLE');
    expect(read).toBe(0);
    expect(existsSync(f('down.pdf.partial'))).toBe(false);
  });

  it('signs a file on disk (streamed) with a timestamp, then a second timestamped signature keeps both', async () => {
    tsa.mode = 'ok';
    writeFileSync(f('in.pdf'), minimalPdf({ pages: 2 }));
    await signPdfFile(f('in.pdf'), f('one.pdf'), softwareSigner(keys.sm2), { alg: 'sm2-sm3', timestamper: createTsaClient(tsa.url) });
    await signPdfFile(f('one.pdf'), f('two.pdf'), softwareSigner(keys.rsa), { alg: 'rsa-pss-sha256', timestamper: createTsaClient(tsa.url), rect: [10, 10, 110, 60], page: 1, appearance: { text: ['second'] } });
    const rs = await verifyPdfFile(f('two.pdf'), { trusted: [keys.sm2.certDer, keys.rsa.certDer, tsa.caDer] });
    expect(rs.map((r) => [r.bottomLine, r.modifications, r.timestamp?.trusted])).toEqual([
      ['valid', 'form-filling', true],
      ['valid', 'none', true],
    ]);
  });

  it('a batch sizes the token once and stamps every file', async () => {
    tsa.mode = 'ok';
    for (const n of ['a', 'b', 'c']) writeFileSync(f(`batch-${n}.pdf`), minimalPdf());
    mkdirSync(f('batch-out'));
    const before = tsa.requests.length;
    const rs = await signPdfBatch(softwareSigner(keys.rsa), ['a', 'b', 'c'].map((n) => ({ input: f(`batch-${n}.pdf`), output: f(`batch-out/${n}.pdf`) })), { alg: 'rsa-pkcs1-sha256', timestamper: createTsaClient(tsa.url) });
    expect(rs.map((r) => r.status)).toEqual(['signed', 'signed', 'signed']);
    expect(tsa.requests.length - before).toBe(4); // one dry run + one per file
    for (const n of ['a', 'b', 'c']) expect((await verifyPdfFile(f(`batch-out/${n}.pdf`), { trustedTsa: [tsa.caDer] }))[0].timestamp?.trusted).toBe(true);
  });

  it('bidseal pdf sign --tsa URL, then pdf verify shows the timestamp (and --json carries it)', async () => {
    tsa.mode = 'ok';
    writeFileSync(f('in.pdf'), minimalPdf());
    const s = await bidsealAsync(['pdf', 'sign', '--key', keys.rsa.keyPath, '--cert', keys.rsa.certPath, '--tsa', tsa.url, '-o', f('cli.pdf'), f('in.pdf')]);
    expect(s.stderr).toBe('');
    expect(s.stdout).toMatch(/timestamped/);
    // three processes at once: human and JSON verify, and a sign against a dead TSA (fails before any PIN/output)
    const [v, json, down] = await Promise.all([
      bidsealAsync(['pdf', 'verify', '--ca', keys.rsa.certPath, '--tsa-ca', tsa.caPath, f('cli.pdf')]),
      bidsealAsync(['pdf', 'verify', '--json', f('cli.pdf')]),
      bidsealAsync(['pdf', 'sign', '--key', keys.rsa.keyPath, '--cert', keys.rsa.certPath, '--tsa', 'http://127.0.0.1:9/', '--tsa-timeout', '2', '-o', f('cli2.pdf'), f('in.pdf')]),
    ]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/timestamp: +\d{4}-\d\d-\d\dT[\d:.]+Z by CN=BidSeal Test TSA/);
    expect(v.stdout).toMatch(/imprint: ok +signature: ok +trusted: yes/);
    expect(JSON.parse(json.stdout).signatures[0].timestamp).toMatchObject({ imprintValid: true, signatureValid: true, trusted: false });
    expect(down.code).not.toBe(0);
    expect(down.stderr).toMatch(/E_TSA_UNREACHABLE/);
    expect(existsSync(f('cli2.pdf')) || existsSync(f('cli2.pdf.partial'))).toBe(false);
    expect(readFileSync(f('in.pdf')).length).toBe(minimalPdf().length);
  });
});
