// Runs in Node. `bidseal open`: opens a sealed bid (CMS envelope or custody container) into a folder. The
// documents are decrypted and unpacked in one stream into `.partial` files and renamed into place only
// when the ZIP, every document's SM3 and SHA-256 and the manifest signature verified; otherwise nothing
// stays (E_BID_PACKAGE_INVALID, E_NOT_A_RECIPIENT listing the recipients, E_TRUNCATED …).
import type { CommandBody, CommandContext } from '../framework';
import { openBid, type PackageReport } from '../../services/bid/package';
import { openIdentitySpecs, secretOptions, SECRET_HELP, SPEC_HELP } from '../carrier-spec';
import { list, requireOut } from '../args';

/** A bid package's verification, for people (open, bid verify). */
export function printReport(ctx: CommandContext, r: PackageReport): void {
  const m = r.manifest;
  if (m) ctx.print(`tender ${m.tenderId}${m.lot ? ` / ${m.lot}` : ''}, platform ${m.platformId}, bidder ${m.bidder.name} (${m.bidder.uscc}), created ${m.createdAt}`);
  const s = r.signature;
  if (s) ctx.print(`signature: ${s.intact ? 'intact' : 'NOT INTACT'} — ${s.signer ?? 'unknown signer'}${s.signingTime ? ` at ${s.signingTime}` : ''}${s.matchesBidder === false ? ' (certificate USCC differs from the bidder!)' : ''}${s.error ? ` — ${s.error.message}` : ''}`);
  for (const f of r.files) ctx.print(`  ${f.verdict === 'ok' ? 'OK     ' : f.verdict.toUpperCase().padEnd(7)} ${f.name}${f.size !== null ? ` (${f.size} bytes)` : ''}`);
  ctx.print(`bottom line: ${r.bottomLine}`);
}

export const openCommand: CommandBody = {
  usage: 'open IN.p7m --identity SPEC... -o DIR',
  details: [
    '--identity SPEC   the ENCRYPTION key (repeat: joint and threshold custody need several parties)',
    ...SECRET_HELP,
    '-o DIR            the folder for the documents (created; must not hold files of the same names)',
    ...SPEC_HELP,
  ],
  options: { ...secretOptions, identity: { type: 'string', multiple: true }, out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const outDir = requireOut(ctx, 'DIR');
    const { decrypters, close } = await openIdentitySpecs(ctx, list(ctx, 'identity'));
    try {
      const r = await openBid(ctx.positionals[0], decrypters, outDir);
      if (ctx.json) return ctx.printJson({ kind: r.kind, files: r.files, openedBy: r.openedBy, report: r.report });
      ctx.print(`opened ${ctx.positionals[0]} (${r.kind}) → ${outDir}`);
      printReport(ctx, r.report);
    } finally {
      await close();
    }
  },
};
