// The sealing and opening pipeline (hash workers on another core while this thread encrypts or decrypts)
// writes bids that mean exactly what the inline reference path writes: the same manifest digests, package
// and sealed-file digests that OpenSSL recomputes, documents that OpenSSL decrypts and `unzip` extracts
// byte for byte — on documents of 0 and 1 byte, at chunk boundaries ±1 and random sizes, with small chunks.
// A worker that fails mid-stream leaves no output and a typed error; so does cancelling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import path from 'node:path';
import { openBid, sealBid, type SealBidOptions } from '../../../electron/services/bid/package';
import type { Hashing } from '../../../electron/services/bid/parallel-hash';
import { hasOpenssl } from '../../helpers/vectors';
import { USCC, makeBidFixtures, type BidFixtures } from './fixtures';

const CHUNK = 4096;
const meta = { tenderId: 'JS-2026-0077', platformId: 'jszbzx', bidder: { name: '某某建设集团有限公司', uscc: USCC } };
const digest = (alg: 'sm3' | 'sha256', b: Uint8Array) => createHash(alg).update(b).digest('hex');
const opensslDgst = (alg: 'sm3' | 'sha256', file: string) => execFileSync('openssl', ['dgst', `-${alg}`, '-r', file], { encoding: 'utf8' }).split(' ')[0];

describe.skipIf(!hasOpenssl)('sealing and opening pipeline (hash workers)', () => {
  let fx: BidFixtures;
  let docs: string[];
  const p = (f: string) => path.join(fx.dir, f);
  const opts = async (hashing: Hashing, extra: Partial<SealBidOptions> = {}): Promise<SealBidOptions> => ({
    files: docs,
    meta,
    signer: await fx.signer(),
    recipients: [fx.certDer('platform'), fx.certDer('escrow')],
    contentCipher: 'sm4-cbc',
    hashing,
    chunkSize: CHUNK,
    ...extra,
  });
  const left = (d: string) => (existsSync(d) ? readdirSync(d) : []);

  beforeAll(async () => {
    fx = await makeBidFixtures(['sign', 'platform', 'escrow']);
    const sizes = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK - 1, 2 * CHUNK + 1, randomInt(1, 60_000), randomInt(60_000, 300_000)];
    mkdirSync(p('docs'));
    docs = sizes.map((n, i) => {
      const f = p(`docs/d${i}-${n}.bin`);
      writeFileSync(f, randomBytes(n));
      return f;
    });
  }, 60_000);
  afterAll(() => fx?.cleanup());

  it('worker and inline seals agree, OpenSSL decrypts and recomputes every digest, and both open on either path', async () => {
    mkdirSync(p('w'));
    const w = await sealBid(await opts('worker', { selfCheckWith: [await fx.decrypter('platform')] }), p('w/bid.bid'));
    const i = await sealBid(await opts('inline'), p('w/ref.bid'));
    expect(w.selfCheck.opened).toBe(true);
    // the manifest's digests (computed in the worker) equal the reference path's and Node's OpenSSL's
    expect(w.manifest.files).toEqual(i.manifest.files);
    expect(w.manifest.files.map((f) => [f.size, f.sm3, f.sha256])).toEqual(docs.map((d) => readFileSync(d)).map((b) => [b.length, digest('sm3', b), digest('sha256', b)]));
    // the sealed file's digests, by `openssl dgst`
    expect([w.sm3, w.sha256]).toEqual([opensslDgst('sm3', p('w/bid.bid')), opensslDgst('sha256', p('w/bid.bid'))]);
    // OpenSSL opens what the pipeline wrote: the package's digests match, and unzip gives the documents
    execFileSync('openssl', ['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', p('w/bid.bid'), '-recip', fx.cert('escrow'), '-inkey', fx.key('escrow'), '-out', p('w/pkg.zip')]);
    expect([w.packageSm3, w.packageSha256, w.packageBytes]).toEqual([opensslDgst('sm3', p('w/pkg.zip')), opensslDgst('sha256', p('w/pkg.zip')), readFileSync(p('w/pkg.zip')).length]);
    execFileSync('unzip', ['-q', p('w/pkg.zip'), '-d', p('w/unzipped')]);
    for (const d of docs) expect(digest('sha256', readFileSync(p(`w/unzipped/${path.basename(d)}`)))).toBe(digest('sha256', readFileSync(d)));
    // each bid opens on each path, into the same documents
    for (const [bid, hashing] of [['bid', 'inline'], ['ref', 'worker']] as const) {
      const r = await openBid(p(`w/${bid}.bid`), await fx.decrypter('platform'), p(`w/open-${bid}`), { hashing, chunkSize: CHUNK });
      expect(r.report.bottomLine).toBe('valid');
      expect(r.report.files.map((f) => f.verdict)).toEqual(docs.map(() => 'ok'));
      for (const d of docs) expect(readFileSync(p(`w/open-${bid}/${path.basename(d)}`)).equals(readFileSync(d))).toBe(true);
    }
  }, 60_000);

  it('a hash worker that fails mid-stream leaves no sealed bid, no backup and no opened document, with E_BID_WORKER_FAILED', async () => {
    mkdirSync(p('f'));
    process.env.BIDSEAL_TEST_HASH_WORKER_FAIL_AFTER = '10000';
    try {
      await expect(sealBid(await opts('worker', { backupPath: p('f/backup.zip') }), p('f/bid.bid'))).rejects.toMatchObject({ code: 'E_BID_WORKER_FAILED' });
      expect(left(p('f'))).toEqual([]);
      delete process.env.BIDSEAL_TEST_HASH_WORKER_FAIL_AFTER;
      await sealBid(await opts('inline'), p('f/bid.bid'));
      process.env.BIDSEAL_TEST_HASH_WORKER_FAIL_AFTER = '10000';
      await expect(openBid(p('f/bid.bid'), await fx.decrypter('platform'), p('f/opened'), { hashing: 'worker', chunkSize: CHUNK })).rejects.toMatchObject({ code: 'E_BID_WORKER_FAILED' });
      expect(left(p('f'))).toEqual(['bid.bid']);
    } finally {
      delete process.env.BIDSEAL_TEST_HASH_WORKER_FAIL_AFTER;
    }
  }, 60_000);

  it('cancelling mid-stream stops the workers and leaves nothing', async () => {
    mkdirSync(p('c'));
    const ac = new AbortController();
    let n = 0;
    const run = sealBid(await opts('worker', { signal: ac.signal, onProgress: (phase) => void (phase === 'sealing' && ++n === 20 && ac.abort()) }), p('c/bid.bid'));
    await expect(run).rejects.toMatchObject({ code: 'E_CANCELLED' });
    expect(left(p('c'))).toEqual([]);
  }, 60_000);
});
