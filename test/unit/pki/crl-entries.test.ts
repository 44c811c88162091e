// The revoked entries of a CRL, read in place (shared/pki/crl.ts readRevoked): on CRLs built here with every
// kind of entry (serials with and without sign bytes, both time forms, no extensions, a lone reasonCode, a
// critical one, invalidityDate, certificateIssuer carried to the next entries, unknown critical and malformed
// extensions) each entry reads as built and as @peculiar/asn1-x509 (an independent parser) reads it; a
// malformed entry is E_BAD_ENCODING; a CRL of 100,000 entries reads whole.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificateList } from '@peculiar/asn1-x509';
import { bitString, boolean, concat, explicit, generalizedTime, integer, nullDer, octets, oid, seq, set, time, tlv, toHex, u8, utf8String } from '../../../shared/asn1';
import { parseCrlDer, type RevokedEntry } from '../../../shared/pki/crl';
import { codeOf } from '../../helpers/errors';

const REASONS = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'unused', 'removeFromCRL', 'privilegeWithdrawn', 'aACompromise'];
const name = (cn: string) => seq(set(seq(oid('2.5.4.3'), utf8String(cn))));
const ext = (id: string, value: Uint8Array, critical = false) => seq(oid(id), ...(critical ? [boolean(true)] : []), octets(value));
const reasonExt = (code: number, critical = false) => ext('2.5.29.21', tlv(0x0a, Uint8Array.of(code)), critical);

/** A CRL (unsigned: only parsing is tested) holding these encoded entries. */
function crlOf(entries: Uint8Array[]): Uint8Array {
  const alg = seq(oid('1.2.840.113549.1.1.11'), nullDer());
  const at = new Date(Date.UTC(2026, 0, 1));
  const tbs = seq(integer(1), alg, name('Test CA'), time(at), time(new Date(Date.UTC(2026, 1, 1))), seq(concat(entries)), explicit(0, seq(ext('2.5.29.20', integer(7)))));
  return seq(tbs, alg, bitString(new Uint8Array(32)));
}

interface Built {
  der: Uint8Array;
  serial: Uint8Array;
  date: Date;
  reason?: string;
  invalidity?: Date;
  issuer?: string;
  unknownCritical?: string[];
}

const serialArb = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 20 }).map((v) => (v[0] & 0x80 ? Uint8Array.of(0, ...v) : v[0] === 0 && v.length > 1 ? Uint8Array.of(1, ...v.subarray(1)) : v)),
  fc.uint8Array({ minLength: 1, maxLength: 4 }).map((v) => Uint8Array.of(0, 0, ...v)), // not minimal: kept byte for byte
);
const dateArb = fc.integer({ min: Date.UTC(1950, 0, 1) / 1000, max: Date.UTC(2200, 0, 1) / 1000 }).map((s) => new Date(s * 1000));
const kindArb = fc.constantFrom('none', 'reason', 'reason-critical', 'invalidity', 'issuer', 'unknown-critical', 'bad-reason', 'reason+invalidity', 'general-time');

function buildEntry(serial: Uint8Array, date: Date, kind: string, code: number, issuerNo: number): Built {
  const s = tlv(0x02, serial);
  const base = { serial, date };
  const inv = new Date(Math.floor(date.getTime() / 1000) * 1000 - 86_400_000);
  switch (kind) {
    case 'reason':
      return { ...base, der: seq(s, time(date), seq(reasonExt(code))), reason: REASONS[code] ?? `reason ${code}` };
    case 'reason-critical':
      return { ...base, der: seq(s, time(date), seq(reasonExt(code, true))), reason: REASONS[code] ?? `reason ${code}` };
    case 'invalidity':
      return { ...base, der: seq(s, time(date), seq(ext('2.5.29.24', generalizedTime(inv)))), invalidity: inv };
    case 'reason+invalidity':
      return { ...base, der: seq(s, time(date), seq(reasonExt(code), ext('2.5.29.24', generalizedTime(inv)))), reason: REASONS[code] ?? `reason ${code}`, invalidity: inv };
    case 'issuer':
      return { ...base, der: seq(s, time(date), seq(ext('2.5.29.29', seq(explicit(4, name(`Issuer <${issuerNo}>`))), true))), issuer: `Issuer <${issuerNo}>` };
    case 'unknown-critical':
      return { ...base, der: seq(s, time(date), seq(ext('1.2.3.4', nullDer(), true))), unknownCritical: ['1.2.3.4'] };
    case 'bad-reason':
      return { ...base, der: seq(s, time(date), seq(ext('2.5.29.21', Uint8Array.of(0)))) }; // seen in the wild: tolerated, no reason
    case 'general-time':
      return { ...base, der: seq(s, generalizedTime(date)) };
    default:
      return { ...base, der: seq(s, time(date)) };
  }
}

