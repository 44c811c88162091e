// Platform profile → sealing options (shared/bid/platform-seal-options.ts) with literal profiles, and the
// pre-flight check list (shared/bid/preflight.ts) on certificates made by OpenSSL: what each custody name
// means, which recipients and algorithms a profile gives, and every check's verdict.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PlatformProfile, type PlatformProfileInput } from '../../../shared/platforms/profile';
import { parseCustodyChoice, platformSealOptions } from '../../../shared/bid/platform-seal-options';
import { preflightChecks } from '../../../shared/bid/preflight';
import { parseCertificate } from '../../../shared/pki/certificate';
import { hasOpenssl } from '../../helpers/vectors';
import { USCC, makeBidFixtures, type BidFixtures } from './fixtures';

const profile = (over: Partial<PlatformProfileInput> = {}, pem = 'PLATFORM-PEM') =>
  PlatformProfile.parse({
    id: 'jszbzx',
    name: { zh: '江苏省招标投标公共服务平台', en: 'Jiangsu' },
    region: { zh: '江苏省', en: 'Jiangsu' },
    kind: 'public-resource-trading',
    businessTypes: ['construction-tendering'],
    envelope: { cipher: 'sm4-gcm', recipientId: 'ski', rsaPadding: 'pkcs1' },
    recipients: [{ role: 'platform', label: '平台加密证书', certificatePem: pem }],
    upload: { maxBytes: 200 * 1024 * 1024 },
    ...over,
  });

describe('platformSealOptions', () => {
  it('takes cipher, recipient identifiers, RSA padding and the size limit from the profile; adds the bidder', () => {
    const o = platformSealOptions(profile(), { bidderEncryptionCert: 'BIDDER-PEM' });
    expect(o).toMatchObject({ platformId: 'jszbzx', contentCipher: 'sm4-gcm', recipientId: 'ski', rsaPadding: 'pkcs1', custody: { kind: 'single' }, maxBytes: 200 * 1024 * 1024 });
    expect(o.recipients.map((r) => [r.role, r.certificate, r.recipientId, r.rsaPadding])).toEqual([
      ['platform', 'PLATFORM-PEM', 'ski', 'pkcs1'],
      ['bidder', 'BIDDER-PEM', 'ski', 'pkcs1'],
    ]);
    // includeBidderRecipient false: the platform alone
    expect(platformSealOptions(profile({ envelope: { includeBidderRecipient: false } }), { bidderEncryptionCert: 'B' }).recipients.map((r) => r.role)).toEqual(['platform']);
  });

  it('custody names: bidder = own certificate only; joint = bidder and platform; threshold:K = any K of all', () => {
    expect(platformSealOptions(profile(), { bidderEncryptionCert: 'B', custody: 'bidder' })).toMatchObject({ custody: { kind: 'single' }, recipients: [{ role: 'bidder' }] });
    expect(platformSealOptions(profile(), { bidderEncryptionCert: 'B', custody: 'joint' })).toMatchObject({ custody: { kind: 'joint' }, recipients: [{ role: 'bidder' }, { role: 'platform' }] });
    const three = profile({ recipients: [{ role: 'platform', label: 'p', certificatePem: 'P' }, { role: 'tenderer', label: 't', certificatePem: 'T' }] });
    expect(platformSealOptions(three, { bidderEncryptionCert: 'B', custody: 'joint' }).custody).toEqual({ kind: 'threshold', k: 3 });
    expect(platformSealOptions(three, { bidderEncryptionCert: 'B', custody: { threshold: 2 } }).custody).toEqual({ kind: 'threshold', k: 2 });
    // the profile's own custody applies when the user says nothing
    expect(platformSealOptions(profile({ envelope: { custody: { kind: 'joint' } } }), { bidderEncryptionCert: 'B' }).custody).toEqual({ kind: 'joint' });
  });

  it('refuses custody that cannot work, with typed errors', () => {
    expect(() => platformSealOptions(profile(), { custody: 'bidder' })).toThrow(expect.objectContaining({ code: 'E_BID_NO_BIDDER_RECIPIENT' }));
    expect(() => platformSealOptions(profile(), { bidderEncryptionCert: 'B', custody: { threshold: 3 } })).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    expect(() => platformSealOptions(profile({ recipients: [] }), { bidderEncryptionCert: 'B' })).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    expect(parseCustodyChoice('threshold:2')).toEqual({ threshold: 2 });
    for (const bad of ['2-of-3', 'threshold:0', 'single', '']) expect(() => parseCustodyChoice(bad)).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
  });
});

describe.skipIf(!hasOpenssl)('preflightChecks', () => {
  let fx: BidFixtures;
  const cert = (p: Parameters<BidFixtures['cert']>[0]) => parseCertificate(readFileSync(fx.cert(p)));
  beforeAll(async () => {
    fx = await makeBidFixtures(['sign', 'bidderEnc', 'platform', 'short']);
  }, 60_000);
  afterAll(() => fx?.cleanup());
  const days = (n: number) => new Date(Date.now() + n * 86400e3);
  const status = (r: ReturnType<typeof preflightChecks>, id: string) => r.checks.filter((c) => c.id === id).map((c) => c.status);

  it('all pass for valid certificates, the bidder included, the signer matching the bidder', () => {
    const r = preflightChecks({ recipients: [{ cert: cert('platform'), role: 'platform' }, { cert: cert('bidderEnc'), role: 'bidder' }], signer: cert('sign'), bidderUscc: USCC, openingTime: days(20), custody: { kind: 'single' }, totalBytes: 1000, maxBytes: 10_000_000 });
    expect(r.ok).toBe(true);
    expect(r.checks.filter((c) => c.status !== 'pass')).toEqual([]);
  });

  it('fails an encryption certificate expiring before the opening, warns one expiring soon after, and flags the rest', () => {
    const r = preflightChecks({ recipients: [{ cert: cert('platform'), role: 'platform' }, { cert: cert('short'), role: 'bidder' }], signer: cert('bidderEnc'), bidderUscc: '91110000MA01ABCD1X', openingTime: days(10), custody: { kind: 'joint' }, totalBytes: 9_990_000, maxBytes: 10_000_000 });
    expect(r.ok).toBe(false);
    expect(status(r, 'recipientValidAtOpening')).toEqual(['pass', 'fail']);
    expect(status(r, 'bidderRenewal')).toEqual(['fail']);
    expect(status(r, 'signerUsage')).toEqual(['fail']);
    expect(status(r, 'signerMatchesBidder')).toEqual(['fail']);
    expect(status(r, 'size')).toEqual(['fail']);
    const soon = preflightChecks({ recipients: [{ cert: cert('short'), role: 'bidder' }], openingTime: days(1), custody: { kind: 'single' } });
    expect(status(soon, 'bidderRenewal')).toEqual(['warn']);
    expect(status(preflightChecks({ recipients: [{ cert: cert('platform'), role: 'platform' }], custody: { kind: 'single' } }), 'bidderRecipient')).toEqual(['warn']);
    expect(status(preflightChecks({ recipients: [{ cert: cert('sign'), role: 'platform' }], openingTime: days(-1), custody: { kind: 'single' } }), 'recipientUsage')).toEqual(['fail']);
  });
});
