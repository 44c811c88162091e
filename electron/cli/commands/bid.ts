// Runs in Node. `bidseal bid seal|inspect|open|verify`: sealed bids (docs/FORMAT.md) — documents → signed
// package (manifest.json + manifest.p7s) → CMS envelope to the platform's, the bidder's own and an escrow
// encryption certificate (or the custody layer), with the unencrypted backup copy on request; opening into a
// folder atomically; inspecting recipients without keys; verifying a package or backup copy.
import type { Command, CommandContext, OptionSpec } from '../framework';
import { EXIT_FAILED, UsageError } from '../framework';
import { describeError, BidSealError } from '../../../shared/errors';
import type { EnvelopeDecrypter } from '../../../shared/envelope/recipients';
import { algOption, carrierHelp, carrierOptions, carrierUsage, openSigner } from '../carrier-options';
import { inspectBid, openBid, sealBid, verifyBidPackage, type BidCipher, type Custody, type PackageReport } from '../../services/bid-package';
import { openSoftwareKey } from '../../services/software-keys';
import { Pkcs11Client } from '../../services/pkcs11/client';
import { TokenDecrypter } from '../../services/pkcs11/token-carrier';
import { parsePkcs11Uri } from '../../services/pkcs11/uri';
import { resolveModulePath } from '../../services/pkcs11/discovery';
import { readInput } from '../io';
import { appendRecord, recordOfSeal } from '../../services/bid-history';
import { defaultDataDir } from '../../services/data-dir';
import { promptSecret } from '../secret';
import type { CliIO } from '../framework';

const CIPHERS: readonly BidCipher[] = ['sm4-cbc', 'aes-256-cbc', 'sm4-gcm', 'aes-256-gcm'];

function parseCustody(v: string | undefined): Custody {
  if (v === undefined || v === 'single') return { kind: 'single' };
  if (v === 'joint') return { kind: 'joint' };
  const m = /^(\d+)-of-(\d+)$/i.exec(v);
  if (!m) throw new UsageError('--custody must be single, joint or K-of-N (e.g. 2-of-3)');
  return { kind: 'threshold', k: Number(m[1]) };
}

