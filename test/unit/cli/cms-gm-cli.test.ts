// `bidseal cms sign|verify|sign-encrypt|decrypt-verify|inspect`, `bidseal key show` and `bidseal inspect`
// run as a user would: both flavours, PEM-armoured input, a CFCA key file (built by OpenSSL alone) as the
// signer, and the typed refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../../electron/cli/main';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { makeFixtures, type Fixtures } from '../envelope/fixtures';
import { buildCfcaKeyFile, cfcaPem } from '../keys/cfca-fixture';

const d = hasOpenssl ? describe : describe.skip;

/** The CLI in-process (a spawned bin costs seconds of tsx start-up per call), English messages, stdin given. */
async function bidseal(args: string[], input?: Uint8Array): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const o: Buffer[] = [];
  const e: Buffer[] = [];
  out.on('data', (c: Buffer) => o.push(c));
  err.on('data', (c: Buffer) => e.push(c));
  const stdin = Readable.from(input ? [Buffer.from(input)] : []) as unknown as NodeJS.ReadableStream & AsyncIterable<Uint8Array>;
  const code = await main(args, { stdout: out, stderr: err, stdin, lang: 'en' });
  return { code, stdout: Buffer.concat(o).toString('utf8'), stderr: Buffer.concat(e).toString('utf8') };
}
let fx: Fixtures;
const p = (n: string) => path.join(fx.dir, n);
beforeAll(() => {
  fx = makeFixtures(['sm2sign', 'sm2b']);
  writeFileSync(p('msg.txt'), '投标函 bid letter\n');
  writeFileSync(p('signer.sm2'), cfcaPem(buildCfcaKeyFile(fx.dir, fx.keyPath('sm2sign'), fx.certPath('sm2sign'), 'pw-123')));
}, 60_000);
afterAll(() => fx?.cleanup());

