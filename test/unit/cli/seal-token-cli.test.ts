// `bidseal seal --self-check pkcs11:…` and `bidseal open --identity pkcs11:…` with the bidder's encryption key
// on a USB key (SoftHSM2, RSA-2048 sealed with RSAES-PKCS1-v1_5: SoftHSM has no SM2 and only SHA-1 OAEP),
// the PIN read from standard input; a wrong PIN leaves nothing behind.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hasOpenssl } from '../../helpers/vectors';
import { softhsmSkip } from '../../helpers/softhsm';
import { useBidToken } from '../../helpers/bid-token';
import { USCC } from '../bid/fixtures';

describe.skipIf(!!softhsmSkip || !hasOpenssl)('bidseal seal/open with the encryption key on a USB key (SoftHSM2)', () => {
  const t = useBidToken(['sign', 'platform']);

  it('seals with a test decryption on the token, then opens with it; a wrong PIN writes nothing', () => {
    const { fx, token, uri, p, run } = t;
    writeFileSync(p('token.crt'), token.rsa.certDer);
    const opening = new Date(Date.now() + 5 * 86400e3).toISOString();
    const s = run(['seal', ...fx.docs, '--json', '--signer', `${fx.key('sign')},${fx.cert('sign')}`, '--recipient', fx.cert('platform'), '--bidder-cert', p('token.crt'), '--rsa-padding', 'pkcs1', '--self-check', uri, '--opening', opening, '--tender', 'ZB-TOKEN-1', '--bidder', '某某建设集团有限公司', '--uscc', USCC, '-o', p('t.p7m')]);
    expect(s.stderr).toBe('');
    expect(JSON.parse(s.stdout).selfCheck).toMatchObject({ opened: true });
    const o = run(['open', p('t.p7m'), '--identity', uri, '--json', '-o', p('out')]);
    expect(o.stderr).toBe('');
    expect(JSON.parse(o.stdout).report.bottomLine).toBe('valid');
    for (const d of fx.docs) expect(Buffer.compare(readFileSync(path.join(p('out'), path.basename(d))), readFileSync(d))).toBe(0);
    const bad = run(['open', p('t.p7m'), '--identity', uri, '-o', p('out-bad')], '000000');
    expect(bad.stderr).toMatch(/^E_PIN_INCORRECT/);
    expect(existsSync(p('out-bad')) ? readdirSync(p('out-bad')) : []).toEqual([]);
  });
});
