// `bidseal seal | open | inspect | cms` as a user runs them, with SM2 signing and encryption
// certificates and RSA/EC recipients made by OpenSSL: round trip with backup copy, test decryption and a
// history record; wrong identity; tampering and truncation leave nothing; custody with enough and too few
// parties; pre-flight against the opening time; --platform from the platform directory; OpenSSL interop
// both ways for `cms`. Envelope-level interop (SM2 encryptedKey through `openssl pkeyutl`) is in
// test/unit/envelope/openssl-interop.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bidseal } from '../../helpers/cli';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { USCC, damagedCopies, makeBidFixtures, type BidFixtures } from '../bid/fixtures';
import { makeFixtures, pseudoRandom, type Fixtures } from '../envelope/fixtures';
import { addCustomPlatform } from '../../../electron/services/platforms/directory';

describe.skipIf(!hasOpenssl)('bidseal seal / open / inspect', () => {
  let fx: BidFixtures;
  let dataDir: string;
  const p = (f: string) => path.join(fx.dir, f);
  const left = (d: string) => (existsSync(d) ? readdirSync(d) : []);
  const run = (args: string[], input?: Uint8Array) => bidseal(args, input, { BIDSEAL_DATA_DIR: dataDir });
  const soon = (days: number) => new Date(Date.now() + days * 86400e3).toISOString();
  const meta = () => ['--tender', 'JS-2026-0042', '--lot', '第一标段', '--title', '某道路工程施工', '--bidder', '某某建设集团有限公司', '--uscc', USCC, '--signer', `${fx.key('sign')},${fx.cert('sign')}`];
  const id = (party: Parameters<BidFixtures['key']>[0]) => `${fx.key(party)},${fx.cert(party)}`;
  beforeAll(async () => {
    fx = await makeBidFixtures(['sign', 'bidderEnc', 'platform', 'tenderer', 'outsider', 'short']);
    dataDir = mkdtempSync(path.join(tmpdir(), 'bidseal-data-'));
    mkdirSync(p('docs'));
    for (const d of fx.docs) writeFileSync(path.join(p('docs'), path.basename(d)), readFileSync(d));
  }, 60_000);
  afterAll(() => {
    fx?.cleanup();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('seals a folder to the platform and the bidder, writes the backup, test-decrypts, records the history; inspect; open', () => {
    const s = run(['seal', p('docs'), '--json', '--recipient', fx.cert('platform'), '--bidder-cert', fx.cert('bidderEnc'), '--opening', soon(20), '--backup', p('bk'), '--self-check', id('bidderEnc'), ...meta(), '-o', p('a.p7m')]);
    expect(s.stderr).toBe('');
    expect(s.code).toBe(0);
    const r = JSON.parse(s.stdout);
    expect(r.selfCheck).toMatchObject({ recipientsListed: true, sizeConsistent: true, opened: true });
    expect(r.recipients.map((x: { label: string }) => x.label)).toEqual(['platform', 'bidder']);
    // revocation cannot be checked without the recipients' CA in the trust store: a warning, not a failure
    expect(r.checks.filter((c: { status: string }) => c.status !== 'pass').every((c: { id: string; status: string }) => /Revocation$/.test(c.id) && c.status === 'warn')).toBe(true);
    expect(r.sha256).toBe(openssl(['dgst', '-sha256', '-r', p('a.p7m')]).toString().split(' ')[0]);
    expect(r.backup.path).toBe(path.join(p('bk'), 'a.backup.zip'));
    expect(r.backup.sha256).toBe(r.packageSha256);

    const h = JSON.parse(readFileSync(path.join(dataDir, 'bids', 'history.json'), 'utf8'));
    const rec = h.records.find((x: { id: string }) => x.id === r.historyId);
    expect(rec).toMatchObject({ bidder: { uscc: USCC }, tender: { projectId: 'JS-2026-0042', lot: '第一标段', title: '某道路工程施工' }, sealed: { size: r.bytes, sha256: r.sha256, sm3: r.sm3 }, packageSm3: r.packageSm3, cipher: 'sm4-cbc', custody: 'single', uploads: [] });
    expect(rec.recipients.map((x: { role: string }) => x.role)).toEqual(['platform', 'bidder']);

    const i = JSON.parse(run(['inspect', '--json', p('a.p7m')]).stdout);
    expect(i).toMatchObject({ kind: 'envelope', type: 'EnvelopedData', profile: 'gmt0010', cipher: 'sm4-cbc', size: r.bytes });
    expect(i.recipients).toHaveLength(2);
    expect(run(['inspect', p('a.p7m')]).stdout).toMatch(/recipient: .*平台加密证书|recipient: .*serial 6101/);
    // a copy cut short is reported and the exit status says so; so are bytes after the message
    const whole = readFileSync(p('a.p7m'));
    writeFileSync(p('cut.p7m'), whole.subarray(0, whole.length - 100));
    const cut = run(['inspect', p('cut.p7m')]);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/incomplete, cut short|文件不完整/);
    expect(JSON.parse(run(['inspect', '--json', p('cut.p7m')]).stdout).incomplete).toMatchObject({ reason: 'truncated' });
    writeFileSync(p('tail.p7m'), Buffer.concat([whole, Buffer.from('junk')]));
    expect(run(['inspect', p('tail.p7m')]).code).toBe(1);
    expect(run(['inspect', p('a.p7m')]).code).toBe(0);

    const o = run(['open', p('a.p7m'), '--identity', id('platform'), '-o', p('out-a')]);
    expect(o.stderr).toBe('');
    expect(o.stdout).toMatch(/bottom line: valid/);
    for (const d of fx.docs) expect(Buffer.compare(readFileSync(path.join(p('out-a'), path.basename(d))), readFileSync(d))).toBe(0);
    expect(run(['bid', 'verify', r.backup.path]).code).toBe(0);
  });

  it('a wrong identity lists the recipients and leaves no files', () => {
    const o = run(['open', '--json', p('a.p7m'), '--identity', id('outsider'), '-o', p('out-x')]);
    expect(o.code).toBe(1);
    expect(o.stderr).toMatch(/^E_NOT_A_RECIPIENT/);
    expect(JSON.parse(o.stdout).error.details.recipients.join('\n')).toMatch(/6101/);
    expect(existsSync(p('out-x'))).toBe(false); // not even an empty folder
  });

  it('a flipped bit or a truncated file gives a typed error and no output', () => {
    for (const f of damagedCopies(p('a.p7m'), { fromEnd: 300, bit: 0x10, cut: 1000 })) {
      const o = run(['open', p(f), '--identity', id('bidderEnc'), '-o', p(`out-${f}`)]);
      expect(o.code).toBe(1);
      expect(o.stderr).toMatch(/^E_(BAD_PADDING|TRUNCATED|ZIP_CORRUPT|BID_PACKAGE_INVALID|ENVELOPE_CORRUPT)/);
      expect(existsSync(p(`out-${f}`))).toBe(false);
    }
    // a folder that existed before stays, empty
    mkdirSync(p('out-mine'));
    expect(run(['open', p('flip.p7m'), '--identity', id('bidderEnc'), '-o', p('out-mine')]).code).toBe(1);
    expect(left(p('out-mine'))).toEqual([]);
  });

  it('custody: threshold:2 of three parties opens with two, not with one; joint needs both', () => {
    const s = run(['seal', ...fx.docs, '--recipient', fx.cert('platform'), '--recipient', fx.cert('tenderer'), '--bidder-cert', fx.cert('bidderEnc'), '--custody', 'threshold:2', '--opening', soon(20), ...meta(), '-o', p('t.p7m')]);
    expect(s.stderr).toMatch(/PASS custody/);
    expect(s.code).toBe(0);
    expect(JSON.parse(run(['inspect', '--json', p('t.p7m')]).stdout)).toMatchObject({ kind: 'custody', custody: 'threshold', k: 2, n: 3 });
    const one = run(['open', p('t.p7m'), '--identity', id('platform'), '-o', p('out-t1')]);
    expect(one.stderr).toMatch(/^E_CUSTODY_INSUFFICIENT/);
    expect(existsSync(p('out-t1'))).toBe(false);
    const two = run(['open', p('t.p7m'), '--identity', id('tenderer'), '--identity', id('bidderEnc'), '-o', p('out-t2')]);
    expect(two.stdout).toMatch(/bottom line: valid/);

    expect(run(['seal', ...fx.docs, '--recipient', fx.cert('platform'), '--bidder-cert', fx.cert('bidderEnc'), '--custody', 'joint', '--opening', soon(20), ...meta(), '-o', p('j.p7m')]).code).toBe(0);
    expect(run(['open', p('j.p7m'), '--identity', id('bidderEnc'), '-o', p('out-j1')]).stderr).toMatch(/^E_CUSTODY_INSUFFICIENT/);
    expect(run(['open', p('j.p7m'), '--identity', id('bidderEnc'), '--identity', id('platform'), '-o', p('out-j2')]).code).toBe(0);
    // custody bidder: only the bidder's own key opens
    expect(run(['seal', ...fx.docs, '--recipient', fx.cert('platform'), '--bidder-cert', fx.cert('bidderEnc'), '--custody', 'bidder', '--opening', soon(20), ...meta(), '-o', p('b.p7m')]).code).toBe(0);
    expect(JSON.parse(run(['inspect', '--json', p('b.p7m')]).stdout).recipients).toHaveLength(1);
    expect(run(['open', p('b.p7m'), '--identity', id('platform'), '-o', p('out-b')]).stderr).toMatch(/^E_NOT_A_RECIPIENT/);
  });

  it('pre-flight refuses the bidder\'s encryption certificate expiring before the opening; nothing is written', () => {
    const s = run(['seal', ...fx.docs, '--recipient', fx.cert('platform'), '--bidder-cert', fx.cert('short'), '--opening', soon(10), '--backup', p('bk2'), ...meta(), '-o', p('short.p7m')]);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/FAIL recipientValidAtOpening — 即将到期的加密证书/);
    expect(s.stderr).toMatch(/FAIL bidderRenewal/);
    expect(s.stderr).toMatch(/E_CERT_EXPIRES_BEFORE_OPENING/);
    expect(existsSync(p('short.p7m'))).toBe(false);
    expect(left(p('bk2'))).toEqual([]);
    // a signing certificate as recipient
    const w = run(['seal', ...fx.docs, '--recipient', fx.cert('sign'), '--opening', soon(10), ...meta(), '-o', p('w.p7m')]);
    expect(w.stderr).toMatch(/FAIL recipientUsage/);
    expect(existsSync(p('w.p7m'))).toBe(false);
  });

  it('--platform takes cipher, recipients and custody from the platform directory', async () => {
    // a platform encryption certificate issued by a CA (the directory refuses self-signed CA-like ones)
    openssl(['genpkey', '-algorithm', 'SM2', '-out', p('pl.key')]);
    openssl(['req', '-new', '-key', p('pl.key'), '-subj', '/C=CN/O=测试交易平台/CN=测试平台加密', '-utf8', '-out', p('pl.csr')]);
    writeFileSync(p('pl.ext'), 'keyUsage=critical,keyEncipherment\nbasicConstraints=CA:FALSE\n');
    openssl(['x509', '-req', '-in', p('pl.csr'), '-CA', fx.cert('tenderer'), '-CAkey', fx.key('tenderer'), '-sm3', '-sigopt', 'distid:1234567812345678', '-set_serial', '0x9901', '-days', '90', '-extfile', p('pl.ext'), '-out', p('pl.crt')]);
    const plat = await addCustomPlatform(dataDir, { name: { zh: '测试交易平台' }, encryptionCertificates: [readFileSync(p('pl.crt'), 'utf8')], envelope: { cipher: 'sm4-gcm', recipientId: 'ski' } });
    const s = run(['seal', ...fx.docs, '--json', '--platform', plat.id, '--bidder-cert', fx.cert('bidderEnc'), '--opening', soon(20), ...meta(), '-o', p('pl.p7m')]);
    expect(s.stderr).toBe('');
    // the profile's gm flavour (the default) cannot apply to a GCM envelope: only manifest.p7s is GM/T 0010
    expect(JSON.parse(s.stdout)).toMatchObject({ cipher: 'sm4-gcm', manifest: { platformId: plat.id }, flavour: { envelope: 'rfc5652', signature: 'gm' } });
    const i = JSON.parse(run(['inspect', '--json', p('pl.p7m')]).stdout);
    expect(i).toMatchObject({ type: 'AuthEnvelopedData', cipher: 'sm4-gcm' });
    expect(i.recipients.map((r: { idType: string }) => r.idType)).toEqual(['ski', 'ski']);
    expect(run(['open', p('pl.p7m'), '--identity', id('bidderEnc'), '-o', p('out-pl')]).code).toBe(0);
    expect(run(['open', p('pl.p7m'), '--identity', `${p('pl.key')},${p('pl.crt')}`, '-o', p('out-pl2')]).code).toBe(0);
    const u = run(['seal', ...fx.docs, '--platform', 'no-such-platform', '--opening', soon(20), ...meta(), '-o', p('u.p7m')]);
    expect(u.stderr).toMatch(/^E_PLATFORM_UNKNOWN/);
  });

  it('usage errors name what is missing', () => {
    expect(run(['seal', ...fx.docs, '--recipient', fx.cert('platform'), ...meta(), '-o', p('x.p7m')]).stderr).toMatch(/--opening/);
    expect(run(['seal', ...fx.docs, '--opening', soon(3), ...meta(), '-o', p('x.p7m')]).stderr).toMatch(/--recipient CERT\.\.\. or --platform ID/);
    expect(run(['seal', ...fx.docs, '--recipient', fx.cert('platform'), '--custody', '2-of-3', '--opening', soon(3), ...meta(), '-o', p('x.p7m')]).code).toBe(2);
    expect(run(['seal', ...fx.docs, '--recipient', fx.cert('platform'), '--flavour', 'pkcs7', '--opening', soon(3), ...meta(), '-o', p('x.p7m')]).stderr).toMatch(/--flavour must be gm\|rfc5652/);
    // asked for explicitly, gm is refused with a GCM cipher before anything is written
    const g = run(['seal', ...fx.docs, '--recipient', fx.cert('platform'), '--flavour', 'gm', '--cipher', 'sm4-gcm', '--opening', soon(3), ...meta(), '-o', p('x.p7m')]);
    expect(g.stderr).toMatch(/^E_CMS_FLAVOUR_UNSUITABLE/m);
    expect(existsSync(p('x.p7m'))).toBe(false);
  });
});

