// The CLI with an SKF USB key (the software SKF key): `token list --skf`, `pdf sign --token skf:…` checked
// without pdfsig (poppler has no SM2: the byte-range digest by `openssl dgst -sm3`, the signature over the
// signed attributes by `openssl dgst -verify` with the default ID) and by `bidseal pdf verify`; a bid sealed
// with the signing key and to the encryption certificate of the key, self-checked and opened through it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeBidFixtures, USCC, type BidFixtures } from '../../bid/fixtures';
import { makeSoftSkf, SKF_PIN, softSkfSkip, type SoftSkf } from '../../../helpers/soft-skf';
import { bidseal } from '../../../helpers/cli';
import { openssl } from '../../../helpers/vectors';
import { minimalPdf } from '../../../helpers/pdf';
import { parseSignedData } from '../../../../shared/cms/signed-data';

describe.skipIf(softSkfSkip)('bidseal with an SKF USB key', () => {
  let fx: BidFixtures;
  let skf: SoftSkf;
  let env: Record<string, string>;
  const p = (f: string) => path.join(fx.dir, f);
  const run = (args: string[], input?: string) => bidseal(args, input === undefined ? undefined : Buffer.from(input), env);

  beforeAll(async () => {
    fx = await makeBidFixtures(['sign', 'bidderEnc', 'platform']);
    skf = makeSoftSkf(fx);
    env = { SOFTSKF_DIR: skf.dir, BIDSEAL_DATA_DIR: p('data') };
  }, 60_000);
  afterAll(() => fx?.cleanup());

  it('token list --skf shows the key, its container with both certificates, the retry count and the skf: URI', () => {
    const r = run(['token', 'list', '--skf', '--module', skf.lib, '--json']);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    const a = j.devices[0].applications[0];
    expect(a.pin).toMatchObject({ remaining: 6, max: 6, state: 'ok' });
    const c = a.containers[0];
    expect(c).toMatchObject({ name: 'BidKey', type: 'sm2', uri: `skf:module=${skf.lib};device=SoftKey-1;application=BIDSEAL;container=BidKey` });
    expect(c.signCertificate.commonName).toContain('签名');
    expect(c.encCertificate.commonName).toContain('加密');
  });

  it('pdf sign --token skf:… → openssl checks the digest and the SM2 signature; bidseal pdf verify agrees', () => {
    writeFileSync(p('bid.pdf'), minimalPdf());
    const r = run(['pdf', 'sign', '--token', skf.uri, '--pin-stdin', '--json', '-o', p('signed.pdf'), p('bid.pdf')], `${SKF_PIN}\n`);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ algorithm: 'sm2-sm3' });
    const pdf = readFileSync(p('signed.pdf'));
    const br = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(pdf.toString('latin1'))!.slice(1).map(Number);
    writeFileSync(p('covered'), Buffer.concat([pdf.subarray(br[0], br[0] + br[1]), pdf.subarray(br[2], br[2] + br[3])]));
    const cms = Buffer.from(pdf.subarray(br[0] + br[1] + 1, br[2] - 1).toString('latin1'), 'hex');
    const si = parseSignedData(new Uint8Array(cms)).signers[0];
    const sm3 = openssl(['dgst', '-sm3', '-binary', p('covered')]);
    expect(Buffer.from(si.signedAttrs!).includes(sm3)).toBe(true); // messageDigest
    writeFileSync(p('attrs'), si.signedAttrs!);
    writeFileSync(p('sig'), si.signature);
    writeFileSync(p('sign.pub'), openssl(['x509', '-in', fx.cert('sign'), '-pubkey', '-noout']));
    expect(openssl(['dgst', '-sm3', '-verify', p('sign.pub'), '-sigopt', 'distid:1234567812345678', '-signature', p('sig'), p('attrs')]).toString()).toContain('Verified OK');
    const v = JSON.parse(run(['pdf', 'verify', '--json', p('signed.pdf')]).stdout);
    expect(v.signatures[0]).toMatchObject({ intact: true, valid: true, signatureAlgorithm: 'SM2-SM3', coverage: 'entire-file' });
  });

  it('seals with the key (signature, self-check in the key) to its encryption certificate, opens through it', () => {
    const opening = new Date(Date.now() + 5 * 86400e3).toISOString();
    const s = run(['seal', ...fx.docs, '--json', '--signer', skf.uri, '--recipient', fx.cert('platform'), '--bidder-cert', fx.cert('bidderEnc'), '--self-check', skf.uri, '--opening', opening, '--tender', 'ZB-SKF-1', '--bidder', '某某建设集团有限公司', '--uscc', USCC, '--pin-stdin', '-o', p('t.p7m')], `${SKF_PIN}\n${SKF_PIN}\n`);
    expect(s.stderr).toBe('');
    expect(JSON.parse(s.stdout).selfCheck).toMatchObject({ opened: true });
    const o = run(['open', p('t.p7m'), '--identity', skf.uri, '--pin-stdin', '--json', '-o', p('out')], `${SKF_PIN}\n`);
    expect(o.stderr).toBe('');
    for (const d of fx.docs) expect(Buffer.compare(readFileSync(path.join(p('out'), path.basename(d))), readFileSync(d))).toBe(0);
  }, 30_000);
});
