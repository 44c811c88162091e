// Runs in Node. `bidseal cert show|verify` and `bidseal trust list|import|remove`: what a CA, a
// platform's support desk or an agency needs to check a bidder's certificate, at the bid opening
// time rather than just now, with the SM2 user-ID policy stated in every verdict.
import type { Command, CommandBody, CommandContext } from '../framework';
import { EXIT_FAILED, UsageError } from '../framework';
import { inspectCertificates, validateCertificate, verdictView } from '../../services/pki/certificates';
import { defaultDataDir } from '../../services/fs/data-dir';
import { importTrustFile, listTrustEntries, removeTrustEntry } from '../../services/pki/trust-store';
import type { CertView } from '../../../shared/ipc/contract';
import { readInput } from '../io';

const dataDirOf = (ctx: CommandContext) => (ctx.values['data-dir'] as string | undefined) ?? defaultDataDir();
const dataDirOpt = { 'data-dir': { type: 'string' } } as const;
const dataDirHelp = '--data-dir DIR     BidSeal data folder (default: BIDSEAL_DATA_DIR or the per-user folder)';

function printCert(ctx: CommandContext, c: CertView, indent = ''): void {
  const line = (k: string, v: string) => ctx.print(`${indent}${k.padEnd(20)}${v}`);
  line('Subject', c.subject);
  line('Issuer', c.issuer);
  if (c.uscc) line('USCC 统一社会信用代码', `${c.uscc.code}${c.uscc.valid ? '' : '  (check character INVALID)'}`);
  line('Serial', c.serialNumber);
  line('Valid', `${c.notBefore}  →  ${c.notAfter}`);
  line('Public key', c.publicKey);
  line('Signature', c.signatureAlgorithm);
  line('Role', c.role + (c.isCa ? ' (CA)' : ''));
  if (c.keyUsage) line('Key usage', c.keyUsage.join(', '));
  if (c.extKeyUsage) line('Ext. key usage', c.extKeyUsage.join(', '));
  if (c.crlDistributionPoints.length) line('CRL', c.crlDistributionPoints.join(' '));
  line('SHA-256', c.fingerprintSha256);
  line('SM3', c.fingerprintSm3);
}

const show: Command = {
  name: 'show',
  summary: 'Show certificates (PEM, DER or bundles) and pair signing/encryption certificates',
  usage: 'cert show [--json] FILE...',
  positionals: { min: 1, max: Infinity },
  json: true,
  async run(ctx) {
    const inputs = await Promise.all(ctx.positionals.map((f) => readInput(ctx.io, f)));
    const files = ctx.positionals.flatMap((f, i) => inspectCertificates(inputs[i]).certificates.map(() => f));
    const { certificates, pairs } = inspectCertificates(...inputs);
    if (ctx.json) return ctx.printJson({ certificates: certificates.map(({ der: _der, ...c }, i) => ({ file: files[i], ...c })), pairs });
    certificates.forEach((c, i) => {
      ctx.print(`[${i}] ${files[i]}`);
      printCert(ctx, c, '  ');
    });
    for (const p of pairs) ctx.print(`pair: signing [${p.signing}] + encryption [${p.encryption}] (${p.confidence}: ${p.reasons.join(', ')})`);
  },
};

