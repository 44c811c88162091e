// Path validation of the vector chains, classified the same way as `openssl verify -CAfile ca -untrusted
// inter leaf`. OpenSSL 3.0 checks SM2 certificate signatures with the empty ID unless told otherwise, and its
// CLI applies `-vfyopt distid:1234567812345678` to the leaf only; the pure default-ID verdict is therefore
// assembled from per-link -partial_chain probes (see pki-openssl.ts). Strict must equal OpenSSL's default-ID
// verdict; lenient must accept whatever either ID accepts; the verdict names the ID used per certificate.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { hasOpenssl, hasVectors, vectorPath } from '../../helpers/vectors';
import { parseCertificate } from '../../../shared/pki/certificate';
import { checkSelfSignature, validatePath, type PathVerdict, type ProblemCode, type ValidationOptions } from '../../../shared/pki/path-validation';
import { crlToPemFile, osslChain, osslLinkProbe, osslVerify, tempDir, toPemFile, type OsslResult, removeTempDirs } from './pki-openssl';

const AT = new Date('2026-06-01T00:00:00Z');
const G = 'gm-x509-cms/openhitls/cert/';

interface VectorChain {
  name: string;
  ca: string;
  inter?: string;
  leaf: string;
}
const chains: VectorChain[] = [
  { name: 'sm2-v3 end', ca: `${G}chain/sm2-v3/ca.der`, inter: `${G}chain/sm2-v3/inter.der`, leaf: `${G}chain/sm2-v3/end.der` },
  ...['sign', 'enc'].map((l) => ({ name: `sm2_cert ${l}`, ca: `${G}sm2_cert/ca.der`, inter: `${G}sm2_cert/inter.der`, leaf: `${G}sm2_cert/${l}.der` })),
  { name: 'sm2_cert sm2.crt (foreign issuer key)', ca: `${G}sm2_cert/ca.der`, inter: `${G}sm2_cert/inter.der`, leaf: `${G}sm2_cert/sm2.crt.der` },
  ...['sign', 'enc', 'sign2', 'enc2', 'sign3', 'enc3'].map((l) => ({ name: `sm2_cert ${l}.mul`, ca: `${G}sm2_cert/ca.mul.der`, inter: `${G}sm2_cert/inter.mul.der`, leaf: `${G}sm2_cert/${l}.mul.der` })),
  ...['sign', 'enc'].map((l) => ({ name: `sm2_cert ${l}.noCRL (CAs lack keyCertSign)`, ca: `${G}sm2_cert/ca.noCRL.der`, inter: `${G}sm2_cert/inter.noCRL.der`, leaf: `${G}sm2_cert/${l}.noCRL.der` })),
  ...['sign', 'enc'].map((l) => ({ name: `sm2_cert ${l}.notCA`, ca: `${G}sm2_cert/ca.notCA.der`, inter: `${G}sm2_cert/inter.notCA.der`, leaf: `${G}sm2_cert/${l}.notCA.der` })),
  ...['sign', 'enc', 'sign2', 'enc2', 'sign3', 'enc3'].map((l) => ({ name: `sm2-dual-chain ${l}`, ca: `${G}sm2-dual-chain/ca.mul.der`, inter: `${G}sm2-dual-chain/inter.mul.der`, leaf: `${G}sm2-dual-chain/${l}.mul.der` })),
  { name: 'sm2_with_userid sign', ca: `${G}sm2_with_userid/ca.crt`, inter: `${G}sm2_with_userid/inter.crt`, leaf: `${G}sm2_with_userid/sign.crt` },
  ...['sign', 'enc'].map((l) => ({ name: `tjfoc-gmsm ${l}`, ca: 'gm-x509-cms/tjfoc-gmsm/SM2_CA.cer', leaf: `gm-x509-cms/tjfoc-gmsm/sm2_${l}_cert.cer` })),
  ...[0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => ({ name: `sm2_cert ca_keyUsage${k} (self)`, ca: `${G}sm2_cert/ca_keyUsage${k}.der`, leaf: `${G}sm2_cert/ca_keyUsage${k}.der` })),
  ...[1, 2].map((k) => ({ name: `sm2_cert ca_pathlen${k} (self)`, ca: `${G}sm2_cert/ca_pathlen${k}.der`, leaf: `${G}sm2_cert/ca_pathlen${k}.der` })),
  { name: 'sm2_cert sm2_ssl.crt (self)', ca: `${G}sm2_cert/sm2_ssl.crt.der`, leaf: `${G}sm2_cert/sm2_ssl.crt.der` },
  ...['chain', 'wrong_key_usage_chain'].flatMap((d) =>
    ['device1', 'device2'].map((l) => ({ name: `cms ${d} ${l} (RSA)`, ca: `cms-rfc5652/openhitls/${d}/root_ca.crt`, inter: `cms-rfc5652/openhitls/${d}/mid_ca.crt`, leaf: `cms-rfc5652/openhitls/${d}/${l}.crt` })),
  ),
];

