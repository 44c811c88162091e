// Fresh root → intermediate → leaf chains made by OpenSSL in the test (RSA PKCS#1, RSA-PSS, EC P-256, SM2
// with the default ID via -sigopt distid, SM2 with OpenSSL 3.0's empty ID): valid, expired, not yet valid,
// untrusted (missing root), tampered TBS, wrong key usage, path length exceeded — ours vs openssl verify.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { hasOpenssl } from '../../helpers/vectors';
import { parseCrls } from '../../../shared/pki/crl';
import { validatePath, type PathVerdict, type ValidationOptions } from '../../../shared/pki/path-validation';
import { makeChain, osslChain, osslLinkProbe, type FreshAlg, type FreshChain, removeTempDirs } from './pki-openssl';

const ALGS: FreshAlg[] = ['rsa', 'rsa-pss', 'ec', 'ec-p384', 'sm2', 'sm2-empty'];
const txt = (f: string) => readFileSync(f, 'utf8');
const DAY = 86_400_000;

async function ours(c: FreshChain, o: ValidationOptions & { leaf?: string; anchors?: string[] } = {}): Promise<PathVerdict> {
  return validatePath(txt(o.leaf ?? c.leaf), [txt(c.inter!)], (o.anchors ?? [c.anchor]).map(txt), o);
}

