// Runs in Node. `bidseal platforms list|show|import|add|remove` (the signed platform directory and the
// user's own platforms) and `bidseal stats` (shared-certificate usage per platform and month, CSV/XLSX).
import { readFile } from 'node:fs/promises';
import { UsageError, type Command, type CommandBody, type CommandContext } from '../framework';
import { defaultDataDir } from '../../services/fs/data-dir';
import { fileError } from '../../services/fs/atomic-write';
import { addCustomPlatform, getPlatform, importBundleFile, loadDirectory, removeCustomPlatform } from '../../services/platforms/directory';
import { exportStatsToPath, monthlyStats } from '../../services/platforms/usage-stats';
import { usageTotals, isMonth } from '../../../shared/platforms/usage';
import { BusinessType, type PlatformProfile } from '../../../shared/platforms/profile';
import type { CustomPlatformInput } from '../../../shared/platforms/custom';

const dataDirOpt = { 'data-dir': { type: 'string' } } as const;
const dataDirHelp = '--data-dir DIR     BidSeal data folder (default: BIDSEAL_DATA_DIR or the per-user folder)';
const dataDirOf = (ctx: CommandContext) => (ctx.values['data-dir'] as string | undefined) ?? defaultDataDir();

const KIND = {
  zh: { 'public-resource-trading': '公共资源交易平台', 'enterprise-procurement': '企业招标采购平台', reference: '本地演示平台', other: '自定义平台' },
  en: { 'public-resource-trading': 'public resource trading', 'enterprise-procurement': 'enterprise procurement', reference: 'reference (local demo)', other: 'added by you' },
} as const;
const BUSINESS = {
  zh: { 'construction-tendering': '工程建设招标投标', 'government-procurement': '政府采购', 'land-mining-rights': '土地使用权和矿业权出让', 'state-property': '国有产权交易', 'enterprise-procurement': '企业招标采购' },
  en: { 'construction-tendering': 'construction tendering', 'government-procurement': 'government procurement', 'land-mining-rights': 'land-use and mining rights', 'state-property': 'state-owned property', 'enterprise-procurement': 'enterprise procurement' },
} as const;
const TBC = { zh: '待与平台确认', en: 'to be confirmed with the platform' } as const;

function custodyText(p: PlatformProfile, lang: 'zh' | 'en'): string {
  const platformKeys = p.recipients.length;
  const bidder = p.envelope.includeBidderRecipient;
  const c = p.envelope.custody;
  if (lang === 'zh') {
    const who = [platformKeys ? `平台证书 ${platformKeys} 张` : '', bidder ? '投标人加密证书' : ''].filter(Boolean).join(' + ') || '（无）';
    return `${c.kind === 'joint' ? '共同解密（全部接收方）' : c.kind === 'threshold' ? `门限解密（${c.k} 方）` : '任一接收方可解密'}；接收方：${who}`;
  }
  const who = [platformKeys ? `${platformKeys} platform certificate(s)` : '', bidder ? "the bidder's encryption certificate" : ''].filter(Boolean).join(' + ') || '(none)';
  return `${c.kind === 'joint' ? 'joint (all recipients together)' : c.kind === 'threshold' ? `threshold (${c.k} of the recipients)` : 'any one recipient opens'}; recipients: ${who}`;
}

