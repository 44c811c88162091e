// Times as tender notices print them are Beijing time on any computer clock; prices as bidders type them.
import { describe, expect, it } from 'vitest';
import { formatBeijingTime, parseBeijingTime } from '../../../shared/bid/beijing-time';
import { BidLetterData } from '../../../shared/ipc/specs/docs';

describe('Beijing time', () => {
  it('reads a zoneless time as UTC+8 and a zoned one as written; refuses nonsense', () => {
    expect(parseBeijingTime('2026-12-01 09:00')?.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(parseBeijingTime('2026-12-01T09:00')?.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(parseBeijingTime('2026年12月1日 9:30')?.toISOString()).toBe('2026-12-01T01:30:00.000Z');
    expect(parseBeijingTime('2026-12-01T09:00Z')?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(parseBeijingTime('2026-12-01T09:00+08:00')?.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(parseBeijingTime('tomorrow')).toBeUndefined();
    expect(parseBeijingTime('2026-12-01')).toBeUndefined();
    expect(formatBeijingTime(new Date('2026-12-01T01:30:00Z'), 'zh')).toBe('2026-12-01 09:30（北京时间）');
    expect(formatBeijingTime(new Date('2026-12-01T01:30:00Z'), 'en')).toBe('2026-12-01 09:30 (Beijing time)');
  });

  it('accepts a price with thousands separators and keeps the plain decimal', () => {
    const base = { bidder: { name: '某公司', uscc: '91110108MA01KX6Q98', legalRepresentative: '张三', address: '北京', postcode: '100080', phone: '010-1' }, tenderee: '某中学', projectName: '某工程', validityDays: 90, date: '2026-11-24' };
    for (const [typed, kept] of [['12,345,678.90', '12345678.90'], ['¥12，345，678.90', '12345678.90'], ['12345678.90', '12345678.90']])
      expect(BidLetterData.parse({ ...base, price: typed }).price).toBe(kept);
    for (const bad of ['1,23', '12.345', 'abc', '-5']) expect(BidLetterData.safeParse({ ...base, price: bad }).success).toBe(false);
  });
});
