// `bidseal bid seal|inspect|open|verify` as a user runs it (seal/open/inspect are the top-level commands
// under the older name), with SM2 signing and encryption certificates and an RSA escrow certificate made by
// OpenSSL: round trip, backup copy, wrong identity, tampering, an encryption certificate expiring before
// --opening, a signing certificate given as recipient, custody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bidseal } from '../../helpers/cli';
import { hasOpenssl } from '../../helpers/vectors';
import { USCC, damagedCopies, makeBidFixtures, type BidFixtures } from './fixtures';

describe.skipIf(!hasOpenssl)('bidseal bid', () => {
  let fx: BidFixtures;
  const p = (f: string) => path.join(fx.dir, f);
  const left = (d: string) => (existsSync(d) ? readdirSync(d) : []);
  const metaArgs = () => ['--tender', 'JS-2026-0042', '--lot', '第一标段', '--bidder', '某某建设集团有限公司', '--uscc', USCC, '--signer', id('sign')];
  const id = (party: Parameters<BidFixtures['key']>[0]) => `${fx.key(party)},${fx.cert(party)}`;
  const soon = (days: number) => new Date(Date.now() + days * 86400e3).toISOString();
  beforeAll(async () => {
    fx = await makeBidFixtures();
    process.env.BIDSEAL_DATA_DIR = path.join(fx.dir, 'data'); // the history record of each seal goes here
  }, 60_000);
  afterAll(() => fx?.cleanup());

  it('seals to SM2 + RSA recipients with a backup copy, inspects, opens with the bidder key, verifies the backup', () => {
    const s = bidseal(['bid', 'seal', '--json', '--recipient', fx.cert('platform'), '--recipient', fx.cert('bidderEnc'), '--recipient', fx.cert('escrow'), '--opening', soon(20), '--backup', p('bk'), ...metaArgs(), '-o', p('a.bid'), ...fx.docs]);
    expect(s.stderr).toBe('');
    expect(s.code).toBe(0);
    const r = JSON.parse(s.stdout);
    expect(r.selfCheck).toEqual({ recipientsListed: true, sizeConsistent: true });
    expect(r.manifest).toMatchObject({ format: 'bidseal-bid/1', tenderId: 'JS-2026-0042', lot: '第一标段', bidder: { uscc: USCC } });

    const i = JSON.parse(bidseal(['bid', 'inspect', '--json', p('a.bid')]).stdout);
    expect(i).toMatchObject({ kind: 'envelope', profile: 'rfc5652', cipher: 'sm4-cbc', custody: 'single' });
    expect(i.recipients).toHaveLength(3);
    expect(bidseal(['bid', 'inspect', p('a.bid')]).stdout).toMatch(/recipient: holder unknown \(certificate not in the platform directory\), issued by CN=Escrow RSA, serial 7101/);

    const o = bidseal(['bid', 'open', '--identity', id('bidderEnc'), '-o', p('out-a'), p('a.bid')]);
    expect(o.stderr).toBe('');
    expect(o.stdout).toMatch(/bottom line: valid/);
    for (const d of fx.docs) expect(Buffer.compare(readFileSync(path.join(p('out-a'), path.basename(d))), readFileSync(d))).toBe(0);

    expect(r.backup.path).toBe(path.join(p('bk'), 'a.backup.zip'));
    const v = bidseal(['bid', 'verify', '--json', r.backup.path]);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ bottomLine: 'valid', signature: { intact: true, matchesBidder: true } });
  });

  it('a wrong identity gets E_NOT_A_RECIPIENT with the recipients listed, and no files', () => {
    const o = bidseal(['bid', 'open', '--json', '--identity', id('outsider'), '-o', p('out-x'), p('a.bid')]);
    expect(o.code).toBe(1);
    expect(o.stderr).toMatch(/^E_NOT_A_RECIPIENT/);
    const j = JSON.parse(o.stdout);
    expect(j.error.details.recipients.join('\n')).toMatch(/平台加密证书|serial 6101/);
    expect(left(p('out-x'))).toEqual([]);
  });

  it('a flipped bit or a truncated .bid gives a typed error and no output files', () => {
    for (const f of damagedCopies(p('a.bid'), { fromEnd: 100, bit: 0x04, cut: 777 })) {
      const o = bidseal(['bid', 'open', '--identity', id('platform'), '-o', p(`out-${f}`), p(f)]);
      expect(o.code, f).toBe(1);
      expect(o.stderr, f).toMatch(/^E_(BAD_PADDING|TRUNCATED|ENVELOPE_CORRUPT|ZIP_CORRUPT|BID_PACKAGE_INVALID)/);
      expect(left(p(`out-${f}`)), f).toEqual([]);
    }
    const bad = Buffer.from(readFileSync(path.join(p('bk'), 'a.backup.zip')));
    bad[300] ^= 1;
    writeFileSync(p('bad.zip'), bad);
    expect(bidseal(['bid', 'verify', p('bad.zip')]).stderr).toMatch(/^E_ZIP_CORRUPT/);
  });

  it('refuses, before writing anything, an encryption certificate that expires before --opening', () => {
    const o = bidseal(['bid', 'seal', '--recipient', fx.cert('platform'), '--recipient', fx.cert('short'), '--opening', soon(10), '--backup', p('n-bk'), ...metaArgs(), '-o', p('n.bid'), ...fx.docs]);
    expect(o.code).toBe(1);
    expect(o.stderr).toMatch(/FAIL recipientValidAtOpening/);
    expect(o.stderr).toMatch(/^E_CERT_EXPIRES_BEFORE_OPENING: /m);
    expect(left(fx.dir).filter((f) => f.startsWith('n.'))).toEqual([]);
    expect(left(p('n-bk'))).toEqual([]);
  });

  it('refuses the bidder\'s signing certificate as a recipient', () => {
    const o = bidseal(['bid', 'seal', '--recipient', fx.cert('sign'), '--opening', soon(10), ...metaArgs(), '-o', p('s.bid'), ...fx.docs]);
    expect(o.code).toBe(1);
    expect(o.stderr).toMatch(/FAIL recipientUsage/);
    expect(existsSync(p('s.bid'))).toBe(false);
  });

  it('2-of-3 custody: opens with two keys, says who is still needed with one', () => {
    const parties = ['--bidder-cert', fx.cert('bidderEnc'), '--recipient', fx.cert('tenderer'), '--recipient', fx.cert('escrow')];
    const s = bidseal(['bid', 'seal', '--custody', 'threshold:2', '--cipher', 'sm4-gcm', '--opening', '2030-01-01 09:30', ...parties, ...metaArgs(), '-o', p('c.bid'), ...fx.docs]);
    expect(s.stderr).toMatch(/^E_CERT_EXPIRES_BEFORE_OPENING/m); // 365-day certificates
    expect(existsSync(p('c.bid'))).toBe(false);
    const s2 = bidseal(['bid', 'seal', '--json', '--custody', 'threshold:2', '--cipher', 'sm4-gcm', '--opening', soon(7), ...parties, ...metaArgs(), '-o', p('c.bid'), ...fx.docs]);
    expect(s2.stderr).toBe('');
    expect(bidseal(['bid', 'inspect', p('c.bid')]).stdout).toMatch(/BIDSEAL-CUSTODY\/1 threshold 2-of-3, sm4-gcm/);
    const one = bidseal(['bid', 'open', '--identity', id('tenderer'), '-o', p('c1'), p('c.bid')]);
    expect(one.stderr).toMatch(/^E_CUSTODY_INSUFFICIENT: .*still needed: 1 of/);
    expect(left(p('c1'))).toEqual([]);
    const two = bidseal(['bid', 'open', '--identity', id('tenderer'), '--identity', id('escrow'), '-o', p('c2'), p('c.bid')]);
    expect(two.stderr).toBe('');
    expect(readdirSync(p('c2'))).toHaveLength(3);
  });

  it('usage errors: no recipients, bad custody, bad or no opening time', () => {
    expect(bidseal(['bid', 'seal', '--opening', soon(7), ...metaArgs(), '-o', p('u.bid'), ...fx.docs]).stderr).toMatch(/^E_USAGE: .*--recipient/);
    expect(bidseal(['bid', 'seal', '--recipient', fx.cert('platform'), '--custody', 'most', '--opening', soon(7), ...metaArgs(), '-o', p('u.bid'), ...fx.docs]).stderr).toMatch(/^E_USAGE: --custody/);
    expect(bidseal(['bid', 'seal', '--recipient', fx.cert('platform'), '--opening', 'tomorrow', ...metaArgs(), '-o', p('u.bid'), ...fx.docs]).stderr).toMatch(/^E_USAGE: --opening/);
    expect(bidseal(['bid', 'seal', '--recipient', fx.cert('platform'), ...metaArgs(), '-o', p('u.bid'), ...fx.docs]).stderr).toMatch(/^E_USAGE: --opening/);
    expect(existsSync(p('u.bid'))).toBe(false);
  });
});
