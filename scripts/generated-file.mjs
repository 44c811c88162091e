// Runs in Node (the code generators scripts/gen-*.mjs). What every generator does with the file it owns:
// splice generated code between two markers, and the command line `node scripts/gen-X.mjs` (rewrite the
// file) or `--check` (exit 1 when the file differs from what the generator writes; run by the tests).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `src` with what stands between the markers `head` and `tail` replaced by `body`; `missing` is the error when they are not there. */
export function spliceBetween(src, head, tail, body, missing) {
  const a = src.indexOf(head);
  const b = src.indexOf(tail, a);
  if (a < 0 || b < 0) throw new Error(missing);
  return src.slice(0, a + head.length) + body + src.slice(b);
}

/** Writes `file` as `render(its current text)`; with --check only compares, exits 1 naming `script` when it differs. */
export function writeOrCheck(script, file, render) {
  const src = readFileSync(file, 'utf8');
  const out = render(src);
  if (process.argv.includes('--check')) {
    if (out !== src) {
      const rel = path.relative(root, file).split(path.sep).join('/');
      console.error(`${rel} differs from what scripts/${script} writes: run node scripts/${script}`);
      process.exit(1);
    }
  } else writeFileSync(file, out);
}