const verify: Command = {
  name: 'verify',
  summary: 'Validate a certificate chain at an instant (exit 0 valid, 1 not valid)',
  usage:
    'cert verify [--ca FILE]... [--untrusted FILE]... [--crl FILE]... [--ocsp-response FILE]... [--ocsp] [--fetch] [--revocation hard|soft] [--policy OID]... [--explicit-policy] [--inhibit-mapping] [--inhibit-any-policy] [--at TIME] [--sm2-id strict|lenient] [--usage sign|encrypt] [--no-trust-store] [--json] CERT',
  details: [
    '--ca FILE         trust anchor(s) in addition to the trust store',
    '--untrusted FILE  intermediate certificates',
    '--crl FILE        offline CRLs (alone: the leaf is checked; with --revocation/--ocsp/--fetch: every certificate)',
    '--ocsp-response FILE  offline OCSP responses (DER)',
    '--ocsp            use OCSP (cached responses; with --fetch ask the responders named in the certificates)',
    '--fetch           network allowed: fetch OCSP and CRLs (AIA / CDP) and keep them in the offline cache',
    '--revocation P    hard (default once revocation is checked: unknown status fails) or soft (unknown only warns)',
    '--policy OID      acceptable certificate policy (repeatable; default any policy)',
    '--explicit-policy     the path must be valid for one of the --policy OIDs (initial-explicit-policy)',
    '--inhibit-mapping     policy mapping not allowed (initial-policy-mapping-inhibit)',
    '--inhibit-any-policy  anyPolicy not accepted in certificates (initial-any-policy-inhibit)',
    '--at TIME         instant to validate at, ISO 8601 (e.g. the bid opening 2026-12-01T09:30:00+08:00); default now',
    '--sm2-id POLICY   strict (default: ID 1234567812345678 only) or lenient (also the empty ID)',
    '--usage U         require the leaf to allow sign (digitalSignature) or encrypt (keyEncipherment)',
    '--no-trust-store  use only --ca anchors',
    dataDirHelp,
  ],
  options: {
    ca: { type: 'string', multiple: true },
    untrusted: { type: 'string', multiple: true },
    crl: { type: 'string', multiple: true },
    'ocsp-response': { type: 'string', multiple: true },
    ocsp: { type: 'boolean' },
    fetch: { type: 'boolean' },
    revocation: { type: 'string' },
    policy: { type: 'string', multiple: true },
    'explicit-policy': { type: 'boolean' },
    'inhibit-mapping': { type: 'boolean' },
    'inhibit-any-policy': { type: 'boolean' },
    at: { type: 'string' },
    'sm2-id': { type: 'string' },
    usage: { type: 'string' },
    'no-trust-store': { type: 'boolean' },
    ...dataDirOpt,
  },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const policy = (ctx.values['sm2-id'] as string | undefined) ?? 'strict';
    if (policy !== 'strict' && policy !== 'lenient') throw new UsageError('--sm2-id must be strict or lenient');
    let at: Date | undefined;
    if (ctx.values.at !== undefined) {
      at = new Date(String(ctx.values.at));
      if (Number.isNaN(at.getTime())) throw new UsageError(`--at is not an ISO 8601 time: '${ctx.values.at}'`);
    }
    const usageOpt = ctx.values.usage as string | undefined;
    if (usageOpt !== undefined && usageOpt !== 'sign' && usageOpt !== 'encrypt') throw new UsageError('--usage must be sign or encrypt');
    const revocation = ctx.values.revocation as string | undefined;
    if (revocation !== undefined && revocation !== 'hard' && revocation !== 'soft') throw new UsageError('--revocation must be hard or soft');
    const policies = (ctx.values.policy as string[] | undefined) ?? [];
    for (const p of policies) if (!/^\d+(\.\d+)+$/.test(p)) throw new UsageError(`--policy is not an OID: '${p}'`);
    const read = async (list: unknown) => Promise.all(((list as string[] | undefined) ?? []).map((f) => readInput(ctx.io, f)));
    const bytes = async (list: unknown) => (await read(list)).map((x) => (typeof x === 'string' ? new TextEncoder().encode(x) : x));
    const verdict = await validateCertificate(
      {
        leaf: await readInput(ctx.io, ctx.positionals[0]),
        anchors: await read(ctx.values.ca),
        intermediates: await read(ctx.values.untrusted),
        crls: await read(ctx.values.crl),
        ...(at ? { at } : {}),
        sm2IdPolicy: policy,
        ...(usageOpt ? { requiredKeyUsage: usageOpt === 'sign' ? 'digitalSignature' : 'keyEncipherment' } : {}),
        ocspResponses: await bytes(ctx.values['ocsp-response']),
        ...(policies.length ? { policies } : {}),
        explicitPolicy: !!ctx.values['explicit-policy'],
        inhibitMapping: !!ctx.values['inhibit-mapping'],
        inhibitAnyPolicy: !!ctx.values['inhibit-any-policy'],
        ...(revocation ? { revocation: revocation as 'hard' | 'soft' } : {}),
        ...(ctx.values.ocsp || (ctx.values['ocsp-response'] as string[] | undefined)?.length ? { ocsp: true } : {}),
        ...(ctx.values.fetch ? { fetch: true } : {}),
      },
      ctx.values['no-trust-store'] && !ctx.values.fetch && !ctx.values.ocsp ? undefined : dataDirOf(ctx),
      { useTrustStore: !ctx.values['no-trust-store'] },
    );
    const v = verdictView(verdict);
    if (ctx.json) ctx.printJson({ ...v, chain: v.chain.map(({ der: _der, ...c }) => c) });
    else {
      ctx.print(`${v.status === 'valid' ? 'OK' : 'NOT VALID'}: ${v.status} at ${v.at} (SM2 ID policy ${v.sm2IdPolicy})`);
      v.chain.forEach((c, i) => {
        ctx.print(`  [${i}] ${c.subject}${v.sm2IdUsed[i] ? `  (SM2 ID: ${v.sm2IdUsed[i]})` : ''}${v.revocation[i] && v.revocation[i] !== 'not-checked' ? `  revocation: ${v.revocation[i]}` : ''}`);
        for (const e of v.evidence[i] ?? []) ctx.print(`      ${e.kind.toUpperCase()} by ${e.by}, ${e.kind === 'crl' ? 'thisUpdate' : 'producedAt'} ${e.produced}${e.nextUpdate ? `, nextUpdate ${e.nextUpdate}` : ''}${e.crlNumber ? `, number ${e.crlNumber}` : ''}${e.delta ? ' + delta' : ''}${e.source ? `, from ${e.source}` : ''}`);
      });
      if (v.policies.length) ctx.print(`  policies: ${v.policies.join(', ')}`);
      for (const p of v.problems) ctx.print(`  problem at [${p.certIndex}] ${p.code}: ${p.message}`);
      for (const p of v.warnings) ctx.print(`  warning at [${p.certIndex}] ${p.code}: ${p.message} (revocation policy soft)`);
    }
    return v.status === 'valid' ? 0 : EXIT_FAILED;
  },
};