describe.skipIf(!hasOpenssl)('bidseal cms: OpenSSL interop both ways', () => {
  let f: Fixtures;
  const msg = pseudoRandom(70_001, 5);
  const p = (n: string) => path.join(f.dir, n);
  beforeAll(() => {
    f = makeFixtures(['rsa', 'ec256', 'sm2b']);
    writeFileSync(p('msg.bin'), msg);
  });
  afterAll(() => f?.cleanup());
  const same = (file: string) => Buffer.compare(readFileSync(file), Buffer.from(msg)) === 0;

  it.each([
    ['rsa', 'oaep', 'aes-256-cbc'],
    ['rsa', 'pkcs1', 'aes-256-gcm'],
    ['ec256', 'oaep', 'aes-256-cbc'],
    ['ec256', 'oaep', 'sm4-cbc'],
  ] as const)('`openssl cms -decrypt` opens what `bidseal cms encrypt` wrote to %s (%s, %s)', (n, pad, cipher) => {
    const out = p(`ours-${n}-${pad}-${cipher}.der`);
    const e = bidseal(['cms', 'encrypt', p('msg.bin'), '--recipient', f.certPath(n), '--cipher', cipher, '--rsa-padding', pad, '-o', out]);
    expect(e.stderr).toBe('');
    openssl(['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', out, '-recip', f.certPath(n), '-inkey', f.keyPath(n), '-out', `${out}.txt`]);
    expect(same(`${out}.txt`)).toBe(true);
  });

  it.each([
    ['rsa', '-aes256'],
    ['rsa', '-sm4-cbc'],
  ])('`bidseal cms decrypt` opens `openssl cms -encrypt` to %s with %s', (n, cipher) => {
    const env = p(`ossl-${n}${cipher}.der`);
    openssl(['cms', '-encrypt', '-binary', '-outform', 'DER', cipher, '-in', p('msg.bin'), '-out', env, f.certPath(n as 'rsa')]);
    const d = bidseal(['cms', 'decrypt', env, '--identity', `${f.keyPath(n as 'rsa')},${f.certPath(n as 'rsa')}`, '-o', `${env}.out`]);
    expect(d.stderr).toBe('');
    expect(same(`${env}.out`)).toBe(true);
  });

  it('SM2: GM/T 0010 envelope round trip; a wrong identity lists the recipient; a truncated file leaves no output', () => {
    const env = p('sm2.der');
    expect(bidseal(['cms', 'encrypt', p('msg.bin'), '--recipient', f.certPath('sm2b'), '-o', env]).code).toBe(0);
    expect(JSON.parse(bidseal(['inspect', '--json', env]).stdout)).toMatchObject({ profile: 'gmt0010', cipher: 'sm4-cbc' });
    expect(bidseal(['cms', 'decrypt', env, '--identity', `${f.keyPath('sm2b')},${f.certPath('sm2b')}`, '-o', p('sm2.out')]).code).toBe(0);
    expect(same(p('sm2.out'))).toBe(true);
    const w = bidseal(['cms', 'decrypt', env, '--identity', `${f.keyPath('rsa')},${f.certPath('rsa')}`, '-o', p('w.out')]);
    expect(w.stderr).toMatch(/^E_NOT_A_RECIPIENT/);
    writeFileSync(p('cut.der'), readFileSync(env).subarray(0, 40_000));
    const c = bidseal(['cms', 'decrypt', p('cut.der'), '--identity', `${f.keyPath('sm2b')},${f.certPath('sm2b')}`, '-o', p('cut.out')]);
    expect(c.stderr).toMatch(/^E_TRUNCATED/);
    expect(existsSync(p('cut.out')) || existsSync(p('cut.out.partial')) || existsSync(p('w.out'))).toBe(false);
  });
});