/** OpenSSL error number → the problem codes that express it. */
const OSSL_TO_OURS: Record<number, ProblemCode[]> = {
  2: ['no-trust-anchor'],
  20: ['no-trust-anchor'],
  9: ['not-yet-valid'],
  10: ['expired'],
  23: ['revoked'],
  24: ['not-a-ca', 'ca-missing-keyCertSign'],
  79: ['not-a-ca', 'ca-missing-keyCertSign'],
  32: ['ca-missing-keyCertSign'],
  25: ['path-length-exceeded'],
  26: ['leaf-ext-key-usage', 'leaf-key-usage'],
  8: ['crl-bad-signature'],
  3: ['crl-missing'],
  12: ['crl-expired'],
};
const SIG_ERRORS = new Set([7]);

const read = (rel: string) => new Uint8Array(readFileSync(vectorPath(rel)));
const rows: string[] = [];
const fmtOssl = (r: OsslResult) => (r.ok ? 'OK' : [...new Set(r.errors.map((e) => `${e.code}@${e.depth}`))].join(' '));
const fmtOurs = (v: PathVerdict) => `${v.status}${v.sm2IdUsed.some(Boolean) ? ` [${v.sm2IdUsed.map((x) => x ?? '-').join(',')}]` : ''}`;

/** Each OpenSSL non-signature error must have a matching problem of ours at the same depth. */
function expectSameNonSignatureErrors(ossl: OsslResult, v: PathVerdict): void {
  for (const e of ossl.errors) {
    if (SIG_ERRORS.has(e.code)) continue;
    const want = OSSL_TO_OURS[e.code];
    expect(want, `unmapped OpenSSL error ${e.code}`).toBeDefined();
    const anyDepth = e.code === 2 || e.code === 20;
    expect(v.problems.some((p) => want.includes(p.code) && (anyDepth || p.certIndex === e.depth)), `OpenSSL error ${e.code} at ${e.depth}; ours: ${JSON.stringify(v.problems)}`).toBe(true);
  }
  const ourNonSig = v.problems.filter((p) => !['bad-signature', 'sm2-empty-id-only'].includes(p.code));
  if (ossl.ok) expect(ourNonSig).toEqual([]);
}

