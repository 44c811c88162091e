// Runs anywhere (pure). The expiry dashboard: which qualifications, staff certificates and CA
// certificates of a bidder stop being valid before a bid's deadline or opening time. Certificates
// matter at the opening (the encryption certificate must still decrypt then); documents must be valid
// on the submission deadline. Dates without a time are valid through the end of that day, China
// Standard Time (UTC+8), as the issuer prints them.
import type { CaCertificate, Person, Qualification } from './model';
import type { Entry } from './vault';

export type ExpiryStatus = 'expired' | 'before-deadline' | 'soon' | 'ok' | 'no-date';
export interface ExpiryItem {
  kind: 'qualification' | 'person-certificate' | 'ca-certificate';
  /** the record it comes from */
  recordId: string;
  label: string;
  detail: string;
  validTo?: string;
  /** the instant it stops being valid */
  expiresAt?: Date;
  status: ExpiryStatus;
  daysLeft?: number;
}

const DAY = 86_400_000;

/** end of a `YYYY-MM-DD` day in Beijing time, or an ISO instant as is */
export function endOfValidity(s: string): Date | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const d = new Date(`${s}T23:59:59.999+08:00`);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function classify(validTo: string | undefined, now: Date, deadline: Date | undefined, soonDays = 30): Pick<ExpiryItem, 'status' | 'expiresAt' | 'daysLeft'> {
  const at = validTo ? endOfValidity(validTo) : undefined;
  if (!at) return { status: 'no-date' };
  const daysLeft = Math.floor((at.getTime() - now.getTime()) / DAY);
  if (at <= now) return { status: 'expired', expiresAt: at, daysLeft };
  if (deadline && at < deadline) return { status: 'before-deadline', expiresAt: at, daysLeft };
  if (at.getTime() - now.getTime() < soonDays * DAY) return { status: 'soon', expiresAt: at, daysLeft };
  return { status: 'ok', expiresAt: at, daysLeft };
}

const RANK: Record<ExpiryStatus, number> = { expired: 0, 'before-deadline': 1, soon: 2, 'no-date': 3, ok: 4 };

export function expiryReport(
  data: { qualifications: Entry<Qualification>[]; personnel: Entry<Person>[]; certificates: Entry<CaCertificate>[] },
  opts: { now: Date; deadline?: Date; opening?: Date; soonDays?: number },
): ExpiryItem[] {
  const items: ExpiryItem[] = [];
  const docDeadline = opts.deadline ?? opts.opening;
  const certDeadline = opts.opening ?? opts.deadline;
  for (const q of data.qualifications) {
    if (q.tampered) continue;
    items.push({ kind: 'qualification', recordId: q.id, label: q.value.type, detail: [q.value.grade, q.value.number].filter(Boolean).join(' · '), validTo: q.value.validTo, ...classify(q.value.validTo, opts.now, docDeadline, opts.soonDays) });
  }
  for (const p of data.personnel) {
    if (p.tampered) continue;
    for (const c of p.value.certificates) {
      items.push({ kind: 'person-certificate', recordId: p.id, label: `${p.value.name} · ${c.name}`, detail: c.number, validTo: c.validTo, ...classify(c.validTo, opts.now, docDeadline, opts.soonDays) });
    }
  }
  for (const c of data.certificates) {
    if (c.tampered) continue;
    items.push({ kind: 'ca-certificate', recordId: c.id, label: c.value.label, detail: c.value.serialNumber, validTo: c.value.notAfter, ...classify(c.value.notAfter, opts.now, certDeadline, opts.soonDays) });
  }
  return items.sort((a, b) => RANK[a.status] - RANK[b.status] || (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity));
}