function showText(p: PlatformProfile, lang: 'zh' | 'en'): string[] {
  const tbc = (f: PlatformProfile['unconfirmed'][number]) => (p.unconfirmed.includes(f) ? ` (${TBC[lang]})` : '');
  const L = lang === 'zh' ? ['标识', '名称', '地区', '类型', '业务类型', '内容加密', '接收方标识', 'RSA 填充', '解密方式', '上传地址', '大小上限', '回执证书', '互认 CA', '共享应用', '办理流程', '说明', '来源'] : ['Id', 'Name', 'Region', 'Kind', 'Business types', 'Content cipher', 'Recipient id', 'RSA padding', 'Custody', 'Upload endpoint', 'Size limit', 'Receipt cert', 'CA providers', 'Sharing apps', 'Procedure', 'Notes', 'Source'];
  const none = lang === 'zh' ? '（无）' : '(none)';
  const w = Math.max(...L.map((l) => l.length)) + 2;
  const line = (i: number, v: string) => `${L[i].padEnd(w)}${v}`;
  return [
    line(0, p.id),
    line(1, `${p.name.zh} / ${p.name.en}`),
    line(2, p.region[lang] || none),
    line(3, KIND[lang][p.kind]),
    line(4, (p.businessTypes.map((b) => BUSINESS[lang][b]).join(lang === 'zh' ? '、' : ', ') || none) + tbc('businessTypes')),
    line(5, p.envelope.cipher.toUpperCase() + tbc('envelope')),
    line(6, p.envelope.recipientId + tbc('envelope')),
    line(7, p.envelope.rsaPadding + tbc('envelope')),
    line(8, custodyText(p, lang) + tbc('recipients')),
    line(9, (p.upload.endpoint ?? none) + tbc('upload')),
    line(10, (p.upload.maxBytes ? `${(p.upload.maxBytes / 1024 ** 2).toFixed(0)} MiB` : none) + tbc('upload')),
    line(11, p.upload.receiptCertificatePem ? (lang === 'zh' ? '有' : 'present') : none),
    line(12, (p.caProviders.join(', ') || none) + tbc('caProviders')),
    line(13, (p.sharingApps.join(', ') || none) + tbc('sharingApps')),
    line(14, p.procedure.length ? '' : none),
    ...p.procedure.map((s, i) => `  ${i + 1}. ${s[lang]}`),
    line(15, p.notes ? '' : none),
    ...(p.notes ? p.notes[lang].split('\n').map((l) => `  ${l}`) : []),
    line(16, p.source === 'user' ? (lang === 'zh' ? '自己添加' : 'added by you') : lang === 'zh' ? '签名平台目录' : 'signed platform directory'),
  ];
}

const list: Command = {
  name: 'list',
  summary: 'List the platforms: the signed directory (twelve participating platforms, the reference platform) and your own',
  usage: 'platforms list [--json]',
  json: true,
  details: [dataDirHelp],
  options: dataDirOpt,
  async run(ctx) {
    const d = await loadDirectory(dataDirOf(ctx));
    if (ctx.json) return ctx.printJson({ directory: d.status, platforms: d.platforms });
    const lang = ctx.io.lang;
    const s = d.status;
    ctx.print(lang === 'zh' ? `平台目录 版本 ${s.version}（${s.source === 'installed' ? '已安装的更新' : '随软件发布'}，签发 ${s.issuedAt}，签名密钥 ${s.keyId}，验签通过）` : `Platform directory version ${s.version} (${s.source}, issued ${s.issuedAt}, key ${s.keyId}, signature verified)`);
    if (s.installedIgnored) ctx.print(lang === 'zh' ? `注意：已安装的目录更新未使用：${s.installedIgnored.code}` : `Note: the installed directory update is not used: ${s.installedIgnored.code}`);
    const w = Math.max(...d.platforms.map((p) => p.id.length));
    for (const p of d.platforms) ctx.print(`${p.id.padEnd(w)}  ${p.name[lang]}  [${KIND[lang][p.kind]}]${p.upload.endpoint ? `  ${p.upload.endpoint}` : ''}`);
  },
};

const show: Command = {
  name: 'show',
  summary: "Show one platform's rules: business types, envelope profile, custody, upload, CA providers, procedure",
  usage: 'platforms show ID [--json]',
  json: true,
  details: [dataDirHelp],
  options: dataDirOpt,
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const p = await getPlatform(dataDirOf(ctx), ctx.positionals[0]);
    if (ctx.json) return ctx.printJson(p);
    for (const l of showText(p, ctx.io.lang)) ctx.print(l);
  },
};