describe.skipIf(!hasVectors || !hasOpenssl)('vector chains agree with openssl verify', () => {
  const dir = hasOpenssl ? tempDir() : '';
  afterAll(() => {
    console.log(['| chain | OpenSSL default ID | OpenSSL empty ID | ours strict | ours lenient |', '|---|---|---|---|---|', ...rows].join('\n'));
  });

  it.each(chains)('$name', async (c) => {
    const files = { anchor: toPemFile(dir, vectorPath(c.ca)), inter: c.inter ? toPemFile(dir, vectorPath(c.inter)) : undefined, leaf: toPemFile(dir, vectorPath(c.leaf)) };
    const { empty, leafDefault } = osslChain(files, AT);
    const leaf = parseCertificate(read(c.leaf));
    const inters = c.inter ? [parseCertificate(read(c.inter))] : [];
    const anchors = [parseCertificate(read(c.ca))];
    const strict = await validatePath(leaf, inters, anchors, { at: AT, sm2IdPolicy: 'strict' });
    const lenient = await validatePath(leaf, inters, anchors, { at: AT, sm2IdPolicy: 'lenient' });

    // per-link SM2 probes give OpenSSL's verdict for each ID on every signature of the chain
    const links = strict.chain.length > 1 ? strict.chain.slice(0, -1).map((_, i) => ({ child: i, parent: i + 1 })) : [];
    const pemOf = [files.leaf, ...(strict.chain.length === 3 ? [files.inter!] : []), files.anchor];
    const probes = links.map((l) => osslLinkProbe(pemOf[l.child], pemOf[l.parent], AT, strict.chain[l.child].signatureAlgorithm.name === 'SM2-with-SM3'));
    const nonSigClean = empty.errors.every((e) => SIG_ERRORS.has(e.code)) && (empty.ok || empty.errors.length > 0);
    const osslDefaultValid = nonSigClean && probes.every((p) => p.default) && strict.status !== 'untrusted';
    const osslEitherValid = nonSigClean && probes.every((p) => p.default || p.empty) && strict.status !== 'untrusted';
    rows.push(`| ${c.name} | ${osslDefaultValid ? 'OK' : fmtOssl(leafDefault)}${probes.length ? ` (links: ${probes.map((p) => (p.conclusive ? (p.default ? 'D' : '-') + (p.empty ? 'E' : '-') : 'n/a')).join(' ')})` : ''} | ${fmtOssl(empty)} | ${fmtOurs(strict)} | ${fmtOurs(lenient)} |`);

    expect(strict.status === 'valid').toBe(osslDefaultValid);
    expect(lenient.status === 'valid').toBe(osslEitherValid);
    if (empty.ok) expect(lenient.status).toBe('valid');
    if (leafDefault.ok) expect(lenient.status).toBe('valid');
    // the ID reported per certificate is the one OpenSSL's probe confirms (default preferred)
    probes.forEach((p, i) => {
      if (strict.chain[i].signatureAlgorithm.name !== 'SM2-with-SM3') {
        expect([strict.sm2IdUsed[i], lenient.sm2IdUsed[i]]).toEqual([null, null]);
        return;
      }
      if (!p.conclusive) return; // OpenSSL did not look at this signature
      expect(strict.sm2IdUsed[i]).toBe(p.default ? 'default' : null);
      expect(lenient.sm2IdUsed[i]).toBe(p.default ? 'default' : p.empty ? 'empty' : null);
      // strict refuses empty-ID links and says why
      if (!p.default && p.empty) expect(strict.problems).toContainEqual(expect.objectContaining({ certIndex: i, code: 'sm2-empty-id-only' }));
    });
    expectSameNonSignatureErrors(empty, lenient);
  });
});

// ------------------------------------------------------------------------------------------------

interface CrlCase {
  name: string;
  chain: VectorChain;
  crls: string[];
  all?: boolean;
}
const dual = (l: string): VectorChain => ({ name: l, ca: `${G}sm2-dual-chain/ca.mul.der`, inter: `${G}sm2-dual-chain/inter.mul.der`, leaf: `${G}sm2-dual-chain/${l}.mul.der` });
const cmsChain = (d: string, l: string): VectorChain => ({ name: l, ca: `cms-rfc5652/openhitls/${d}/root_ca.crt`, inter: `cms-rfc5652/openhitls/${d}/mid_ca.crt`, leaf: `cms-rfc5652/openhitls/${d}/${l}.crt` });
const crlCases: CrlCase[] = [
  ...['crl_v1.mul', 'crl_v2.mul', 'crl_v2.mul.old', 'crl_v2.mul2', 'crl_v2.mul3'].flatMap((crl) =>
    ['sign', 'enc', 'sign2', 'enc2', 'sign3', 'enc3'].map((l) => ({ name: `sm2-dual-chain ${l} + ${crl}`, chain: dual(l), crls: [`${G}sm2-dual-chain/${crl}.der`] })),
  ),
  { name: 'sm2-dual-chain sign + crl_v2.mul + crl_inter_v2.mul (check all: intermediate revoked)', chain: dual('sign'), crls: [`${G}sm2-dual-chain/crl_v2.mul.der`, `${G}sm2-dual-chain/crl_inter_v2.mul.der`], all: true },
  ...['crl_v1', 'crl_v2', 'crl_v2.old'].map((crl) => ({ name: `sm2_cert sign + sm2_crl/${crl} (signed by another key)`, chain: { name: '', ca: `${G}sm2_cert/ca.der`, inter: `${G}sm2_cert/inter.der`, leaf: `${G}sm2_cert/sign.der` }, crls: [`${G}sm2_crl/${crl}.der`] })),
  ...['chain', 'wrong_key_usage_chain'].flatMap((d) =>
    ['device1', 'device2'].flatMap((l) => ['mid_ca_revocation', 'mid_ca_empty'].map((crl) => ({ name: `cms ${d} ${l} + ${crl}`, chain: cmsChain(d, l), crls: [`cms-rfc5652/openhitls/${d}/${crl}.crl`] }))),
  ),
];

