// Runs in Node (Electron main or the Node host). IPC handlers: sealed bids — pre-flight check list,
// seal (documents from the store → sealed file + backup copy into the store, test decryption with the
// bidder's own identity, history record), inspect without keys, open / self-check (documents into the store
// only when the package verified), generation history. Thin: the work is in bid-package.ts and
// bid-seal-plan.ts, shared with the CLI.
import { recipientCertificatesWith } from '../platforms/directory';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { DomainHandlers, HostInfo } from './host-info';
import type { HandlerContext, JobRegistry } from './dispatch';
import type { BidOperation } from '../../../shared/ipc/ops/bid';
import type { CarrierRequest as CarrierSchema } from '../../../shared/ipc/schemas';
import type { SealTarget } from '../../../shared/ipc/specs/bid';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { parseCustodyChoice } from '../../../shared/bid/platform-seal-options';
import { custodyName } from '../../../shared/bid/history';
import type { EnvelopeDecrypter } from '../../../shared/envelope/recipients';
import { openFileStore, type FileStore, type StoredFile } from '../documents/file-store';
import { safeFileName } from '../../../shared/text/file-name';
import { carrierOf, onePin, openSigner, resolveIdentity } from '../keys/key-ops';
import { fromB64 } from '../pki/certificates';
import { openSoftwareKey } from '../keys/software-keys';
import { TokenDecrypter } from '../keys/pkcs11/token-carrier';
import { SkfDecrypter } from '../keys/skf/carrier';
import { parsePkcs11Uri } from '../keys/pkcs11/uri';
import type { TokenService } from '../keys/tokens';
import { inspectBid, inspectionView, openBid, type BidPhase } from '../bid/package';
import { identifyArtefact } from '../../../shared/cms/identify';
import { regularFileSize } from '../fs/file-read';
import type { SealPlan, SealPlanInput } from '../bid/seal-plan';
import { preflightBid, sealBidJob, storeDestination } from '../bid/seal-service';
import { cleanUpBeforeJob } from '../app/startup-recovery';
import { listRecords } from '../bid/history';

/**
 * The app's seal pre-flight has no network switch yet, so a recipient's revocation status is usually
 * unknown offline: it is a WARN in the app (a revoked certificate is still a FAIL). The CLI defaults to
 * hard-fail, with --fetch and --revocation soft to choose.
 */
const APP_REVOCATION_POLICY = 'soft' as const;

type Carrier = z.infer<typeof CarrierSchema>;
type Target = z.infer<typeof SealTarget>;

/** Opens an encryption identity (key file or USB key) for one request. */
export async function openDecrypter(c: Carrier, tokens: TokenService, dataDir: string): Promise<{ decrypter: EnvelopeDecrypter; close(): void }> {
  const k = resolveIdentity(carrierOf(c, dataDir), tokens);
  if (k.kind === 'software') {
    const key = await openSoftwareKey(k.data, { password: async () => k.password ?? null, fileName: k.fileName ?? 'key file', ...(k.certificate ? { certificate: k.certificate } : {}) });
    if (!key.decrypter) {
      key.close();
      throw new BidSealError('E_INVALID_KEY', 'this key\'s certificate does not allow decryption (a signing certificate?): use the encryption certificate\'s key');
    }
    return { decrypter: key.decrypter as EnvelopeDecrypter, close: key.close };
  }
  if (k.kind === 'skf') return { decrypter: await SkfDecrypter.open({ client: tokens.skfClientForUri(k.uri), uri: k.uri, getPin: onePin(k.pin) }), close: () => {} };
  const uri = parsePkcs11Uri(k.uri);
  const modulePath = k.modulePath ?? uri.modulePath;
  if (!modulePath) throw new BidSealError('E_MODULE_NOT_FOUND', 'no PKCS#11 module in the request or the URI');
  let asked = false;
  const d = await TokenDecrypter.open({ client: tokens.client(modulePath), uri, modulePath, getPin: async () => (asked ? null : ((asked = true), k.pin)) });
  return { decrypter: d, close: () => {} };
}

async function openDecrypters(cs: Carrier[], tokens: TokenService, dataDir: string): Promise<{ decrypters: EnvelopeDecrypter[]; close(): void }> {
  const opened: Array<{ decrypter: EnvelopeDecrypter; close(): void }> = [];
  const close = () => opened.forEach((o) => o.close());
  try {
    for (const c of cs) opened.push(await openDecrypter(c, tokens, dataDir));
  } catch (e) {
    close();
    throw e;
  }
  return { decrypters: opened.map((o) => o.decrypter), close };
}

function parseOpening(v: string): Date {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new BidSealError('E_INVALID_ARGUMENT', `opening time ${JSON.stringify(v)} is not a valid time`);
  return d;
}

