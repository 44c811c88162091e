// Runs in Node. `bidseal seal`: a sealed bid (docs/formats/bid-package.md) — documents → signed package ZIP
// (manifest.json + manifest.p7s by the bidder's signing key) → CMS envelope (or the custody container) to
// the platform's recipients from the platform directory or to certificates given, with the pre-flight
// check list first, the backup copy written at the same moment, an optional test decryption, and a
// record in the generation history (<data dir>/bids/history.json).
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CommandBody, CommandContext } from '../framework';
import { UsageError } from '../framework';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { parseCustodyChoice, CUSTODY_CHOICE_HELP } from '../../../shared/bid/platform-seal-options';
import { SealCipher } from '../../../shared/envelope/cipher-names';
import { CMS_FLAVOURS, type CmsFlavour } from '../../../shared/cms/oids';
import type { PreflightCheck } from '../../../shared/bid/preflight';
import type { BidDocument } from '../../services/bid/package';
import { pathDestination, sealBidJob } from '../../services/bid/seal-service';
import { parseBeijingTime } from '../../../shared/bid/beijing-time';
import { defaultDataDir } from '../../services/fs/data-dir';
import { fileError } from '../../services/fs/file-hash';
import { ALGS, algOption } from '../carrier-options';
import { openIdentitySpecs, openSignerSpec, secretOptions, SECRET_HELP, SPEC_HELP } from '../carrier-spec';
import { readInput } from '../io';
import { list, requireOut, str } from '../args';

export const CIPHERS: readonly SealCipher[] = SealCipher.options;

/** ISO 8601 with a zone, or a local "YYYY-MM-DD HH:MM" read as China Standard Time (UTC+8). */
export function parseOpeningTime(v: string): Date {
  const d = parseBeijingTime(v);
  if (!d) throw new UsageError(`--opening: cannot read the time ${JSON.stringify(v)} (use e.g. 2026-12-01T09:30+08:00)`);
  return d;
}

/** FILES, or one DIR whose regular files (recursively, hidden ones skipped) become the documents. */
async function documents(args: string[]): Promise<BidDocument[]> {
  if (args.length === 1) {
    const st = await stat(args[0]).catch((e) => {
      throw fileError(e, args[0]);
    });
    if (st.isDirectory()) {
      const root = args[0];
      const out: BidDocument[] = [];
      const walk = async (dir: string, rel: string[]) => {
        const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
        for (const e of entries) {
          if (e.name.startsWith('.') || e.name.endsWith('.partial')) continue;
          if (e.isDirectory()) await walk(path.join(dir, e.name), [...rel, e.name]);
          else if (e.isFile()) out.push({ path: path.join(dir, e.name), name: [...rel, e.name].join('/') });
        }
      };
      await walk(root, []);
      if (out.length === 0) throw new BidSealError('E_INVALID_ARGUMENT', `${root} holds no documents`);
      return out;
    }
  }
  return args.map((p) => ({ path: p }));
}

