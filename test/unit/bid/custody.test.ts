// The BIDSEAL-CUSTODY/1 layer: Shamir over GF(2^8) (any k shares rebuild, fewer do not), joint (2-of-2)
// and 2-of-3 custody through sealBid/openBid with real SM2 and RSA carriers, "still needed" lists, and
// wrong or tampered shares and payloads detected with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { keyCheck, shamirCombine, shamirSplit, CUSTODY_MAGIC } from '../../../shared/bid/custody';
import { inspectBid, openBid, sealBid } from '../../../electron/services/bid/package';
import { hasOpenssl } from '../../helpers/vectors';
import { pseudoRandom } from '../envelope/fixtures';
import { USCC, makeBidFixtures, type BidFixtures } from './fixtures';

const meta = { tenderId: 'ZB-2026-7', platformId: 'hn-ecp', bidder: { name: '某某建设集团有限公司', uscc: USCC } };

describe('Shamir secret sharing over GF(2^8)', () => {
  it('any k of n shares rebuild the secret; k-1 shares give something else', () => {
    const secret = pseudoRandom(32, 77);
    for (const [k, n] of [[2, 2], [2, 3], [3, 5], [5, 5]]) {
      const shares = shamirSplit(secret, k, n);
      // every k-subset
      const idx = [...Array(n).keys()];
      const subsets = (s: number[], m: number): number[][] => (m === 0 ? [[]] : s.flatMap((x, i) => subsets(s.slice(i + 1), m - 1).map((r) => [x, ...r])));
      for (const sub of subsets(idx, k)) expect(Buffer.from(shamirCombine(sub.map((i) => shares[i]))).equals(Buffer.from(secret))).toBe(true);
      expect(Buffer.from(shamirCombine(shares.slice(0, k - 1))).equals(Buffer.from(secret))).toBe(false);
    }
  });

  it('a changed share byte gives a key that fails the key check', () => {
    const ck = pseudoRandom(16, 3);
    const shares = shamirSplit(ck, 2, 3);
    shares[1].y[5] ^= 1;
    expect(Buffer.from(keyCheck(shamirCombine([shares[0], shares[1]]))).equals(Buffer.from(keyCheck(ck)))).toBe(false);
  });
});

