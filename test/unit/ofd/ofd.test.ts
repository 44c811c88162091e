// OFD seal signatures: what BidSeal writes is read by Python's zipfile/ElementTree (test/unit/ofd/ofd_check.py),
// every reference digest is recomputed with `openssl dgst -sm3`, the SES_Signature in SignedValue.dat is read by
// asn1crypto (ses_check.py) with dataHash = SM3(Signature.xml as stored) and its SM2 signatures verified by
// OpenSSL; a second seal keeps the first valid; tampering is detected; an unsigned OFD is not valid.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OfdPackage, readStructure } from '../../../shared/ofd/package';
import { makeOfd, textToOfd } from '../../../shared/ofd/writer';
import { sealOfd, verifyOfd, OID_SM3_WITH_Z } from '../../../shared/ofd/signatures';
import { signSes } from '../../../shared/eseal/signature';
import { sm3 } from '../../../shared/crypto/sm3';
import * as sm2 from '../../../shared/crypto/sm2';
import { certFields } from '../../../shared/cms/cert-fields';
import { bytesToBase64 } from '../../../shared/asn1';
import { hasOpenssl } from '../../helpers/vectors';
import { hasAsn1crypto, makeTestSeal, opensslSm2Verify, PY, pyCheck, softwareSigner } from '../../helpers/eseal';
import { useSealFixture } from '../../helpers/seal-fixture';
import { repoRoot } from '../../helpers/vectors';

const f = useSealFixture();
let seal: Uint8Array;
const doc = (): OfdPackage =>
  makeOfd({ title: '投标文件', pages: [{ lines: [{ x: 20, y: 20, text: '投标函' }, { x: 20, y: 30, text: '致：某某招标代理有限公司' }] }, { lines: [{ x: 20, y: 20, text: '第二页 Page 2' }] }, { lines: [{ x: 20, y: 20, text: '第三页' }] }] });

beforeAll(async () => {
  seal = await makeTestSeal(f, 4);
});

const sm3b64 = (file: string): string => execFileSync('openssl', ['dgst', '-sm3', '-binary', file]).toString('base64');

