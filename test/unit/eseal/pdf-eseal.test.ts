// `pdf sign --eseal`: the PDF signature binds the SESeal in a signed attribute (docs/ESEAL.md) and shows the seal's
// picture. Cross-checked: asn1crypto reads the CMS and finds the seal bytes under the attribute OID; OpenSSL verifies
// the SM2 signature over the signed attributes as embedded; the seal itself verifies; a non-listed signer is refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { main } from '../../../electron/cli/main';
import { minimalPdf } from '../../helpers/pdf';
import { hasOpenssl } from '../../helpers/vectors';
import { hasAsn1crypto, makeTestSeal, opensslSm2Verify, PY } from '../../helpers/eseal';
import { useSealFixture } from '../../helpers/seal-fixture';
import { parseSignedData } from '../../../shared/cms/signed-data';
import { OID_ESEAL_ATTRIBUTE, sealFromSignedData } from '../../../shared/eseal/pdf';
import { parseSeal, verifySeal } from '../../../shared/eseal/seal';
import { toHex } from '../../../shared/asn1';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (to: Buffer[]) => new Writable({ write: (c, _e, cb) => (to.push(Buffer.from(c)), cb()) });
  const code = await main(args, { stdout: sink(out), stderr: sink(err), stdin: Readable.from([]) as never, lang: 'en' });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

/** /Contents of the last signature, as DER (trailing zero padding removed by length) */
function lastCms(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const m = [...text.matchAll(/\/Contents\s*<([0-9A-Fa-f]+)>/g)].pop()!;
  const der = Buffer.from(m[1], 'hex');
  const len = der[1] & 0x80 ? der.subarray(2, 2 + (der[1] & 0x7f)).reduce((a, b) => a * 256 + b, 0) + 2 + (der[1] & 0x7f) : der[1] + 2;
  return new Uint8Array(der.subarray(0, len));
}

const f = useSealFixture();
const p = (n: string): string => path.join(f.dir, n);
beforeAll(async () => {
  writeFileSync(p('seal.esl'), await makeTestSeal(f, 4));
  writeFileSync(p('in.pdf'), minimalPdf());
});

describe.skipIf(!hasOpenssl)('pdf sign --eseal', () => {
  it('binds the seal in a signed attribute; OpenSSL verifies the SM2 signature over the attributes as embedded', async () => {
    const r = await run(['pdf', 'sign', '--key', f.holder.keyPath, '--cert', f.holder.certPath, '--eseal', p('seal.esl'), '--rect', '300,100', '-o', p('out.pdf'), p('in.pdf')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const v = await run(['pdf', 'verify', '--json', '--ca', f.maker.certPath, '--ca', f.holder.certPath, p('out.pdf')]);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout).signatures[0].eseal).toMatchObject({ name: '某某建设有限公司合同专用章', status: 'valid', intact: true, signerListed: true });
    const cms = lastCms(new Uint8Array(readFileSync(p('out.pdf'))));
    const seal = sealFromSignedData(cms)!;
    expect(toHex(seal)).toBe(toHex(new Uint8Array(readFileSync(p('seal.esl')))));
    expect((await verifySeal(parseSeal(seal), { signerCert: f.holder.certDer, anchors: [f.maker.certDer] })).status).toBe('valid');
    const si = parseSignedData(cms).signers[0];
    writeFileSync(p('attrs.der'), si.signedAttrs!);
    writeFileSync(p('attrs.sig'), si.signature);
    expect(opensslSm2Verify(f.dir, f.holder.certDer, p('attrs.der'), p('attrs.sig'))).toBe(true);
    if (hasAsn1crypto) {
      writeFileSync(p('sig.p7s'), cms);
      const py = `import sys\nfrom asn1crypto import cms\nci = cms.ContentInfo.load(open(sys.argv[1],'rb').read())\nfor a in ci['content']['signer_infos'][0]['signed_attrs']:\n    if a['type'].dotted == sys.argv[2]:\n        print(a['values'][0].dump().hex())`;
      const out = execFileSync(PY, ['-c', py, p('sig.p7s'), OID_ESEAL_ATTRIBUTE]).toString().trim();
      expect(out).toBe(toHex(seal));
    }
  });

  it('refuses a signer the seal does not list, before anything is written', async () => {
    const r = await run(['pdf', 'sign', '--key', f.other.keyPath, '--cert', f.other.certPath, '--eseal', p('seal.esl'), '--rect', '300,100', '-o', p('no.pdf'), p('in.pdf')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^E_ESEAL_SIGNER_NOT_LISTED/);
  });
});