export const certCommand: CommandBody = {
  usage: 'cert <show|verify> [options]',
  subcommands: [show, verify],
};

const trustList: Command = {
  name: 'list',
  summary: 'List trusted CA certificates and where each came from',
  usage: 'trust list [--json]',
  details: [dataDirHelp],
  options: { ...dataDirOpt },
  json: true,
  async run(ctx) {
    const entries = await listTrustEntries(dataDirOf(ctx));
    if (ctx.json) return ctx.printJson({ entries: entries.map((e) => ({ id: e.id, subject: e.certificate.subject.text, notAfter: e.certificate.notAfter.toISOString(), by: e.origin.by, fileName: e.origin.fileName ?? null, importedAt: e.importedAt.toISOString() })) });
    if (!entries.length) ctx.print('no trusted CA certificates yet: bidseal trust import CA.pem');
    for (const e of entries) ctx.print(`${e.id.slice(0, 16)}  ${e.certificate.subject.text}  (until ${e.certificate.notAfter.toISOString().slice(0, 10)}; ${e.origin.by}${e.origin.fileName ? `, ${e.origin.fileName}` : ''})`);
  },
};

const trustImport: Command = {
  name: 'import',
  summary: 'Trust the CA certificates in a file (PEM, DER or bundle)',
  usage: 'trust import [--json] FILE...',
  details: [dataDirHelp],
  options: { ...dataDirOpt },
  positionals: { min: 1, max: Infinity },
  json: true,
  async run(ctx) {
    const results = [];
    for (const f of ctx.positionals) {
      const r = await importTrustFile(dataDirOf(ctx), f);
      results.push({ file: f, added: r.added.map((e) => e.id), alreadyPresent: r.alreadyPresent.map((e) => e.id) });
      if (!ctx.json) ctx.print(`${f}: ${r.added.length} added, ${r.alreadyPresent.length} already trusted`);
    }
    if (ctx.json) ctx.printJson({ files: results });
  },
};

const trustRemove: Command = {
  name: 'remove',
  summary: 'Stop trusting a CA certificate (by SHA-256 fingerprint)',
  usage: 'trust remove ID',
  details: [dataDirHelp],
  options: { ...dataDirOpt },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const id = ctx.positionals[0].toLowerCase();
    const entries = await listTrustEntries(dataDirOf(ctx));
    const hits = entries.filter((e) => e.id.startsWith(id));
    if (hits.length !== 1) throw new UsageError(hits.length ? 'the fingerprint prefix is ambiguous' : 'no trusted certificate has that fingerprint');
    await removeTrustEntry(dataDirOf(ctx), hits[0].id);
    ctx.print(`removed ${hits[0].certificate.subject.text}`);
  },
};

export const trustCommand: CommandBody = {
  usage: 'trust <list|import|remove> [options]',
  subcommands: [trustList, trustImport, trustRemove],
};
