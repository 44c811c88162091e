// Writes the unrolled SM3 compression function, SM3.process() in shared/crypto/sm3.ts, from the loop
// form given in its doc comment (GB/T 32905-2016 §5.3.2–5.3.3). `node scripts/gen-sm3.mjs` rewrites the
// body in place; `--check` exits 1 when the file differs from what this script writes (run by the tests).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spliceBetween, writeOrCheck } from './generated-file.mjs';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'shared', 'crypto', 'sm3.ts');
const rotl = (v, n) => `((${v} << ${n}) | (${v} >>> ${32 - n}))`;
const int32 = (x) => x | 0;

export function processBody() {
  const L = [];
  const say = (s) => L.push(`    ${s}`);
  say('const V = this.V;');
  'ABCDEFGH'.split('').forEach((r, i) => say(`let ${r} = V[${i}];`));
  for (let i = 0; i < 16; i++) say(`let w${i} = view.getInt32(offset + ${4 * i}, false);`);
  for (const t of ['x', 'ss1', 'tt1', 'tt2']) say(`let ${t} = 0;`);
  for (let j = 0; j < 64; j++) {
    const k = j + 4; // W_{j+4} is computed in round j, in the slot of W_{j-12}
    if (k >= 16) {
      const w = (o) => `w${(k + o) % 16}`;
      say(`x = ${w(0)} ^ ${w(7)} ^ ${rotl(w(13), 15)};`);
      say(`${w(0)} = x ^ ${rotl('x', 15)} ^ ${rotl('x', 23)} ^ ${rotl(w(3), 7)} ^ ${w(10)};`);
    }
    const T = j < 16 ? 0x79cc4519 : 0x7a879d8a;
    const s = j % 32;
    const Tj = int32(s === 0 ? T : (T << s) | (T >>> (32 - s)));
    const ff = j < 16 ? '(A ^ B ^ C)' : '((A & B) | (C & (A | B)))';
    const gg = j < 16 ? '(E ^ F ^ G)' : '(G ^ (E & (F ^ G)))';
    say(`x = ${rotl('A', 12)};`);
    say(`ss1 = (x + E + ${Tj}) | 0;`);
    say(`ss1 = ${rotl('ss1', 7)};`);
    say(`tt1 = (${ff} + D + (ss1 ^ x) + (w${j % 16} ^ w${k % 16})) | 0;`);
    say(`tt2 = (${gg} + H + ss1 + w${j % 16}) | 0;`);
    say('D = C;');
    say(`C = ${rotl('B', 9)};`);
    say('B = A;');
    say('A = tt1;');
    say('H = G;');
    say(`G = ${rotl('F', 19)};`);
    say('F = E;');
    say(`E = tt2 ^ ${rotl('tt2', 9)} ^ ${rotl('tt2', 17)};`);
  }
  'ABCDEFGH'.split('').forEach((r, i) => say(`V[${i}] ^= ${r};`));
  return L.join('\n');
}

const HEAD = '  protected process(view: DataView, offset: number): void {\n';
const TAIL = '\n  }\n  protected roundClean(): void {';

export function regenerate(src) {
  return spliceBetween(src, HEAD, TAIL, processBody(), 'sm3.ts: process() markers not found');
}

if (import.meta.url === `file://${process.argv[1]}`) writeOrCheck('gen-sm3.mjs', file, regenerate);
