// Bid packages and sealed bids through the service: one-pass package (ZIP + manifest + SM2 signature),
// sealing to SM2 and RSA recipients with the backup copy written at the same moment, pre-flight refusals,
// opening into a folder atomically, and hostile samples (flipped bits, truncation, wrong identity).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { inspectBid, openBid, preflightSeal, sealBid, verifyBidPackage, writeBidPackage, type SealBidOptions } from '../../../electron/services/bid/package';
import { hasOpenssl } from '../../helpers/vectors';
import { codeOfAsync } from '../envelope/fixtures';
import { USCC, makeBidFixtures, type BidFixtures } from './fixtures';

const meta = { tenderId: 'JS-2026-0042', lot: '第一标段', platformId: 'jszbzx', bidder: { name: '某某建设集团有限公司', uscc: USCC } };

describe.skipIf(!hasOpenssl)('bid packages and sealed bids', () => {
  let fx: BidFixtures;
  const p = (f: string) => path.join(fx.dir, f);
  const opts = async (extra: Partial<SealBidOptions> = {}): Promise<SealBidOptions> => ({
    files: fx.docs,
    meta,
    signer: await fx.signer(),
    recipients: [fx.certDer('platform'), readFileSync(fx.cert('bidderEnc'), 'utf8'), fx.certDer('escrow')],
    ...extra,
  });
  const left = (d: string) => (existsSync(d) ? readdirSync(d) : []);

  beforeAll(async () => {
    fx = await makeBidFixtures();
  }, 60_000);
  afterAll(() => fx?.cleanup());

  it('writes a package whose manifest lists each document with size, SM3 and SHA-256, signed by the signing certificate', async () => {
    const r = await writeBidPackage({ files: fx.docs, meta, signer: await fx.signer() }, p('pkg.zip'));
    expect(r.manifest.files.map((f) => f.name)).toEqual(['投标函.pdf', '技术标.pdf', '报价表.xlsx']);
    const sha = createHash('sha256').update(readFileSync(fx.docs[1])).digest('hex');
    const sm3 = createHash('sm3').update(readFileSync(fx.docs[1])).digest('hex');
    expect(r.manifest.files[1]).toEqual({ name: '技术标.pdf', size: 1_000_000, sm3, sha256: sha });
    const v = await verifyBidPackage(p('pkg.zip'));
    expect(v.bottomLine).toBe('valid');
    expect(v.manifestCanonical).toBe(true);
    expect(v.signature).toMatchObject({ intact: true, uscc: USCC, matchesBidder: true });
    expect(v.files.every((f) => f.verdict === 'ok')).toBe(true);
    // Info-ZIP sees the same documents
    const listing = execFileSync('unzip', ['-Z1', p('pkg.zip')], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toEqual(['投标函.pdf', '技术标.pdf', '报价表.xlsx', 'manifest.json', 'manifest.p7s']);
  });

  it('reports a changed document (signature intact) and a re-signed manifest by a different signature as such', async () => {
    const zip = readFileSync(p('pkg.zip'));
    // swap one data byte of 投标函.pdf and fix nothing: the ZIP CRC catches it first
    const t = Buffer.from(zip);
    t[200] ^= 1;
    writeFileSync(p('pkg-flip.zip'), t);
    expect(await codeOfAsync(() => verifyBidPackage(p('pkg-flip.zip')))).toBe('E_ZIP_CORRUPT');
    // a consistent ZIP with a different document under the signed manifest: rebuild with Python
    execFileSync('python3', ['-c', `
import sys, zipfile
src = zipfile.ZipFile(sys.argv[1]); dst = zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_STORED)
for i in src.infolist():
    d = src.read(i.filename)
    if i.filename == '报价表.xlsx': d = b'X' + d[1:]
    dst.writestr(i.filename, d)
dst.close()`, p('pkg.zip'), p('pkg-changed.zip')]);
    const v = await verifyBidPackage(p('pkg-changed.zip'));
    expect(v.bottomLine).toBe('changed');
    expect(v.files.find((f) => f.name === '报价表.xlsx')).toMatchObject({ verdict: 'changed', sm3: false, sha256: false });
  });

  it('seals to SM2 + RSA recipients and writes the backup copy at the same moment; the self-check passes', async () => {
    const r = await sealBid(await opts({ backupPath: p('backup.zip'), openingTime: new Date(Date.now() + 30 * 86400e3) }), p('bid.bid'));
    expect(r.selfCheck).toEqual({ recipientsListed: true, sizeConsistent: true });
    expect(r.recipients.map((x) => x.listed)).toEqual([true, true, true]);
    expect(statSync(p('backup.zip')).size).toBe(r.packageBytes);
    expect((await verifyBidPackage(p('backup.zip'))).bottomLine).toBe('valid');
    const i = await inspectBid(p('bid.bid'));
    expect(i.kind).toBe('envelope');
    expect(i.envelope!.profile).toBe('rfc5652'); // RSA recipient forces RFC 5652 OIDs
    expect(i.envelope!.recipients).toHaveLength(3);
    expect(left(fx.dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('opens with the platform key, the bidder key or the RSA escrow key; documents equal the originals', async () => {
    for (const who of ['platform', 'bidderEnc', 'escrow'] as const) {
      const out = p(`open-${who}`);
      const r = await openBid(p('bid.bid'), await fx.decrypter(who), out);
      expect(r.report.bottomLine).toBe('valid');
      expect(readdirSync(out).sort()).toEqual(['技术标.pdf', '投标函.pdf', '报价表.xlsx'].sort());
      for (const d of fx.docs) expect(Buffer.compare(readFileSync(path.join(out, path.basename(d))), readFileSync(d))).toBe(0);
    }
  });

  it('an SM2-only bid uses the GB/T 35275 profile; SM4-GCM gives AuthEnvelopedData', async () => {
    await sealBid(await opts({ recipients: [fx.certDer('platform'), fx.certDer('bidderEnc')] }), p('gm.bid'));
    expect((await inspectBid(p('gm.bid'))).envelope).toMatchObject({ profile: 'gmt0010', contentType: '1.2.156.10197.6.1.4.2.3' });
    await sealBid(await opts({ recipients: [fx.certDer('platform')], contentCipher: 'sm4-gcm' }), p('gcm.bid'));
    expect((await inspectBid(p('gcm.bid'))).envelope).toMatchObject({ type: 'AuthEnvelopedData', contentEncryption: { name: 'sm4-gcm' } });
    const r = await openBid(p('gcm.bid'), await fx.decrypter('platform'), p('open-gcm'));
    expect(r.files).toHaveLength(3);
  });

  it('a wrong identity gets E_NOT_A_RECIPIENT listing the recipients, and nothing is written', async () => {
    const out = p('open-outsider');
    const e = await openBid(p('bid.bid'), await fx.decrypter('outsider'), out).catch((x) => x);
    expect(e.code).toBe('E_NOT_A_RECIPIENT');
    expect(e.details.recipients).toHaveLength(3);
    expect(left(out)).toEqual([]);
  });

  it('a flipped bit or a truncated .bid gives a typed error and leaves no file behind', async () => {
    const sealed = readFileSync(p('bid.bid'));
    const cases: Array<[string, Buffer]> = [];
    for (const at of [sealed.length - 40, Math.floor(sealed.length / 2), sealed.length - 3000]) {
      const t = Buffer.from(sealed);
      t[at] ^= 0x10;
      cases.push([`flip@${at}`, t]);
    }
    cases.push(['truncated', sealed.subarray(0, sealed.length - 1000)], ['truncated-block', sealed.subarray(0, Math.floor(sealed.length / 2))]);
    for (const [name, bytes] of cases) {
      writeFileSync(p(`${name}.bid`), bytes);
      const out = p(`out-${name}`);
      const e = await openBid(p(`${name}.bid`), await fx.decrypter('platform'), out).catch((x) => x);
      expect(e?.code, name).toMatch(/^E_(BAD_PADDING|TRUNCATED|ENVELOPE_CORRUPT|ZIP_CORRUPT|BID_PACKAGE_INVALID|DECRYPT_FAILED|AUTH_TAG_MISMATCH)$/);
      expect(left(out), name).toEqual([]);
    }
  });

  it('pre-flight refuses a signing certificate as recipient, and an encryption certificate expiring before the opening, before writing anything', async () => {
    const o = await opts();
    expect(() => preflightSeal({ ...o, recipients: [fx.certDer('sign')] })).toThrow(expect.objectContaining({ code: 'E_CERT_NOT_FOR_ENCRYPTION' }));
    const opening = new Date(Date.now() + 10 * 86400e3);
    const e = await sealBid({ ...o, recipients: [fx.certDer('platform'), fx.certDer('short')], openingTime: opening, backupPath: p('never.zip') }, p('never.bid')).catch((x) => x);
    expect(e.code).toBe('E_CERT_EXPIRES_BEFORE_OPENING');
    expect(e.details).toMatchObject({ openingTime: opening.toISOString(), notAfter: expect.stringMatching(/^20\d\d-/) });
    expect(existsSync(p('never.bid')) || existsSync(p('never.bid.partial')) || existsSync(p('never.zip'))).toBe(false);
    // the same certificate is fine for an opening tomorrow
    await sealBid({ ...o, recipients: [fx.certDer('short')], openingTime: new Date(Date.now() + 86400e3) }, p('short.bid'));
    // the signing certificate must be valid now
    expect(() => preflightSeal({ ...o, now: new Date(Date.now() + 400 * 86400e3) })).toThrow(expect.objectContaining({ code: 'E_CERT_EXPIRED' }));
    // bad metadata
    expect(() => preflightSeal({ ...o, meta: { ...meta, bidder: { name: 'x', uscc: '91350100M000100Y44' } } })).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
  });

  it('cancelling leaves neither the sealed bid nor the backup', async () => {
    const ac = new AbortController();
    let seen = 0;
    const e = await sealBid(await opts({ backupPath: p('c.zip'), signal: ac.signal, onProgress: (_ph, done) => { seen = done; if (done > 300_000) ac.abort(); } }), p('c.bid')).catch((x) => x);
    expect(e.code).toBe('E_CANCELLED');
    expect(seen).toBeGreaterThan(0);
    expect(left(fx.dir).filter((f) => f.startsWith('c.'))).toEqual([]);
  });
});