const uintHexOf = (v: Uint8Array) => {
  let i = 0;
  while (i < v.length - 1 && v[i] === 0) i++;
  return toHex(v.subarray(i)).toUpperCase();
};

describe('CRL entries read in place', () => {
  it('each entry reads as built and as @peculiar/asn1-x509 reads it; certificateIssuer carries to the next entries', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(serialArb, dateArb, kindArb, fc.integer({ min: 0, max: 12 })), { minLength: 0, maxLength: 40 }), (spec) => {
        const built = spec.map(([serial, date, kind, code], i) => buildEntry(serial, date, kind, code, i));
        const der = crlOf(built.map((e) => e.der));
        const crl = parseCrlDer(der);
        const theirs = AsnConvert.parse(der, CertificateList).tbsCertList.revokedCertificates ?? [];
        expect(crl.revoked.length).toBe(built.length);
        expect(theirs.length).toBe(built.length);
        let issuer: string | undefined;
        crl.revoked.forEach((got: RevokedEntry, i) => {
          const want = built[i];
          issuer = want.issuer ?? issuer;
          expect(got.serialBytes).toBe(toHex(want.serial).toUpperCase());
          expect(got.serialBytes).toBe(toHex(u8(theirs[i].userCertificate)).toUpperCase());
          expect(got.serialNumber).toBe(uintHexOf(want.serial));
          expect(got.revocationDate.getTime()).toBe(Math.floor(want.date.getTime() / 1000) * 1000);
          expect(got.revocationDate.getTime()).toBe(theirs[i].revocationDate.getTime().getTime());
          expect(got.reason).toBe(want.reason);
          expect(got.invalidityDate?.getTime()).toBe(want.invalidity?.getTime());
          expect(got.unknownCritical).toEqual(want.unknownCritical);
          if (issuer === undefined) expect(got.certificateIssuer).toBeUndefined();
          else expect(JSON.stringify(got.certificateIssuer)).toContain(issuer);
        });
        // the CRL's summary of them, which path validation checks instead of the entries
        expect(crl.entryUnknownCritical).toEqual([...new Set(built.flatMap((e) => e.unknownCritical ?? []))]);
      }),
      { numRuns: 300 },
    );
  });

  it('a malformed entry is E_BAD_ENCODING, never a wrong list', () => {
    const good = seq(integer(5), time(new Date(Date.UTC(2025, 5, 1))));
    const utc = (s: string) => tlv(0x17, new TextEncoder().encode(s));
    const cases: Array<[string, Uint8Array]> = [
      ['an entry that is a SET', tlv(0x31, integer(5), time(new Date()))],
      ['an empty entry', seq()],
      ['an empty serial', seq(tlv(0x02, new Uint8Array(0)), time(new Date()))],
      ['a serial that is an OCTET STRING', seq(octets(Uint8Array.of(5)), time(new Date()))],
      ['no revocation date', seq(integer(5))],
      ['a date that is not a time', seq(integer(5), integer(20250601))],
      ['month 13', seq(integer(5), utc('251301000000Z'))],
      ['31 April', seq(integer(5), utc('250431000000Z'))],
      ['extensions that are not a SEQUENCE', seq(integer(5), time(new Date()), octets(reasonExt(1)))],
      ['an entry past the list', Uint8Array.of(0x30, 0x20, 0x02, 0x01, 0x05)],
      ['trailing bytes after the last element', seq(integer(5), time(new Date()), seq(reasonExt(1)), Uint8Array.of(0x04))],
    ];
    for (const [what, bad] of cases) expect(codeOf(() => parseCrlDer(crlOf([good, bad, good]))), what).toBe('E_BAD_ENCODING');
    expect(parseCrlDer(crlOf([good, good])).revoked).toHaveLength(2);
  });

  it('a CRL of 100,000 entries (a national CA publishes such) reads whole', () => {
    const entries: Uint8Array[] = [];
    const d = new Date(Date.UTC(2025, 0, 1));
    for (let i = 0; i < 100_000; i++) entries.push(seq(integer(0x10_0000_0000n + BigInt(i) * 7919n), time(d), ...(i % 3 ? [seq(reasonExt(i % 11))] : [])));
    const crl = parseCrlDer(crlOf(entries));
    expect(crl.revoked).toHaveLength(100_000);
    expect(crl.revoked[99_998]).toMatchObject({ serialNumber: (0x10_0000_0000n + 99_998n * 7919n).toString(16).toUpperCase(), reason: REASONS[99_998 % 11] });
    expect(crl.revoked[99_999].reason).toBeUndefined();
    expect(crl.crlNumber).toBe('07');
  });
});
