import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NeedMoreData, Parser, parseObject } from '../../../shared/pdf/lexer';
import { PdfDict, PdfName, PdfRef, PdfString, latin1, serialize, type PdfObject } from '../../../shared/pdf/objects';

const p = (s: string): PdfObject => parseObject(latin1(s));

describe('PDF object syntax (ISO 32000-1 §7.3)', () => {
  it('parses numbers, booleans, null', () => {
    expect(p('42')).toBe(42);
    expect(p('-3.5')).toBe(-3.5);
    expect(p('.5')).toBe(0.5);
    expect(p('+7')).toBe(7);
    expect(p('true')).toBe(true);
    expect(p('null')).toBe(null);
  });

  it('decodes literal string escapes, nesting and octal', () => {
    const s = p('(a\\(b\\) (nested) \\n\\101\\7x\\\nend)') as PdfString;
    expect(new TextDecoder().decode(s.bytes)).toBe('a(b) (nested) \nA\x07xend');
  });

  it('decodes hex strings with whitespace and an odd final digit', () => {
    expect([...(p('<41 42 4>') as PdfString).bytes]).toEqual([0x41, 0x42, 0x40]);
  });

  it('decodes #xx escapes in names', () => {
    expect((p('/A#20B#23') as PdfName).name).toBe('A B#');
  });

  it('parses arrays, dictionaries and references', () => {
    const d = p('<< /Kids [1 0 R 2 0 R] /Count 2 /Nested << /X [1 2 (s)] >> /Null null >>') as PdfDict;
    expect(d.get('Kids')).toEqual([new PdfRef(1, 0), new PdfRef(2, 0)]);
    expect(d.get('Count')).toBe(2);
    expect(d.has('Null')).toBe(false);
    expect(((d.get('Nested') as PdfDict).get('X') as PdfObject[])[1]).toBe(2);
  });

  it('keeps two integers that are not a reference as numbers', () => {
    expect(p('[1 2 3]')).toEqual([1, 2, 3]);
  });

  it('skips comments', () => {
    expect(p('% hi\n[1 % c\n 2]')).toEqual([1, 2]);
  });

  it('reads an indirect stream header and the data offset', () => {
    const h = new Parser(latin1('7 0 obj\n<< /Length 3 >>\nstream\r\nabc\nendstream\nendobj'), 0, 100).readIndirect();
    expect(h.num).toBe(7);
    expect(h.streamStart).toBe(100 + 32);
  });

  it('asks for more data when a window ends inside an object', () => {
    expect(() => new Parser(latin1('<< /A [1 2'), 0, 0, false).readObject()).toThrow(NeedMoreData);
  });

  it('throws E_PDF_CORRUPT on garbage at the end of the file', () => {
    expect(() => p('<< /A [1 2')).toThrow(expect.objectContaining({ code: 'E_PDF_CORRUPT' }));
    expect(() => p(')')).toThrow(expect.objectContaining({ code: 'E_PDF_CORRUPT' }));
  });

  it('rejects absurd nesting instead of overflowing the stack', () => {
    expect(() => p('['.repeat(10000))).toThrow(expect.objectContaining({ code: 'E_PDF_CORRUPT' }));
  });

  it('round-trips any string, name and number through serialize → parse', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (b, hex) => {
        const back = p(serialize(new PdfString(b, hex))) as PdfString;
        expect([...back.bytes]).toEqual([...b]);
      }),
    );
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), (s) => {
        expect((p(serialize(new PdfName(s))) as PdfName).name).toBe(s);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (n) => {
        expect(p(serialize(n))).toBe(n);
      }),
    );
  });

  it('serializes dictionaries that parse back equal', () => {
    const d = new PdfDict([['Type', new PdfName('Sig')], ['ByteRange', [0, 1, 2, 3]], ['Ref', new PdfRef(5, 0)], ['F', 1.25]]);
    const back = p(serialize(d)) as PdfDict;
    expect(back.name('Type')).toBe('Sig');
    expect(back.get('ByteRange')).toEqual([0, 1, 2, 3]);
    expect(back.get('F')).toBe(1.25);
  });
});