function parseOpening(v: string | undefined): Date | undefined {
  if (v === undefined) return undefined;
  // ISO 8601 with a zone, or a local "YYYY-MM-DD HH:MM" read as China Standard Time (UTC+8)
  const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/.exec(v);
  const d = new Date(local ? `${local[1]}T${local[2]}+08:00` : v);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--opening: cannot read the time ${JSON.stringify(v)} (use e.g. 2026-12-01T09:30+08:00)`);
  return d;
}

const str = (ctx: CommandContext, k: string): string | undefined => ctx.values[k] as string | undefined;
const list = (ctx: CommandContext, k: string): string[] => {
  const v = ctx.values[k];
  return v === undefined ? [] : Array.isArray(v) ? v : [String(v)];
};

const sealCommand: Command = {
  name: 'seal',
  summary: 'Seal a bid: sign the package and encrypt it to the encryption certificates',
  usage: `bid seal --to CERT... [--opening TIME] [--cipher C] [--custody single|joint|K-of-N] [--backup FILE.zip] --tender ID [--lot L] --platform P --bidder NAME --uscc CODE ${carrierUsage} -o OUT.bid FILE...`,
  details: [
    '--to CERT         an ENCRYPTION certificate to seal to (repeat: platform, your own, escrow)',
    '--opening TIME    the bid opening time (ISO 8601; "YYYY-MM-DD HH:MM" = Beijing time): every',
    '                  encryption certificate must still be valid then',
    `--cipher C        ${CIPHERS.join('|')} (default sm4-cbc)`,
    '--custody MODE    single (any recipient opens; default), joint (both of 2), K-of-N (threshold)',
    '--backup FILE     also write the unencrypted signed package (the backup copy), at the same moment',
    '--tender ID       tender / project id (招标项目编号)',
    '--lot L           lot (标段)',
    '--platform P      target platform id',
    '--bidder NAME     bidder name',
    '--uscc CODE       bidder unified social credit code (统一社会信用代码)',
    'Signing key (the bidder\'s SIGNING certificate):',
    ...carrierHelp.map((l) => `  ${l}`),
    '-o FILE           the sealed bid, written atomically',
  ],
  options: {
    ...carrierOptions,
    to: { type: 'string', multiple: true },
    opening: { type: 'string' },
    cipher: { type: 'string' },
    custody: { type: 'string' },
    backup: { type: 'string' },
    tender: { type: 'string' },
    lot: { type: 'string' },
    platform: { type: 'string' },
    bidder: { type: 'string' },
    uscc: { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  positionals: { min: 1, max: 10000 },
  json: true,
  async run(ctx) {
    const out = str(ctx, 'out');
    if (!out) throw new UsageError('-o OUT.bid is required');
    const to = list(ctx, 'to');
    if (to.length === 0) throw new UsageError('give at least one --to CERT (an encryption certificate)');
    for (const k of ['tender', 'platform', 'bidder', 'uscc']) if (!str(ctx, k)) throw new UsageError(`--${k} is required`);
    const cipher = (str(ctx, 'cipher') ?? 'sm4-cbc') as BidCipher;
    if (!CIPHERS.includes(cipher)) throw new UsageError(`--cipher must be one of ${CIPHERS.join('|')}`);
    const custody = parseCustody(str(ctx, 'custody'));
    if (custody.kind === 'threshold') {
      const n = Number(/-of-(\d+)$/i.exec(str(ctx, 'custody')!)![1]);
      if (n !== to.length) throw new UsageError(`--custody ${str(ctx, 'custody')} needs ${n} --to certificates, ${to.length} given`);
    }
    const openingTime = parseOpening(str(ctx, 'opening'));
    if (!openingTime) ctx.io.stderr.write('注意 / NOTE: no --opening given: the encryption certificates were not checked against the bid opening time\n');
    const recipients = await Promise.all(to.map((f) => readInput(ctx.io, f)));
    const alg = algOption(ctx);
    const meta = {
      tenderId: str(ctx, 'tender')!,
      ...(str(ctx, 'lot') ? { lot: str(ctx, 'lot')! } : {}),
      platformId: str(ctx, 'platform')!,
      bidder: { name: str(ctx, 'bidder')!, uscc: str(ctx, 'uscc')!.toUpperCase() },
    };
    const { signer, close } = await openSigner(ctx);
    try {
      const r = await sealBid(
        { files: ctx.positionals, meta, signer, ...(alg ? { alg } : {}), recipients, contentCipher: cipher, custody, ...(openingTime ? { openingTime } : {}), ...(str(ctx, 'backup') ? { backupPath: str(ctx, 'backup')! } : {}) },
        out,
      );
      await appendRecord(defaultDataDir(), recordOfSeal(r, { platformId: meta.platformId, ...(openingTime ? { openingTime } : {}) })).catch((e: Error) => {
        ctx.io.stderr.write(`警告 / WARNING: the bid was sealed but not recorded in the history: ${(e as { code?: string }).code ?? 'E_INTERNAL'}: ${e.message}\n`);
      });
      if (ctx.json) ctx.printJson(r);
      else {
        ctx.print(`sealed ${r.manifest.files.length} document(s) → ${r.path} (${r.bytes} bytes, ${r.cipher}, custody ${custodyText(r.custody, r.recipients.length)})`);
        for (const x of r.recipients) ctx.print(`  recipient: ${x.subject} (serial ${x.serialNumber}, valid until ${x.notAfter})`);
        if (r.backup) ctx.print(`backup copy (unencrypted, signed) → ${r.backup.path} (${r.backup.bytes} bytes)`);
      }
    } finally {
      await close();
    }
  },
};

function custodyText(c: Custody, n: number): string {
  return c.kind === 'threshold' ? `${c.k}-of-${n}` : c.kind;
}

const inspectCommand: Command = {
  name: 'inspect',
  summary: 'Show a sealed bid\'s recipients, cipher and custody (no key needed)',
  usage: 'bid inspect [--json] FILE.bid',
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const i = await inspectBid(ctx.positionals[0]);
    if (i.kind === 'envelope') {
      const e = i.envelope!;
      const view = { kind: i.kind, size: i.size, type: e.type, profile: e.profile, contentType: e.contentType, cipher: e.contentEncryption.name, cipherOid: e.contentEncryption.oid, custody: 'single', recipients: e.recipients.map((r) => ({ kind: r.kind, algorithm: r.algorithm.name, id: r.description })) };
      if (ctx.json) return ctx.printJson(view);
      ctx.print(`${e.type} (${e.profile === 'gmt0010' ? 'GB/T 35275 / GM/T 0010' : 'RFC 5652'}), ${view.cipher}, ${i.size} bytes, custody single (any one recipient opens)`);
      for (const r of view.recipients) ctx.print(`  recipient: ${r.id} [${r.algorithm}]`);
      return;
    }
    const c = i.custody!;
    const view = { kind: i.kind, size: i.size, cipher: c.header.cipher, custody: c.header.scheme, k: c.header.k, n: c.header.n, content: c.header.content, parties: c.parties.map((p, j) => ({ ...p, envelope: { type: c.envelopes[j].type, cipher: c.envelopes[j].contentEncryption.name, recipients: c.envelopes[j].recipients.map((r) => r.description) } })) };
    if (ctx.json) return ctx.printJson(view);
    ctx.print(`BIDSEAL-CUSTODY/1 ${c.header.scheme} ${c.header.k}-of-${c.header.n}, ${c.header.cipher}, ${i.size} bytes`);
    for (const p of view.parties) ctx.print(`  party #${p.index}${p.label ? ` (${p.label})` : ''}: ${p.subject} (issuer ${p.issuer}, serial ${p.serialNumber})`);
  },
};

