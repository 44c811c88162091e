// `bidseal eseal make|show|verify` and `bidseal ofd from-text|sign|verify` end to end as a user runs them, with the
// exit codes of `pdf verify`: 0 intact, 1 tampered / unsigned / holder not listed / unsupported version.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { bidseal as spawnBidseal } from '../../helpers/cli';
import { main } from '../../../electron/cli/main';
import { hasOpenssl } from '../../helpers/vectors';
import { useSealFixture } from '../../helpers/seal-fixture';
import { OfdPackage } from '../../../shared/ofd/package';
import { seq, integer, ia5String, tlv } from '../../../shared/asn1';

/** In process (spawning tsx costs seconds per call on a loaded machine); the first call goes through the real bin. */
async function bidseal(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (to: Buffer[]) => new Writable({ write: (c, _e, cb) => (to.push(Buffer.from(c)), cb()) });
  const code = await main(args, { stdout: sink(out), stderr: sink(err), stdin: Readable.from([]) as never, lang: 'en' });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

const f = useSealFixture();
const p = (n: string): string => path.join(f.dir, n);
beforeAll(() => {
  writeFileSync(p('seal.png'), f.png);
  writeFileSync(p('bid.txt'), '投标函\n我方愿意参加投标。\n');
});

describe.skipIf(!hasOpenssl)('eseal and ofd commands', () => {
  it('make a test seal, show and verify it; a certificate not on its list fails', async () => {
    const made = spawnBidseal(['eseal', 'make', '--maker-key', f.maker.keyPath, '--maker-cert', f.maker.certPath, '--picture', p('seal.png'), '--holder-cert', f.holder.certPath, '--name', '测试公司公章', '-o', p('seal.esl'), '--json']);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const shown = JSON.parse((await bidseal(['eseal', 'show', '--json', p('seal.esl')])).stdout);
    expect(shown).toMatchObject({ name: '测试公司公章', headerVersion: 4, picture: { type: 'PNG', widthMm: 40 } });
    const ok = (await bidseal(['eseal', 'verify', '--json', '--cert', f.holder.certPath, p('seal.esl')]));
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, intact: true, signerListed: true, status: 'maker-untrusted' });
    expect((await bidseal(['eseal', 'verify', '--strict', p('seal.esl')])).code).toBe(1);
    expect((await bidseal(['eseal', 'verify', '--strict', '--ca', f.maker.certPath, p('seal.esl')])).code).toBe(0);
    const other = (await bidseal(['eseal', 'verify', '--cert', f.other.certPath, p('seal.esl')]));
    expect(other.code).toBe(1);
    expect(other.stdout).toContain('signer-not-listed');
  });

  it('a v5 draft seal is reported unsupported', async () => {
    writeFileSync(p('v5.esl'), seq(seq(seq(ia5String('ES'), integer(5), ia5String('x')), ia5String('id'), seq(), seq()), tlv(0x04, Uint8Array.of(1)), tlv(0x06, Uint8Array.of(0x2a)), tlv(0x03, Uint8Array.of(0))));
    const r = (await bidseal(['eseal', 'verify', p('v5.esl')]));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^E_ESEAL_UNSUPPORTED_VERSION/);
  });

  it('text → OFD → sealed (exit 0); tampered (exit 1); unsigned (exit 1)', async () => {
    expect((await bidseal(['ofd', 'from-text', '-o', p('bid.ofd'), p('bid.txt')])).code).toBe(0);
    expect((await bidseal(['ofd', 'verify', p('bid.ofd')])).code).toBe(1);
    const s = (await bidseal(['ofd', 'sign', '--key', f.holder.keyPath, '--cert', f.holder.certPath, '--eseal', p('seal.esl'), '--at', '120,200', '-o', p('s1.ofd'), p('bid.ofd')]));
    expect(s.stderr).toBe('');
    expect(s.code).toBe(0);
    const v = (await bidseal(['ofd', 'verify', '--json', p('s1.ofd')]));
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout).signatures[0]).toMatchObject({ intact: true, type: 'Seal' });
    const pkg = OfdPackage.open(new Uint8Array(readFileSync(p('s1.ofd'))));
    const page = 'Doc_0/Pages/Page_0/Content.xml';
    writeFileSync(p('t.ofd'), pkg.with({ [page]: new TextEncoder().encode(new TextDecoder().decode(pkg.get(page)).replace('投标', '投票')) }).toBytes());
    const t = (await bidseal(['ofd', 'verify', p('t.ofd')]));
    expect(t.code).toBe(1);
    expect(t.stdout).toContain('digest-mismatch');
  });
});
