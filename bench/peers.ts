// Runs in Node (benchmarks only). The JavaScript peer the figures are compared with (sm-crypto-v2), loaded
// as one ESM bundle made here with esbuild rather than through the tsx loader the bench runs under: loading
// that CommonJS package through tsx detached an ArrayBuffer on the main thread (plain Node loading the same
// file does not), and the first detach in a thread makes V8 guard every typed-array access of that thread
// for the rest of its life (its "array buffer detaching" protector): that cost our SM4 rounds ~9% and the
// peer more, in the same process (measured; `node --trace-protector-invalidation` shows it). The app is
// bundled and never loads through tsx, so neither side is measured under that handicap.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const outfile = path.join(here, '..', '.tmp', 'bench-peers', 'sm-crypto-v2.mjs');

export type SmCrypto = Pick<typeof import('sm-crypto-v2'), 'sm2' | 'sm3' | 'sm4'>;

let loaded: Promise<SmCrypto> | undefined;
/** sm-crypto-v2, bundled on first use (its `require('crypto')` kept as a Node require) */
export function loadSmCrypto(): Promise<SmCrypto> {
  return (loaded ??= (async () => {
    mkdirSync(path.dirname(outfile), { recursive: true });
    await build({
      stdin: { contents: "export { sm2, sm3, sm4 } from 'sm-crypto-v2';", resolveDir: here, loader: 'js' },
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      logLevel: 'error',
      banner: { js: "import { createRequire as __peerRequire } from 'node:module'; const require = __peerRequire(import.meta.url);" },
    });
    return (await import(pathToFileURL(outfile).href)) as SmCrypto;
  })());
}
