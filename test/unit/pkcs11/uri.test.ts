// RFC 7512 pkcs11: URIs: every example of RFC 7512 §3.3 parses (values checked for several), formatting
// round-trips, malformed URIs are E_INVALID_ARGUMENT, and slot matching follows "absent = any".
import { describe, expect, it } from 'vitest';
import { formatPkcs11Uri, parsePkcs11Uri, uriMatchesSlot } from '../../../electron/services/keys/pkcs11/uri';
import type { SlotDescription } from '../../../electron/services/keys/pkcs11/protocol';

const RFC_EXAMPLES = [
  'pkcs11:',
  'pkcs11:object=my-pubkey;type=public',
  'pkcs11:object=my-key;type=private?pin-source=file:/etc/token',
  'pkcs11:token=The%20Software%20PKCS%2311%20Softtoken;manufacturer=Snake%20Oil,%20Inc.;model=1.0;object=my-certificate;type=cert;id=%69%95%3E%5C%F4%BD%EC%91;serial=?pin-source=file:/etc/token_pin',
  'pkcs11:object=my-sign-key;type=private?module-name=mypkcs11',
  'pkcs11:object=my-sign-key;type=private?module-path=/mnt/libmypkcs11.so.1',
  'pkcs11:token=Software%20PKCS%2311%20softtoken;manufacturer=Snake%20Oil,%20Inc.?pin-value=the-pin',
  'pkcs11:slot-description=Sun%20Metaslot',
  'pkcs11:library-manufacturer=Snake%20Oil,%20Inc.;library-description=Soft%20Token%20Library;library-version=1.23',
  'pkcs11:token=My%20token%25%20created%20by%20Joe;library-version=3;id=%01%02%03%Ba%dd%Ca%fe%04%05%06',
  'pkcs11:token=A%20name%20with%20a%20substring%20%25%3B;object=my-certificate;type=cert',
  'pkcs11:token=Name%20with%20a%20small%20A%20with%20acute:%20%C3%A1;object=my-certificate;type=cert',
  'pkcs11:token=my-token;object=my-certificate;type=cert;vendor-aaa=value-a?pin-source=file:/etc/token_pin&vendor-bbb=value-b',
];

describe('RFC 7512 pkcs11: URIs', () => {
  it('parses every RFC 7512 example and each round-trips through format → parse', () => {
    for (const s of RFC_EXAMPLES) {
      const u = parsePkcs11Uri(s);
      expect(parsePkcs11Uri(formatPkcs11Uri(u))).toEqual(u);
    }
  });

  it('reads the RFC example values: percent-decoded text, id as raw bytes, empty serial kept', () => {
    const u = parsePkcs11Uri(RFC_EXAMPLES[3]);
    expect(u).toMatchObject({ token: 'The Software PKCS#11 Softtoken', manufacturer: 'Snake Oil, Inc.', model: '1.0', object: 'my-certificate', type: 'cert', serial: '', pinSource: 'file:/etc/token_pin' });
    expect(Buffer.from(u.id!).toString('hex')).toBe('69953e5cf4bdec91');
    expect(parsePkcs11Uri(RFC_EXAMPLES[9])).toMatchObject({ token: 'My token% created by Joe', libraryVersion: '3' });
    expect(Buffer.from(parsePkcs11Uri(RFC_EXAMPLES[9]).id!).toString('hex')).toBe('010203baddcafe040506');
    expect(parsePkcs11Uri(RFC_EXAMPLES[10]).token).toBe('A name with a substring %;');
    expect(parsePkcs11Uri(RFC_EXAMPLES[11]).token).toBe('Name with a small A with acute: á');
    expect(parsePkcs11Uri(RFC_EXAMPLES[5]).modulePath).toBe('/mnt/libmypkcs11.so.1');
    expect(parsePkcs11Uri(RFC_EXAMPLES[8])).toMatchObject({ libraryManufacturer: 'Snake Oil, Inc.', libraryDescription: 'Soft Token Library', libraryVersion: '1.23' });
    expect(parsePkcs11Uri(RFC_EXAMPLES[12])).toMatchObject({ vendorPath: [['vendor-aaa', 'value-a']], vendorQuery: [['vendor-bbb', 'value-b']] });
    expect(parsePkcs11Uri(RFC_EXAMPLES[0])).toEqual({});
  });

  it('formats canonically: examples already in canonical form come back byte for byte', () => {
    for (const s of [RFC_EXAMPLES[0], RFC_EXAMPLES[1], RFC_EXAMPLES[2], RFC_EXAMPLES[5], RFC_EXAMPLES[7], RFC_EXAMPLES[10], RFC_EXAMPLES[11], RFC_EXAMPLES[12]]) {
      expect(formatPkcs11Uri(parsePkcs11Uri(s))).toBe(s);
    }
    // id is always fully percent-encoded, upper-case hex; ";" "%" "/" "?" in path values are encoded
    expect(formatPkcs11Uri({ token: 'a;b%c/d?e', id: Uint8Array.from([0xba, 0x41]), slotId: '42', type: 'private' })).toBe('pkcs11:token=a%3Bb%25c%2Fd%3Fe;slot-id=42;type=private;id=%BA%41');
    expect(formatPkcs11Uri({ token: '测试', modulePath: 'C:\\Program Files\\x&y.dll' })).toBe('pkcs11:token=%E6%B5%8B%E8%AF%95?module-path=C:%5CProgram%20Files%5Cx%26y.dll');
  });

  it('rejects malformed URIs with E_INVALID_ARGUMENT', () => {
    for (const bad of ['pkcs12:token=x', 'pkcs11:token', 'pkcs11:token=a;token=b', 'pkcs11:type=key', 'pkcs11:slot-id=abc', 'pkcs11:token=a b', 'pkcs11:token=%FF', 'pkcs11:?pin-value=1&pin-value=2', 'pkcs11:library-version=1.2.3']) {
      expect(() => parsePkcs11Uri(bad), bad).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    }
  });

  it('matches slots: absent attributes match anything, present ones must be equal', () => {
    const slot: SlotDescription = { slotId: '7', description: 'Reader 0', manufacturer: 'ACME', tokenPresent: true, removable: true, token: { label: 'CA锁', manufacturer: 'Vendor', model: 'K3', serial: '0042', flags: 0, loginRequired: true, protectedAuthPath: false, tokenInitialized: true, pinState: 'ok' } };
    const lib = { cryptokiVersion: '2.40', manufacturer: 'Vendor', description: 'lib', libraryVersion: '1.23' };
    expect(uriMatchesSlot(parsePkcs11Uri('pkcs11:'), slot, lib)).toBe(true);
    expect(uriMatchesSlot(parsePkcs11Uri('pkcs11:token=CA%E9%94%81;serial=0042'), slot, lib)).toBe(true);
    expect(uriMatchesSlot(parsePkcs11Uri('pkcs11:token=CA%E9%94%81;serial=0043'), slot, lib)).toBe(false);
    expect(uriMatchesSlot(parsePkcs11Uri('pkcs11:slot-id=7;library-version=1'), slot, lib)).toBe(true);
    expect(uriMatchesSlot(parsePkcs11Uri('pkcs11:library-version=2'), slot, lib)).toBe(false);
    expect(uriMatchesSlot(parsePkcs11Uri('pkcs11:token=x'), { ...slot, token: undefined }, lib)).toBe(false);
  });
});
