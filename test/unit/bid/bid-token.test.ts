// `bidseal bid open --token` with the encryption key on a USB key (SoftHSM2, RSA-2048: SoftHSM has no SM2
// and only SHA-1 OAEP, so the recipient is sealed with RSAES-PKCS1-v1_5): single custody, and joint custody
// of a token-held share plus a software-key share.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sealBid } from '../../../electron/services/bid-package';
import { bidseal } from '../../helpers/cli';
import { hasOpenssl } from '../../helpers/vectors';
import { createSoftHsmToken, softhsmSkip, type SoftHsmToken } from '../../helpers/softhsm';
import { USCC, makeBidFixtures, type BidFixtures } from './fixtures';

const meta = { tenderId: 'ZB-TOKEN-1', platformId: 'p', bidder: { name: '某某建设集团有限公司', uscc: USCC } };

describe.skipIf(!!softhsmSkip || !hasOpenssl)('bidseal bid open with a USB key (SoftHSM2)', () => {
  let token: SoftHsmToken;
  let env: Record<string, string>;
  let fx: BidFixtures;
  let uri: string;
  const p = (f: string) => path.join(fx.dir, f);
  beforeAll(async () => {
    token = createSoftHsmToken({ label: 'Bidder Key', pin: '123456' });
    env = Object.fromEntries(Object.entries(token.env).filter(([, v]) => v !== undefined)) as Record<string, string>;
    fx = await makeBidFixtures(['sign', 'tenderer', 'outsider']);
    const j = JSON.parse(bidseal(['token', 'list', '--json', '--module', token.modulePath], undefined, env).stdout);
    uri = j.slots[0].certificates.find((c: { label: string }) => c.label === token.rsa.label).uri;
  }, 60_000);
  afterAll(() => {
    token?.cleanup();
    fx?.cleanup();
  });

  it('opens a bid sealed to the token\'s RSA certificate, the PIN read from standard input', async () => {
    await sealBid({ files: fx.docs, meta, signer: await fx.signer(), recipients: [{ certificate: new Uint8Array(token.rsa.certDer), rsaPadding: 'pkcs1' }, fx.certDer('tenderer')] }, p('t.bid'));
    const o = bidseal(['bid', 'open', '--token', uri, '--module', token.modulePath, '--pin-stdin', '--json', '--out-dir', p('out'), p('t.bid')], Buffer.from('123456\n'), env);
    expect(o.stderr).toBe('');
    expect(JSON.parse(o.stdout).report.bottomLine).toBe('valid');
    for (const d of fx.docs) expect(Buffer.compare(readFileSync(path.join(p('out'), path.basename(d))), readFileSync(d))).toBe(0);
    const bad = bidseal(['bid', 'open', '--token', uri, '--module', token.modulePath, '--pin-stdin', '--out-dir', p('out-bad'), p('t.bid')], Buffer.from('000000\n'), env);
    expect(bad.stderr).toMatch(/^E_PIN_INCORRECT/);
    expect(existsSync(p('out-bad')) ? readdirSync(p('out-bad')) : []).toEqual([]);
  });

  it('joint custody: the token share plus the tenderer\'s key file open it; the token alone does not', async () => {
    await sealBid({ files: fx.docs, meta, signer: await fx.signer(), recipients: [{ certificate: new Uint8Array(token.rsa.certDer), rsaPadding: 'pkcs1', label: 'bidder' }, { certificate: fx.certDer('tenderer'), label: 'tenderer' }], custody: { kind: 'joint' } }, p('j.bid'));
    const one = bidseal(['bid', 'open', '--token', uri, '--module', token.modulePath, '--pin-stdin', '--out-dir', p('j1'), p('j.bid')], Buffer.from('123456\n'), env);
    expect(one.stderr).toMatch(/^E_CUSTODY_INSUFFICIENT: .*tenderer/);
    const both = bidseal(['bid', 'open', '--token', uri, '--module', token.modulePath, '--pin-stdin', '--key', fx.key('tenderer'), '--cert', fx.cert('tenderer'), '--out-dir', p('j2'), p('j.bid')], Buffer.from('123456\n'), env);
    expect(both.stderr).toBe('');
    expect(readdirSync(p('j2'))).toHaveLength(3);
  });
});
