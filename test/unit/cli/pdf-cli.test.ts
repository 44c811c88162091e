// `bidseal pdf sign | verify` as a user runs them: USB-key (SoftHSM2) and key-file signatures that poppler's
// pdfsig calls valid and qpdf calls clean, a second signature keeping the first valid, a cross-page seal
// (骑缝章) whose strips line up when the pages are laid side by side, the company seal and the legal
// representative's seal as two signatures, and corrupt input failing with a code and leaving no file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bidseal } from '../../helpers/cli';
import { hasPdfsig, hasPdftoppm, hasQpdf, makeKey, minimalPdf, pdfsig, qpdfCheck, sealPng, type TestKey } from '../../helpers/pdf';
import { hasOpenssl, repoRoot } from '../../helpers/vectors';
import { softhsmSkip } from '../../helpers/softhsm';
import { useCliToken } from '../../helpers/bid-token';

const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-pdf-cli-'));
const p = (f: string) => path.join(dir, f);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(p('bid.pdf'), minimalPdf({ pages: 3 }));
writeFileSync(p('bid4.pdf'), minimalPdf({ pages: 4, xrefStream: true }));
writeFileSync(p('seal.png'), sealPng(200));
writeFileSync(p('sig.png'), sealPng(90));

/** every signature pdfsig lists is valid, and it lists `n` of them (a multi-widget field is listed once per widget) */
function expectPdfsigValid(file: string, n: number): void {
  if (!hasPdfsig) return;
  const out = pdfsig(file);
  expect(out.match(/Signature #\d+:/g)?.length ?? 0, out).toBe(n);
  expect(out.match(/Signature is Valid/g)?.length ?? 0, out).toBe(n);
  expect(out).not.toContain('not signed');
}
function expectQpdfClean(file: string): void {
  if (hasQpdf) expect(qpdfCheck(file).out).toContain('No syntax or stream encoding errors');
}
function verifyJson(file: string, extra: string[] = []) {
  const r = bidseal(['pdf', 'verify', '--json', ...extra, file]);
  return { code: r.code, ...(JSON.parse(r.stdout) as { ok: boolean; signatures: Record<string, any>[] }) };
}
const leftovers = () => readdirSync(dir).filter((f) => f.endsWith('.partial'));

describe.skipIf(!!softhsmSkip || !hasOpenssl)('bidseal pdf sign with a USB key (SoftHSM2)', () => {
  const cli = useCliToken();

  it('signs with the EC key, then the RSA key: pdfsig says both are valid, qpdf is clean, bidseal pdf verify agrees', () => {
    const one = p('token-1.pdf');
    const r1 = bidseal(['pdf', 'sign', '--token', cli.uriOf(cli.token.ec.label), '--pin-stdin', '--json', '--seal', p('seal.png'), '--rect', '400,60,120,120', '--reason', 'Bid submission', '-o', one, p('bid.pdf')], Buffer.from('123456\n'), cli.env);
    expect(r1.stderr).toBe('');
    expect(r1.code).toBe(0);
    expect(JSON.parse(r1.stdout)).toMatchObject({ field: 'Signature1', algorithm: 'ecdsa-sha256' });
    expectPdfsigValid(one, 1);
    expectQpdfClean(one);

    const two = p('token-2.pdf');
    const r2 = bidseal(['pdf', 'sign', '--token', cli.uriOf(cli.token.rsa.label), '--pin-stdin', '--json', '--page', 'last', '--seal', p('sig.png'), '--rect', '60,60,90,90', '-o', two, one], Buffer.from('123456\n'), cli.env);
    expect(r2.stderr).toBe('');
    expect(JSON.parse(r2.stdout)).toMatchObject({ field: 'Signature2', algorithm: 'rsa-pkcs1-sha256' });
    expectPdfsigValid(two, 2);
    expectQpdfClean(two);
    // the input is untouched and the output starts with it byte for byte (an incremental update)
    expect(readFileSync(two).subarray(0, readFileSync(one).length).equals(readFileSync(one))).toBe(true);

    const v = verifyJson(two);
    expect(v.code).toBe(0);
    expect(v.ok).toBe(true);
    expect(v.signatures.map((s) => [s.field, s.intact, s.valid, s.coverage, s.modifications, s.bottomLine])).toEqual([
      ['Signature1', true, true, 'entire-revision', 'form-filling', 'unknown-signer'],
      ['Signature2', true, true, 'entire-file', 'none', 'unknown-signer'],
    ]);
    expect(v.signatures[0].signer.commonName).toBe('ec-key test');
    expect(v.signatures[1].signer.commonName).toBe('rsa-key test');
    // --ca: trusting both signers makes the bottom line 'valid'; trusting only one leaves the other
    // INDETERMINATE (reported, exit 0) — a failure only with --strict
    writeFileSync(p('ec.der'), cli.token.ec.certDer);
    writeFileSync(p('rsa.der'), cli.token.rsa.certDer);
    const t = verifyJson(two, ['--ca', p('ec.der'), '--ca', p('rsa.der')]);
    expect(t.signatures.map((s) => s.bottomLine)).toEqual(['valid', 'valid']);
    expect(t.code).toBe(0);
    const half = verifyJson(two, ['--ca', p('ec.der')]);
    expect(half.code).toBe(0);
    expect(half.signatures.map((s) => [s.bottomLine, s.indication, s.verdict])).toEqual([
      ['valid', 'TOTAL-PASSED', 'valid-with-changes'],
      ['unknown-signer', 'INDETERMINATE', 'indeterminate'],
    ]);
    expect(verifyJson(two, ['--strict', '--ca', p('ec.der')]).code).toBe(1);
  });

  it('sign-batch asks for the PIN once, signs every good file, reports the corrupt one and exits 1', () => {
    mkdirSync(p('batch-in'));
    mkdirSync(p('batch-out'));
    const inputs = ['a.pdf', 'b-broken.pdf', 'c.pdf'].map((f) => path.join(p('batch-in'), f));
    writeFileSync(inputs[0], minimalPdf({ pages: 2 }));
    writeFileSync(inputs[1], Buffer.from('%PDF-1.4\n'.padEnd(300, '#')));
    writeFileSync(inputs[2], minimalPdf({ pages: 3, xrefStream: true }));
    // only one PIN line on stdin: a second prompt would read an empty PIN and fail
    const r = bidseal(['pdf', 'sign-batch', '--token', cli.uriOf(cli.token.ec.label), '--pin-stdin', '--json', '--seal', p('sig.png'), '--rect', '480,40,80,80', '--out-dir', p('batch-out'), ...inputs], Buffer.from('123456\n'), cli.env);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.ok).toBe(false);
    expect(j.files.map((f: { status: string }) => f.status)).toEqual(['signed', 'failed', 'signed']);
    expect(j.files[1].error.code).toBe('E_PDF_CORRUPT');
    expect(readdirSync(p('batch-out')).sort()).toEqual(['a.pdf', 'c.pdf']);
    for (const f of ['a.pdf', 'c.pdf']) {
      expectPdfsigValid(path.join(p('batch-out'), f), 1);
      expectQpdfClean(path.join(p('batch-out'), f));
    }
  });

  it('a wrong PIN fails with E_PIN_INCORRECT and leaves no output', () => {
    const out = p('wrong-pin.pdf');
    const r = bidseal(['pdf', 'sign', '--token', cli.uriOf(cli.token.ec.label), '--pin-stdin', '-o', out, p('bid.pdf')], Buffer.from('999999\n'), cli.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^E_PIN_INCORRECT/);
    expect(existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  });
});

describe.skipIf(!hasOpenssl)('bidseal pdf sign / verify with key files', () => {
  let company: TestKey;
  let person: TestKey;
  const carrier = (k: TestKey) => ['--key', k.keyPath, '--cert', k.certPath];
  beforeAll(() => {
    company = makeKey(dir, 'rsa', 'Example Construction Co Ltd');
    person = makeKey(dir, 'ec-p256', 'Zhang San');
  });

  it('company seal and legal representative seal as two signatures (two runs): both valid in pdfsig and in bidseal', () => {
    const a = p('company.pdf');
    const b = p('company-person.pdf');
    expect(bidseal(['pdf', 'sign', ...carrier(company), '--page', 'last', '--seal', p('seal.png'), '--rect', '380,80,120,120', '--reason', 'Company seal', '--field', 'CompanySeal', '-o', a, p('bid.pdf')]).code).toBe(0);
    const r = bidseal(['pdf', 'sign', ...carrier(person), '--page', 'last', '--seal', p('sig.png'), '--rect', '120,80,80,80', '--text', 'Legal representative', '--field', 'LegalRep', '-o', b, a]);
    expect(r.stderr).toBe('');
    expectPdfsigValid(b, 2);
    if (hasPdfsig) expect(pdfsig(b)).toMatch(/CompanySeal[\s\S]*Example Construction Co Ltd[\s\S]*LegalRep[\s\S]*Zhang San/);
    expectQpdfClean(b);
    const v = verifyJson(b);
    expect(v.code).toBe(0);
    expect(v.signatures.map((s) => [s.field, s.signer.commonName, s.bottomLine])).toEqual([
      ['CompanySeal', 'Example Construction Co Ltd', 'unknown-signer'],
      ['LegalRep', 'Zhang San', 'unknown-signer'],
    ]);
  });

  it('a cross-page seal (骑缝章) is one signature with a strip on every page: valid in pdfsig, and the strips line up', () => {
    const out = p('cross.pdf');
    const r = bidseal(['pdf', 'sign', ...carrier(company), '--cross-page', '--seal', p('seal.png'), '--seal-width', '120', '--json', '-o', out, p('bid4.pdf')]);
    expect(r.stderr).toBe('');
    expectPdfsigValid(out, 4); // old poppler lists the field once per widget, all with the one signature
    expectQpdfClean(out);
    const v = verifyJson(out);
    expect(v.code).toBe(0);
    expect(v.signatures).toHaveLength(1);
    if (!hasPdftoppm) return;
    // laid side by side, the right-edge strips of pages 1..4 must form the seal as drawn whole at the same place
    const ref = p('ref.pdf');
    expect(bidseal(['pdf', 'sign', ...carrier(company), '--seal', p('seal.png'), '--rect', '475,361,120,120', '-o', ref, p('bid.pdf')]).code).toBe(0);
    const render = (f: string, page: number) => {
      const ppm = execFileSync('pdftoppm', ['-r', '72', '-f', String(page), '-l', String(page), '-x', '0', '-y', '300', '-W', '595', '-H', '240', f]);
      const w = 595, h = 240;
      return { w, h, d: ppm.subarray(ppm.length - w * h * 3) };
    };
    const reference = render(ref, 1);
    const strips = [1, 2, 3, 4].map((pg) => render(out, pg));
    let differ = 0, red = 0;
    for (let y = 0; y < 240; y++) {
      for (let x = 475; x < 595; x++) {
        const k = Math.floor((x - 475) / 30);
        const px = (img: { d: Buffer }, xx: number) => img.d.subarray((y * 595 + xx) * 3, (y * 595 + xx) * 3 + 3);
        const a = px(reference, x);
        const b = px(strips[k], 595 - 30 + ((x - 475) % 30));
        if (a[0] > 150 && a[1] < 100) red++;
        if (Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]) > 90) differ++;
      }
    }
    expect(red).toBeGreaterThan(1500); // the reference really shows the seal
    expect(differ / (120 * 240)).toBeLessThan(0.01);
  });

  it('the same seal on every page (--page all) is one signature; PAdES (--pades) is ETSI.CAdES.detached', () => {
    const out = p('every-page.pdf');
    expect(bidseal(['pdf', 'sign', ...carrier(person), '--page', 'all', '--seal', p('sig.png'), '--rect', '500,20,60,60', '--pades', '-o', out, p('bid.pdf')]).code).toBe(0);
    expectPdfsigValid(out, 3);
    if (hasPdfsig) expect(pdfsig(out)).toContain('ETSI.CAdES.detached');
    expectQpdfClean(out);
    const v = verifyJson(out);
    expect(v.signatures).toHaveLength(1);
    expect(v.signatures[0]).toMatchObject({ subFilter: 'ETSI.CAdES.detached', intact: true, coverage: 'entire-file' });
  });

  it('a corrupt or truncated PDF fails with E_PDF_CORRUPT and leaves no output', () => {
    const good = readFileSync(p('bid.pdf'));
    writeFileSync(p('garbage.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 0x41)]));
    writeFileSync(p('truncated.pdf'), good.subarray(0, 120));
    writeFileSync(p('notpdf.pdf'), Buffer.from('hello, not a PDF at all, just some words'));
    for (const f of ['garbage.pdf', 'truncated.pdf', 'notpdf.pdf']) {
      const out = p(`out-${f}`);
      const r = bidseal(['pdf', 'sign', ...carrier(person), '-o', out, p(f)]);
      expect(r.code, f).toBe(1);
      expect(r.stderr, f).toMatch(/^E_PDF_CORRUPT/);
      expect(existsSync(out)).toBe(false);
      const v = bidseal(['pdf', 'verify', p(f)]);
      expect(v.code).toBe(1);
      expect(v.stderr).toMatch(/^E_PDF_CORRUPT/);
    }
    expect(leftovers()).toEqual([]);
  });

  it('bidseal pdf verify fails a signature over changed bytes and a file without signatures', () => {
    const signed = p('to-tamper.pdf');
    expect(bidseal(['pdf', 'sign', ...carrier(person), '-o', signed, p('bid.pdf')]).code).toBe(0);
    const b = Buffer.from(readFileSync(signed));
    const at = b.indexOf('BidSeal test page 2');
    b[at] ^= 0x20; // 'B' → 'b' inside a page's content stream
    writeFileSync(p('tampered.pdf'), b);
    const v = verifyJson(p('tampered.pdf'));
    expect(v.code).toBe(1);
    expect(v.signatures[0]).toMatchObject({ intact: false, bottomLine: 'invalid' });
    const none = bidseal(['pdf', 'verify', p('bid.pdf')]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('no signatures');
  });

  it('Ctrl-C (SIGINT) during sign-batch finishes the current file, skips the rest, leaves no partial file', async () => {
    mkdirSync(p('int-in'));
    mkdirSync(p('int-out'));
    const inputs = [1, 2, 3, 4, 5].map((i) => path.join(p('int-in'), `big${i}.pdf`));
    for (const f of inputs) writeFileSync(f, minimalPdf({ bulk: 60 << 20 }));
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/bidseal.mjs'), 'pdf', 'sign-batch', ...carrier(person), '--out-dir', p('int-out'), ...inputs], { env: { ...process.env, BIDSEAL_LANG: 'en' } });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('signed    ') && !child.killed) child.kill('SIGINT');
      });
      child.on('close', (c) => resolve(c));
    });
    expect(err).toContain('cancelling after the current file');
    expect(code).toBe(1);
    const done = readdirSync(p('int-out'));
    expect(done.filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.length).toBeLessThan(5);
    expect(out).toMatch(/skipped {3}.*big5\.pdf \(cancelled\)/);
    for (const f of done) expect(verifyJson(path.join(p('int-out'), f)).code).toBe(0);
  }, 60_000);

  it('usage errors: -o is the input, no carrier, a visible seal without --rect, --cross-page with --rect', () => {
    expect(bidseal(['pdf', 'sign', ...carrier(person), '-o', p('bid.pdf'), p('bid.pdf')]).code).toBe(2);
    expect(bidseal(['pdf', 'sign', ...carrier(person), '-o', path.join(dir, '.', 'bid.pdf'), p('bid.pdf')]).code).toBe(2);
    expect(bidseal(['pdf', 'sign', '-o', p('x.pdf'), p('bid.pdf')]).code).toBe(2);
    expect(bidseal(['pdf', 'sign', ...carrier(person), '--seal', p('seal.png'), '-o', p('x.pdf'), p('bid.pdf')]).code).toBe(2);
    expect(bidseal(['pdf', 'sign', ...carrier(person), '--cross-page', '--seal', p('seal.png'), '--rect', '1,1,1,1', '-o', p('x.pdf'), p('bid.pdf')]).code).toBe(2);
    expect(existsSync(p('x.pdf'))).toBe(false);
  });
});
