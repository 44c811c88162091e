// Runs anywhere (pure: the letters print it, the UI previews it). Amounts in Chinese financial capitals
// (大写金额) as bid letters, cheques and contracts write them: 壹贰叁肆伍陆柒捌玖 with 拾佰仟 within a
// group of four and 万/亿 between groups; one 零 for any run of zeros inside the number; 元 then 角 分,
// or 整 when there are no fen (GB/T 15835 and the PBOC rules for writing amounts, 《支付结算办法》附一).
// Works on the decimal string so no float rounding ever touches a price.
import { BidSealError } from '../errors';

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL = ['', '拾', '佰', '仟'];
const BIG = ['', '万', '亿', '万亿'];

function group4(g: string): string {
  // g: up to four digits, most significant first; zeros inside collapse to one 零, trailing zeros vanish
  let out = '';
  let zero = false;
  const n = g.length;
  for (let i = 0; i < n; i++) {
    const d = Number(g[i]);
    const pos = n - 1 - i;
    if (d === 0) {
      zero = true;
      continue;
    }
    if (zero && out) out += '零';
    zero = false;
    out += DIGITS[d] + SMALL[pos];
  }
  return out;
}

/** "12345678.90" → "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角整"; "0.05" → "伍分"; "100" → "壹佰元整". */
export function rmbCapitals(amount: string): string {
  const m = /^(-)?(0|[1-9]\d{0,15})(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) throw new BidSealError('E_INVALID_ARGUMENT', `not an amount in yuan: ${amount}`);
  const [, minus, intPart, frac = ''] = m;
  const jiao = Number(frac[0] ?? '0');
  const fen = Number(frac[1] ?? '0');

  let yuan = '';
  if (intPart !== '0') {
    const groups: string[] = [];
    for (let end = intPart.length; end > 0; end -= 4) groups.unshift(intPart.slice(Math.max(0, end - 4), end));
    let pendingZero = false;
    groups.forEach((g, idx) => {
      const unit = BIG[groups.length - 1 - idx];
      if (/^0+$/.test(g)) {
        pendingZero = true;
        return;
      }
      // a zero between groups: previous group(s) all zero, or this group starts with 0
      if (yuan && (pendingZero || g.length === 4 && g[0] === '0')) yuan += '零';
      pendingZero = false;
      yuan += group4(g) + unit;
    });
    yuan += '元';
  }

  let tail = '';
  if (jiao === 0 && fen === 0) tail = yuan ? '整' : '零元整';
  else {
    if (jiao) tail += DIGITS[jiao] + '角';
    else if (yuan) tail += '零';
    if (fen) tail += DIGITS[fen] + '分';
    else tail += '整';
  }
  return (minus ? '负' : '') + yuan + tail;
}

/** "12345678.9" → "12,345,678.90" (figures as printed next to the capitals) */
export function formatYuan(amount: string): string {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) throw new BidSealError('E_INVALID_ARGUMENT', `not an amount in yuan: ${amount}`);
  const [, minus = '', int, frac = ''] = m;
  return `${minus}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac.padEnd(2, '0')}`;
}

/** An amount as bidders type it — "12,345,678.90", "¥12，345，678.90" — as the plain decimal string; thousands
 *  separators are removed only in groups of three ("1,23" stays as typed and fails validation). */
export function plainYuan(v: string): string {
  const t = v.trim().replace(/^[¥￥]\s*/, '').replace(/，/g, ',');
  return /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) ? t.replace(/,/g, '') : t;
}
