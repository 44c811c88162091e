// Runs in Node. `bidseal portal prepare|open|attach-receipt`: handing a sealed bid in through a platform's
// web portal where the platform directory names no upload API (docs/formats/platform-directory.md §7.5).
// `prepare` writes the checked hand-in copy under the portal's file name, `open` prints (or opens) the
// directory's https portal, `attach-receipt` keeps the portal's own receipt (PDF/PNG/JPEG) in the document
// store and the bid history beside the sealed file's hashes. The bid is found in the history by its SHA-256.
import path from 'node:path';
import { UsageError, type Command, type CommandBody, type CommandContext } from '../framework';
import { defaultDataDir } from '../../services/fs/data-dir';
import { BidSealError } from '../../../shared/errors';
import { attachPortalReceipt, portalPlan, preparePortalCopy } from '../../services/upload/portal';
import { digestFile } from '../../services/upload/file-digest';
import { getPlatform } from '../../services/platforms/directory';
import { portalRequirements } from '../../../shared/platforms/portal';
import { openFileStore } from '../../services/documents/file-store';
import { openInBrowser } from '../../host/start-page';
import { requireOut } from '../args';

const dataDirOpt = { 'data-dir': { type: 'string' } } as const;
const dataDirHelp = '--data-dir DIR     BidSeal data folder (bid history, documents; default: BIDSEAL_DATA_DIR or the per-user folder)';
const dataDirOf = (ctx: CommandContext) => (ctx.values['data-dir'] as string | undefined) ?? defaultDataDir();
const platformOf = (ctx: CommandContext) => {
  const p = ctx.values.platform as string | undefined;
  if (!p) throw new UsageError('--platform is required');
  return p;
};
const TBC = { zh: '待确认', en: 'to be confirmed' } as const;
const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB (${n} B)`;

const prepareCmd: Command = {
  name: 'prepare',
  summary: "Write the sealed bid under the file name the platform's portal expects (size limit checked, copy hash-checked)",
  usage: 'portal prepare BID.p7m --platform ID -o DIR [--json]',
  json: true,
  details: ['--platform ID     the platform (directory id)', '-o, --out DIR     the folder to write the hand-in copy into', dataDirHelp],
  options: { platform: { type: 'string' }, out: { type: 'string', short: 'o' }, ...dataDirOpt },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const platformId = platformOf(ctx);
    const out = requireOut(ctx, 'DIR');
    const dataDir = dataDirOf(ctx);
    const d = await digestFile(path.resolve(ctx.positionals[0]));
    const r = await preparePortalCopy(dataDir, platformId, { sha256: d.sha256 }, path.resolve(out));
    const q = r.plan.requirements;
    if (ctx.json) return ctx.printJson({ path: r.path, name: r.name, size: r.size, sha256: r.sha256, sm3: r.plan.sealed.sm3, requirements: q });
    const lang = ctx.io.lang;
    const or = <T>(v: T | null, f: (x: T) => string) => (v === null ? TBC[lang] : f(v));
    if (lang === 'zh') {
      ctx.print(`已写出递交文件：${r.path}`);
      ctx.print(`  命名规则：${or(q.fileNamePattern, (x) => x)}；大小上限：${or(q.maxBytes, mib)}；文件格式：${or(q.formats, (x) => x.join(', '))}`);
      ctx.print(`  SHA-256 ${r.sha256}（与密封记录一致）`);
      ctx.print(`  平台网页：${or(q.portal, (x) => x)}`);
    } else {
      ctx.print(`Wrote the hand-in copy: ${r.path}`);
      ctx.print(`  naming rule: ${or(q.fileNamePattern, (x) => x)}; size limit: ${or(q.maxBytes, mib)}; formats: ${or(q.formats, (x) => x.join(', '))}`);
      ctx.print(`  SHA-256 ${r.sha256} (matches the seal record)`);
      ctx.print(`  portal: ${or(q.portal, (x) => x)}`);
    }
  },
};

const openCmd: Command = {
  name: 'open',
  summary: "Show the platform's web portal from the directory and open it in the default browser",
  usage: 'portal open --platform ID [--no-open] [--json]',
  json: true,
  details: ['--platform ID     the platform (directory id)', '--no-open         only print the address', dataDirHelp],
  options: { platform: { type: 'string' }, 'no-open': { type: 'boolean' }, ...dataDirOpt },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const platformId = platformOf(ctx);
    const url = portalRequirements(await getPlatform(dataDirOf(ctx), platformId)).portal;
    if (!url) throw new BidSealError('E_PORTAL_NO_URL', `platform ${platformId} has no https portal in the directory`);
    const opened = !ctx.values['no-open'] && !ctx.json && openInBrowser(url);
    if (ctx.json) return ctx.printJson({ url, opened });
    ctx.print(url);
    if (opened) ctx.print(ctx.io.lang === 'zh' ? '已在默认浏览器中打开' : 'Opened in the default browser');
  },
};

const attachCmd: Command = {
  name: 'attach-receipt',
  summary: "Attach the portal's receipt (PDF, PNG or JPEG) to the bid's history, beside the sealed file's hashes",
  usage: 'portal attach-receipt BID.p7m RECEIPT --platform ID [--json]',
  json: true,
  details: ['--platform ID     the platform the bid was handed in to', 'BidSeal checks the receipt is a sound PDF/PNG/JPEG; it cannot verify what the portal says.', dataDirHelp],
  options: { platform: { type: 'string' }, ...dataDirOpt },
  positionals: { min: 2, max: 2 },
  async run(ctx) {
    const platformId = platformOf(ctx);
    const dataDir = dataDirOf(ctx);
    const d = await digestFile(path.resolve(ctx.positionals[0]));
    const plan = await portalPlan(dataDir, platformId, { sha256: d.sha256 }); // the record, before the receipt is copied
    const stored = await openFileStore(dataDir).importPath(path.resolve(ctx.positionals[1]), { tags: { kind: 'portal-receipt' } });
    const h = await attachPortalReceipt(dataDir, { platformId, ref: { recordId: plan.recordId }, receiptFileId: stored.id });
    if (ctx.json) return ctx.printJson(h);
    const zh = ctx.io.lang === 'zh';
    ctx.print(zh ? `已记录：通过平台网页递交（${h.platformId}），回执 ${h.receipt.name}` : `Recorded: handed in via the portal (${h.platformId}), receipt ${h.receipt.name}`);
    ctx.print(`  ${zh ? '回执' : 'receipt'} SHA-256 ${h.receipt.sha256}`);
    ctx.print(`  ${zh ? '密封文件' : 'sealed bid'} SHA-256 ${h.receipt.sealed.sha256}`);
    ctx.print(`  ${zh ? '密封文件' : 'sealed bid'} SM3     ${h.receipt.sealed.sm3}`);
    ctx.print(zh ? '  回执由平台网页出具，BidSeal 未验证其内容。' : '  The receipt comes from the portal; BidSeal did not verify what it says.');
  },
};

export const portalCommand: CommandBody = {
  usage: 'portal <command> …',
  subcommands: [prepareCmd, openCmd, attachCmd],
};
