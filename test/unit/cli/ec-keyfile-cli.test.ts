// `bidseal cms decrypt` and `bidseal open` with an EC (P-256/P-384) key file as --identity: RFC 5753
// key agreement computed by the software carrier. OpenSSL-made envelopes and ours open byte-identical from a
// password-protected PKCS#12 (password on standard input) and from KEY,CERT; a sealed bid whose bidder
// recipient is an EC certificate self-checks and opens with the bidder's .p12; wrong EC keys leave nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bidseal } from '../../helpers/cli';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { USCC, makeBidFixtures, type BidFixtures } from '../bid/fixtures';
import { pseudoRandom } from '../envelope/fixtures';

const PASSWORD = 'Bid-EC-密码-42';

describe.skipIf(!hasOpenssl)('EC key files as --identity (software ECDH)', () => {
  let fx: BidFixtures;
  const msg = pseudoRandom(90_017, 11);
  const p = (f: string) => path.join(fx.dir, f);
  const left = (d: string) => (existsSync(d) ? readdirSync(d) : []);
  const pw = new TextEncoder().encode(`${PASSWORD}\n`);
  const same = (file: string, data: Uint8Array) => existsSync(file) && Buffer.compare(readFileSync(file), Buffer.from(data)) === 0;

  /** An EC key, a self-signed key-agreement certificate and a PKCS#12 of both. */
  function ecIdentity(name: string, curve: 'P-256' | 'P-384', subj: string, serial: string): void {
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-out', p(`${name}.key`)]);
    openssl(['req', '-x509', '-new', '-utf8', '-key', p(`${name}.key`), curve === 'P-256' ? '-sha256' : '-sha384', '-subj', subj, '-days', '90', '-set_serial', serial, '-addext', 'keyUsage=critical,keyAgreement', '-out', p(`${name}.crt`)]);
    openssl(['pkcs12', '-export', '-inkey', p(`${name}.key`), '-in', p(`${name}.crt`), '-name', name, '-passout', `pass:${PASSWORD}`, '-out', p(`${name}.p12`)]);
  }

  beforeAll(async () => {
    fx = await makeBidFixtures(['sign', 'platform']);
    writeFileSync(p('msg.bin'), msg);
    ecIdentity('bidder256', 'P-256', `/C=CN/O=某某建设集团有限公司/OU=${USCC}/CN=某某建设集团有限公司 加密 P-256`, '0x5201');
    ecIdentity('bidder384', 'P-384', `/C=CN/O=某某建设集团有限公司/OU=${USCC}/CN=某某建设集团有限公司 加密 P-384`, '0x5202');
    ecIdentity('other256', 'P-256', '/C=CN/O=Outsider/CN=Outsider P-256', '0x5301');
    // same subject (= issuer) and serial as bidder256, another key: the envelope names it, ECDH disagrees
    ecIdentity('twin256', 'P-256', `/C=CN/O=某某建设集团有限公司/OU=${USCC}/CN=某某建设集团有限公司 加密 P-256`, '0x5201');
  }, 60_000);
  afterAll(() => fx?.cleanup());

  it.each([
    ['bidder256', '-aes256', []],
    ['bidder384', '-aes256', []],
    ['bidder384', '-aes-256-gcm', ['-keyopt', 'ecdh_kdf_md:sha384']],
  ] as const)('`bidseal cms decrypt --identity %s.p12` opens `openssl cms -encrypt %s -recip` byte-identical', (n, cipher, keyopt) => {
    const env = p(`ossl-${n}${cipher}.der`);
    openssl(['cms', '-encrypt', '-binary', '-outform', 'DER', cipher, '-recip', p(`${n}.crt`), ...keyopt, '-in', p('msg.bin'), '-out', env]);
    const d = bidseal(['cms', 'decrypt', '--json', env, '--identity', p(`${n}.p12`), '--password-stdin', '-o', `${env}.out`], pw);
    expect(d.stderr).toBe('');
    expect(d.code).toBe(0);
    expect(JSON.parse(d.stdout).openedBy).toMatch(/P-(256|384)/);
    expect(same(`${env}.out`, msg)).toBe(true);
  });

  it('our EC envelope (`bidseal cms encrypt`) opens with KEY,CERT; wrong EC keys fail and leave no output', () => {
    const env = p('ours-384.der');
    const e = bidseal(['cms', 'encrypt', p('msg.bin'), '--recipient', p('bidder384.crt'), '--recipient', fx.cert('platform'), '--cipher', 'aes-256-gcm', '-o', env]);
    expect(e.stderr).toBe('');
    const d = bidseal(['cms', 'decrypt', env, '--identity', `${p('bidder384.key')},${p('bidder384.crt')}`, '-o', p('ours-384.out')]);
    expect(d.stderr).toBe('');
    expect(same(p('ours-384.out'), msg)).toBe(true);

    const env256 = p('ours-256.der');
    expect(bidseal(['cms', 'encrypt', p('msg.bin'), '--recipient', p('bidder256.crt'), '--cipher', 'aes-256-cbc', '-o', env256]).code).toBe(0);
    const w = bidseal(['cms', 'decrypt', env256, '--identity', p('other256.p12'), '--password-stdin', '-o', p('w.out')], pw);
    expect(w.stderr).toMatch(/^E_NOT_A_RECIPIENT/);
    const t = bidseal(['cms', 'decrypt', env256, '--identity', p('twin256.p12'), '--password-stdin', '-o', p('t.out')], pw);
    expect(t.stderr).toMatch(/^E_DECRYPT_FAILED/);
    expect(t.code).not.toBe(0);
    expect(left(fx.dir).filter((f) => /^(w|t)\.out/.test(f))).toEqual([]);
  });

  it('`bidseal seal` to the platform and an EC bidder certificate self-checks with the bidder\'s .p12; `bidseal open` with it restores the documents; a wrong EC key leaves nothing', () => {
    const opening = new Date(Date.now() + 20 * 86400e3).toISOString();
    const meta = ['--tender', 'JS-2026-0077', '--title', '某道路工程施工', '--bidder', '某某建设集团有限公司', '--uscc', USCC, '--signer', `${fx.key('sign')},${fx.cert('sign')}`];
    const s = bidseal(['seal', ...fx.docs, '--json', '--recipient', fx.cert('platform'), '--bidder-cert', p('bidder256.crt'), '--opening', opening, '--self-check', p('bidder256.p12'), '--password-stdin', ...meta, '-o', p('ec.p7m')], pw);
    expect(s.stderr).toBe('');
    expect(s.code).toBe(0);
    const r = JSON.parse(s.stdout);
    expect(r.selfCheck).toMatchObject({ recipientsListed: true, opened: true });
    expect(r.recipients.map((x: { label: string }) => x.label)).toEqual(['platform', 'bidder']);

    const o = bidseal(['open', '--json', p('ec.p7m'), '--identity', p('bidder256.p12'), '--password-stdin', '-o', p('out-ec')], pw);
    expect(o.stderr).toBe('');
    expect(o.code).toBe(0);
    expect(JSON.parse(o.stdout).report.bottomLine).toBe('valid');
    for (const d of fx.docs) expect(same(path.join(p('out-ec'), path.basename(d)), readFileSync(d))).toBe(true);

    const w = bidseal(['open', p('ec.p7m'), '--identity', p('other256.p12'), '--password-stdin', '-o', p('out-w')], pw);
    expect(w.stderr).toMatch(/^E_NOT_A_RECIPIENT/);
    expect(left(p('out-w'))).toEqual([]);
    const t = bidseal(['open', p('ec.p7m'), '--identity', p('twin256.p12'), '--password-stdin', '-o', p('out-t')], pw);
    expect(t.stderr).toMatch(/^E_DECRYPT_FAILED/);
    expect(left(p('out-t'))).toEqual([]);
  });
});
