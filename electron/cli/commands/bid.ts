// Runs in Node. `bidseal bid seal|open|inspect|verify`: the older spelling of the sealed-bid commands
// (docs/formats/bid-package.md). seal, open and inspect are the top-level commands under this name — same options, same
// code (commands/seal.ts, open.ts, inspect.ts); verify checks an unencrypted bid package or the backup copy
// that `seal --backup` writes, and exists only here.
import type { Command, CommandBody } from '../framework';
import { EXIT_FAILED } from '../framework';
import { COMMANDS } from '../command-list';
import { describeError } from '../../../shared/errors';
import { verifyBidPackage } from '../../services/bid/package';
import { sealCommand } from './seal';
import { openCommand, printReport } from './open';
import { inspectCommand } from './inspect';

/** `bid NAME …` runs the top-level NAME command; only the usage lines say `bid`. */
function alias(name: string, c: CommandBody): Command {
  const top = COMMANDS.find((t) => t.name === name)!;
  return { ...c, name, summary: `${top.summary} (= bidseal ${name})`, usage: c.usage.split('\n').map((u) => `bid ${u}`).join('\n') };
}

const verifyCommand: Command = {
  name: 'verify',
  summary: 'Verify an unencrypted bid package or backup copy (exit 0 valid, 1 not)',
  usage: 'bid verify [--json] PACKAGE.zip',
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const r = await verifyBidPackage(ctx.positionals[0]);
    if (ctx.json) ctx.printJson(r);
    else printReport(ctx, r);
    if (r.bottomLine !== 'valid') {
      ctx.io.stderr.write(`E_BID_PACKAGE_INVALID: ${describeError('E_BID_PACKAGE_INVALID', ctx.io.lang, r.bottomLine)}\n`);
      return EXIT_FAILED;
    }
  },
};

export const bidCommand: CommandBody = {
  usage: 'bid <seal|open|inspect|verify> [options]',
  subcommands: [alias('seal', sealCommand), alias('inspect', inspectCommand), alias('open', openCommand), verifyCommand],
};
