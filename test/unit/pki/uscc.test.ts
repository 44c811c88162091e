// The unified social credit code check character (GB 32100-2015) and its extraction from subjects.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findUscc, isValidOrgCode, isValidUscc, usccCheckChar } from '../../../shared/pki/uscc';
import type { DistinguishedName } from '../../../shared/pki/names';

const dn = (attrs: Array<[string, string]>): DistinguishedName => ({
  rdns: attrs.map(([type, value]) => [{ type, oid: type, value, encoding: 'UTF8String' }]),
  text: attrs.map(([t, v]) => `${t}=${v}`).join(', '),
  der: new Uint8Array(0),
});
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('USCC check character (GB 32100-2015)', () => {
  it('accepts the standard example 91350100M000100Y43 (check char 3; embedded org code M000100Y4 also checks)', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidOrgCode('M000100Y4')).toBe(true);
  });

  it('accepts published enterprise codes whose USCC and GB 11714 checks both verify', () => {
    // as printed on public business-licence records; both independent check characters verify
    for (const code of ['91110000802100433B', '91440300708461136T']) {
      expect(isValidUscc(code)).toBe(true);
      expect(isValidOrgCode(code.slice(8, 17))).toBe(true);
    }
  });

  it('accepts codes constructed by computing the check character', () => {
    for (const body of ['9133010055555555X', '52110000500000000', '12100000400000000']) {
      const code = body + usccCheckChar(body);
      expect(isValidUscc(code)).toBe(true);
    }
  });

  it('rejects wrong check characters, bad lengths and letters outside the alphabet (I, O, S, V, Z)', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M000100Y433')).toBe(false);
    expect(isValidUscc('91350100M0001O0Y43')).toBe(false);
    expect(usccCheckChar('91350100M0001I0Y4')).toBeNull();
  });

  it('detects every single-character substitution (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { minLength: 17, maxLength: 17 }), fc.nat(16), fc.constantFrom(...ALPHABET), (chars, pos, repl) => {
        const body = chars.join('');
        const code = body + usccCheckChar(body);
        expect(isValidUscc(code)).toBe(true);
        if (repl !== code[pos]) expect(isValidUscc(code.slice(0, pos) + repl + code.slice(pos + 1))).toBe(false);
      }),
    );
  });
});

describe('finding the USCC in a subject', () => {
  it('reads organizationIdentifier with an ETSI-style prefix', () => {
    expect(findUscc(dn([['O', '某某公司'], ['organizationIdentifier', 'NTRCN-91350100M000100Y43']]))).toMatchObject({ code: '91350100M000100Y43', valid: true, source: 'organizationIdentifier' });
  });
  it('reads "USCC:" prefixes in OU and bare codes in CN', () => {
    expect(findUscc(dn([['OU', 'USCC:91350100M000100Y43']]))).toMatchObject({ code: '91350100M000100Y43', valid: true, source: 'OU' });
    expect(findUscc(dn([['CN', '某某公司@91350100M000100Y43']]))).toMatchObject({ valid: true, source: 'CN' });
  });
  it('reports an invalid code as invalid rather than hiding it', () => {
    expect(findUscc(dn([['serialNumber', '91350100M000100Y44']]))).toMatchObject({ code: '91350100M000100Y44', valid: false });
  });
  it('prefers a valid code and returns null when none is present', () => {
    expect(findUscc(dn([['OU', '91350100M000100Y44'], ['serialNumber', '91350100M000100Y43']]))?.valid).toBe(true);
    expect(findUscc(dn([['CN', '张三'], ['serialNumber', '110101199003070000']]))?.valid ?? false).toBe(false);
    expect(findUscc(dn([['CN', '张三']]))).toBeNull();
  });
});