const importCmd: Command = {
  name: 'import',
  summary: 'Install a newer signed platform directory bundle (verified against the pinned keys; only a higher version)',
  usage: 'platforms import BUNDLE [--signature SIG] [--json]',
  json: true,
  details: ['--signature SIG   the detached SM2 signature (default: BUNDLE.sig)', dataDirHelp],
  options: { signature: { type: 'string' }, ...dataDirOpt },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const st = await importBundleFile(dataDirOf(ctx), ctx.positionals[0], ctx.values.signature as string | undefined);
    if (ctx.json) return ctx.printJson(st);
    ctx.print(ctx.io.lang === 'zh' ? `已安装平台目录 版本 ${st.version}（${st.platformCount} 个平台，签名密钥 ${st.keyId}）` : `Installed platform directory version ${st.version} (${st.platformCount} platforms, key ${st.keyId})`);
  },
};

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]i?B?|B)?$/i.exec(s.trim());
  if (!m) throw new UsageError(`--max-size '${s}' is not a size`, 'e.g. 200M or 1G');
  const unit = (m[2] ?? 'B').toUpperCase()[0];
  return Math.round(Number(m[1]) * ({ B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 } as Record<string, number>)[unit]);
}

async function readText(file: string): Promise<string> {
  try {
    const b = await readFile(file);
    const t = b.toString('latin1');
    return t.includes('-----BEGIN') ? b.toString('utf8') : b.toString('base64');
  } catch (e) {
    throw fileError(e, file);
  }
}

const add: Command = {
  name: 'add',
  summary: 'Add a platform of your own: its encryption certificate(s), upload endpoint and envelope profile',
  usage: 'platforms add --name NAME [--cert FILE]… [--endpoint URL] [options] [--json]',
  json: true,
  details: [
    '--name NAME           platform name (Chinese)',
    '--name-en NAME        English name (default: --name)',
    '--region TEXT         region or owning group',
    '--cert FILE           the platform\'s encryption certificate (PEM or DER); repeatable',
    '--receipt-cert FILE   the certificate its upload receipts are signed with',
    '--endpoint URL        tus upload endpoint (http/https)',
    '--max-size SIZE       largest accepted bid file, e.g. 200M',
    '--cipher C            sm4-cbc (default) | sm4-gcm | aes-256-cbc | aes-256-gcm',
    '--recipient-id ID     issuerAndSerial (default) | ski',
    '--rsa-padding P       oaep (default) | pkcs1',
    '--no-bidder           do not also encrypt to the bidder\'s own encryption certificate',
    `--business TYPE       ${BusinessType.options.join(' | ')}; repeatable`,
    '--notes TEXT          your notes',
    dataDirHelp,
  ],
  options: {
    name: { type: 'string' },
    'name-en': { type: 'string' },
    region: { type: 'string' },
    cert: { type: 'string', multiple: true },
    'receipt-cert': { type: 'string' },
    endpoint: { type: 'string' },
    'max-size': { type: 'string' },
    cipher: { type: 'string' },
    'recipient-id': { type: 'string' },
    'rsa-padding': { type: 'string' },
    'no-bidder': { type: 'boolean' },
    business: { type: 'string', multiple: true },
    notes: { type: 'string' },
    ...dataDirOpt,
  },
  async run(ctx) {
    const v = ctx.values as Record<string, string | string[] | boolean | undefined>;
    if (!v.name) throw new UsageError('--name is required');
    const envelope: Record<string, unknown> = {};
    if (v.cipher) envelope.cipher = v.cipher;
    if (v['recipient-id']) envelope.recipientId = v['recipient-id'];
    if (v['rsa-padding']) envelope.rsaPadding = v['rsa-padding'];
    if (v['no-bidder']) envelope.includeBidderRecipient = false;
    const input = {
      name: { zh: v.name as string, ...(v['name-en'] ? { en: v['name-en'] as string } : {}) },
      ...(v.region ? { region: v.region as string } : {}),
      ...(v.endpoint ? { endpoint: v.endpoint as string } : {}),
      ...(v['max-size'] ? { maxBytes: parseSize(v['max-size'] as string) } : {}),
      encryptionCertificates: await Promise.all(((v.cert as string[] | undefined) ?? []).map(readText)),
      ...(v['receipt-cert'] ? { receiptCertificate: await readText(v['receipt-cert'] as string) } : {}),
      envelope,
      businessTypes: (v.business as string[] | undefined) ?? [],
      ...(v.notes ? { notes: v.notes as string } : {}),
    } as CustomPlatformInput;
    const p = await addCustomPlatform(dataDirOf(ctx), input);
    if (ctx.json) return ctx.printJson(p);
    ctx.print(ctx.io.lang === 'zh' ? `已添加平台 ${p.id}（${p.name.zh}）` : `Added platform ${p.id} (${p.name.en})`);
  },
};