describe.skipIf(!hasVectors || !hasOpenssl)('CRLs agree with openssl verify -crl_check', () => {
  const dir = hasOpenssl ? tempDir() : '';
  it.each(crlCases)('$name', async (k) => {
    const c = k.chain;
    const files = { anchor: toPemFile(dir, vectorPath(c.ca)), inter: toPemFile(dir, vectorPath(c.inter!)), leaf: toPemFile(dir, vectorPath(c.leaf)) };
    const crlArgs = k.crls.flatMap((f) => ['-CRLfile', crlToPemFile(dir, vectorPath(f))]);
    const { empty } = osslChain(files, AT, [k.all ? '-crl_check_all' : '-crl_check', ...crlArgs]);
    const opts: ValidationOptions = { at: AT, sm2IdPolicy: 'lenient', crls: k.crls.map(read), crlCheck: k.all ? 'all' : 'leaf' };
    const v = await validatePath(read(c.leaf), [read(c.inter!)], [read(c.ca)], opts);
    // OpenSSL's empty-ID run is what lenient mode reproduces for these empty-ID chains and CRLs
    expect(v.status === 'valid').toBe(empty.ok);
    expect(v.status === 'revoked').toBe(empty.errors.some((e) => e.code === 23));
    if (empty.errors.some((e) => e.code === 8)) expect(v.status).toBe('revocation-unknown');
    expectSameNonSignatureErrors(empty, v);
    const leafRevoked = empty.errors.some((e) => e.code === 23 && e.depth === 0);
    expect(v.revocation[0]).toBe(leafRevoked ? 'revoked' : empty.errors.some((e) => e.code === 8) ? 'unknown' : 'good');
    // the SM2 ID that verified the CRL is named (openHiTLS CRLs: empty ID)
    if (v.revocation[0] !== 'unknown' && c.leaf.startsWith('gm-')) expect(v.crlSm2IdUsed[0]).toBe('empty');
  });

  it('a revocation dated after the chosen instant does not count (validity at the bid opening)', async () => {
    const c = cmsChain('chain', 'device2');
    const before = new Date('2025-12-09T09:04:24Z'); // device2 is valid from this second; revoked at 09:04:24 too
    const v = await validatePath(read(c.leaf), [read(c.inter!)], [read(c.ca)], { at: new Date(before.getTime() + 1000), crls: [read('cms-rfc5652/openhitls/chain/mid_ca_revocation.crl')] });
    expect(v.status).toBe('revoked');
    const early = await validatePath(read(c.leaf), [read(c.inter!)], [read(c.ca)], { at: new Date('2026-01-01T00:00:00Z'), crls: [read('cms-rfc5652/openhitls/chain/mid_ca_empty.crl')] });
    expect(early.status).toBe('valid');
  });

  it('strict mode cannot use an empty-ID CRL and says the revocation status is unknown', async () => {
    const c = dual('enc');
    const v = await validatePath(read(c.leaf), [read(c.inter!)], [read(c.ca)], { at: AT, sm2IdPolicy: 'strict', crls: [read(`${G}sm2-dual-chain/crl_v2.mul3.der`)] });
    expect(v.status).toBe('bad-signature');
    expect(v.problems).toContainEqual(expect.objectContaining({ certIndex: 0, code: 'crl-bad-signature' }));
    expect(v.revocation[0]).toBe('unknown');
  });

  it('a CRL required but not supplied is reported as revocation-unknown', async () => {
    const c = cmsChain('chain', 'device1');
    const v = await validatePath(read(c.leaf), [read(c.inter!)], [read(c.ca)], { at: AT, crlCheck: 'all' });
    expect(v.status).toBe('revocation-unknown');
    expect(v.problems.map((p) => [p.certIndex, p.code])).toEqual([
      [0, 'crl-missing'],
      [1, 'crl-missing'],
    ]);
  });
});

// ------------------------------------------------------------------------------------------------

