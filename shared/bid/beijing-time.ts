// Runs anywhere (pure). Bid deadlines and openings are announced in Beijing time (UTC+8, no daylight
// saving): a time written without a zone — "2026-12-01 09:30", as tender notices print it — means Beijing
// time wherever the computer's clock is set; a time with a zone (Z, +08:00) means what it says.

const LOCAL = /^(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?[ T]*(\d{1,2})[:：时](\d{2})(?:[:：分](\d{2}))?秒?$/;

/** The instant a deadline or opening time stands for; undefined when it cannot be read. */
export function parseBeijingTime(v: string): Date | undefined {
  const s = v.trim();
  const m = LOCAL.exec(s);
  const p = (x: string | undefined) => (x ?? '0').padStart(2, '0');
  const d = m ? new Date(`${m[1]}-${p(m[2])}-${p(m[3])}T${p(m[4])}:${p(m[5])}:${p(m[6])}+08:00`) : /[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? new Date(s) : new Date(NaN);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** "2026-12-01 09:30（北京时间）" / "2026-12-01 09:30 (Beijing time)": an instant as bidders read it. */
export function formatBeijingTime(d: Date, lang: 'zh' | 'en'): string {
  const b = new Date(d.getTime() + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const s = `${b.getUTCFullYear()}-${p(b.getUTCMonth() + 1)}-${p(b.getUTCDate())} ${p(b.getUTCHours())}:${p(b.getUTCMinutes())}`;
  return lang === 'zh' ? `${s}（北京时间）` : `${s} (Beijing time)`;
}
