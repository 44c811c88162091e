// `bidseal sign` with a USB key (SoftHSM2) and with key files; OpenSSL checks every signature
// (`openssl cms -verify` over the detached content), and `bidseal verify` catches tampering.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bidseal } from '../../helpers/cli';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { softhsmSkip } from '../../helpers/softhsm';
import { useCliToken } from '../../helpers/bid-token';

const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-sign-'));
const p = (f: string) => path.join(dir, f);
writeFileSync(p('bid.pdf'), randomBytes(300_000));

function opensslVerifies(sig: string, content: string): boolean {
  try {
    openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', content, '-noverify', '-out', '/dev/null']);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!!softhsmSkip || !hasOpenssl)('bidseal sign with a USB key (SoftHSM2)', () => {
  const cli = useCliToken();

  it('signs with the EC and RSA keys on the token; OpenSSL verifies; bidseal verify agrees', () => {
    for (const label of [cli.token.ec.label, cli.token.rsa.label]) {
      const out = p(`${label}.p7s`);
      const r = bidseal(['sign', '--token', cli.uriOf(label), '--pin-stdin', '--json', '-o', out, p('bid.pdf')], Buffer.from('123456\n'), cli.env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).algorithm).toMatch(label.startsWith('ec') ? /^ecdsa-sha256$/ : /^rsa-pkcs1-sha256$/);
      expect(opensslVerifies(out, p('bid.pdf'))).toBe(true);
      const v = bidseal(['verify', '--json', '--sig', out, p('bid.pdf')], undefined, cli.env);
      expect(v.code).toBe(0);
      expect(JSON.parse(v.stdout).intact).toBe(true);
    }
  });

  it('a wrong PIN fails with E_PIN_INCORRECT, writes nothing and never echoes the PIN', () => {
    const out = p('wrong.p7s');
    const r = bidseal(['sign', '--token', cli.uriOf(cli.token.ec.label), '--pin-stdin', '-o', out, p('bid.pdf')], Buffer.from('999999\n'), cli.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^E_PIN_INCORRECT/);
    expect(r.stderr + r.stdout).not.toContain('999999');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(out + '.partial')).toBe(false);
  });

  it('bidseal verify rejects a signature over a changed file', () => {
    const sig = p(`${cli.token.ec.label}.p7s`);
    const changed = Buffer.from(readFileSync(p('bid.pdf')));
    changed[4242] ^= 1;
    writeFileSync(p('changed.pdf'), changed);
    const v = bidseal(['verify', '--json', '--sig', sig, p('changed.pdf')], undefined, cli.env);
    expect(v.code).toBe(1);
    expect(JSON.parse(v.stdout).intact).toBe(false);
    expect(opensslVerifies(sig, p('changed.pdf'))).toBe(false);
  });

  it('usage errors: no carrier, two carriers, no output', () => {
    expect(bidseal(['sign', p('bid.pdf'), '-o', p('x.p7s')]).code).toBe(2);
    expect(bidseal(['sign', '--token', 'pkcs11:token=x', '--p12', 'a.p12', '-o', p('x.p7s'), p('bid.pdf')]).code).toBe(2);
    expect(bidseal(['sign', '--token', 'pkcs11:token=x', p('bid.pdf')]).code).toBe(2);
  });
});