describe.skipIf(!hasOpenssl)('fresh chains made with openssl', () => {
  const base: Partial<Record<FreshAlg, FreshChain>> = {};
  const badInter: Partial<Record<FreshAlg, FreshChain>> = {};
  const pathLen0: Partial<Record<FreshAlg, FreshChain>> = {};
  let now = new Date();
  beforeAll(() => {
    for (const a of ALGS) {
      base[a] = makeChain(a, { crls: true, leafDays: 30, leafKeyUsage: a.startsWith('ec') ? 'digitalSignature,keyAgreement' : 'digitalSignature,nonRepudiation' });
      badInter[a] = makeChain(a, { interKeyUsage: 'digitalSignature' });
      pathLen0[a] = makeChain(a, { rootPathLen: 0 });
    }
    now = new Date(Date.now() + 60_000); // safely after every notBefore
  }, 120_000);

  describe.each(ALGS)('%s', (alg) => {
    const sm2Default = alg === 'sm2';
    const sm2 = alg.startsWith('sm2');
    const policy = alg === 'sm2-empty' ? 'lenient' : 'strict';
    /** ours on `c` (now, this algorithm's SM2 ID policy, then `o`) is `status` with one problem: `code` at `certIndex` */
    const expectOneProblem = async (c: FreshChain, status: PathVerdict['status'], certIndex: number, code: string, o: Parameters<typeof ours>[1] = {}) => {
      const v = await ours(c, { at: now, sm2IdPolicy: policy, ...o });
      expect(v.status).toBe(status);
      expect(v.problems).toEqual([expect.objectContaining({ certIndex, code })]);
      return v;
    };
    /** `openssl verify` of `c` now, with the default SM2 ID where the chain is signed with it */
    const opensslNow = (c: FreshChain) => (sm2Default ? osslChain(c, now).leafDefault : osslChain(c, now).empty);

    it('a good chain is valid; the verdict names the SM2 ID used per certificate', async () => {
      const c = base[alg]!;
      const v = await ours(c, { at: now, sm2IdPolicy: policy, requiredKeyUsage: 'digitalSignature' });
      expect(v.status).toBe('valid');
      expect(v.chain).toHaveLength(3);
      const sigName = { rsa: 'sha256WithRSAEncryption', 'rsa-pss': 'RSASSA-PSS', ec: 'ecdsa-with-SHA256', 'ec-p384': 'ecdsa-with-SHA384', sm2: 'SM2-with-SM3', 'sm2-empty': 'SM2-with-SM3' }[alg];
      expect(v.chain.map((x) => x.signatureAlgorithm.name)).toEqual([sigName, sigName, sigName]);
      expect(v.chain[0].publicKey.name).toBe({ rsa: 'RSA 2048', 'rsa-pss': 'RSA 2048', ec: 'EC P-256', 'ec-p384': 'EC P-384', sm2: 'SM2', 'sm2-empty': 'SM2' }[alg]);
      expect(v.sm2IdUsed).toEqual(sm2 ? [sm2Default ? 'default' : 'empty', sm2Default ? 'default' : 'empty', null] : [null, null, null]);
      if (sm2Default) {
        // OpenSSL's CLI can only apply distid to one certificate: check each link separately
        expect(osslLinkProbe(c.leaf, c.inter!, now, true)).toMatchObject({ default: true, empty: false });
        expect(osslLinkProbe(c.inter!, c.anchor, now, true)).toMatchObject({ default: true, empty: false });
      } else expect(osslChain(c, now).empty.ok).toBe(true);
    });

    if (sm2) {
      it('strict and lenient policies differ exactly on the empty-ID signatures', async () => {
        const c = base[alg]!;
        const strict = await ours(c, { at: now, sm2IdPolicy: 'strict' });
        const lenient = await ours(c, { at: now, sm2IdPolicy: 'lenient' });
        if (sm2Default) {
          expect(strict.status).toBe('valid');
          expect(lenient.sm2IdUsed).toEqual(['default', 'default', null]);
        } else {
          expect(strict.status).toBe('bad-signature');
          expect(strict.problems.map((p) => [p.certIndex, p.code])).toEqual([
            [0, 'sm2-empty-id-only'],
            [1, 'sm2-empty-id-only'],
          ]);
          expect(lenient.status).toBe('valid');
          expect(lenient.sm2IdUsed).toEqual(['empty', 'empty', null]);
        }
      });
    }

    it('after the leaf expires the chain is expired (leaf only), as openssl -attime says', async () => {
      const c = base[alg]!;
      const at = new Date(now.getTime() + 60 * DAY);
      const v = await ours(c, { at, sm2IdPolicy: policy });
      expect(v.status).toBe('expired');
      expect(v.problems.map((p) => [p.certIndex, p.code])).toEqual([[0, 'expired']]);
      if (!sm2Default) expect(osslChain(c, at).empty.errors).toEqual([{ code: 10, depth: 0 }]);
    });

    it('before notBefore every certificate is not yet valid', async () => {
      const c = base[alg]!;
      const at = new Date(now.getTime() - 2 * DAY);
      const v = await ours(c, { at, sm2IdPolicy: policy });
      expect(v.status).toBe('not-yet-valid');
      expect(v.problems.map((p) => p.certIndex)).toEqual([0, 1, 2]);
      if (!sm2Default) expect(osslChain(c, at).empty.errors.map((e) => e.code)).toContain(9);
    });

    it('without its root the chain is untrusted (another root does not help)', async () => {
      const c = base[alg]!;
      const other = pathLen0[alg]!;
      const v = await ours(c, { at: now, sm2IdPolicy: policy, anchors: [other.anchor] });
      expect(v.status).toBe('untrusted');
      expect(v.chain).toHaveLength(2);
      const o = osslChain({ anchor: other.anchor, inter: c.inter, leaf: c.leaf }, now).empty;
      expect(o.ok).toBe(false);
      expect(o.errors.map((e) => e.code)).toContain(20);
      expect((await validatePath(txt(c.leaf), [txt(c.inter!)], [], { at: now })).status).toBe('untrusted');
    });

    it('one flipped byte in the leaf TBS gives bad-signature at the leaf', async () => {
      const c = base[alg]!;
      const v = await expectOneProblem(c, 'bad-signature', 0, 'bad-signature', { sm2IdPolicy: 'lenient', leaf: c.tamperedLeaf });
      expect(v.sm2IdUsed[0]).toBeNull();
      expect(osslLinkProbe(c.tamperedLeaf, c.inter!, now, sm2)).toMatchObject({ default: false, empty: false });
    });

    it('CRLs from the intermediate: not listed = good, listed = revoked, stale = revocation-unknown (as openssl -crl_check)', async () => {
      const c = base[alg]!;
      const crl = (f: string) => ({ crls: [txt(f)] });
      const good = await ours(c, { at: now, sm2IdPolicy: policy, ...crl(c.crlEmpty!) });
      expect(good.status).toBe('valid');
      expect(good.revocation).toEqual(['good', 'not-checked', 'not-checked']);
      expect(good.crlSm2IdUsed[0]).toBe(sm2 ? (sm2Default ? 'default' : 'empty') : null);
      const revoked = await ours(c, { at: now, sm2IdPolicy: policy, ...crl(c.crlRevoked!) });
      expect(revoked.status).toBe('revoked');
      expect(revoked.problems).toEqual([expect.objectContaining({ certIndex: 0, code: 'revoked' })]);
      // one parsed CRL consulted again and again: the first lookup scans its entries, later ones use the index
      // built on the second; the answers must not change
      for (const [file, status] of [[c.crlRevoked!, 'revoked'], [c.crlEmpty!, 'valid']] as const) {
        const parsed = parseCrls(txt(file));
        for (let i = 0; i < 3; i++) expect((await ours(c, { at: now, sm2IdPolicy: policy, crls: parsed })).status).toBe(status);
      }
      // a serial listed 50,000 times (the entries as parsed; the signature covers the TBS bytes, not this list):
      // both lookup paths still answer revoked (an index that copied the array per repeat took ~19 s here, not ~1)
      const [listed] = parseCrls(txt(c.crlRevoked!));
      const repeated = { ...listed, revoked: Array.from({ length: 50_000 }, () => listed.revoked[0]) };
      for (let i = 0; i < 3; i++) expect((await ours(c, { at: now, sm2IdPolicy: policy, crls: [repeated] })).status).toBe('revoked');
      const later = new Date(now.getTime() + 3 * DAY);
      const stale = await ours(c, { at: later, sm2IdPolicy: policy, ...crl(c.crlEmpty!) });
      expect(stale.status).toBe('revocation-unknown');
      expect(stale.problems).toEqual([expect.objectContaining({ certIndex: 0, code: 'crl-expired' })]);
      if (!sm2Default) {
        expect(osslChain(c, now, ['-crl_check', '-CRLfile', c.crlEmpty!]).empty.ok).toBe(true);
        expect(osslChain(c, now, ['-crl_check', '-CRLfile', c.crlRevoked!]).empty.errors).toEqual([{ code: 23, depth: 0 }]);
        expect(osslChain(c, later, ['-crl_check', '-CRLfile', c.crlEmpty!]).empty.errors).toContainEqual({ code: 12, depth: 0 });
      }
      if (sm2Default) {
        // OpenSSL 3.0's CLI checks CRLs with the empty ID only; both our policies accept a default-ID CRL
        expect((await ours(c, { at: now, sm2IdPolicy: 'lenient', ...crl(c.crlRevoked!) })).status).toBe('revoked');
      }
    });

    it('a leaf without the required key usage is invalid-usage', async () => {
      const c = base[alg]!;
      await expectOneProblem(c, 'invalid-usage', 0, 'leaf-key-usage', { requiredKeyUsage: 'keyEncipherment' });
    });

    it('an intermediate without keyCertSign is invalid-usage at index 1 (OpenSSL: invalid CA / key usage)', async () => {
      const c = badInter[alg]!;
      await expectOneProblem(c, 'invalid-usage', 1, 'ca-missing-keyCertSign');
      const o = opensslNow(c);
      expect(o.ok).toBe(false);
      expect(o.errors.some((e) => e.depth === 1 && (e.code === 79 || e.code === 32))).toBe(true);
    });

    it('a root with pathlen:0 above an intermediate gives path-length-exceeded at the root', async () => {
      const c = pathLen0[alg]!;
      await expectOneProblem(c, 'path-length-exceeded', 2, 'path-length-exceeded');
      const o = opensslNow(c);
      expect(o.errors).toContainEqual({ code: 25, depth: 2 });
    });
  });
});

afterAll(removeTempDirs);
