// The ASN.1 layer (shared/asn1): its entry-point assertions give typed errors with stable codes for any
// malformed input, and what the writer encodes and the readers walk is what `openssl asn1parse` sees —
// offsets, depths, header and content lengths, tags and values — on built structures, on BER with
// indefinite lengths and on a real GM/T certificate.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  abytes, berAccess, hexUpper, bitString, bmpString, boolean, children, explicit, fromHex, generalizedTime, ia5String, integer, nullDer, octets, oid, oidContent,
  oidToString, parseBer, parseBerPrefix, readHeader, readSingle, readTime, readTimeIn, readTlv, seq, setOf, time, tlv, toHex, uintFromBytes, uintHex, uintOf, utf8String, type BerNode,
} from '../../../shared/asn1';
import { BidSealError } from '../../../shared/errors';
import { codeOf } from '../../helpers/errors';
import { hasOpenssl, hasVectors, openssl, readVector } from '../../helpers/vectors';

const b = (...x: number[]) => Uint8Array.of(...x);

describe('entry-point assertions', () => {
  it('non-bytes input is a typed error naming what was expected, never a TypeError', () => {
    for (const v of [undefined, null, 'MIIB', 42, [0x30, 0], new ArrayBuffer(2), {}]) {
      expect(codeOf(() => readTlv(v as unknown as Uint8Array))).toBe('E_BAD_ENCODING');
      expect(codeOf(() => children(v as unknown as Uint8Array))).toBe('E_BAD_ENCODING');
      expect(codeOf(() => parseBer(v as unknown as Uint8Array))).toBe('E_ENVELOPE_CORRUPT');
      expect(codeOf(() => parseBer(v as unknown as Uint8Array, { code: 'E_BAD_ENCODING' }))).toBe('E_BAD_ENCODING');
      expect(codeOf(() => abytes(v, 'signature'))).toBe('E_BAD_ENCODING');
    }
    expect(() => abytes('x', 'signature')).toThrow(/signature: expected bytes, got string/);
    expect(codeOf(() => abytes(Buffer.from([1]), 'a Node Buffer'))).toBeUndefined();
  });

  it('offsets outside the buffer are refused', () => {
    for (const off of [-1, 3, 1.5, NaN]) expect(codeOf(() => readTlv(b(0x05, 0x00), off))).toBe('E_BAD_ENCODING');
    expect(readTlv(b(0x05, 0x00, 0x05, 0x00), 2).raw).toEqual(b(0x05, 0x00));
  });

  it('the strict DER reader refuses what DER does not allow', () => {
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['truncated header', b(0x30), /truncated header/],
      ['indefinite length', b(0x30, 0x80, 0x00, 0x00), /indefinite length/],
      ['high tag number', b(0x1f, 0x81, 0x00, 0x00), /multi-byte tags/],
      ['five length octets', b(0x04, 0x85, 1, 0, 0, 0, 0), /length too long/],
      ['content past the end', b(0x04, 0x05, 0x01), /truncated content/],
      ['length octets past the end', b(0x04, 0x82, 0x01), /truncated length/],
    ];
    for (const [what, der, msg] of cases) {
      expect(codeOf(() => readTlv(der)), what).toBe('E_BAD_ENCODING');
      expect(() => readTlv(der), what).toThrow(msg);
    }
    expect(codeOf(() => readSingle(b(0x05, 0x00, 0x00)))).toBe('E_BAD_ENCODING');
    expect(codeOf(() => readSingle(b(0x05, 0x00), { tag: 0x30 }))).toBe('E_BAD_ENCODING');
  });

  it('`minimal` (signatures) refuses long-form lengths and INTEGERs that are not in their shortest form', () => {
    const longForm = b(0x30, 0x81, 0x03, 0x02, 0x01, 0x01);
    expect(readSingle(longForm).v).toEqual(b(0x02, 0x01, 0x01)); // BER-tolerant PKI reading keeps working
    expect(codeOf(() => readSingle(longForm, { minimal: true }))).toBe('E_BAD_ENCODING');
    expect(codeOf(() => readTlv(b(0x04, 0x82, 0x00, 0x81, ...new Array(0x81).fill(0)), 0, { minimal: true }))).toBe('E_BAD_ENCODING');
    expect(uintOf(readTlv(b(0x02, 0x02, 0x00, 0x80)), 'r', { minimal: true })).toBe(128n);
    expect(codeOf(() => uintOf(readTlv(b(0x02, 0x02, 0x00, 0x7f)), 'r', { minimal: true }))).toBe('E_BAD_ENCODING');
    expect(uintOf(readTlv(b(0x02, 0x02, 0x00, 0x7f)), 'serial')).toBe(127n);
    expect(codeOf(() => uintOf(readTlv(b(0x02, 0x01, 0x80)), 'r'))).toBe('E_BAD_ENCODING');
    expect(codeOf(() => uintOf(readTlv(b(0x02, 0x00)), 'r'))).toBe('E_BAD_ENCODING');
    expect(codeOf(() => uintOf(undefined, 'r'))).toBe('E_BAD_ENCODING');
  });

  it('the BER reader takes its code from the caller, for every failure and every accessor', () => {
    const bad: Uint8Array[] = [b(), b(0x30), b(0x04, 0x80, 0x00, 0x00), b(0x30, 0x80, 0x05, 0x00), b(0x30, 0x03, 0x05, 0x00), b(0x05, 0x00, 0x00), b(0x04, 0x87, 0, 0, 0, 0, 0, 0, 1)];
    let deep: Uint8Array = b(0x05, 0x00);
    for (let i = 0; i < 70; i++) deep = seq(deep);
    bad.push(deep);
    for (const x of bad) {
      expect(codeOf(() => parseBer(x))).toBe('E_ENVELOPE_CORRUPT');
      expect(codeOf(() => parseBer(x, { code: 'E_BAD_ENCODING' }))).toBe('E_BAD_ENCODING');
      expect(codeOf(() => berAccess('E_BAD_ENCODING').parse(x))).toBe('E_BAD_ENCODING');
    }
    const ks = berAccess('E_BAD_ENCODING');
    const n = ks.parse(seq(integer(5), oid('1.2.3')));
    expect(codeOf(() => ks.seq(n, 'x', 3))).toBe('E_BAD_ENCODING');
    expect(codeOf(() => ks.octets(n.children![0], 'x'))).toBe('E_BAD_ENCODING');
    expect(codeOf(() => ks.oid(n.children![0], 'x'))).toBe('E_BAD_ENCODING');
    expect(codeOf(() => ks.int(n.children![1], 'x'))).toBe('E_BAD_ENCODING');
    expect(codeOf(() => ks.int(n.children![0], 'x', 4))).toBe('E_BAD_ENCODING');
    expect(codeOf(() => ks.octets(undefined, 'x'))).toBe('E_BAD_ENCODING');
    expect(ks.int(n.children![0], 'x')).toBe(5);
    expect(ks.oid(n.children![1], 'x')).toBe('1.2.3');
    expect(codeOf(() => berAccess('E_ENVELOPE_CORRUPT').seq(undefined, 'x'))).toBe('E_ENVELOPE_CORRUPT');
    // a truncated OID (last octet with its continuation bit) is refused, not read short
    expect(codeOf(() => oidToString(b(0x2a, 0x86)))).toBe('E_BAD_ENCODING');
    expect(codeOf(() => oidToString(b()))).toBe('E_BAD_ENCODING');
  });

  it('BER constructed OCTET STRINGs read as their joined segments (PKCS#12 from Windows and Java)', () => {
    const ber = b(0x24, 0x80, 0x04, 0x02, 0xaa, 0xbb, 0x24, 0x80, 0x04, 0x01, 0xcc, 0x00, 0x00, 0x00, 0x00);
    expect(berAccess('E_BAD_ENCODING').octets(parseBer(ber), 'x')).toEqual(b(0xaa, 0xbb, 0xcc));
    expect(parseBerPrefix(Uint8Array.of(...ber, 0, 0, 0)).raw).toEqual(ber);
  });

  it('random bytes never escape as anything but the typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (x) => {
        for (const f of [() => children(x), () => readSingle(x, { minimal: true }), () => parseBer(x, { code: 'E_BAD_ENCODING' }), () => parseBerPrefix(x)]) {
          try {
            f();
          } catch (e) {
            if (!(e instanceof BidSealError)) throw e;
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('times: one reader, the zone rule by option, and what the writer writes reads back', () => {
    const t = (tag: number, s: string) => ({ tag, v: new TextEncoder().encode(s) });
    expect(readTime(t(0x17, '491231235959Z')).toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(readTime(t(0x17, '500101000000Z')).toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(readTime(t(0x18, '20500101000000.5Z')).toISOString()).toBe('2050-01-01T00:00:00.000Z');
    expect(codeOf(() => readTime(t(0x18, '20500101000000')))).toBe('E_BAD_ENCODING');
    expect(readTime(t(0x18, '20500101000000'), { zone: 'optional' }).getUTCFullYear()).toBe(2050);
    expect(readTime(t(0x18, '00500101000000Z')).toISOString()).toBe('0050-01-01T00:00:00.000Z'); // not 1950
    expect(readTime(t(0x18, '00050101000000.5Z')).getUTCFullYear()).toBe(5);
    expect(codeOf(() => readTime(t(0x17, '4912312359'), { zone: 'optional' }))).toBe('E_BAD_ENCODING');
    expect(readTime(t(0x17, '261124093000+0800'), { zone: 'ignored' }).toISOString()).toBe('2026-11-24T09:30:00.000Z');
    expect(codeOf(() => readTime(t(0x04, '20500101000000Z')))).toBe('E_BAD_ENCODING');
    for (const d of [new Date(Date.UTC(1950, 0, 1)), new Date(Date.UTC(2049, 11, 31, 23, 59, 59)), new Date(Date.UTC(2050, 0, 1)), new Date(Date.UTC(9999, 11, 31))]) {
      expect(readTime(readTlv(time(d))).getTime()).toBe(d.getTime());
      expect(readTime(readTlv(generalizedTime(d))).getTime()).toBe(d.getTime());
    }
  });

  it('times that do not name themselves are refused instead of carried over (month 13, 30 February, 24:00)', () => {
    const t = (tag: number, s: string) => ({ tag, v: new TextEncoder().encode(s) });
    for (const [tag, s] of [
      [0x17, '241301000000Z'], [0x17, '240230000000Z'], [0x17, '250229000000Z'], [0x17, '240431000000Z'], [0x17, '240100000000Z'], [0x17, '240101240000Z'],
      [0x17, '240101006000Z'], [0x17, '240101000060Z'], [0x18, '20241301000000Z'], [0x18, '20240230000000Z'], [0x17, '24010100000AZ'], [0x17, '2401010000 0Z'],
      [0x18, '2024010100000-Z'], [0x17, '2401010000Z'], [0x17, '240229000000Z'],
    ] as const) {
      if (s === '240229000000Z') expect(readTime(t(tag, s)).toISOString()).toBe('2024-02-29T00:00:00.000Z'); // a leap day
      else if (s === '2401010000Z') expect(readTime(t(tag, s)).toISOString()).toBe('2024-01-01T00:00:00.000Z'); // seconds omitted (X.680 allows it)
      else expect(codeOf(() => readTime(t(tag, s))), s).toBe('E_BAD_ENCODING');
    }
  });

  it('times: the in-place reader of DER forms agrees with the general one on every instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1950, 0, 1) / 1000, max: Date.UTC(9999, 11, 31, 23, 59, 59) / 1000 }), fc.integer({ min: 0, max: 8 }), (secs, pad) => {
        const d = new Date(secs * 1000);
        for (const der of [time(d), generalizedTime(d)]) {
          const framed = new Uint8Array(pad + der.length + pad).fill(0x35);
          framed.set(der, pad);
          const h = readHeader(framed, pad);
          expect(readTimeIn(framed, h.tag, h.start, h.end).getTime()).toBe(d.getTime());
          expect(readTime(readTlv(der)).getTime()).toBe(d.getTime());
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('readHeader reads in place within a limit, with the same refusals as readTlv', () => {
    const buf = b(0xff, 0x30, 0x03, 0x02, 0x01, 0x07, 0xff);
    expect(readHeader(buf, 1)).toEqual({ tag: 0x30, start: 3, end: 6 });
    expect(readHeader(buf, 3, 6)).toEqual({ tag: 0x02, start: 5, end: 6 });
    expect(() => readHeader(buf, 1, 5)).toThrow(/truncated content/);
    expect(() => readHeader(buf, 5, 6)).toThrow(/truncated header/);
    expect(codeOf(() => readHeader(b(0x04, 0x82, 0x01), 0))).toBe('E_BAD_ENCODING');
    for (const [off, limit] of [[-1, 7], [8, 7], [1.5, 7], [1, 8], [1, NaN]]) expect(codeOf(() => readHeader(buf, off, limit)), `${off} ${limit}`).toBe('E_BAD_ENCODING');
    expect(codeOf(() => readHeader('30 00' as unknown as Uint8Array, 0))).toBe('E_BAD_ENCODING');
  });

  it('hex: one helper in both directions, strict on input', () => {
    expect(toHex(b(0, 1, 0xab, 0xff))).toBe('0001abff');
    expect(fromHex('0001ABff')).toEqual(b(0, 1, 0xab, 0xff));
    for (const h of ['0', 'zz', '00 11', '0x00']) expect(codeOf(() => fromHex(h))).toBe('E_INVALID_ARGUMENT');
    expect(uintHex(b(0, 0, 0x0a))).toBe('0A');
    expect(uintHex(b(0))).toBe('00');
    expect(hexUpper(b(0xab, 0x01, 0xcd), 1)).toBe('01CD');
    expect(hexUpper(b(0xab, 0x01, 0xcd), 0, 2)).toBe('AB01');
  });
});

// ------------------------------------------------------------------------------------------------------
// Cross-check with openssl asn1parse
// ------------------------------------------------------------------------------------------------------

interface Row {
  off: number;
  depth: number;
  hl: number;
  len: number | 'inf';
  cons: boolean;
  value?: string;
}

function asn1parse(der: Uint8Array): Row[] {
  const out = openssl(['asn1parse', '-inform', 'DER'], der).toString('utf8');
  return out
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const m = /^\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+|inf)\s+(cons|prim):\s*(\S[^:]*?)\s*(?::(.*))?$/.exec(l);
      if (!m) throw new Error(`unexpected asn1parse line: ${l}`);
      const row: Row = { off: +m[1], depth: +m[2], hl: +m[3], len: m[4] === 'inf' ? 'inf' : +m[4], cons: m[5] === 'cons' };
      if (m[7] !== undefined && /^(OBJECT|INTEGER|BOOLEAN|UTCTIME|GENERALIZEDTIME|IA5STRING|UTF8STRING)$/.test(m[6])) row.value = m[7];
      return { ...row, tag: m[6] } as Row;
    })
    .filter((r) => (r as Row & { tag: string }).tag !== 'EOC')
    .map(({ off, depth, hl, len, cons, value }) => ({ off, depth, hl, len, cons, ...(value !== undefined ? { value } : {}) }));
}

const valueOf = (tag: number, v: Uint8Array): string | undefined => {
  if (tag === 0x06) return oidToString(v);
  if (tag === 0x02) return uintHex(v); // openssl prints the magnitude
  if (tag === 0x01) return v[0] ? '255' : '0';
  if (tag === 0x17 || tag === 0x18 || tag === 0x16 || tag === 0x0c) return new TextDecoder().decode(v);
  return undefined;
};

/** The same rows from the strict DER reader. */
function derRows(der: Uint8Array): Row[] {
  const rows: Row[] = [];
  const walk = (buf: Uint8Array, base: number, depth: number): void => {
    let off = 0;
    for (const t of children(buf)) {
      const hl = t.raw.length - t.v.length;
      const cons = (t.tag & 0x20) !== 0;
      const value = cons ? undefined : valueOf(t.tag, t.v);
      rows.push({ off: base + off, depth, hl, len: t.v.length, cons, ...(value !== undefined ? { value } : {}) });
      if (cons) walk(t.v, base + off + hl, depth + 1);
      off += t.raw.length;
    }
  };
  walk(der, 0, 0);
  return rows;
}

/** The same rows from the BER reader (indefinite lengths as 'inf'). */
function berRows(ber: Uint8Array): Row[] {
  const rows: Row[] = [];
  const walk = (n: BerNode, off: number, depth: number): void => {
    const indefinite = n.raw[1] === 0x80;
    const hl = indefinite ? 2 : n.raw.length - (n.value?.length ?? n.children!.reduce((s, c) => s + c.raw.length, 0));
    const value = n.value ? valueOf(n.tag, n.value) : undefined;
    rows.push({ off, depth, hl, len: indefinite ? 'inf' : n.raw.length - hl, cons: n.constructed, ...(value !== undefined ? { value } : {}) });
    let o = off + hl;
    for (const c of n.children ?? []) {
      walk(c, o, depth + 1);
      o += c.raw.length;
    }
  };
  walk(parseBer(ber), 0, 0);
  return rows;
}

const o = hasOpenssl ? describe : describe.skip;
o('the layer and openssl asn1parse agree', () => {
  const when = new Date(Date.UTC(2049, 11, 31, 23, 59, 59));
  const later = new Date(Date.UTC(2050, 0, 1, 0, 0, 0));
  const built = seq(
    integer(0),
    integer(127),
    integer(128),
    integer(2n ** 64n),
    uintFromBytes(fromHex('00000080ff')),
    oid('1.2.156.10197.1.301.9'),
    oid('2.25.329800735698586629295641978511506172918'),
    tlv(0x06, oidContent('1.3.6.1.4.1.99999.1.2')),
    boolean(true),
    boolean(false),
    nullDer(),
    octets(new Uint8Array(300).fill(7)),
    bitString(b(1, 2, 3)),
    utf8String('投标文件 bid'),
    ia5String('seal@example.cn'),
    time(when),
    time(later),
    generalizedTime(when),
    bmpString('印章'),
    explicit(0, seq(integer(1)), octets(b(9))),
    setOf(octets(b(2)), octets(b(1, 0)), integer(3)),
    tlv(0x30, ...Array.from({ length: 40 }, (_, i) => integer(i * 1000))),
  );

  it('on a structure built by the writer (lengths, INTEGER signs, big and UUID OIDs, times, strings)', () => {
    const theirs = asn1parse(built);
    expect(derRows(built)).toEqual(theirs);
    expect(berRows(built)).toEqual(theirs);
    // spot checks of the writer against what openssl names
    const values = theirs.map((r) => r.value).filter(Boolean);
    expect(values).toContain('1.2.156.10197.1.301.9');
    expect(values).toContain('2.25.329800735698586629295641978511506172918');
    expect(values).toContain('491231235959Z');
    expect(values).toContain('20500101000000Z');
    expect(values).toContain('20491231235959Z');
    expect(values).toContain('010000000000000000');
    expect(values).toContain('80FF');
    expect(values).toContain('80');
  });

  it('on BER with indefinite lengths and constructed strings', () => {
    const ber = b(0x30, 0x80, 0x02, 0x01, 0x05, 0x24, 0x80, 0x04, 0x02, 0xaa, 0xbb, 0x04, 0x01, 0xcc, 0x00, 0x00, 0xa0, 0x80, 0x06, 0x03, 0x2a, 0x03, 0x04, 0x00, 0x00, 0x00, 0x00);
    expect(berRows(ber)).toEqual(asn1parse(ber));
    expect(codeOf(() => children(ber))).toBe('E_BAD_ENCODING'); // the strict reader refuses it
  });

  it('on SM2 signatures: the writer agrees with openssl, and the strict reader reads them back', () => {
    const sig = seq(integer(2n ** 255n + 3n), integer(1n));
    expect(derRows(sig)).toEqual(asn1parse(sig));
    const [r, s] = children(readSingle(sig, { minimal: true, tag: 0x30 }).v, { minimal: true });
    expect([uintOf(r, 'r', { minimal: true }), uintOf(s, 's', { minimal: true })]).toEqual([2n ** 255n + 3n, 1n]);
  });

  (hasVectors ? it : it.skip)('on a real GM/T SM2 certificate (openHiTLS vectors)', () => {
    const cert = new Uint8Array(readVector('gm-x509-cms/openhitls/cert/sm2_cert/sign.der'));
    const theirs = asn1parse(cert).map(({ value, ...r }) => ({ ...r, ...(value !== undefined && /^[0-9.]+$|^[0-9A-F]+$/.test(value) ? { value } : {}) }));
    const ours = derRows(cert).map(({ value, ...r }) => ({ ...r, ...(value !== undefined && /^[0-9.]+$|^[0-9A-F]+$/.test(value) ? { value } : {}) }));
    // openssl names OIDs it knows; compare those rows by structure only
    const strip = (rows: Row[], names: Row[]) => rows.map((r, i) => (names[i]?.value === undefined ? { ...r, value: undefined } : r));
    expect(strip(ours, theirs)).toEqual(strip(theirs, theirs));
    expect(berRows(cert).map(({ value: _v, ...r }) => r)).toEqual(ours.map(({ value: _v, ...r }) => r));
  });
});