function targetOf(t: Target): SealPlanInput {
  return {
    ...(t.platformId ? { platformId: t.platformId } : {}),
    recipients: t.recipientCerts.map(fromB64),
    ...(t.bidderCert ? { bidderCert: fromB64(t.bidderCert) } : {}),
    ...(t.custody ? { custody: parseCustodyChoice(t.custody) } : {}),
    ...(t.cipher ? { cipher: t.cipher } : {}),
    ...(t.flavour ? { flavour: t.flavour } : {}),
  };
}

const recipientViews = (plan: SealPlan) =>
  plan.certs.map((c, i) => ({ subject: c.subject.text, issuer: c.issuer.text, serialNumber: c.serialNumber, notAfter: c.notAfter.toISOString(), role: plan.recipients[i].role, keyKind: c.publicKey.kind }));

async function documents(store: FileStore, ids: string[], names?: string[]): Promise<{ docs: Array<{ path: string; name: string }>; files: StoredFile[]; total: number }> {
  if (names && names.length !== ids.length) throw new BidSealError('E_INVALID_ARGUMENT', 'names must match fileIds one to one');
  const files = await Promise.all(ids.map((id) => store.get(id)));
  const docs = await Promise.all(files.map(async (f, i) => ({ path: await store.pathOf(f.id), name: names?.[i] ?? f.name })));
  return { docs, files, total: files.reduce((n, f) => n + f.size, 0) };
}

const progress = (ctx: HandlerContext) => (phase: BidPhase, bytesDone: number, bytesTotal: number) => ctx.progress({ phase, bytesDone, bytesTotal });

const fileSafe = (s: string) => safeFileName(s, { max: 80, fallback: 'bid' });

