// Plain OFD digital signatures (Type="Sign", no seal): SignedValue.dat holds a detached SignedData over Signature.xml
// (GB/T 35275 OIDs for SM2, RFC 5652 for others). Cross-checked: OpenSSL `cms -verify` verifies the P-256 signer's
// SignedData over the exact Signature.xml bytes; for SM2, `openssl asn1parse` reads the GM/T 0010 structure and its
// messageDigest equals `openssl dgst -sm3` of Signature.xml. Tampering is detected; a seal added afterwards keeps the
// plain signature valid; the CLI writes one with `ofd sign --plain` and `ofd verify` accepts it.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hasOpenssl } from '../../helpers/vectors';
import { cliMain } from '../../helpers/cli';
import { makeKey, softwareSigner } from '../../helpers/pdf';
import { makeTestSeal } from '../../helpers/eseal';
import { useSealFixture } from '../../helpers/seal-fixture';
import { OfdPackage } from '../../../shared/ofd/package';
import { makeOfd } from '../../../shared/ofd/writer';
import { sealOfd, signOfd, verifyOfd } from '../../../shared/ofd/signatures';

const f = useSealFixture();

const doc = () => OfdPackage.open(makeOfd({ title: '报价', pages: [{ lines: [{ x: 20, y: 20, text: '投标报价 Bid price 1000' }] }] }).toBytes());
const SIG = 'Doc_0/Signs/Sign_0/Signature.xml';
const VAL = 'Doc_0/Signs/Sign_0/SignedValue.dat';

describe.skipIf(!hasOpenssl)('plain OFD signatures', () => {
  it('SM2: GB/T 35275 SignedData over Signature.xml, read by openssl; tampering detected; a later seal keeps it valid', async () => {
    const signed = await signOfd(doc(), softwareSigner(f.holder));
    const list = new TextDecoder().decode(signed.get('Doc_0/Signs/Signatures.xml'));
    expect(list).toContain('Type="Sign"');
    expect(new TextDecoder().decode(signed.get(SIG))).not.toContain('StampAnnot');
    const r = await verifyOfd(signed);
    expect(r.ok).toBe(true);
    expect(r.signatures[0]).toMatchObject({ type: 'Sign', intact: true, cms: { form: 'signed-data', intact: true, signer: { subject: expect.stringContaining('Holder Construction Co') } } });

    const dir = path.join(f.dir, 'plain-sm2');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'v.der'), signed.get(VAL));
    writeFileSync(path.join(dir, 'sig.xml'), signed.get(SIG));
    const parsed = execFileSync('openssl', ['asn1parse', '-inform', 'DER', '-in', path.join(dir, 'v.der')]).toString();
    expect(parsed).toContain('1.2.156.10197.6.1.4.2.2'); // GM/T 0010 signedData
    expect(parsed).toMatch(/SM2-with-SM3|1\.2\.156\.10197\.1\.501/);
    const sm3 = execFileSync('openssl', ['dgst', '-sm3', '-r', path.join(dir, 'sig.xml')]).toString().split(' ')[0]!.toUpperCase();
    expect(parsed.toUpperCase()).toContain(sm3); // the messageDigest attribute

    // tampering: a page, or Signature.xml itself
    const page = 'Doc_0/Pages/Page_0/Content.xml';
    const edited = signed.with({ [page]: new TextEncoder().encode(new TextDecoder().decode(signed.get(page)).replace('1000', '9000')) });
    expect((await verifyOfd(edited)).ok).toBe(false);
    const xml = signed.with({ [SIG]: new TextEncoder().encode(new TextDecoder().decode(signed.get(SIG)).replace('BidSeal', 'BidSeaL')) });
    const bad = await verifyOfd(xml);
    expect(bad.ok).toBe(false);
    expect(bad.signatures[0]!.cms?.intact).toBe(false);

    // a seal on top: both stay valid
    const sealed = await sealOfd(signed, softwareSigner(f.holder), { seal: await makeTestSeal(f, 4), placements: [{ page: 0, x: 120, y: 200 }] });
    const both = await verifyOfd(sealed);
    expect(both.ok).toBe(true);
    expect(both.signatures.map((s) => [s.type, s.intact])).toEqual([['Sign', true], ['Seal', true]]);
  });

  it('P-256: RFC 5652 SignedData verified by `openssl cms -verify` over the exact Signature.xml', async () => {
    const dir = path.join(f.dir, 'plain-p256');
    mkdirSync(dir, { recursive: true });
    const k = makeKey(dir, 'ec-p256', 'Plain Signer Co');
    const signed = await signOfd(doc(), softwareSigner(k));
    expect((await verifyOfd(signed)).ok).toBe(true);
    writeFileSync(path.join(dir, 'v.der'), signed.get(VAL));
    writeFileSync(path.join(dir, 'sig.xml'), signed.get(SIG));
    execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', path.join(dir, 'v.der'), '-binary', '-content', path.join(dir, 'sig.xml'), '-noverify', '-out', path.join(dir, 'out')], { stdio: 'pipe' });
    writeFileSync(path.join(dir, 'sig2.xml'), Buffer.concat([Buffer.from(signed.get(SIG)), Buffer.from(' ')]));
    expect(() => execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', path.join(dir, 'v.der'), '-binary', '-content', path.join(dir, 'sig2.xml'), '-noverify', '-out', path.join(dir, 'out')], { stdio: 'pipe' })).toThrow();
  });

  it('CLI: `ofd sign --plain` writes one, `ofd verify` accepts it', async () => {
    const dir = path.join(f.dir, 'plain-cli');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'in.ofd'), doc().toBytes());
    const s = await cliMain(['ofd', 'sign', '--plain', '--key', f.holder.keyPath, '--cert', f.holder.certPath, '-o', path.join(dir, 'out.ofd'), path.join(dir, 'in.ofd')]);
    expect(s.code, s.out).toBe(0);
    const v = await cliMain(['ofd', 'verify', '--json', path.join(dir, 'out.ofd')]);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.out).signatures[0]).toMatchObject({ type: 'Sign', intact: true, cms: { form: 'signed-data', intact: true } });
    expect(readFileSync(path.join(dir, 'in.ofd')).equals(Buffer.from(doc().toBytes()))).toBe(false); // (another doc: different ids/time)
  });
});