describe.skipIf(!hasVectors || !hasOpenssl)('validity at a chosen instant and leaf usage (vector chains)', () => {
  const dir = hasOpenssl ? tempDir() : '';
  const c = chains[0];
  it.each([
    ['2020-01-01T00:00:00Z', 'not-yet-valid', 9],
    ['2040-01-01T00:00:00Z', 'expired', 10],
  ] as const)('at %s the sm2-v3 chain is %s, as with openssl -attime', async (iso, status, code) => {
    const at = new Date(iso);
    const files = { anchor: toPemFile(dir, vectorPath(c.ca)), inter: toPemFile(dir, vectorPath(c.inter!)), leaf: toPemFile(dir, vectorPath(c.leaf)) };
    const { empty } = osslChain(files, at);
    expect(empty.errors.map((e) => e.code)).toContain(code);
    const v = await validatePath(read(c.leaf), [read(c.inter!)], [read(c.ca)], { at, sm2IdPolicy: 'lenient' });
    expect(v.status).toBe(status);
    expect(v.problems.filter((p) => p.code === status).map((p) => p.certIndex)).toEqual([0, 1, 2]);
  });

  it('requiring S/MIME signing usage refuses the wrong_key_usage_chain leaf, as openssl -purpose smimesign does', async () => {
    for (const d of ['chain', 'wrong_key_usage_chain']) {
      const k = cmsChain(d, 'device1');
      const ossl = osslVerify(['-attime', String(AT.getTime() / 1000), '-purpose', 'smimesign', '-CAfile', vectorPath(k.ca), '-untrusted', vectorPath(k.inter!), vectorPath(k.leaf)]);
      const v = await validatePath(read(k.leaf), [read(k.inter!)], [read(k.ca)], { at: AT, requiredKeyUsage: 'digitalSignature', requiredExtKeyUsage: ['1.3.6.1.5.5.7.3.4'] });
      expect(v.status === 'valid').toBe(ossl.ok);
      if (!ossl.ok) expect(v.status).toBe('invalid-usage');
    }
  });

  it('an SM2 encryption certificate fails when digitalSignature is required and passes for keyEncipherment', async () => {
    const l = `${G}sm2_cert/enc.der`;
    const args = [[read(`${G}sm2_cert/inter.der`)], [read(`${G}sm2_cert/ca.der`)]] as const;
    expect((await validatePath(read(l), ...args, { at: AT, sm2IdPolicy: 'lenient', requiredKeyUsage: 'digitalSignature' })).status).toBe('invalid-usage');
    expect((await validatePath(read(l), ...args, { at: AT, sm2IdPolicy: 'lenient', requiredKeyUsage: 'keyEncipherment' })).status).toBe('valid');
  });

  it('a missing root gives untrusted with the chain built as far as possible', async () => {
    const v = await validatePath(read(c.leaf), [read(c.inter!)], [read(`${G}sm2_with_userid/ca.crt`)], { at: AT, sm2IdPolicy: 'lenient' });
    expect(v.status).toBe('untrusted');
    expect(v.chain.map((x) => x.commonName)).toEqual(['certificate.testenc.com', 'certificate.testin.com']);
    expect(v.problems).toEqual([expect.objectContaining({ certIndex: 1, code: 'no-trust-anchor' })]);
  });
});

describe.skipIf(!hasVectors)('self-signature of roots', () => {
  it('reports which SM2 ID a root signed itself with (openHiTLS: empty; sm2_with_userid and tjfoc: default)', async () => {
    expect(await checkSelfSignature(read(`${G}sm2_cert/ca.der`))).toMatchObject({ ok: true, sm2Id: 'empty' });
    expect(await checkSelfSignature(read(`${G}sm2_cert/ca.der`), 'strict')).toMatchObject({ ok: false });
    expect(await checkSelfSignature(read(`${G}sm2_with_userid/ca.crt`), 'strict')).toMatchObject({ ok: true, sm2Id: 'default' });
    expect(await checkSelfSignature(read('gm-x509-cms/tjfoc-gmsm/SM2_CA.cer'), 'strict')).toMatchObject({ ok: true, sm2Id: 'default' });
    expect(await checkSelfSignature(read('cms-rfc5652/openhitls/chain/root_ca.crt'))).toEqual({ ok: true, sm2Id: undefined, detail: undefined });
  });
});

afterAll(removeTempDirs);
