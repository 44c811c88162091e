// The CMS flavour of a sealed bid (docs/formats/bid-package.md): 'gm' writes GM/T 0010 OIDs in the envelope and in
// manifest.p7s, 'rfc5652' the RFC 5652 ones; both open and verify with our own reader. Cross-checked with
// `openssl asn1parse` (the OIDs as an independent parser reads them) and, for rfc5652, `openssl cms -decrypt`
// with the RSA recipient (OpenSSL 3.0's cms has no SM2 key transport: the SM2 recipient is checked by our
// opener only; its `cms -verify` does not apply the SM2 default ID, so manifest.p7s is verified by our opener and
// its OIDs by asn1parse). 'gm' with an RSA recipient or a GCM cipher is refused before anything is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { inspectBid, inspectionView, openBid, sealBid, type SealBidOptions } from '../../../electron/services/bid/package';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { codeOfAsync } from '../envelope/fixtures';
import { USCC, makeBidFixtures, type BidFixtures } from './fixtures';

const meta = { tenderId: 'JS-2026-0077', platformId: 'jszbzx', bidder: { name: '某某建设集团有限公司', uscc: USCC } };
const GM = { signedData: '1.2.156.10197.6.1.4.2.2', data: '1.2.156.10197.6.1.4.2.1', envelopedData: '1.2.156.10197.6.1.4.2.3' };
const RFC = { signedData: 'pkcs7-signedData', data: 'pkcs7-data', envelopedData: 'pkcs7-envelopedData' };

describe.skipIf(!hasOpenssl)('sealed bids in both CMS flavours', () => {
  let fx: BidFixtures;
  const p = (f: string) => path.join(fx.dir, f);
  const opts = async (extra: Partial<SealBidOptions>): Promise<SealBidOptions> => ({ files: fx.docs, meta, signer: await fx.signer(), recipients: [fx.certDer('platform')], ...extra });
  /** the OBJECT lines of `openssl asn1parse`, in order */
  const oids = (file: string) =>
    openssl(['asn1parse', '-inform', 'DER', '-in', file])
      .toString()
      .split('\n')
      .filter((l) => /prim: OBJECT\s+:/.test(l))
      .map((l) => l.replace(/.*prim: OBJECT\s+:/, '').trim());
  /** manifest.p7s out of the backup copy (the same package the envelope carries) */
  const p7sOf = (zip: string, out: string) => {
    execFileSync('unzip', ['-o', '-q', zip, 'manifest.p7s', '-d', out]);
    return path.join(out, 'manifest.p7s');
  };
  /** `NAME.bid` (its envelope) and manifest.p7s of `NAME.zip` carry `own`'s OIDs, not `other`'s; the latter's OIDs */
  const expectOids = (name: string, own: typeof GM, other: typeof GM) => {
    const env = oids(p(`${name}.bid`));
    expect(env[0]).toBe(own.envelopedData);
    expect(env).toContain(own.data);
    expect(env).not.toContain(other.envelopedData);
    const sig = oids(p7sOf(p(`${name}.zip`), p(`${name}-x`)));
    expect(sig[0]).toBe(own.signedData);
    expect(sig).not.toContain(other.data);
    return sig;
  };

  beforeAll(async () => {
    fx = await makeBidFixtures(['sign', 'platform', 'escrow', 'outsider']);
  }, 60_000);
  afterAll(() => fx?.cleanup());

  it('gm: GM/T 0010 OIDs in the envelope and in manifest.p7s; opens and verifies; inspect says gm', async () => {
    const r = await sealBid(await opts({ flavour: 'gm', backupPath: p('gm.zip') }), p('gm.bid'));
    expect(r.flavour).toEqual({ envelope: 'gm', signature: 'gm' });
    const sig = expectOids('gm', GM, RFC);
    expect(sig[1]).toBe('sm3');
    expect(sig[2]).toBe(GM.data); // eContentType
    expect(sig).toContain(GM.data);
    const o = await openBid(p('gm.bid'), await fx.decrypter('platform'), p('gm-out'));
    expect(o.report.signature?.intact).toBe(true);
    expect(o.report.bottomLine).toBe('valid');
    expect(inspectionView(await inspectBid(p('gm.bid')))).toMatchObject({ flavour: 'gm', profile: 'gmt0010' });
  });

  it('rfc5652: RFC 5652 OIDs; OpenSSL cms decrypts it with the RSA recipient; our opener with the SM2 one', async () => {
    const r = await sealBid(await opts({ flavour: 'rfc5652', recipients: [fx.certDer('platform'), fx.certDer('escrow')], backupPath: p('rfc.zip') }), p('rfc.bid'));
    expect(r.flavour).toEqual({ envelope: 'rfc5652', signature: 'rfc5652' });
    expectOids('rfc', RFC, GM);
    openssl(['cms', '-decrypt', '-inform', 'DER', '-in', p('rfc.bid'), '-recip', fx.cert('escrow'), '-inkey', fx.key('escrow'), '-out', p('rfc-openssl.zip')]);
    expect(Buffer.compare(readFileSync(p('rfc-openssl.zip')), readFileSync(p('rfc.zip')))).toBe(0);
    for (const who of ['platform', 'escrow'] as const) {
      const o = await openBid(p('rfc.bid'), await fx.decrypter(who), p(`rfc-out-${who}`));
      expect(o.report.bottomLine).toBe('valid');
    }
    expect(inspectionView(await inspectBid(p('rfc.bid')))).toMatchObject({ flavour: 'rfc5652', profile: 'rfc5652' });
  });

  it('gm is refused, before anything is written, with an RSA recipient or a GCM cipher', async () => {
    expect(await codeOfAsync(async () => sealBid(await opts({ flavour: 'gm', recipients: [fx.certDer('platform'), fx.certDer('escrow')], backupPath: p('no1.zip') }), p('no1.bid')))).toBe('E_CMS_FLAVOUR_UNSUITABLE');
    expect(await codeOfAsync(async () => sealBid(await opts({ flavour: 'gm', contentCipher: 'sm4-gcm' }), p('no2.bid')))).toBe('E_CMS_FLAVOUR_UNSUITABLE');
    for (const f of ['no1.bid', 'no1.zip', 'no2.bid']) expect(existsSync(p(f))).toBe(false);
  });

  it('a platform profile\'s gm (a preference) applies where it can: RFC 5652 envelope for an RSA recipient, GM/T 0010 manifest.p7s', async () => {
    const r = await sealBid(await opts({ flavour: 'gm', flavourStrict: false, recipients: [fx.certDer('platform'), fx.certDer('escrow')], backupPath: p('pref.zip') }), p('pref.bid'));
    expect(r.flavour).toEqual({ envelope: 'rfc5652', signature: 'gm' });
    expect(oids(p('pref.bid'))[0]).toBe(RFC.envelopedData);
    expect(oids(p7sOf(p('pref.zip'), p('pref-x')))[0]).toBe(GM.signedData);
    expect((await openBid(p('pref.bid'), await fx.decrypter('escrow'), p('pref-out'))).report.bottomLine).toBe('valid');
  });
});
