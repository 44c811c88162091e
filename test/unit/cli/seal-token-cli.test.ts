// `bidseal seal --self-check pkcs11:…` and `bidseal open --identity pkcs11:…` with the bidder's encryption key
// on a USB key (SoftHSM2, RSA-2048 sealed with RSAES-PKCS1-v1_5: SoftHSM has no SM2 and only SHA-1 OAEP),
// the PIN read from standard input; a wrong PIN leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bidseal } from '../../helpers/cli';
import { hasOpenssl } from '../../helpers/vectors';
import { createSoftHsmToken, softhsmSkip, type SoftHsmToken } from '../../helpers/softhsm';
import { USCC, makeBidFixtures, type BidFixtures } from '../bid/fixtures';

describe.skipIf(!!softhsmSkip || !hasOpenssl)('bidseal seal/open with the encryption key on a USB key (SoftHSM2)', () => {
  let token: SoftHsmToken;
  let env: Record<string, string>;
  let fx: BidFixtures;
  let uri: string;
  const p = (f: string) => path.join(fx.dir, f);
  beforeAll(async () => {
    token = createSoftHsmToken({ label: 'Bidder Key', pin: '123456' });
    fx = await makeBidFixtures(['sign', 'platform']);
    env = { ...(Object.fromEntries(Object.entries(token.env).filter(([, v]) => v !== undefined)) as Record<string, string>), BIDSEAL_DATA_DIR: path.join(fx.dir, 'data') };
    const j = JSON.parse(bidseal(['token', 'list', '--json', '--module', token.modulePath], undefined, env).stdout);
    uri = j.slots[0].certificates.find((c: { label: string }) => c.label === token.rsa.label).uri;
    writeFileSync(p('token.crt'), token.rsa.certDer);
  }, 60_000);
  afterAll(() => {
    token?.cleanup();
    fx?.cleanup();
  });

  it('seals with a test decryption on the token, then opens with it; a wrong PIN writes nothing', () => {
    const opening = new Date(Date.now() + 5 * 86400e3).toISOString();
    const s = bidseal(['seal', ...fx.docs, '--json', '--signer', `${fx.key('sign')},${fx.cert('sign')}`, '--recipient', fx.cert('platform'), '--bidder-cert', p('token.crt'), '--rsa-padding', 'pkcs1', '--self-check', uri, '--module', token.modulePath, '--pin-stdin', '--opening', opening, '--tender', 'ZB-TOKEN-1', '--bidder', '某某建设集团有限公司', '--uscc', USCC, '-o', p('t.p7m')], Buffer.from('123456\n'), env);
    expect(s.stderr).toBe('');
    expect(JSON.parse(s.stdout).selfCheck).toMatchObject({ opened: true });
    const o = bidseal(['open', p('t.p7m'), '--identity', uri, '--module', token.modulePath, '--pin-stdin', '--json', '-o', p('out')], Buffer.from('123456\n'), env);
    expect(o.stderr).toBe('');
    expect(JSON.parse(o.stdout).report.bottomLine).toBe('valid');
    for (const d of fx.docs) expect(Buffer.compare(readFileSync(path.join(p('out'), path.basename(d))), readFileSync(d))).toBe(0);
    const bad = bidseal(['open', p('t.p7m'), '--identity', uri, '--module', token.modulePath, '--pin-stdin', '-o', p('out-bad')], Buffer.from('000000\n'), env);
    expect(bad.stderr).toMatch(/^E_PIN_INCORRECT/);
    expect(existsSync(p('out-bad')) ? readdirSync(p('out-bad')) : []).toEqual([]);
  });
});