export function printChecks(ctx: CommandContext, checks: PreflightCheck[]): void {
  for (const c of checks) {
    const mark = c.status === 'pass' ? 'PASS' : c.status === 'warn' ? 'WARN' : 'FAIL';
    const params = c.params ? Object.entries(c.params).filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`).join(' ') : '';
    ctx.io.stderr.write(`  ${mark} ${c.id}${c.subject ? ` — ${c.subject}` : ''}${params ? ` (${params})` : ''}\n`);
  }
}

export const sealCommand: CommandBody = {
  usage: 'seal FILES...|DIR --signer SPEC (--recipient CERT... | --platform ID) [--bidder-cert CERT] [--custody bidder|platform|joint|threshold:K] [--cipher C] [--flavour gm|rfc5652] [--backup DIR] --opening ISO-TIME --tender ID [--lot L] [--title T] --bidder NAME --uscc CODE -o OUT.p7m',
  details: [
    '--signer SPEC       the bidder\'s SIGNING key (signs manifest.json)',
    '--recipient CERT    an ENCRYPTION certificate to seal to (repeat)',
    '--platform ID       the platform (see the platform directory): its recipients, cipher, recipient',
    '                    identifiers, RSA padding and custody; --recipient certificates are added',
    '--bidder-cert CERT  the bidder\'s own ENCRYPTION certificate (self-check, custody bidder/joint)',
    `--custody MODE      ${CUSTODY_CHOICE_HELP}: bidder = only the bidder's key opens; platform = any of`,
    '                    the platform\'s recipients (and the bidder\'s own); joint = all parties together;',
    '                    threshold:K = any K of them',
    `--cipher C          ${CIPHERS.join('|')} (default: the platform's, else sm4-cbc)`,
    '--flavour F         gm|rfc5652: CMS OIDs of the envelope and manifest.p7s; gm (GM/T 0010) needs SM2',
    '                    keys and sm4-cbc, else it is refused (default: the platform\'s where it applies,',
    '                    else gm OIDs for the envelope when possible and rfc5652 for manifest.p7s)',
    '--recipient-id T    issuer-serial|ski (default: the platform\'s, else issuer-serial)',
    '--rsa-padding P     oaep|pkcs1 for RSA recipients (default: the platform\'s, else oaep)',
    '--backup DIR        also write the unencrypted signed package there (OUT.backup.zip), at the same moment',
    '--opening TIME      the bid opening (开标) time, ISO 8601 ("YYYY-MM-DD HH:MM" = Beijing time):',
    '                    every encryption certificate must be valid then',
    '--self-check SPEC   after sealing, open the file with this identity (repeat for custody) and compare',
    '--tender ID --lot L --title T    tender (project) id, lot, title',
    '--bidder NAME --uscc CODE        bidder name and 统一社会信用代码',
    `--alg ALG           ${ALGS.join('|')} (default: from the certificate)`,
    ...SECRET_HELP,
    '-o OUT.p7m          the sealed bid (written atomically; nothing is left on failure)',
    '--revocation P      recipients and signer whose revocation status is unknown: hard (default) fail, soft warn',
    '--fetch             network allowed: fetch OCSP responses and CRLs for the pre-flight revocation check',
    ...SPEC_HELP,
  ],
  options: {
    ...secretOptions,
    signer: { type: 'string' },
    alg: { type: 'string' },
    recipient: { type: 'string', multiple: true },
    platform: { type: 'string' },
    'bidder-cert': { type: 'string' },
    custody: { type: 'string' },
    cipher: { type: 'string' },
    flavour: { type: 'string' },
    'recipient-id': { type: 'string' },
    'rsa-padding': { type: 'string' },
    backup: { type: 'string' },
    opening: { type: 'string' },
    'self-check': { type: 'string', multiple: true },
    tender: { type: 'string' },
    lot: { type: 'string' },
    title: { type: 'string' },
    bidder: { type: 'string' },
    uscc: { type: 'string' },
    out: { type: 'string', short: 'o' },
    revocation: { type: 'string' },
    fetch: { type: 'boolean' },
  },
  positionals: { min: 1, max: 100000 },
  json: true,
  async run(ctx) {
    const out = requireOut(ctx, 'OUT.p7m');
    const signerSpec = str(ctx, 'signer');
    if (!signerSpec) throw new UsageError('--signer SPEC is required (the bidder\'s signing key)');
    const platformId = str(ctx, 'platform');
    const recipientFiles = list(ctx, 'recipient');
    if (!platformId && recipientFiles.length === 0 && !str(ctx, 'bidder-cert')) throw new UsageError('give --recipient CERT... or --platform ID');
    const opening = str(ctx, 'opening');
    if (!opening) throw new UsageError('--opening ISO-TIME is required: every encryption certificate is checked against the bid opening time');
    const openingTime = parseOpeningTime(opening);
    for (const k of ['tender', 'bidder', 'uscc']) if (!str(ctx, k)) throw new UsageError(`--${k} is required`);
    const cipher = str(ctx, 'cipher') as SealCipher | undefined;
    if (cipher && !CIPHERS.includes(cipher)) throw new UsageError(`--cipher must be one of ${CIPHERS.join('|')}`);
    const flavour = str(ctx, 'flavour') as CmsFlavour | undefined;
    if (flavour && !CMS_FLAVOURS.includes(flavour)) throw new UsageError(`--flavour must be ${CMS_FLAVOURS.join('|')}`);
    const rid = str(ctx, 'recipient-id');
    if (rid && rid !== 'issuer-serial' && rid !== 'ski') throw new UsageError('--recipient-id must be issuer-serial or ski');
    const pad = str(ctx, 'rsa-padding');
    if (pad && pad !== 'oaep' && pad !== 'pkcs1') throw new UsageError('--rsa-padding must be oaep or pkcs1');
    let custody;
    try {
      custody = str(ctx, 'custody') ? parseCustodyChoice(str(ctx, 'custody')!) : undefined;
    } catch (e) {
      throw new UsageError(`--custody must be ${CUSTODY_CHOICE_HELP}`, isBidSealError(e) ? e.message : undefined);
    }
    const alg = algOption(ctx);
    const revocation = str(ctx, 'revocation');
    if (revocation !== undefined && revocation !== 'hard' && revocation !== 'soft') throw new UsageError('--revocation must be hard or soft');
    const dataDir = defaultDataDir();
    const target = {
      ...(platformId ? { platformId } : {}),
      recipients: await Promise.all(recipientFiles.map((f) => readInput(ctx.io, f))),
      ...(str(ctx, 'bidder-cert') ? { bidderCert: await readInput(ctx.io, str(ctx, 'bidder-cert')!) } : {}),
      ...(custody ? { custody } : {}),
      ...(cipher ? { cipher } : {}),
      ...(flavour ? { flavour } : {}),
      ...(rid ? { recipientId: rid === 'ski' ? ('ski' as const) : ('issuerAndSerial' as const) } : {}),
      ...(pad ? { rsaPadding: pad as 'oaep' | 'pkcs1' } : {}),
    };
    const docs = (await documents(ctx.positionals)).map((d) => ({ path: d.path, name: d.name ?? path.basename(d.path) }));
    const backupDir = str(ctx, 'backup');

    const { signer, close } = await openSignerSpec(ctx, signerSpec);
    const checkIds = list(ctx, 'self-check');
    const check = checkIds.length ? await openIdentitySpecs(ctx, checkIds, '--self-check') : undefined;
    try {
      let checks: PreflightCheck[] = [];
      const job = {
        target,
        documents: docs,
        openingTime,
        revocation: (revocation as 'hard' | 'soft' | undefined) ?? 'hard',
        ...(ctx.values.fetch ? { fetch: true } : {}),
        meta: { tenderId: str(ctx, 'tender')!, ...(str(ctx, 'lot') ? { lot: str(ctx, 'lot')! } : {}), bidderName: str(ctx, 'bidder')!, bidderUscc: str(ctx, 'uscc')!, ...(str(ctx, 'title') ? { title: str(ctx, 'title')! } : {}) },
        signer,
        ...(alg ? { alg } : {}),
        ...(check ? { selfCheckWith: check.decrypters } : {}),
        onChecks: (c: PreflightCheck[]) => {
          checks = c;
          if (!ctx.json || c.some((x) => x.status === 'fail')) printChecks(ctx, c);
        },
      };
      const sealed = await sealBidJob(dataDir, job, async () => {
        if (backupDir)
          await mkdir(backupDir, { recursive: true }).catch((e) => {
            throw fileError(e, backupDir);
          });
        return pathDestination(dataDir, out, backupDir);
      });
      const r = sealed.result;
      const { historyId, historyError } = sealed;
      // the sealed bid stands; say loudly that it is not in the history yet (the next start retries)
      if (historyError) ctx.io.stderr.write(`警告 / WARNING: the bid was sealed but not recorded in the history: ${historyError.code}: ${historyError.message}\n`);
      if (ctx.json) return ctx.printJson({ ...r, checks, ...(historyId ? { historyId } : {}), ...(historyError ? { historyError } : {}) });
      ctx.print(`sealed ${r.manifest.files.length} document(s) → ${r.path} (${r.bytes} bytes, ${r.cipher}, custody ${r.custody.kind === 'threshold' ? `${r.custody.k}-of-${r.recipients.length}` : r.custody.kind})`);
      ctx.print(`  CMS flavour         envelope ${r.flavour.envelope}, manifest.p7s ${r.flavour.signature}`);
      ctx.print(`  sealed file SHA-256 ${r.sha256}`);
      ctx.print(`  sealed file SM3     ${r.sm3}`);
      ctx.print(`  package SM3         ${r.packageSm3}`);
      for (const x of r.recipients) ctx.print(`  recipient${x.label ? ` (${x.label})` : ''}: ${x.subject} (serial ${x.serialNumber}, valid until ${x.notAfter})`);
      if (r.backup) ctx.print(`backup copy (unencrypted, signed) → ${r.backup.path} (${r.backup.bytes} bytes, SHA-256 ${r.backup.sha256})`);
      if (r.selfCheck.opened) ctx.print(`self-check: opened by ${r.selfCheck.openedBy!.join(', ')}; the package is exact and verifies`);
    } finally {
      await check?.close();
      await close();
    }
  },
};
