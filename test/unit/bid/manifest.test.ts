// manifest.json (bidseal-bid/1): canonical bytes, schema refusals, liberal reading of non-canonical JSON.
import { describe, expect, it } from 'vitest';
import { canonicalJson, checkMeta, manifestBytes, parseManifest, type BidManifest } from '../../../shared/bid/manifest';
import { codeOf } from '../../helpers/errors';

const m: BidManifest = {
  format: 'bidseal-bid/1',
  tenderId: 'JS-2026-0042',
  lot: '第一标段',
  platformId: 'jszbzx',
  bidder: { name: '某某建设集团有限公司', uscc: '91350100M000100Y43' },
  files: [{ name: '投标函.pdf', size: 3, sm3: 'a'.repeat(64), sha256: 'b'.repeat(64) }],
  createdAt: '2026-11-24T09:30:12Z',
  bidsealVersion: '0.1.0',
};

describe('bid manifest', () => {
  it('is canonical JSON: sorted keys, no whitespace, the same bytes whatever the key order', () => {
    const text = new TextDecoder().decode(manifestBytes(m));
    expect(text.startsWith('{"bidder":{"name":"某某建设集团有限公司","uscc":"91350100M000100Y43"},"bidsealVersion":"0.1.0","createdAt"')).toBe(true);
    expect(JSON.stringify(JSON.parse(text))).toBe(text); // no insignificant whitespace
    const shuffled = JSON.parse(JSON.stringify({ files: m.files, format: m.format, createdAt: m.createdAt, bidsealVersion: m.bidsealVersion, tenderId: m.tenderId, lot: m.lot, platformId: m.platformId, bidder: m.bidder }));
    expect(Buffer.from(manifestBytes(shuffled)).equals(Buffer.from(manifestBytes(m)))).toBe(true);
    expect(canonicalJson({ b: [1, 'x"'], a: null })).toBe('{"a":null,"b":[1,"x\\""]}');
  });

  it('parses its own bytes as canonical and pretty-printed JSON as valid but not canonical', () => {
    expect(parseManifest(manifestBytes(m))).toEqual({ manifest: m, canonical: true });
    expect(parseManifest(new TextEncoder().encode(JSON.stringify(m, null, 2))).canonical).toBe(false);
  });

  it.each([
    ['unknown member', { ...m, extra: 1 }],
    ['wrong format', { ...m, format: 'bidseal-bid/2' }],
    ['bad USCC check character', { ...m, bidder: { ...m.bidder, uscc: '91350100M000100Y44' } }],
    ['uppercase hash', { ...m, files: [{ ...m.files[0], sm3: 'A'.repeat(64) }] }],
    ['zip-slip name', { ...m, files: [{ ...m.files[0], name: '../x.pdf' }] }],
    ['reserved name', { ...m, files: [{ ...m.files[0], name: 'manifest.p7s' }] }],
    ['duplicate name', { ...m, files: [m.files[0], m.files[0]] }],
    ['negative size', { ...m, files: [{ ...m.files[0], size: -1 }] }],
  ])('refuses a manifest with %s (E_BID_MANIFEST_INVALID)', (_n, bad) => {
    expect(codeOf(() => parseManifest(new TextEncoder().encode(JSON.stringify(bad))))).toBe('E_BID_MANIFEST_INVALID');
  });

  it('refuses bytes that are not UTF-8 JSON, and bad caller metadata with E_INVALID_ARGUMENT', () => {
    expect(codeOf(() => parseManifest(Uint8Array.of(0xff, 0x7b)))).toBe('E_BID_MANIFEST_INVALID');
    expect(codeOf(() => checkMeta({ tenderId: '', platformId: 'p', bidder: { name: 'n', uscc: '91350100M000100Y43' } }))).toBe('E_INVALID_ARGUMENT');
    expect(checkMeta({ tenderId: 't', platformId: 'p', bidder: { name: 'n', uscc: '91350100M000100Y43' } })).toMatchObject({ tenderId: 't' });
  });
});