describe.skipIf(!hasOpenssl)('custody: joint and threshold sealed bids', () => {
  let fx: BidFixtures;
  const p = (f: string) => path.join(fx.dir, f);
  const left = (d: string) => (existsSync(d) ? readdirSync(d) : []);
  beforeAll(async () => {
    fx = await makeBidFixtures(['sign', 'bidderEnc', 'tenderer', 'escrow', 'outsider']);
  }, 60_000);
  afterAll(() => fx?.cleanup());

  it('joint custody (bidder + tenderer, 2-of-2 XOR) opens with both keys and not with one', async () => {
    const r = await sealBid({ files: fx.docs, meta, signer: await fx.signer(), recipients: [{ certificate: fx.certDer('bidderEnc'), label: 'bidder' }, { certificate: fx.certDer('tenderer'), label: 'tenderer' }], custody: { kind: 'joint' } }, p('joint.bid'));
    expect(r.cipher).toBe('sm4-gcm');
    expect(readFileSync(p('joint.bid')).subarray(0, CUSTODY_MAGIC.length).toString()).toBe(CUSTODY_MAGIC);
    const i = await inspectBid(p('joint.bid'));
    expect(i.custody!.header).toMatchObject({ scheme: 'joint', k: 2, n: 2, cipher: 'sm4-gcm' });
    expect(i.custody!.parties.map((x) => x.label)).toEqual(['bidder', 'tenderer']);

    const both = await openBid(p('joint.bid'), [await fx.decrypter('bidderEnc'), await fx.decrypter('tenderer')], p('joint-out'));
    expect(both.report.bottomLine).toBe('valid');
    for (const d of fx.docs) expect(Buffer.compare(readFileSync(path.join(p('joint-out'), path.basename(d))), readFileSync(d))).toBe(0);

    const e = await openBid(p('joint.bid'), [await fx.decrypter('bidderEnc')], p('joint-one')).catch((x) => x);
    expect(e.code).toBe('E_CUSTODY_INSUFFICIENT');
    expect(e.details).toMatchObject({ k: 2, stillNeeded: 1 });
    expect(e.details.missing.join()).toContain('招标人加密证书');
    expect(left(p('joint-one'))).toEqual([]);
  });

  it('2-of-3 custody opens with any two parties (SM2 and RSA) and refuses one, naming who is still needed', async () => {
    await sealBid({ files: fx.docs, meta, signer: await fx.signer(), recipients: [fx.certDer('bidderEnc'), fx.certDer('tenderer'), fx.certDer('escrow')], custody: { kind: 'threshold', k: 2 }, contentCipher: 'aes-256-cbc' }, p('t.bid'));
    expect((await inspectBid(p('t.bid'))).custody!.header).toMatchObject({ scheme: 'threshold', k: 2, n: 3, cipher: 'aes-256-gcm' });
    for (const pair of [['bidderEnc', 'tenderer'], ['bidderEnc', 'escrow'], ['tenderer', 'escrow']] as const) {
      const r = await openBid(p('t.bid'), [await fx.decrypter(pair[0]), await fx.decrypter(pair[1])], p(`t-${pair.join('-')}`));
      expect(r.openedBy).toHaveLength(2);
    }
    const e = await openBid(p('t.bid'), [await fx.decrypter('escrow'), await fx.decrypter('outsider')], p('t-one')).catch((x) => x);
    expect(e.code).toBe('E_CUSTODY_INSUFFICIENT');
    expect(e.details.missing).toHaveLength(2);
    expect(left(p('t-one'))).toEqual([]);
  });

  it('a tampered share is detected (E_CUSTODY_SHARE_INVALID); a tampered payload fails its tag; nothing is written', async () => {
    const raw = readFileSync(p('joint.bid'));
    const hlen = raw.readUInt32BE(CUSTODY_MAGIC.length);
    const header = JSON.parse(raw.subarray(CUSTODY_MAGIC.length + 4, CUSTODY_MAGIC.length + 4 + hlen).toString());
    // flip a bit in the tenderer's share envelope ciphertext (its last bytes)
    const env = Buffer.from(header.shares[1].envelope, 'base64');
    env[env.length - 30] ^= 0x01;
    header.shares[1].envelope = env.toString('base64');
    const json = Buffer.from(JSON.stringify(header));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(json.length);
    writeFileSync(p('bad-share.bid'), Buffer.concat([Buffer.from(CUSTODY_MAGIC), len, json, raw.subarray(CUSTODY_MAGIC.length + 4 + hlen)]));
    const e = await openBid(p('bad-share.bid'), [await fx.decrypter('bidderEnc'), await fx.decrypter('tenderer')], p('bad-share')).catch((x) => x);
    expect(e.code).toBe('E_CUSTODY_SHARE_INVALID');
    expect(left(p('bad-share'))).toEqual([]);

    const t = Buffer.from(raw);
    t[t.length - 5000] ^= 0x80;
    writeFileSync(p('bad-payload.bid'), t);
    const e2 = await openBid(p('bad-payload.bid'), [await fx.decrypter('bidderEnc'), await fx.decrypter('tenderer')], p('bad-payload')).catch((x) => x);
    expect(e2.code).toMatch(/^E_(AUTH_TAG_MISMATCH|ZIP_CORRUPT)$/);
    expect(left(p('bad-payload'))).toEqual([]);
    writeFileSync(p('short.bid'), raw.subarray(0, raw.length - 10));
    const e3 = await openBid(p('short.bid'), [await fx.decrypter('bidderEnc'), await fx.decrypter('tenderer')], p('short')).catch((x) => x);
    expect(e3.code).toMatch(/^E_(AUTH_TAG_MISMATCH|ZIP_CORRUPT|TRUNCATED)$/);
    expect(left(p('short'))).toEqual([]);
  });

  it('refuses custody that does not fit the recipients', async () => {
    const e = await sealBid({ files: fx.docs, meta, signer: await fx.signer(), recipients: [fx.certDer('bidderEnc')], custody: { kind: 'joint' } }, p('x.bid')).catch((x) => x);
    expect(e.code).toBe('E_INVALID_ARGUMENT');
    const e2 = await sealBid({ files: fx.docs, meta, signer: await fx.signer(), recipients: [fx.certDer('bidderEnc'), fx.certDer('tenderer')], custody: { kind: 'threshold', k: 3 } }, p('x.bid')).catch((x) => x);
    expect(e2.code).toBe('E_INVALID_ARGUMENT');
    expect(existsSync(p('x.bid'))).toBe(false);
  });
});
