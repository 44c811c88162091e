// `bidseal bid open --identity pkcs11:…` with the encryption key on a USB key (SoftHSM2, RSA-2048: SoftHSM
// has no SM2 and only SHA-1 OAEP, so the recipient is sealed with RSAES-PKCS1-v1_5): single custody, and
// joint custody of a token-held share plus a software-key share.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sealBid } from '../../../electron/services/bid/package';
import { hasOpenssl } from '../../helpers/vectors';
import { softhsmSkip } from '../../helpers/softhsm';
import { useBidToken } from '../../helpers/bid-token';
import { USCC } from './fixtures';

const meta = { tenderId: 'ZB-TOKEN-1', platformId: 'p', bidder: { name: '某某建设集团有限公司', uscc: USCC } };

describe.skipIf(!!softhsmSkip || !hasOpenssl)('bidseal bid open with a USB key (SoftHSM2)', () => {
  const t = useBidToken(['sign', 'tenderer', 'outsider']);

  it('opens a bid sealed to the token\'s RSA certificate, the PIN read from standard input', async () => {
    const { fx, token, uri, p, run } = t;
    await sealBid({ files: fx.docs, meta, signer: await fx.signer(), recipients: [{ certificate: new Uint8Array(token.rsa.certDer), rsaPadding: 'pkcs1' }, fx.certDer('tenderer')] }, p('t.bid'));
    const o = run(['bid', 'open', '--identity', uri, '--json', '-o', p('out'), p('t.bid')]);
    expect(o.stderr).toBe('');
    expect(JSON.parse(o.stdout).report.bottomLine).toBe('valid');
    for (const d of fx.docs) expect(Buffer.compare(readFileSync(path.join(p('out'), path.basename(d))), readFileSync(d))).toBe(0);
    const bad = run(['bid', 'open', '--identity', uri, '-o', p('out-bad'), p('t.bid')], '000000');
    expect(bad.stderr).toMatch(/^E_PIN_INCORRECT/);
    expect(existsSync(p('out-bad')) ? readdirSync(p('out-bad')) : []).toEqual([]);
  });

  it('joint custody: the token share plus the tenderer\'s key file open it; the token alone does not', async () => {
    const { fx, token, uri, p, run } = t;
    await sealBid({ files: fx.docs, meta, signer: await fx.signer(), recipients: [{ certificate: new Uint8Array(token.rsa.certDer), rsaPadding: 'pkcs1', label: 'bidder' }, { certificate: fx.certDer('tenderer'), label: 'tenderer' }], custody: { kind: 'joint' } }, p('j.bid'));
    const one = run(['bid', 'open', '--identity', uri, '-o', p('j1'), p('j.bid')]);
    expect(one.stderr).toMatch(/^E_CUSTODY_INSUFFICIENT: .*tenderer/);
    const both = run(['bid', 'open', '--identity', uri, '--identity', `${fx.key('tenderer')},${fx.cert('tenderer')}`, '-o', p('j2'), p('j.bid')]);
    expect(both.stderr).toBe('');
    expect(readdirSync(p('j2'))).toHaveLength(3);
  });
});
