// Chinese financial capitals (大写金额) as a bid letter prints the price.
import { describe, expect, it } from 'vitest';
import { formatYuan, rmbCapitals } from '../../../shared/docs/rmb-capitals';

describe('rmbCapitals', () => {
  it.each([
    ['0', '零元整'],
    ['0.05', '伍分'],
    ['0.50', '伍角整'],
    ['1', '壹元整'],
    ['10', '壹拾元整'],
    ['100', '壹佰元整'],
    ['105', '壹佰零伍元整'],
    ['1000.01', '壹仟元零壹分'],
    ['1010', '壹仟零壹拾元整'],
    ['10000', '壹万元整'],
    ['10001', '壹万零壹元整'],
    ['100100', '壹拾万零壹佰元整'],
    ['1001000', '壹佰万壹仟元整'],
    ['1000100', '壹佰万零壹佰元整'],
    ['12345678.90', '壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角整'],
    ['100000000', '壹亿元整'],
    ['100000001', '壹亿零壹元整'],
    ['1000010000', '壹拾亿零壹万元整'],
    ['3005006007.08', '叁拾亿零伍佰万陆仟零柒元零捌分'],
    ['6800000.5', '陆佰捌拾万元伍角整'],
    ['20.3', '贰拾元叁角整'],
    ['20.03', '贰拾元零叁分'],
  ])('%s → %s', (n, want) => expect(rmbCapitals(n)).toBe(want));

  it('rejects what is not an amount', () => {
    for (const bad of ['', '1.234', '01', '1e5', '12,000', 'abc']) expect(() => rmbCapitals(bad)).toThrow();
  });

  it('formats figures with thousands separators', () => {
    expect(formatYuan('12345678.9')).toBe('12,345,678.90');
    expect(formatYuan('0')).toBe('0.00');
  });
});
