// BER for streaming CMS: definite and indefinite lengths, constructed strings, chunk boundaries anywhere.
import { describe, expect, it } from 'vitest';
import { BerReader, Frame, octetsOf, parseBer, header } from '../../../shared/asn1';
import { codeOf } from '../../helpers/errors';
import { codeOfAsync } from './fixtures';

const h = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

async function* bytewise(b: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < b.length; i++) yield b.subarray(i, i + 1);
}

describe('BER', () => {
  it('parses indefinite-length constructed OCTET STRINGs into their concatenation', () => {
    const n = parseBer(h('24 80 04 02 0102 24 80 04 01 03 0000 04 00 0000'));
    expect([...octetsOf(n, 'x')]).toEqual([1, 2, 3]);
  });

  it('parses long-form definite lengths and writes minimal ones', () => {
    const body = new Uint8Array(300).fill(7);
    const enc = Buffer.concat([header(0x04, 300), body]);
    expect([...header(0x04, 300)]).toEqual([0x04, 0x82, 0x01, 0x2c]);
    expect(parseBer(enc).value!.length).toBe(300);
    expect([...header(0x04, 5)]).toEqual([0x04, 0x05]);
  });

  it('rejects indefinite length on a primitive, missing end-of-contents and overlong children', () => {
    expect(codeOf(() => parseBer(h('04 80 00 00')))).toBe('E_ENVELOPE_CORRUPT');
    expect(codeOf(() => parseBer(h('30 80 02 01 00')))).toBe('E_ENVELOPE_CORRUPT');
    expect(codeOf(() => parseBer(h('30 03 02 02 00 00')))).toBe('E_ENVELOPE_CORRUPT');
  });

  it('the stream reader reads whole elements across one-byte chunks', async () => {
    const r = new BerReader(bytewise(h('30 80 06 03 2a0304 30 04 04 02 aabb 0000')));
    const top = await r.readHeader();
    const f = new Frame(r, top, 'top');
    const els = [];
    while (await f.more()) els.push(await r.readElement(100));
    await f.close();
    expect(els.map((e) => e.tag)).toEqual([0x06, 0x30]);
    expect(await r.atEnd()).toBe(true);
  });

  it('the stream reader reports E_TRUNCATED when the input ends inside an element', async () => {
    const r = new BerReader(bytewise(h('30 80 04 05 0102')));
    await r.readHeader();
    expect(await codeOfAsync(() => r.readElement(100))).toBe('E_TRUNCATED');
  });

  it('refuses a "small" element larger than its limit', async () => {
    const r = new BerReader(bytewise(Buffer.concat([header(0x04, 1000), new Uint8Array(1000)])));
    expect(await codeOfAsync(() => r.readElement(100))).toBe('E_ENVELOPE_CORRUPT');
  });
});