d('bidseal cms (GM/T 0010 and RFC 5652)', () => {
  it('sign and verify in both flavours, attached and detached, with a CFCA key file as signer', async () => {
    for (const flavour of ['gm', 'rfc5652']) {
      const out = p(`s-${flavour}.p7`);
      const s = (await bidseal(['cms', 'sign', p('msg.txt'), '--signer', p('signer.sm2'), '--password-stdin', '--flavour', flavour, '--pem', '-o', out], Buffer.from('pw-123\n')));
      expect(s.stderr).toBe('');
      expect(s.code).toBe(0);
      expect(readFileSync(out, 'utf8')).toContain('-----BEGIN PKCS7-----');
      const v = (await bidseal(['cms', 'verify', out, '--json']));
      expect(v.code).toBe(0);
      const j = JSON.parse(v.stdout);
      expect(j).toMatchObject({ intact: true, flavour, detached: false });
      expect(j.signers[0]).toMatchObject({ covers: 'signedAttributes', sm2Id: 'default' });
      const det = p(`d-${flavour}.p7`);
      expect((await bidseal(['cms', 'sign', p('msg.txt'), '--signer', `${fx.keyPath('sm2sign')},${fx.certPath('sm2sign')}`, '--flavour', flavour, '--detached', '--no-signed-attrs', '-o', det])).code).toBe(0);
      const vd = (await bidseal(['cms', 'verify', det, '--content', p('msg.txt')]));
      expect(vd.code).toBe(0);
      expect(vd.stdout).toMatch(/OK: .*Bidder signing.* over the content itself, SM2 ID 1234567812345678/);
      writeFileSync(p('other.txt'), 'changed');
      expect((await bidseal(['cms', 'verify', det, '--content', p('other.txt')])).code).toBe(1);
    }
  });
  it('sign-encrypt and decrypt-verify; inspect names every kind', async () => {
    const out = p('sed.p7');
    expect((await bidseal(['cms', 'sign-encrypt', p('msg.txt'), '--signer', `${fx.keyPath('sm2sign')},${fx.certPath('sm2sign')}`, '--recipient', fx.certPath('sm2b'), '-o', out])).code).toBe(0);
    const r = (await bidseal(['cms', 'decrypt-verify', out, '--identity', `${fx.keyPath('sm2b')},${fx.certPath('sm2b')}`, '-o', p('sed.out')]));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(p('sed.out'), 'utf8')).toBe('投标函 bid letter\n');
    const i = JSON.parse((await bidseal(['inspect', out, '--json'])).stdout);
    expect(i).toMatchObject({ kind: 'cms', message: { type: 'signedAndEnvelopedData', flavour: 'gm' } });
    expect(JSON.parse((await bidseal(['cms', 'inspect', p('s-gm.p7'), '--json'])).stdout).message).toMatchObject({ type: 'signedData', flavour: 'gm' });
    expect(JSON.parse((await bidseal(['inspect', fx.certPath('sm2b'), '--json'])).stdout).kind).toBe('certificate');
  });
  it('a PEM-armoured envelope decrypts (no more "unexpected tag 0x2d")', async () => {
    const env = p('env.der');
    expect((await bidseal(['cms', 'encrypt', p('msg.txt'), '--recipient', fx.certPath('sm2b'), '--flavour', 'gm', '-o', env])).code).toBe(0);
    writeFileSync(p('env.pem'), openssl(['base64', '-in', env]).toString().replace(/^/, '-----BEGIN PKCS7-----\n') + '-----END PKCS7-----\n');
    const r = (await bidseal(['cms', 'decrypt', p('env.pem'), '--identity', `${fx.keyPath('sm2b')},${fx.certPath('sm2b')}`, '-o', p('env.out')]));
    expect(r.stderr).toBe('');
    expect(readFileSync(p('env.out'), 'utf8')).toBe('投标函 bid letter\n');
    expect(JSON.parse((await bidseal(['inspect', p('env.pem'), '--json'])).stdout)).toMatchObject({ kind: 'envelope', profile: 'gmt0010' });
  });
  it('key show for a CFCA key file: identifies it, checks the password, exports only to a file', async () => {
    const noPw = (await bidseal(['key', 'show', p('signer.sm2')]));
    expect(noPw.code).toBe(0);
    expect(noPw.stdout).toContain('CFCA SM2 key file');
    const s = (await bidseal(['key', 'show', p('signer.sm2'), '--password-stdin', '--json'], Buffer.from('pw-123\n')));
    const j = JSON.parse(s.stdout);
    expect(j).toMatchObject({ kind: 'cfca-sm2-key', armour: 'pem', label: 'CFCA KEY', keystore: { format: 'cfca-sm2' } });
    expect(s.stdout).not.toMatch(/PRIVATE KEY/);
    const wrong = (await bidseal(['key', 'show', p('signer.sm2'), '--password-stdin'], Buffer.from('nope\n')));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^E_WRONG_PASSWORD/);
    expect((await bidseal(['key', 'show', p('signer.sm2'), '--export', '-'])).code).toBe(2);
    const e = (await bidseal(['key', 'show', p('signer.sm2'), '--password-stdin', '--export', p('exported.pem')], Buffer.from('pw-123\n')));
    expect(e.code).toBe(0);
    // OpenSSL reads the exported key and it matches the certificate's public key
    const pubFromKey = openssl(['pkey', '-in', p('exported.pem'), '-pubout']).toString();
    const pubFromCert = openssl(['x509', '-in', fx.certPath('sm2sign'), '-pubkey', '-noout']).toString();
    expect(pubFromKey).toBe(pubFromCert);
  });
  it('refuses a PDF with a typed error naming what it is', async () => {
    writeFileSync(p('x.pdf'), '%PDF-1.7\n%âãÏÓ\n');
    const r = (await bidseal(['cms', 'inspect', p('x.pdf')]));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^E_ARMOUR_UNKNOWN: .*PDF document/);
  });
});
