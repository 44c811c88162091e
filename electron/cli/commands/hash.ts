// Runs in Node. `bidseal hash`: SM3 or SHA-256 of files, streamed, printed as `HEX  FILE`
// (the format of sha256sum), so a bidder can compare with a platform's receipt.
import type { CommandBody } from '../framework';
import { UsageError } from '../framework';
import { hashStream, type HashAlg } from '../../services/fs/file-hash';
import { inputStream } from '../io';

export const hashCommand: CommandBody = {
  usage: 'hash [--alg sm3|sha256] [--json] FILE...   (FILE may be - for standard input)',
  details: ['--alg sm3|sha256  digest algorithm (default sm3)'],
  options: { alg: { type: 'string', default: 'sm3' } },
  positionals: { min: 1, max: Infinity },
  json: true,
  async run(ctx) {
    const alg = String(ctx.values.alg);
    if (alg !== 'sm3' && alg !== 'sha256') throw new UsageError(`--alg must be sm3 or sha256, not '${alg}'`);
    const files: Array<{ file: string; alg: string; hex: string; size: number }> = [];
    for (const file of ctx.positionals) {
      let size = 0;
      const hex = await hashStream(await inputStream(ctx.io, file), alg as HashAlg, (n) => (size += n));
      if (ctx.json) files.push({ file, alg, hex, size });
      else ctx.print(`${hex}  ${file}`);
    }
    if (ctx.json) ctx.printJson({ files });
  },
};
