import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { signPdf } from '../../../shared/pdf/sign';
import { verifyPdf } from '../../../shared/pdf/verify';
import { MemorySource } from '../../../shared/pdf/source';
import { collect, makeKey, minimalPdf, softwareSigner, tmp, type KeyKind } from '../../helpers/pdf';
import { hasOpenssl, hasVectors, vectorPath, readVectorJson } from '../../helpers/vectors';
import type { SignatureAlgorithm } from '../../../shared/pki/carrier';

const work = hasOpenssl ? tmp() : '';
const keys = new Map<KeyKind, ReturnType<typeof makeKey>>();
const key = (k: KeyKind) => keys.get(k) ?? (keys.set(k, makeKey(work, k)), keys.get(k)!);
const sign = async (pdf: Uint8Array, kind: KeyKind = 'ec-p256', alg: SignatureAlgorithm = 'ecdsa-sha256', extra: object = {}) =>
  collect(await signPdf(new MemorySource(pdf), softwareSigner(key(kind)), { alg, ...extra }));
const verify = (b: Uint8Array, trusted?: Uint8Array[]) => verifyPdf(new MemorySource(b), { trusted });
const latin = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe.skipIf(!hasOpenssl)('PDF signature validation (coverage, modifications, bottom line)', () => {
  it('reports our own signature as intact, entire-file, no modifications; valid when the signer is trusted', async () => {
    const out = await sign(minimalPdf(), 'rsa', 'rsa-pkcs1-sha256', { fieldName: 'CompanySeal' });
    const [r] = await verify(out);
    expect(r).toMatchObject({ fieldName: 'CompanySeal', intact: true, coverage: 'entire-file', modifications: 'none', bottomLine: 'unknown-signer' });
    expect(r.signer?.commonName).toBe('BidSeal test rsa');
    expect((await verify(out, [key('rsa').certDer]))[0].bottomLine).toBe('valid');
  });

  it('recognises a later signature-only incremental update as form-filling and keeps both valid', async () => {
    let pdf = await sign(minimalPdf({ pages: 2 }), 'rsa', 'rsa-pkcs1-sha256');
    pdf = await sign(pdf, 'ec-p256', 'ecdsa-sha256', { page: 1, rect: [10, 10, 100, 60], appearance: { text: ['second'] } });
    pdf = await sign(pdf, 'sm2', 'sm2-sm3');
    const rs = await verify(pdf, [key('rsa').certDer, key('ec-p256').certDer, key('sm2').certDer]);
    expect(rs.map((r) => [r.coverage, r.modifications, r.bottomLine])).toEqual([
      ['entire-revision', 'form-filling', 'valid'],
      ['entire-revision', 'form-filling', 'valid'],
      ['entire-file', 'none', 'valid'],
    ]);
    expect(rs.map((r) => r.revision)).toEqual([1, 2, 3]);
  });

  it('works the same on xref-stream documents', async () => {
    const pdf = await sign(await sign(minimalPdf({ xrefStream: true })), 'rsa', 'rsa-pss-sha256');
    const rs = await verify(pdf);
    expect(rs.map((r) => [r.intact, r.coverage, r.modifications])).toEqual([
      [true, 'entire-revision', 'form-filling'],
      [true, 'entire-file', 'none'],
    ]);
  });

  it('marks a signature invalid when a byte inside the ByteRange is flipped', async () => {
    const out = await sign(minimalPdf());
    const at = latin(out).indexOf('BidSeal test page 1');
    const t = out.slice();
    t[at] ^= 0x01;
    const [r] = await verify(t);
    expect(r.intact).toBe(false);
    expect(r.bottomLine).toBe('invalid');
  });

  it('any flipped bit inside the ByteRange makes the signature not intact, or the file a typed error (property)', async () => {
    const out = await sign(minimalPdf());
    const m = /\/ByteRange \[0 (\d+) (\d+)/.exec(latin(out))!;
    const [gapStart, gapEnd] = [Number(m[1]), Number(m[2])];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: out.length - 1 }), fc.integer({ min: 0, max: 7 }), async (pos, bit) => {
        fc.pre(pos < gapStart || pos >= gapEnd);
        const t = out.slice();
        t[pos] ^= 1 << bit;
        let rs;
        try {
          rs = await verify(t, [key('ec-p256').certDer]);
        } catch (e) {
          expect((e as { name?: string }).name).toBe('BidSealError');
          return;
        }
        for (const r of rs) {
          expect(r.intact).toBe(false);
          expect(r.bottomLine).toBe('invalid');
        }
      }),
      { numRuns: 80 },
    );
  });

  it('rejects a ByteRange that skips bytes beyond /Contents', async () => {
    const out = await sign(minimalPdf());
    const s = latin(out);
    const m = /\/ByteRange \[0 (\d+) (\d+) (\d+)\s*\]/.exec(s)!;
    const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const forged = `/ByteRange [0 ${a - 10} ${b} ${c}`;
    const t = Buffer.from(s.replace(m[0], forged.padEnd(m[0].length - 1, ' ') + ']'), 'latin1');
    const [r] = await verify(t);
    expect(r.byteRangeProblems).toContain('ByteRange skips bytes outside /Contents');
    expect(r.coverage).toBe('unclear');
    expect(r.bottomLine).toBe('invalid');
  });

  it('does not call the file entirely signed when bytes are appended after %%EOF', async () => {
    const out = await sign(minimalPdf());
    const [r] = await verify(Buffer.concat([out, Buffer.from('\n%% injected comment\n1 0 obj\n<< >>\nendobj\n')]));
    expect(r.intact).toBe(true);
    expect(r.coverage).not.toBe('entire-file');
    expect(r.modifications).toBe('other');
    expect(r.bottomLine).toBe('changed');
  });

  it('classifies a later revision that changes page content as other', async () => {
    const out = await sign(minimalPdf());
    const s = latin(out);
    const sx = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(s)![1]);
    const content = 'BT /F1 30 Tf 72 500 Td (PAY 1,000,000) Tj ET';
    const objAt = out.length;
    let add = `5 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`;
    const xrefAt = objAt + add.length;
    add += `xref\n5 1\n${String(objAt).padStart(10, '0')} 00000 n\r\ntrailer\n<< /Size 20 /Root 1 0 R /Prev ${sx} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    const [r] = await verify(Buffer.concat([out, Buffer.from(add, 'latin1')]));
    expect(r).toMatchObject({ intact: true, coverage: 'entire-revision', modifications: 'other', bottomLine: 'changed' });
    expect(r.changes.join('\n')).toContain('object 5');
  });

  it('fails with typed errors, never a crash or "valid", on truncated files and corrupt xref', async () => {
    const out = await sign(minimalPdf());
    for (const cut of [out.length - 30, Math.floor(out.length / 2), 100]) {
      const rs = await verify(out.subarray(0, cut)).catch((e) => {
        expect(e.name).toBe('BidSealError');
        expect(['E_PDF_CORRUPT', 'E_TRUNCATED']).toContain(e.code);
        return [];
      });
      for (const r of rs) expect(r.bottomLine).not.toBe('valid');
    }
    const garbled = Buffer.from(latin(out).replace(/xref\n0 1/, 'xref\nX Y'), 'latin1');
    const rs = await verify(garbled).catch((e) => (expect(e.name).toBe('BidSealError'), []));
    for (const r of rs) expect(r.bottomLine).not.toBe('valid');
  });
});

describe.skipIf(!hasVectors)('pyHanko sample PDFs', () => {
  const v = (f: string) => verify(readFileSync(vectorPath(`pdf/pyhanko/pdf/${f}`)));
  it('has the expectations file', () => {
    expect(Object.keys(readVectorJson('pdf/pyhanko/EXPECTATIONS.json').files).length).toBeGreaterThan(10);
  });

  it('validates signatures with SKI signer ids and without signed attributes', async () => {
    for (const f of ['sig-with-ski-sid.pdf', 'sig-no-signed-attrs.pdf', 'certified-with-indirect-refs-in-dir.pdf', 'pades-with-old-style-signing-cert-attr.pdf']) {
      const [r] = await v(f);
      expect(r, f).toMatchObject({ intact: true, coverage: 'entire-file', modifications: 'none', bottomLine: 'unknown-signer' });
    }
  });

  it('rejects a detached-subfilter signature whose CMS encapsulates content', async () => {
    const [r] = await v('pdf-sig-with-econtent.pdf');
    expect(r.intact).toBe(false);
    expect(r.error?.message).toMatch(/encapsulates/);
  });

  it('flags the coverage anomalies as unclear/partial and never valid', async () => {
    for (const [f, cov] of [['one-byterange', 'unclear'], ['signature-gap-too-big', 'unclear'], ['weird-byterange', 'unclear'], ['tail-uncovered', 'partial']] as const) {
      const [r] = await v(`coverage-anomalies/${f}.pdf`);
      expect(r.intact, f).toBe(true);
      expect(r.coverage, f).toBe(cov);
      expect(['changed', 'invalid'], f).toContain(r.bottomLine);
    }
  });

  it('treats later signatures (and DSS/timestamp updates) as form-filling for the earlier signature', async () => {
    for (const f of ['minimal-two-fields-signed-twice.pdf', 'minimal-signed-twice-second-created.pdf', 'minimal-signed-twice-no-sig-type.pdf', 'separate-annots-kids-indir.pdf', 'extensions-direct.pdf', 'pades-lta-dss-indirect-arrs-test.pdf']) {
      const rs = await v(f);
      const earlier = rs.find((r) => r.coverage === 'entire-revision' && r.revision !== undefined && r.intact)!;
      expect(earlier.modifications, `${f}: ${earlier.changes.join('; ')}`).toBe('form-filling');
    }
  });

  it('verifies a PAdES-LTA document timestamp (ETSI.RFC3161)', async () => {
    const rs = await v('pades-lta-dss-indirect-arrs-test.pdf');
    const ts = rs.find((r) => r.subFilter === 'ETSI.RFC3161')!;
    expect(ts.intact).toBe(true);
  });

  it('reports the sneaky form update that overrides a shared appearance stream as other', async () => {
    const [r] = await v('form-update-override-appearance-stream-sneaky.pdf');
    expect(r.modifications).toBe('other');
  });
});