const remove: Command = {
  name: 'remove',
  summary: 'Remove a platform you added',
  usage: 'platforms remove ID [--json]',
  json: true,
  details: [dataDirHelp],
  options: dataDirOpt,
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const removed = await removeCustomPlatform(dataDirOf(ctx), ctx.positionals[0]);
    if (ctx.json) return ctx.printJson({ removed });
    ctx.print(removed ? (ctx.io.lang === 'zh' ? '已删除' : 'Removed') : ctx.io.lang === 'zh' ? '没有这个自定义平台' : 'No such platform of yours');
    return removed ? 0 : 1;
  },
};

export const platformsCommand: CommandBody = {
  usage: 'platforms <list|show|import|add|remove> …',
  subcommands: [list, show, importCmd, add, remove],
};

export const statsCommand: CommandBody = {
  usage: 'stats [--month YYYY-MM] [--platform ID] [--csv FILE] [--xlsx FILE] [--lang zh|en] [--json]',
  json: true,
  details: ['--month YYYY-MM     one month (Beijing time)', '--platform ID       one platform', '--csv FILE          write CSV (UTF-8 with BOM, opens in Excel)', '--xlsx FILE         write an Excel workbook', '--lang zh|en        language of the exported headers (default: zh)', dataDirHelp],
  options: { month: { type: 'string' }, platform: { type: 'string' }, csv: { type: 'string' }, xlsx: { type: 'string' }, lang: { type: 'string' }, ...dataDirOpt },
  async run(ctx) {
    const month = ctx.values.month as string | undefined;
    if (month !== undefined && !isMonth(month)) throw new UsageError(`--month '${month}' is not YYYY-MM`);
    const lang = (ctx.values.lang as string | undefined) ?? 'zh';
    if (lang !== 'zh' && lang !== 'en') throw new UsageError('--lang must be zh or en');
    const filter = { ...(month ? { month } : {}), ...(ctx.values.platform ? { platformId: ctx.values.platform as string } : {}) };
    const dataDir = dataDirOf(ctx);
    const rows = await monthlyStats(dataDir, filter);
    for (const [fmt, file] of [['csv', ctx.values.csv], ['xlsx', ctx.values.xlsx]] as const) if (typeof file === 'string') await exportStatsToPath(dataDir, file, fmt, { ...filter, lang });
    if (ctx.json) return ctx.printJson({ rows, totals: usageTotals(rows) });
    const L = ctx.io.lang;
    if (!rows.length) return ctx.print(L === 'zh' ? '没有投标文件生成记录' : 'No sealed bids recorded');
    ctx.print(L === 'zh' ? '月份     平台                                生成  上传  失败  证书' : 'Month    Platform                            Sealed Upl.  Fail  Certs');
    for (const r of rows) ctx.print(`${r.month}  ${(r.platformId ?? '-').padEnd(34)}  ${String(r.sealed).padStart(4)}  ${String(r.uploaded).padStart(4)}  ${String(r.uploadFailed).padStart(4)}  ${String(r.certificates).padStart(4)}`);
    const t = usageTotals(rows);
    ctx.print(`${L === 'zh' ? '合计   ' : 'Total  '}  ${''.padEnd(34)}  ${String(t.sealed).padStart(4)}  ${String(t.uploaded).padStart(4)}  ${String(t.uploadFailed).padStart(4)}`);
  },
};