// ---------------------------------------------------------------------------------------------------
// Decrypter opener (software key files and PKCS#11 tokens; several for custody)
// ---------------------------------------------------------------------------------------------------

export const decrypterOptions: OptionSpec = {
  p12: { type: 'string', multiple: true },
  key: { type: 'string', multiple: true },
  cert: { type: 'string', multiple: true },
  token: { type: 'string', multiple: true },
  module: { type: 'string' },
  'pin-stdin': { type: 'boolean' },
  'password-stdin': { type: 'boolean' },
};

/** Lines of standard input, read once and handed out in order (one PIN / password per carrier that asks). */
function stdinLines(io: CliIO): () => Promise<string | null> {
  let lines: Promise<string[]> | undefined;
  let i = 0;
  return async () => {
    lines ??= (async () => {
      const parts: Uint8Array[] = [];
      for await (const c of io.stdin) parts.push(c);
      return Buffer.concat(parts).toString('utf8').split(/\r?\n/);
    })();
    const l = await lines;
    return i < l.length ? l[i++] : null;
  };
}

/** Opens every decrypter named by the options; close() releases tokens and wipes software keys. */
export async function openDecrypters(ctx: CommandContext): Promise<{ decrypters: EnvelopeDecrypter[]; close(): Promise<void> }> {
  const p12 = list(ctx, 'p12');
  const keys = list(ctx, 'key');
  const certs = list(ctx, 'cert');
  const tokens = list(ctx, 'token');
  if (p12.length + keys.length + tokens.length === 0) throw new UsageError('give --p12 FILE, --key FILE --cert CERT or --token URI (repeat for joint custody)');
  if (certs.length > keys.length) throw new UsageError('each --cert goes with a --key (in order)');
  const next = stdinLines(ctx.io);
  const secret = async (flag: string, prompt: string) => (ctx.values[flag] ? next() : promptSecret(ctx.io, prompt));
  const decrypters: EnvelopeDecrypter[] = [];
  const closers: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const c of closers.reverse()) await Promise.resolve(c()).catch(() => {});
  };
  try {
    const files = [...p12.map((f) => ({ f, cert: undefined as string | undefined })), ...keys.map((f, i) => ({ f, cert: certs[i] }))];
    for (const { f, cert } of files) {
      const k = await openSoftwareKey(await readInput(ctx.io, f), { ...(cert ? { certificate: await readInput(ctx.io, cert) } : {}), password: () => secret('password-stdin', `Password for ${f}: `), fileName: f });
      closers.push(() => k.close());
      if (!k.decrypter) throw new BidSealError('E_INVALID_KEY', 'this key\'s certificate does not allow decryption (a signing certificate?): use the encryption certificate\'s key', { path: f });
      decrypters.push(k.decrypter as EnvelopeDecrypter);
    }
    for (const t of tokens) {
      const uri = parsePkcs11Uri(t);
      const mod = (ctx.values.module as string | undefined) ?? uri.modulePath;
      if (!mod) throw new BidSealError('E_MODULE_NOT_FOUND', 'no PKCS#11 module: give --module or module-path in the URI');
      const client = new Pkcs11Client({ modulePath: resolveModulePath(mod) });
      closers.push(() => client.close());
      const d = await TokenDecrypter.open({
        client,
        uri,
        modulePath: mod,
        getPin: async ({ tokenLabel, pinState }) => {
          if (pinState === 'final-try') ctx.io.stderr.write('警告 / WARNING: final PIN try — a wrong PIN locks the token\n');
          return secret('pin-stdin', `PIN for ${tokenLabel}: `);
        },
      });
      decrypters.push(d);
    }
    return { decrypters, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export function printReport(ctx: CommandContext, r: PackageReport): void {
  const m = r.manifest;
  if (m) ctx.print(`tender ${m.tenderId}${m.lot ? ` / ${m.lot}` : ''}, platform ${m.platformId}, bidder ${m.bidder.name} (${m.bidder.uscc}), created ${m.createdAt}`);
  const s = r.signature;
  if (s) ctx.print(`signature: ${s.intact ? 'intact' : 'NOT INTACT'} — ${s.signer ?? 'unknown signer'}${s.signingTime ? ` at ${s.signingTime}` : ''}${s.matchesBidder === false ? ' (certificate USCC differs from the bidder!)' : ''}${s.error ? ` — ${s.error.message}` : ''}`);
  for (const f of r.files) ctx.print(`  ${f.verdict === 'ok' ? 'OK     ' : f.verdict.toUpperCase().padEnd(7)} ${f.name}${f.size !== null ? ` (${f.size} bytes)` : ''}`);
  ctx.print(`bottom line: ${r.bottomLine}`);
}

const openCommand: Command = {
  name: 'open',
  summary: 'Open (decrypt) a sealed bid into a folder; documents appear only when everything verified',
  usage: 'bid open (--p12 FILE | --key FILE --cert CERT | --token URI [--module PATH])... [--pin-stdin | --password-stdin] --out-dir DIR FILE.bid',
  details: [
    '--p12 FILE        PKCS#12 holding the ENCRYPTION key (repeat for joint/threshold custody)',
    '--key FILE        encryption private key, with --cert CERT (pairs in order)',
    '--token URI       pkcs11: URI of the encryption key on a USB key (--module PATH if not in the URI)',
    '--pin-stdin       read PINs from standard input, one line per token',
    '--password-stdin  read key file passwords from standard input, one line per file that asks',
    '--out-dir DIR     where the documents go (created; must not hold files of the same names)',
  ],
  options: { ...decrypterOptions, 'out-dir': { type: 'string' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const outDir = str(ctx, 'out-dir');
    if (!outDir) throw new UsageError('--out-dir DIR is required');
    const { decrypters, close } = await openDecrypters(ctx);
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

export const bidCommand: Command = {
  name: 'bid',
  summary: 'Sealed bids (older spelling of seal/open/inspect; verify checks a backup copy)',
  usage: 'bid <seal|inspect|open|verify> [options]',
  subcommands: [sealCommand, inspectCommand, openCommand, verifyCommand],
};
