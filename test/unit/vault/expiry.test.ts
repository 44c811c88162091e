// Expiry dashboard: what expires before the bid deadline or the opening.
import { describe, expect, it } from 'vitest';
import { classify, endOfValidity, expiryReport } from '../../../renderer/src/vault/expiry';

describe('vault expiry', () => {
  it('a date is valid through the end of that day in Beijing time', () => {
    expect(endOfValidity('2026-12-31')!.toISOString()).toBe('2026-12-31T15:59:59.999Z');
  });

  it('classifies against now and the deadline', () => {
    const now = new Date('2026-11-24T02:00:00Z');
    const deadline = new Date('2026-12-15T01:30:00Z');
    expect(classify('2026-11-23', now, deadline).status).toBe('expired');
    expect(classify('2026-12-14', now, deadline).status).toBe('before-deadline');
    expect(classify('2026-12-15', now, deadline).status).toBe('soon'); // valid through 15 Dec 23:59 CST
    expect(classify('2027-06-01', now, deadline).status).toBe('ok');
    expect(classify(undefined, now, deadline).status).toBe('no-date');
  });

  it('checks CA certificates at the opening and documents at the deadline, worst first', () => {
    const now = new Date('2026-11-24T00:00:00Z');
    const items = expiryReport(
      {
        qualifications: [{ id: 'q', updatedAt: '', value: { type: '安全生产许可证', number: '(京)JZ安许证字[2020]001', grade: '', issuer: '', validTo: '2027-03-01', attachmentIds: [], notes: '' } }],
        personnel: [{ id: 'p', updatedAt: '', value: { name: '王五', idNumber: '', role: '', titles: [], phone: '', certificates: [{ name: '一级建造师', number: '', validTo: '2026-12-20' }], attachmentIds: [], signatureIds: [] } }],
        certificates: [{ id: 'c', updatedAt: '', value: { label: '加密证书', role: 'encryption', subject: '', issuer: '', serialNumber: '01', notAfter: '2027-01-05T00:00:00Z', fingerprintSm3: '', fingerprintSha256: '' } }, { id: 't', updatedAt: '', tampered: true }],
      },
      { now, deadline: new Date('2026-12-30T01:00:00Z'), opening: new Date('2027-01-10T01:00:00Z') },
    );
    expect(items.map((i) => [i.recordId, i.status])).toEqual([
      ['p', 'before-deadline'],
      ['c', 'before-deadline'],
      ['q', 'ok'],
    ]);
  });
});
