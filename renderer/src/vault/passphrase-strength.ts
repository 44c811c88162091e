// Runs in the renderer and in Node tests (pure). A small zxcvbn-style passphrase strength estimate
// (docs/VAULT.md): the passphrase is split greedily into the cheapest patterns an attacker's cracker tries
// first — common passwords and words (English and pinyin, bidding words), keyboard runs, repeats and
// alphabet/digit sequences, years and dates — and what is left is counted by its character classes. The
// sum of the pattern costs (bits) gives a score 0–4; creating or changing the vault passphrase refuses
// scores below MIN_SCORE. A few kB instead of zxcvbn's 800 kB of dictionaries in the renderer bundle.
import { BidSealError } from '../../../shared/errors';

export const MIN_PASSPHRASE = 8;
/** the weakest score accepted (0 and 1 are refused) */
export const MIN_SCORE = 2;

// Passwords from the public leaks' top lists (Chinese and worldwide) and words a bidder would reach for.
const COMMON = `password passw0rd passphrase iloveyou woaini wodemima mima admin administrator root qwerty qwertyuiop asdfgh
asdfghjkl zxcvbn zxcvbnm abc abcd abcdef abcdefg letmein welcome monkey dragon master sunshine princess football baseball
shadow superman batman trustno1 starwars whatever freedom hello secret love lovely china beijing shanghai shenzhen
guangzhou zhongguo aini huawei xiaomi baidu tencent taobao alipay weixin wechat qq zhang wang li liu chen yang huang zhao
zhou wu xu sun ma zhu hu guo he lin luo gao zheng liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan
cai jiang yu du ye cheng wei su lu ding ren shen yao zhong jin tan fan fang shi tender bid bidding bidder seal bidseal
vault backup company gongsi zhaobiao toubiao biaoshu jituan jianshe gongcheng project test user guest login default
changeme computer internet system manager office document summer winter spring autumn`
  .split(/\s+/)
  .filter(Boolean);
const COMMON_SET = new Set(COMMON);
const COMMON_BITS = Math.log2(COMMON.length);

const KEYBOARD_ROWS = ['`1234567890-=', 'qwertyuiop[]\\', "asdfghjkl;'", 'zxcvbnm,./', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/', 'qazwsxedcrfvtgbyhnujmikolp'];
const LEET: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i' };

export interface Strength {
  /** 0 (refused: guessed at once) … 4 (strong) */
  score: 0 | 1 | 2 | 3 | 4;
  bits: number;
  /** what made it weak, for the meter's hint (i18n keys under vault.strength.*) */
  warnings: Array<'short' | 'common' | 'keyboard' | 'repeat' | 'sequence' | 'date'>;
}

function charsetBits(s: string): number {
  let size = 0;
  if (/[a-z]/.test(s)) size += 26;
  if (/[A-Z]/.test(s)) size += 26;
  if (/[0-9]/.test(s)) size += 10;
  if (/[^a-zA-Z0-9\u3400-\u9fff]/.test(s)) size += 33;
  if (/[\u3400-\u9fff]/.test(s)) size += 3500; // the common Chinese characters (GB 2312 level 1 and more)
  return Math.log2(Math.max(size, 10));
}

const unleet = (s: string) => Array.from(s.toLowerCase(), (c) => LEET[c] ?? c).join('');

function keyboardRun(s: string, i: number): number {
  let best = 0;
  for (const row of KEYBOARD_ROWS) {
    for (const dir of [1, -1]) {
      let n = 1;
      while (i + n < s.length) {
        const a = row.indexOf(s[i + n - 1]);
        const b = row.indexOf(s[i + n]);
        if (a < 0 || b < 0 || b - a !== dir) break;
        n++;
      }
      best = Math.max(best, n);
    }
  }
  return best >= 4 ? best : 0;
}

function sequenceRun(s: string, i: number): number {
  if (i + 2 >= s.length) return 0;
  const d = s.charCodeAt(i + 1) - s.charCodeAt(i);
  if (Math.abs(d) !== 1) return 0;
  let n = 2;
  while (i + n < s.length && s.charCodeAt(i + n) - s.charCodeAt(i + n - 1) === d) n++;
  return n >= 3 ? n : 0;
}

function repeatRun(s: string, i: number): { len: number; unit: number } {
  // the shortest unit repeated from i (aaaa, abab, 520520)
  for (let unit = 1; unit <= 4 && i + unit * 2 <= s.length; unit++) {
    const u = s.slice(i, i + unit);
    let n = unit;
    while (s.startsWith(u, i + n)) n += unit;
    if (n >= unit * 2 && n >= 3) return { len: n, unit };
  }
  return { len: 0, unit: 0 };
}

/** Estimates how hard a passphrase is to guess. */
export function passphraseStrength(passphrase: string): Strength {
  const pw = passphrase.normalize('NFC');
  const chars = Array.from(pw);
  const warnings = new Set<Strength['warnings'][number]>();
  const lower = pw.toLowerCase();
  const plain = unleet(pw);
  const perChar = charsetBits(pw);
  let bits = 0;
  let words = 0;
  for (let i = 0; i < lower.length;) {
    // the cheapest pattern starting here wins
    let len = 0;
    let cost = 0;
    for (let j = Math.min(lower.length, i + 16); j >= i + 3; j--) {
      const w = plain.slice(i, j);
      if (COMMON_SET.has(w)) {
        len = j - i;
        cost = COMMON_BITS + (lower.slice(i, j) !== w ? 1 : 0) + (pw.slice(i, j) !== lower.slice(i, j) ? 1 : 0);
        warnings.add('common');
        words++;
        break;
      }
    }
    if (!len) {
      const k = keyboardRun(lower, i);
      if (k) [len, cost] = [k, Math.log2(KEYBOARD_ROWS.join('').length) + Math.log2(k) + 1];
      if (k) warnings.add('keyboard');
    }
    if (!len) {
      const sq = sequenceRun(lower, i);
      if (sq) [len, cost] = [sq, Math.log2(36) + Math.log2(sq) + 1];
      if (sq) warnings.add('sequence');
    }
    if (!len) {
      const r = repeatRun(lower, i);
      if (r.len) [len, cost] = [r.len, perChar * r.unit + Math.log2(r.len / r.unit)];
      if (r.len) warnings.add('repeat');
    }
    if (!len) {
      const y = /^(19|20)\d\d/.exec(lower.slice(i));
      if (y) [len, cost] = [4, Math.log2(120)];
      if (y) warnings.add('date');
    }
    if (!len) [len, cost] = [Array.from(lower.slice(i))[0].length, perChar];
    bits += cost;
    i += len;
  }
  // a passphrase of several common words is still several words: each one is a guess among many
  if (words >= 4) bits = Math.max(bits, words * 11);
  if (chars.length < MIN_PASSPHRASE) warnings.add('short');
  const score: Strength['score'] = chars.length < MIN_PASSPHRASE ? 0 : bits < 28 ? 0 : bits < 40 ? 1 : bits < 56 ? 2 : bits < 72 ? 3 : 4;
  return { score, bits: Math.round(bits), warnings: [...warnings] };
}

/** Refuses the weakest passphrases (E_VAULT_WEAK_PASSPHRASE with the score and hints, never the text). */
export function checkPassphrase(passphrase: string): Strength {
  const s = passphraseStrength(passphrase);
  if (s.score < MIN_SCORE) throw new BidSealError('E_VAULT_WEAK_PASSPHRASE', `score ${s.score}`, { score: s.score, warnings: s.warnings });
  return s;
}
