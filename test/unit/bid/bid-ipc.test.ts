// The UI's sealed-bid operations through the real IPC dispatch, documents in the store: pre-flight check
// list (pass, and an encryption certificate expiring before the opening as a failed check), seal with a key
// file (progress phases and bytes, sealed file and backup into the store, test decryption with the bidder's
// own key, history record), inspect, open into the store with every hash verified, wrong identity, history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dispatch, JobRegistry, type DispatchEnv } from '../../../electron/services/ipc/dispatch';
import { createHandlers } from '../../../electron/services/ipc/handlers';
import { TokenService } from '../../../electron/services/keys/tokens';
import { openFileStore } from '../../../electron/services/documents/file-store';
import type { Operation, ProgressEvent, Response } from '../../../shared/ipc/contract';
import { hasOpenssl } from '../../helpers/vectors';
import { USCC, makeBidFixtures, type BidFixtures } from './fixtures';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

describe.skipIf(!hasOpenssl)('bid.* IPC operations', () => {
  let fx: BidFixtures;
  let env: DispatchEnv;
  let dataDir: string;
  const events: ProgressEvent[] = [];
  let fileIds: string[] = [];
  const keyFile = (party: 'sign' | 'bidderEnc' | 'outsider') => ({ kind: 'software' as const, data: b64(readFileSync(fx.key(party))), certificate: b64(readFileSync(fx.cert(party))), fileName: `${party}.pem` });
  const opening = () => new Date(Date.now() + 20 * 86400e3).toISOString();
  async function call<K extends Operation>(op: K, req: unknown): Promise<Response<K>> {
    const r = await dispatch(env, op, req);
    if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { code: r.error.code, details: (r.error as { details?: unknown }).details });
    return r.value as Response<K>;
  }
  beforeAll(async () => {
    fx = await makeBidFixtures(['sign', 'bidderEnc', 'platform', 'outsider', 'short']);
    dataDir = path.join(fx.dir, 'data');
    const jobs = new JobRegistry();
    env = {
      handlers: createHandlers({ host: 'node', versions: { node: process.versions.node }, dataDir, tokens: new TokenService() }, jobs),
      log: { info() {}, warn() {}, error() {} },
      jobs,
      emitProgress: (e) => events.push(e),
    };
    const store = openFileStore(dataDir);
    fileIds = [];
    for (const d of fx.docs) fileIds.push((await store.importPath(d)).id);
  }, 60_000);
  afterAll(() => fx?.cleanup());

  const target = () => ({ recipientCerts: [b64(readFileSync(fx.cert('platform')))], bidderCert: b64(readFileSync(fx.cert('bidderEnc'))) });

  it('pre-flight lists every check; an encryption certificate expiring before the opening fails its check', async () => {
    const ok = await call('bid.preflight', { ...target(), flavour: 'gm', fileIds, signer: keyFile('sign'), openingTime: opening(), bidderUscc: USCC });
    expect(ok.ok).toBe(true);
    expect(ok.flavour).toBe('gm');
    expect(ok.recipients.map((r) => r.role)).toEqual(['platform', 'bidder']);
    expect(ok.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['openingTime', 'recipientValidAtOpening', 'bidderRecipient', 'bidderRenewal', 'signerValid', 'signerMatchesBidder', 'custody', 'size']));
    // revocation cannot be checked without the recipients' CA in the trust store: a warning, not a failure
    expect(ok.checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status])).toEqual([
      ['recipientRevocation', 'warn'],
      ['recipientRevocation', 'warn'],
      ['signerRevocation', 'warn'],
    ]);
    const bad = await call('bid.preflight', { recipientCerts: [b64(readFileSync(fx.cert('platform')))], bidderCert: b64(readFileSync(fx.cert('short'))), fileIds, openingTime: new Date(Date.now() + 10 * 86400e3).toISOString() });
    expect(bad.ok).toBe(false);
    expect(bad.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['recipientValidAtOpening', 'bidderRenewal']);
  });

  let sealedId = '';
  it('seals into the store with progress, backup, test decryption and a history record (RFC 5652 flavour asked for)', async () => {
    const jobId = 'job-seal-0001';
    const r = await call('bid.seal', { ...target(), flavour: 'rfc5652', fileIds, meta: { tenderId: 'JS-2026-0042', lot: '第一标段', title: '道路工程', bidderName: '某某建设集团有限公司', bidderUscc: USCC }, signer: keyFile('sign'), selfCheck: keyFile('bidderEnc'), openingTime: opening(), jobId });
    expect(r.selfCheck).toMatchObject({ recipientsListed: true, sizeConsistent: true, opened: true });
    expect(r.flavour).toEqual({ envelope: 'rfc5652', signature: 'rfc5652' });
    expect(r.sealed).toMatchObject({ name: 'JS-2026-0042-第一标段-某某建设集团有限公司.p7m', size: r.bytes, sm3: r.sm3, tags: { kind: 'sealed-bid', bidder: USCC } });
    expect(r.backup).toMatchObject({ size: r.packageBytes, sm3: r.packageSm3, tags: { kind: 'bid-backup' } });
    expect(r.documents.map((d) => d.name)).toEqual(fx.docs.map((d) => path.basename(d)));
    const phases = new Set(events.filter((e) => e.jobId === jobId).map((e) => e.phase));
    expect([...phases]).toEqual(expect.arrayContaining(['preparing', 'sealing', 'finishing', 'verifying']));
    const last = events.filter((e) => e.jobId === jobId && e.phase === 'sealing').at(-1)!;
    expect(last.bytesDone).toBe(last.bytesTotal);
    sealedId = r.sealed.id;
    const h = await call('bid.history', { filter: { bidderUscc: USCC } });
    expect(h.records[0]).toMatchObject({ id: r.historyId, sealed: { fileId: r.sealed.id, sha256: r.sha256 }, backup: { fileId: r.backup!.id }, tender: { title: '道路工程' }, flavour: { envelope: 'rfc5652', signature: 'rfc5652' } });
  });

  it('inspects without a key, opens into the store with every hash verified; a wrong identity lists recipients', async () => {
    const i = await call('bid.inspect', { fileId: sealedId });
    expect(i).toMatchObject({ kind: 'envelope', cipher: 'sm4-cbc', custody: 'single', flavour: 'rfc5652', profile: 'rfc5652' });
    expect(i.recipients).toHaveLength(2);
    // the bidder's own encryption certificate is in no platform's directory: named by its issuer only, until
    // the bidder's certificates (the vault's) come with the request; junk among them names nobody
    const bidderSubject = (await call('certs.inspect', { data: b64(readFileSync(fx.cert('bidderEnc'))) })).certificates[0].subject as string;
    expect(i.recipients.some((r: { holder?: string }) => r.holder === bidderSubject)).toBe(false);
    const named = await call('bid.inspect', { fileId: sealedId, certificates: [b64(readFileSync(fx.cert('bidderEnc'))), b64(new TextEncoder().encode('not a certificate'))] });
    expect(named.recipients.filter((r: { holder?: string }) => r.holder === bidderSubject)).toHaveLength(1);
    const o = await call('bid.open', { fileId: sealedId, identity: keyFile('bidderEnc'), jobId: 'job-open-0001' });
    expect(o.bottomLine).toBe('valid');
    expect(o.signature).toMatchObject({ intact: true, matchesBidder: true });
    expect(o.files.every((f) => f.verdict === 'ok' && f.sm3 && f.sha256 && f.file)).toBe(true);
    const store = openFileStore(dataDir);
    for (const f of o.files) {
      const orig = fx.docs.find((d) => path.basename(d) === f.name)!;
      expect(Buffer.compare(readFileSync(await store.pathOf(f.file!.id)), readFileSync(orig))).toBe(0);
    }
    await expect(call('bid.open', { fileId: sealedId, identity: keyFile('outsider') })).rejects.toMatchObject({ code: 'E_NOT_A_RECIPIENT' });
  });

  it('cancelling a seal mid-way leaves nothing in the store and no history record', async () => {
    const store = openFileStore(dataDir);
    const before = (await store.list()).length;
    const records = (await call('bid.history', { filter: {} })).records.length;
    const jobId = 'job-seal-cancel1';
    const emit = env.emitProgress;
    env.emitProgress = (e) => {
      emit(e);
      if (e.jobId === jobId && e.phase === 'sealing') void dispatch(env, 'jobs.cancel', { jobId });
    };
    try {
      await expect(call('bid.seal', { ...target(), fileIds, meta: { tenderId: 'X-1', bidderName: 'B', bidderUscc: USCC }, signer: keyFile('sign'), openingTime: opening(), jobId })).rejects.toMatchObject({ code: 'E_CANCELLED' });
    } finally {
      env.emitProgress = emit;
    }
    expect((await store.list()).length).toBe(before);
    expect((await call('bid.history', { filter: {} })).records.length).toBe(records);
  });

  it('a seal that fails pre-flight writes nothing into the store', async () => {
    const store = openFileStore(dataDir);
    const before = (await store.list()).length;
    await expect(call('bid.seal', { recipientCerts: [b64(readFileSync(fx.cert('sign')))], fileIds, meta: { tenderId: 'X', bidderName: 'B', bidderUscc: USCC }, signer: keyFile('sign'), openingTime: opening() })).rejects.toMatchObject({ code: 'E_BID_PREFLIGHT_FAILED' });
    expect((await store.list()).length).toBe(before);
  });
});