export function bidHandlers(host: HostInfo, _jobs: JobRegistry): DomainHandlers<BidOperation> {
  const store = openFileStore(host.dataDir);
  return {
    'bid.preflight': async (req) => {
      const { docs } = await documents(store, req.fileIds);
      let signerDer: Uint8Array | undefined;
      if (req.signer) {
        const s = await openSigner(carrierOf(req.signer, host.dataDir), host.tokens);
        signerDer = s.signer.certificateDer;
        s.close();
      }
      const r = await preflightBid(host.dataDir, { target: targetOf(req), documents: docs, openingTime: parseOpening(req.openingTime), revocation: APP_REVOCATION_POLICY, ...(signerDer ? { signer: signerDer } : {}), ...(req.bidderUscc ? { bidderUscc: req.bidderUscc } : {}) });
      const { plan, totalBytes: total } = r;
      return {
        ok: r.ok,
        checks: r.checks,
        recipients: recipientViews(plan),
        platformId: plan.platformId,
        ...(plan.platformName ? { platformName: plan.platformName } : {}),
        cipher: plan.contentCipher,
        ...(plan.cmsFlavour ? { flavour: plan.cmsFlavour } : {}),
        custody: custodyName(plan.custody),
        totalBytes: total,
        ...(plan.maxBytes !== undefined ? { maxBytes: plan.maxBytes } : {}),
      };
    },

    'bid.seal': async (req, ctx) => {
      await cleanUpBeforeJob(host.dataDir).catch(() => undefined); // partials of jobs that are gone
      const openingTime = parseOpening(req.openingTime);
      const { docs } = await documents(store, req.fileIds);
      const { signer, close } = await openSigner(carrierOf(req.signer, host.dataDir), host.tokens);
      const check = req.selfCheck
        ? await openDecrypters([req.selfCheck], host.tokens, host.dataDir).catch((e) => {
            close();
            throw e;
          })
        : undefined;
      try {
        const m = req.meta;
        const uscc = m.bidderUscc.toUpperCase();
        const job = {
          target: targetOf(req),
          documents: docs,
          openingTime,
          revocation: APP_REVOCATION_POLICY,
          meta: { tenderId: m.tenderId, ...(m.lot ? { lot: m.lot } : {}), bidderName: m.bidderName, bidderUscc: uscc, ...(m.title ? { title: m.title } : {}), ...(m.projectId ? { projectId: m.projectId } : {}) },
          signer,
          ...(check ? { selfCheckWith: check.decrypters } : {}),
          onProgress: progress(ctx),
          signal: ctx.signal,
        };
        const base = req.name?.replace(/\.(p7m|bid)$/i, '') ?? fileSafe([m.tenderId, m.lot, m.bidderName].filter(Boolean).join('-'));
        const tags = { kind: 'sealed-bid', bidder: uscc, project: m.projectId ?? m.tenderId };
        const o = await sealBidJob(host.dataDir, job, () => storeDestination(host.dataDir, store, { base, tags, backup: Boolean(req.backup) }));
        const r = o.result;
        return {
          sealed: o.sealed!,
          ...(o.backup ? { backup: o.backup } : {}),
          bytes: r.bytes,
          sha256: r.sha256,
          sm3: r.sm3,
          packageBytes: r.packageBytes,
          packageSha256: r.packageSha256,
          packageSm3: r.packageSm3,
          cipher: r.cipher,
          custody: custodyName(r.custody),
          flavour: r.flavour,
          recipients: r.recipients.map((x, i) => ({ subject: x.subject, issuer: x.issuer, serialNumber: x.serialNumber, notAfter: x.notAfter, listed: x.listed, role: o.plan.recipients[i].role, keyKind: o.plan.certs[i].publicKey.kind })),
          documents: r.manifest.files,
          selfCheck: r.selfCheck,
          checks: o.checks,
          ...(o.historyId ? { historyId: o.historyId } : {}),
          ...(o.historyError ? { historyError: o.historyError } : {}),
        };
      } finally {
        check?.close();
        close();
      }
    },

    'bid.inspect': async (req) => {
      const file = await store.pathOf(req.fileId);
      let bid;
      try {
        bid = await inspectBid(file);
      } catch (e) {
        // not a sealed bid: say what it is instead (a signature, a certificate, a key file, …)
        if (!isBidSealError(e) || !/^E_(ENVELOPE_CORRUPT|UNSUPPORTED_ALGORITHM|TRUNCATED)$/.test(e.code)) throw e;
        const size = await regularFileSize(file);
        if (size > 64 * 1024 * 1024) throw e;
        const a = identifyArtefact(new Uint8Array(await readFile(file)));
        return {
          kind: 'artefact' as const,
          size,
          cipher: '',
          custody: '',
          recipients: (a.message?.recipients ?? []).map((id) => ({ kind: 'keyTransport', algorithm: '', id })),
          ...(a.message ? { type: a.message.type, profile: a.message.flavour === 'gm' ? 'gmt0010' : 'rfc5652', contentType: a.message.contentType } : {}),
          artefact: {
            kind: a.kind,
            description: a.description,
            armour: a.armour,
            ...(a.label ? { label: a.label } : {}),
            ...(a.message ? { messageType: a.message.type, flavour: a.message.flavour, signers: a.message.signers?.length ?? 0, certificates: (a.message.certificates ?? []).map((c) => c.subject) } : {}),
            ...(a.certificate ? { certificates: [a.certificate.subject] } : {}),
          },
        };
      }
      const v = inspectionView(bid, await recipientCertificatesWith(host.dataDir, (req.certificates ?? []).map(fromB64)));
      if (v.kind === 'envelope') return { kind: v.kind, size: v.size, type: v.type, profile: v.profile, flavour: v.flavour, contentType: v.contentType, cipher: v.cipher, custody: 'single', recipients: v.recipients.map(({ platform: _p, ...r }) => r) };
      return {
        kind: v.kind,
        size: v.size,
        cipher: v.cipher,
        custody: v.custody,
        k: v.k,
        n: v.n,
        recipients: v.parties.flatMap((p) => p.envelope.recipients.map((r) => ({ ...r, party: `#${p.index}${p.label ? ` ${p.label}` : ''} ${p.subject}` }))),
      };
    },

    'bid.open': async (req, ctx) => {
      const src = await store.get(req.fileId);
      const sealedPath = await store.pathOf(req.fileId);
      const { decrypters, close } = await openDecrypters(Array.isArray(req.identity) ? req.identity : [req.identity], host.tokens, host.dataDir);
      const work = path.join(host.dataDir, 'bids', 'opening');
      await mkdir(work, { recursive: true });
      const tmp = await mkdtemp(path.join(work, 'open-'));
      try {
        const r = await openBid(sealedPath, decrypters, tmp, { onProgress: progress(ctx), signal: ctx.signal });
        const m = r.report.manifest!;
        const stored = new Map<string, StoredFile>();
        for (const f of r.report.files) {
          const entry = m.files.find((x) => x.name === f.name)!;
          const out = await store.output({ name: path.basename(f.name), tags: { kind: 'opened', bidder: m.bidder.uscc, project: m.tenderId }, derivedFrom: src.id });
          try {
            await rename(path.join(tmp, ...f.name.split('/')), out.tempPath);
            stored.set(f.name, await out.commit({ sm3: entry.sm3 }));
          } catch (e) {
            await out.abort();
            throw e;
          }
        }
        const s = r.report.signature;
        return {
          kind: r.kind,
          openedBy: r.openedBy.map((o) => ('description' in o ? o.description : o.subject)),
          bottomLine: r.report.bottomLine,
          manifest: { tenderId: m.tenderId, ...(m.lot ? { lot: m.lot } : {}), platformId: m.platformId, bidder: m.bidder, createdAt: m.createdAt },
          signature: s ? { intact: s.intact, signer: s.signer, serialNumber: s.serialNumber, matchesBidder: s.matchesBidder, signingTime: s.signingTime, algorithm: s.algorithm } : null,
          files: r.report.files.map((f) => ({ name: f.name, verdict: f.verdict, size: f.size, sm3: f.sm3, sha256: f.sha256, ...(stored.get(f.name) ? { file: stored.get(f.name)! } : {}) })),
        };
      } finally {
        close();
        await rm(tmp, { recursive: true, force: true });
      }
    },

    'bid.history': async (req) => ({ records: await listRecords(host.dataDir, req.filter) }),
  };
}
