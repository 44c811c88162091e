// GM/T 0016 blob layouts (right-aligned 64-byte coordinates, ULONG widths) and skf: URIs, pure.
import { describe, expect, it } from 'vitest';
import { eccCipherBlobFromCiphertext, eccCipherBlobToDer, eccPublicBlobToPoint, eccSignatureBlobToDer, parseNameList } from '../../../../electron/services/keys/skf/blobs';
import { formatSkfUri, parseSkfUri } from '../../../../electron/services/keys/skf/uri';
import { resolveSkfLibrary } from '../../../../electron/services/keys/skf/discovery';
import { resolveContainer } from '../../../../electron/services/keys/skf/carrier';
import * as sm2 from '../../../../shared/crypto/sm2';

describe('SKF blobs', () => {
  it('ECCSIGNATUREBLOB → DER, values right-aligned; a value wider than 256 bits is refused', () => {
    const blob = new Uint8Array(128);
    blob[63] = 0x05; // r = 5
    blob[127] = 0x80; // s = 128 (needs a leading zero in DER)
    expect(Buffer.from(eccSignatureBlobToDer(blob)).toString('hex')).toBe('3007020105020200' + '80');
    blob[0] = 1;
    expect(() => eccSignatureBlobToDer(blob)).toThrow(/256 bits/);
  });

  it('GM/T 0009 DER ↔ ECCCIPHERBLOB round trip, 4- and 8-byte ULONG', () => {
    const { publicKey } = sm2.generateKeyPair();
    const der = sm2.encrypt(new Uint8Array(16).fill(7), publicKey);
    for (const w of [4, 8] as const) {
      const blob = eccCipherBlobFromCiphertext(der, w);
      expect(blob.length).toBe(64 + 64 + 32 + w + 16);
      expect(blob.subarray(0, 32).every((b) => b === 0)).toBe(true);
      expect(Buffer.from(eccCipherBlobToDer(blob, w)).equals(Buffer.from(der))).toBe(true);
    }
    const raw = sm2.encrypt(new Uint8Array(16).fill(7), publicKey, { format: 'c1c3c2' });
    expect(eccCipherBlobFromCiphertext(raw).length).toBe(64 + 64 + 32 + 4 + 16);
  });

  it('ECCPUBLICKEYBLOB → uncompressed point; name lists', () => {
    const blob = new Uint8Array(4 + 128);
    blob[4 + 32] = 0xaa;
    blob[4 + 64 + 32] = 0xbb;
    const p = eccPublicBlobToPoint(blob);
    expect([p[0], p[1], p[33]]).toEqual([4, 0xaa, 0xbb]);
    expect(parseNameList(new TextEncoder().encode('A\0容器\0\0')).map((n) => n.text)).toEqual(['A', '容器']);
    // GBK bytes of 容器 (Windows vendor libraries) are decoded too
    expect(parseNameList(Uint8Array.from([0xc8, 0xdd, 0xc6, 0xf7, 0, 0]))[0].text).toBe('容器');
  });
});

describe('skf: URIs', () => {
  it('parses and formats, with percent-encoding and short forms', () => {
    const u = { module: '/usr/lib/libgm3000.1.0.so', device: 'Key 1', application: 'BIDSEAL', container: '某公司;签名' };
    const s = formatSkfUri(u);
    expect(s).toMatch(/^skf:module=\/usr\/lib\/libgm3000\.1\.0\.so;device=Key%201;/);
    expect(parseSkfUri(s)).toEqual(u);
    expect(parseSkfUri('skf:')).toEqual({});
    expect(parseSkfUri('skf:container=C1')).toEqual({ container: 'C1' });
    expect(() => parseSkfUri('skf:slot=1')).toThrow();
    expect(() => parseSkfUri('skf:container=a;container=b')).toThrow();
  });

  it('libraries are never loaded from the data folder', () => {
    expect(() => resolveSkfLibrary(process.execPath, { dataDir: '/' })).toThrow();
    expect(() => resolveSkfLibrary('/nonexistent/libskf.so')).toThrow();
  });
});

describe('SKF container lookup', () => {
  const ok = { name: 'SoftKey-1', applications: [{ name: 'BIDSEAL', containers: [{ name: 'BidKey', type: 'sm2' as const, signCert: 'AA==' }] }] };
  it('a key pulled out while its listing was read is E_TOKEN_REMOVED, a missing key E_TOKEN_NOT_PRESENT, a missing container E_NOT_FOUND', () => {
    const uri = parseSkfUri('skf:device=SoftKey-1;container=BidKey');
    expect(resolveContainer([ok], uri, 'sign').ref).toEqual({ device: 'SoftKey-1', application: 'BIDSEAL', container: 'BidKey' });
    expect(() => resolveContainer([{ name: 'SoftKey-1', applications: [], error: 'E_TOKEN_REMOVED' }], uri, 'sign')).toThrow(expect.objectContaining({ code: 'E_TOKEN_REMOVED' }));
    expect(() => resolveContainer([], uri, 'sign')).toThrow(expect.objectContaining({ code: 'E_TOKEN_NOT_PRESENT' }));
    expect(() => resolveContainer([ok], parseSkfUri('skf:device=SoftKey-1;container=Other'), 'sign')).toThrow(expect.objectContaining({ code: 'E_NOT_FOUND' }));
  });
});