describe.skipIf(!hasOpenssl)('OFD seal signatures', () => {
  it('a minimal OFD reads back: pages, boxes, ids', () => {
    const pkg = OfdPackage.open(doc().toBytes());
    const [d] = readStructure(pkg);
    expect(d.pages).toHaveLength(3);
    expect(d.pages[0].box).toEqual([0, 0, 210, 297]);
    expect(d.signatures).toBeUndefined();
    expect(readStructure(OfdPackage.open(textToOfd('第一行\n第二行').toBytes()))[0].pages).toHaveLength(1);
  });

  it('an OFD without a signature is not valid', async () => {
    const r = await verifyOfd(OfdPackage.open(doc().toBytes()));
    expect(r.ok).toBe(false);
    expect(r.signatures).toEqual([]);
  });

  it('seal, then a cross-page seal: both verify here and independently', async () => {
    const one = await sealOfd(OfdPackage.open(doc().toBytes()), softwareSigner(f.holder), { seal, placements: [{ page: 0, x: 120, y: 200 }] });
    const two = await sealOfd(OfdPackage.open(one.toBytes()), softwareSigner(f.holder), { seal, crossPage: {} });
    const bytes = two.toBytes();
    const r = await verifyOfd(OfdPackage.open(bytes), { anchors: [f.maker.certDer, f.holder.certDer] });
    expect(r.signatures.map((s) => [s.intact, s.trusted, s.error])).toEqual([
      [true, true, undefined],
      [true, true, undefined],
    ]);
    expect(r.unprotected).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.signatures[1].stamps.map((s) => s.page)).toEqual([0, 1, 2]);
    // the second signature protects the first one's files
    expect(r.signatures[1].references.map((x) => x.path)).toEqual(expect.arrayContaining(['Doc_0/Signs/Sign_0/Signature.xml', 'Doc_0/Signs/Sign_0/SignedValue.dat']));

    const dir = mkdtempSync(path.join(f.dir, 'ofd-'));
    const file = path.join(dir, 'signed.ofd');
    writeFileSync(file, bytes);
    const out = path.join(dir, 'x');
    const py = JSON.parse(execFileSync(PY, [path.join(repoRoot, 'test/unit/ofd/ofd_check.py'), file, out]).toString());
    expect(py.maxSignId).toBe('2');
    expect(py.signatures).toHaveLength(2);
    expect(py.signatures[1].stamps).toHaveLength(3);
    expect(py.signatures[1].stamps[0].clip).toBeTruthy();
    for (const s of py.signatures) {
      expect(s.type).toBe('Seal');
      expect(s.method).toBe('1.2.156.10197.1.501');
      expect(s.checkMethod).toBe('1.2.156.10197.1.401');
      expect(s.refs.length).toBeGreaterThan(4);
      for (const ref of s.refs) expect(sm3b64(path.join(out, ref.path))).toBe(ref.value);
      if (!hasAsn1crypto) continue;
      const ses = pyCheck('sig', new Uint8Array(readFileSync(path.join(out, s.signedValue))), dir);
      expect(ses.dataHash).toBe(execFileSync('openssl', ['dgst', '-sm3', '-binary', path.join(out, s.path)]).toString('hex'));
      expect(ses.propertyInfo).toBe(`/${s.path}`);
      expect(opensslSm2Verify(dir, path.join(dir, 'signer_cert.der'), path.join(dir, 'tbs.bin'), path.join(dir, 'sig.bin'))).toBe(true);
      expect(opensslSm2Verify(dir, path.join(dir, 'seal_maker_cert.der'), path.join(dir, 'seal_maker_tbs.bin'), path.join(dir, 'seal_maker_sig.bin'))).toBe(true);
    }
  });

  it('tampering a protected page, Signature.xml or SignedValue.dat is detected; an added part is reported', async () => {
    const signed = await sealOfd(OfdPackage.open(doc().toBytes()), softwareSigner(f.holder), { seal, placements: [{ page: 0, x: 120, y: 200 }] });
    const page = 'Doc_0/Pages/Page_1/Content.xml';
    const edited = new TextDecoder().decode(signed.get(page)).replace('Page 2', 'Page 9');
    const r1 = await verifyOfd(OfdPackage.open(signed.with({ [page]: new TextEncoder().encode(edited) }).toBytes()));
    expect(r1.ok).toBe(false);
    expect(r1.signatures[0].references.find((x) => x.path === page)).toMatchObject({ ok: false, problem: 'digest-mismatch' });

    const sx = 'Doc_0/Signs/Sign_0/Signature.xml';
    const r2 = await verifyOfd(signed.with({ [sx]: new TextEncoder().encode(new TextDecoder().decode(signed.get(sx)).replace('<ofd:SignedInfo>', '<ofd:SignedInfo> ')) }));
    expect(r2.signatures[0].ses?.problems.map((p) => p.code)).toContain('data-hash-mismatch');
    expect(r2.ok).toBe(false);

    const sv = 'Doc_0/Signs/Sign_0/SignedValue.dat';
    const bad = signed.get(sv).slice();
    bad[bad.length - 3] ^= 1;
    const r3 = await verifyOfd(signed.with({ [sv]: bad }));
    expect(r3.ok).toBe(false);

    const r4 = await verifyOfd(signed.with({ 'Doc_0/Res/extra.png': Uint8Array.of(1, 2, 3) }));
    expect(r4.unprotected).toEqual(['Doc_0/Res/extra.png']);
    expect(r4.ok).toBe(false);
  });

  it('a seal that does not list the signing certificate is refused before signing', async () => {
    await expect(sealOfd(OfdPackage.open(doc().toBytes()), softwareSigner(f.other), { seal, placements: [{ page: 0, x: 10, y: 10 }] })).rejects.toMatchObject({ code: 'E_ESEAL_SIGNER_NOT_LISTED' });
  });

  it('reads liberally: CheckMethod 1.2.156.10197.1.401.2 (SM3 with Z), Signatures.xml in an unusual folder', async () => {
    const base = doc();
    const ofdXml = new TextDecoder().decode(base.get('OFD.xml')).replace('</ofd:DocRoot>', '</ofd:DocRoot><ofd:Signatures>Sigs/List.xml</ofd:Signatures>');
    let pkg = base.with({ 'OFD.xml': new TextEncoder().encode(ofdXml) });
    const pub = certFields(f.holder.certDer).publicKey;
    const refs = [...pkg.files.entries()].map(([k, v]) => `<ofd:Reference FileRef="${k}"><ofd:CheckValue>${bytesToBase64(sm2.computeDigest(v, pub))}</ofd:CheckValue></ofd:Reference>`).join('');
    const sigXml = new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?><ofd:Signature xmlns:ofd="http://www.ofdspec.org/2016"><ofd:SignedInfo><ofd:Provider ProviderName="x"/><ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod><ofd:References CheckMethod="${OID_SM3_WITH_Z}">${refs}</ofd:References><ofd:StampAnnot ID="1" PageRef="${readStructure(pkg)[0].pages[0].id}" Boundary="10 10 40 40"/></ofd:SignedInfo><ofd:SignedValue>Value.dat</ofd:SignedValue></ofd:Signature>`);
    const ses = await signSes({ seal, dataHash: sm3(sigXml), propertyInfo: 'Sigs/S1/Signature.xml' }, softwareSigner(f.holder));
    pkg = pkg.with({ 'Sigs/List.xml': new TextEncoder().encode('<ofd:Signatures xmlns:ofd="http://www.ofdspec.org/2016"><ofd:MaxSignId>1</ofd:MaxSignId><ofd:Signature ID="1" BaseLoc="S1/Signature.xml"/></ofd:Signatures>'), 'Sigs/S1/Signature.xml': sigXml, 'Sigs/S1/Value.dat': ses });
    const r = await verifyOfd(OfdPackage.open(pkg.toBytes()));
    expect(r.signatures[0].error).toBeUndefined();
    expect(r.signatures[0].references.every((x) => x.ok)).toBe(true);
    expect(r.ok).toBe(true);
  });

  it('hostile input gives typed errors', () => {
    expect(() => OfdPackage.open(new TextEncoder().encode('not a zip'))).toThrow(expect.objectContaining({ code: 'E_OFD_NOT_OFD' }));
    const broken = doc().with({ 'OFD.xml': new TextEncoder().encode('<ofd:OFD xmlns:ofd="x"><unclosed>') });
    expect(() => readStructure(OfdPackage.open(broken.toBytes()))).toThrow(expect.objectContaining({ code: 'E_OFD_CORRUPT' }));
  });
});

describe.skipIf(!hasOpenssl)('OFD hostile input', () => {
  it('damaged parts give typed errors or failed verdicts, never a crash', async () => {
    const signed = await sealOfd(OfdPackage.open(doc().toBytes()), softwareSigner(f.holder), { seal, placements: [{ page: 0, x: 10, y: 10 }] });
    for (const part of ['OFD.xml', 'Doc_0/Document.xml', 'Doc_0/Signs/Signatures.xml', 'Doc_0/Signs/Sign_0/Signature.xml', 'Doc_0/Signs/Sign_0/SignedValue.dat']) {
      for (const cut of [0, 10, 0.5]) {
        const b = signed.get(part);
        const broken = signed.with({ [part]: b.subarray(0, cut < 1 ? Math.floor(b.length * cut) : cut) });
        try {
          const r = await verifyOfd(OfdPackage.open(broken.toBytes()));
          expect(r.ok).toBe(false);
        } catch (e) {
          expect((e as { code?: string }).code, String(e)).toMatch(/^E_OFD_/);
        }
      }
    }
  });
});
