// The bidder's seal library (electron/services/documents/seal-library.ts) over the real IPC: a seal file comes in
// through the main process's open dialog (seals.pick) or as bytes the renderer uploaded (seals.adopt); it is listed
// per bidder with its picture, name, type, holders, maker and validity; corrupt files, unsupported versions and
// altered seals are refused with typed errors and leave nothing in the store; an expired, not-yet-valid or
// wrongly-listed seal is kept but refused for signing (seals.check says so before any PIN is asked).
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { testHost } from '../../helpers/ipc';
import { hasOpenssl } from '../../helpers/vectors';
import { makeTestSeal } from '../../helpers/eseal';
import { useSealFixture } from '../../helpers/seal-fixture';
import { openFileStore } from '../../../electron/services/documents/file-store';
import { ia5String, integer, seq, tlv } from '../../../shared/asn1';

const f = useSealFixture();

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const DAY = 86400_000;
const A = '91110108MA01ABCD1X';
const B = '91310000MA1FL0000X';

/** A host whose open dialog answers with the next file of `picks`. */
function hostPicking() {
  const picks: Array<string | null> = [];
  const h = testHost({ dialogs: { saveAs: async () => null, showInFolder: () => {}, openFile: async () => picks.shift() ?? null } });
  const file = (name: string, bytes: Uint8Array | string) => {
    const dir = mkdtempSync(path.join(h.dataDir, 'pick-'));
    const p = path.join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  return { h, picks, file };
}

const storedIds = (dataDir: string) => (existsSync(path.join(dataDir, 'documents')) ? readdirSync(path.join(dataDir, 'documents')) : []).filter((n) => /^[0-9a-f]{32}$/.test(n));

describe.skipIf(!hasOpenssl)('seal library', () => {
  it('imports through the dialog, shows the seal, keeps bidders apart, dedupes and deletes', async () => {
    const { h, picks, file } = hostPicking();
    picks.push(file('公章.esl', await makeTestSeal(f, 4)));
    const r = await h.ok('seals.pick', { bidder: A });
    expect(r).not.toBeNull();
    const s = r!.seal;
    expect(r!.alreadyPresent).toBe(false);
    expect(s).toMatchObject({ fileName: '公章.esl', format: 4, esId: '11010800000001', name: '某某建设有限公司合同专用章', type: 1, holderDigests: 0, usable: true, picture: { type: 'PNG', widthMm: 40, heightMm: 40, mediaType: 'image/png' } });
    expect(s.holders.map((x) => x.subject).join()).toContain('Holder Construction Co');
    expect(s.maker?.subject).toContain('BidSeal Test Seal Maker');
    // the maker is not in the trust store: a warning, the seal is still usable
    expect(s.status).toBe('maker-untrusted');
    expect(Buffer.from(s.picture.data!, 'base64').equals(Buffer.from(f.png))).toBe(true);
    expect(new Date(s.validEnd).getTime()).toBeGreaterThan(Date.now() + 300 * DAY);

    // the same seal again (here as base64 text, as some makers hand them out) is the same entry
    picks.push(file('公章-副本.txt', b64(await readStored(h.dataDir, s.fileId))));
    const again = await h.ok('seals.pick', { bidder: A });
    expect(again).toMatchObject({ alreadyPresent: true, seal: { fileId: s.fileId } });

    // a v1 (GM/T 0031-2014) seal for another bidder
    picks.push(file('法人章.esl', await makeTestSeal(f, 1, { type: 2, name: '张三' })));
    const v1 = (await h.ok('seals.pick', { bidder: B }))!.seal;
    expect(v1).toMatchObject({ format: 1, type: 2, name: '张三', usable: true });
    expect((await h.ok('seals.list', { bidder: A })).seals.map((x) => x.name)).toEqual(['某某建设有限公司合同专用章']);
    expect((await h.ok('seals.list', { bidder: B })).seals.map((x) => x.name)).toEqual(['张三']);
    expect((await h.ok('seals.list', {})).seals).toEqual([]);

    // cancelled dialog
    expect(await h.ok('seals.pick', { bidder: A })).toBeNull();

    expect(await h.ok('seals.remove', { fileId: v1.fileId })).toEqual({ removed: true });
    expect((await h.ok('seals.list', { bidder: B })).seals).toEqual([]);
    // only seals are removed through the library
    const doc = await openFileStore(h.dataDir).importPath(file('x.pdf', 'not a seal'), { name: 'x.pdf' });
    expect(await h.call('seals.remove', { fileId: doc.id })).toMatchObject({ ok: false, error: { code: 'E_FILE_NOT_FOUND' } });
  });

  it('refuses corrupt, unsupported and altered seal files with typed errors and stores nothing', async () => {
    const { h, picks, file } = hostPicking();
    const good = await makeTestSeal(f, 4);
    const refused = async (name: string, bytes: Uint8Array | string) => {
      picks.push(file(name, bytes));
      const r = await h.call('seals.pick', { bidder: A });
      expect(r.ok, name).toBe(false);
      return (r as { error: { code: string } }).error.code;
    };
    expect(await refused('pic.esl', f.png)).toBe('E_ESEAL_CORRUPT');
    expect(await refused('cut.esl', good.subarray(0, good.length - 40))).toBe('E_ESEAL_CORRUPT');
    expect(await refused('empty.esl', new Uint8Array(0))).toBe('E_ESEAL_CORRUPT');
    const v5 = seq(seq(seq(ia5String('ES'), integer(5), ia5String('x')), ia5String('id'), seq(), seq()), tlv(0x04, Uint8Array.of(1)), tlv(0x06, Uint8Array.of(0x2a)), tlv(0x03, Uint8Array.of(0)));
    expect(await refused('draft-v5.esl', v5)).toBe('E_ESEAL_UNSUPPORTED_VERSION');
    // the seal's name altered after the maker signed it
    const i = Buffer.from(good).indexOf(Buffer.from('合同专用章'));
    const altered = Uint8Array.from(good);
    altered.set(Buffer.from('财务专用章'), i);
    expect(await refused('altered.esl', altered)).toBe('E_ESEAL_BAD_SIGNATURE');
    expect(storedIds(h.dataDir)).toEqual([]);
    // the Node host has no native dialog: typed, and the renderer uploads instead
    expect(await testHost().call('seals.pick', {})).toMatchObject({ ok: false, error: { code: 'E_DIALOG_UNAVAILABLE' } });
  });

  it('adopts an uploaded seal file; a refused upload is removed', async () => {
    const { h, file } = hostPicking();
    const store = openFileStore(h.dataDir);
    const up = await store.importPath(file('公章.esl', await makeTestSeal(f, 4)), { name: '公章.esl', tags: { bidder: A } });
    const r = await h.ok('seals.adopt', { fileId: up.id, bidder: A });
    expect(r.seal.name).toBe('某某建设有限公司合同专用章');
    expect(storedIds(h.dataDir)).toEqual([r.seal.fileId]);
    const bad = await store.importPath(file('坏.esl', f.png), { name: '坏.esl' });
    expect(await h.call('seals.adopt', { fileId: bad.id, bidder: A })).toMatchObject({ ok: false, error: { code: 'E_ESEAL_CORRUPT' } });
    expect(storedIds(h.dataDir)).toEqual([r.seal.fileId]);
  });

  it('says before signing why a seal may not sign: not listed, expired, not yet valid', async () => {
    const { h, picks, file } = hostPicking();
    const pick = async (name: string, bytes: Uint8Array) => {
      picks.push(file(name, bytes));
      return (await h.ok('seals.pick', { bidder: A }))!.seal;
    };
    const now = Date.now();
    const ok = await pick('ok.esl', await makeTestSeal(f, 4));
    const expired = await pick('old.esl', await makeTestSeal(f, 4, { name: '旧章', validStart: new Date(now - 400 * DAY), validEnd: new Date(now - DAY) }));
    const future = await pick('new.esl', await makeTestSeal(f, 4, { name: '新章', validStart: new Date(now + 10 * DAY), validEnd: new Date(now + 400 * DAY) }));
    expect(expired).toMatchObject({ status: 'seal-expired', usable: false });
    expect(future).toMatchObject({ status: 'seal-not-yet-valid', usable: false });
    const check = (id: string, cert: Uint8Array) => h.ok('seals.check', { fileId: id, certificate: b64(cert) });
    expect(await check(ok.fileId, f.holder.certDer)).toEqual({ usable: true, error: null });
    expect(await check(ok.fileId, f.other.certDer)).toMatchObject({ usable: false, error: { code: 'E_ESEAL_SIGNER_NOT_LISTED' } });
    expect(await check(expired.fileId, f.holder.certDer)).toMatchObject({ usable: false, error: { code: 'E_ESEAL_EXPIRED' } });
    expect(await check(future.fileId, f.holder.certDer)).toMatchObject({ usable: false, error: { code: 'E_ESEAL_NOT_YET_VALID' } });
    // a seal listed by certificate digest (v4 certListType 2)
    const { sm3 } = await import('../../../shared/crypto/sm3');
    const byDigest = await pick('digest.esl', await makeTestSeal(f, 4, { name: '摘要章', certs: [], certDigests: [{ type: 'sm3', value: sm3(f.holder.certDer) }] }));
    expect(byDigest.holderDigests).toBe(1);
    expect(await check(byDigest.fileId, f.holder.certDer)).toEqual({ usable: true, error: null });
    expect(await check(byDigest.fileId, f.other.certDer)).toMatchObject({ usable: false, error: { code: 'E_ESEAL_SIGNER_NOT_LISTED' } });
  });
});

async function readStored(dataDir: string, id: string): Promise<Uint8Array> {
  const { readFile } = await import('node:fs/promises');
  return new Uint8Array(await readFile(await openFileStore(dataDir).pathOf(id)));
}
