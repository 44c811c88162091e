// Signatures written by other tools (OpenSSL CMS, poppler/NSS, hand-made legacy sub-filters) must validate as
// the best validators judge them, and every shadow-attack class must be reported — each attack next to its
// legitimate variant, which must pass. Cross-checked with openssl cms -verify and pdfsig where they apply.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { signPdf, prepare } from '../../../shared/pdf/sign';
import { verifyPdf, type SignatureReport } from '../../../shared/pdf/verify';
import { MemorySource } from '../../../shared/pdf/source';
import { PdfDocument } from '../../../shared/pdf/xref';
import { IncrementalUpdate } from '../../../shared/pdf/incremental-writer';
import { PdfDict, PdfRef, PdfStream, PdfString, latin1, name, type PdfObject } from '../../../shared/pdf/objects';
import { children, readTlv, type Tlv } from '../../../shared/asn1';
import { changePageContent } from '../../helpers/pdf-tamper';
import { collect, hasPdfsig, hasQpdf, makeKey, minimalPdf, pdfsig, qpdfCheck, softwareSigner, tmp } from '../../helpers/pdf';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { bidseal } from '../../helpers/cli';

const work = hasOpenssl ? tmp() : '';
let keyCache: ReturnType<typeof makeKey> | undefined;
const rsa = () => (keyCache ??= makeKey(work, 'rsa', 'Other Tool Signer'));
let ecCache: ReturnType<typeof makeKey> | undefined;
const ec = () => (ecCache ??= makeKey(work, 'ec-p256', 'BidSeal Signer'));
const verify = (b: Uint8Array, o: Parameters<typeof verifyPdf>[1] = {}) => verifyPdf(new MemorySource(b), o);
const file = (n: string, b: Uint8Array) => {
  const p = path.join(work, n);
  writeFileSync(p, b);
  return p;
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const signOurs = async (pdf: Uint8Array, extra: object = {}) => collect(await signPdf(new MemorySource(pdf), softwareSigner(ec()), { alg: 'ecdsa-sha256', ...extra }));

/**
 * A signature made by another tool: the revision is prepared by BidSeal (placeholder /Contents), the signature
 * dictionary patched in place (same length, so the ByteRange holds), then /Contents filled with what `cms`
 * makes from the signed bytes.
 */
async function externalSign(pdf: Uint8Array, o: { cms: (signed: Buffer) => Uint8Array; subFilter?: string; reasonAs?: string; reserve?: number }): Promise<Buffer> {
  const holder = o.reasonAs ? 'X'.repeat(o.reasonAs.length) : undefined;
  const p = await prepare(new MemorySource(pdf), { alg: 'rsa-pkcs1-sha256', certificateDer: rsa().certDer, reserve: o.reserve ?? 2048, ...(holder ? { reason: holder } : {}) });
  let rev = Buffer.from(p.revision).toString('latin1');
  if (o.subFilter) rev = rev.replace('/SubFilter /adbe.pkcs7.detached', `/SubFilter /${o.subFilter}`.padEnd('/SubFilter /adbe.pkcs7.detached'.length));
  if (holder) rev = rev.replace(`/Reason (${holder})`, o.reasonAs!.padEnd(holder.length + 10));
  const revB = Buffer.from(rev, 'latin1');
  expect(revB.length).toBe(p.revision.length);
  const ph = p.capacity * 2 + 2;
  const signed = Buffer.concat([Buffer.from(pdf), revB.subarray(0, p.contentsAt), revB.subarray(p.contentsAt + ph)]);
  const cms = o.cms(signed);
  expect(cms.length).toBeLessThanOrEqual(p.capacity);
  revB.write(hex(cms), p.contentsAt + 1, 'latin1');
  return Buffer.concat([Buffer.from(pdf), revB]);
}

const opensslCms = (signed: Buffer, args: string[]): Buffer => {
  const data = file('signed-bytes.bin', signed);
  return openssl(['cms', '-sign', '-binary', '-in', data, '-signer', rsa().certPath, '-inkey', rsa().keyPath, '-outform', 'DER', ...args]);
};

/** ContentInfo, its [0], SignedData and SignedData's SETs/[0] re-encoded with indefinite lengths (as Adobe writes). */
function toIndefinite(t: Tlv, depth: number): Buffer {
  if (depth > 3 || !(t.tag & 0x20)) return Buffer.from(t.raw);
  return Buffer.concat([Buffer.of(t.tag, 0x80), ...children(t.v).map((c) => toIndefinite(c, depth + 1)), Buffer.of(0, 0)]);
}

const contentsOf = (pdf: Uint8Array, i = 0): Buffer => {
  const m = [...Buffer.from(pdf).toString('latin1').matchAll(/\/Contents <([0-9a-fA-F]+)>/g)][i];
  return Buffer.from(m[1], 'hex');
};

describe.skipIf(!hasOpenssl)('signatures written by other tools: no false alarms', () => {
  it('BER (indefinite-length) CMS in /Contents with zero padding: intact; openssl cms and pdfsig agree', async () => {
    const signed = await externalSign(minimalPdf(), { cms: (s) => opensslCms(s, []) });
    const der = readTlv(contentsOf(signed));
    const ber = toIndefinite(der, 0);
    expect(ber[1]).toBe(0x80);
    const at = Buffer.from(signed).toString('latin1').indexOf('/Contents <') + 11;
    const berPdf = Buffer.from(signed);
    berPdf.write(hex(ber).padEnd(contentsOf(signed).length * 2, '0'), at, 'latin1');
    const [r] = await verify(berPdf);
    expect(r, r.error?.message).toMatchObject({ intact: true, coverage: 'entire-file', indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
    // the oracle: OpenSSL verifies the same BER blob over the ByteRange bytes
    const br = r.byteRange;
    const content = Buffer.concat([berPdf.subarray(br[0], br[0] + br[1]), berPdf.subarray(br[2], br[2] + br[3])]);
    openssl(['cms', '-verify', '-binary', '-noverify', '-inform', 'DER', '-in', file('ber.der', ber), '-content', file('ber-content.bin', content), '-out', '/dev/null']);
    if (hasPdfsig) expect(pdfsig(file('ber.pdf', berPdf))).toMatch(/Signature is Valid/);
  });

  it('adbe.pkcs7.detached without signed attributes (signature over the content): intact', async () => {
    const signed = await externalSign(minimalPdf(), { cms: (s) => opensslCms(s, ['-noattr']) });
    const [r] = await verify(signed);
    expect(r, r.error?.message).toMatchObject({ intact: true, indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND', weakAlgorithms: [] });
    expect(r.cms?.signatureAlgorithm).toBe('RSA-PKCS1-SHA256');
    if (hasPdfsig) expect(pdfsig(file('noattr.pdf', signed))).toMatch(/Signature is Valid/);
  });

  it('a SHA-1 signature is INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE — never INVALID — and exit 0 unless --strict', async () => {
    const signed = await externalSign(minimalPdf(), { cms: (s) => opensslCms(s, ['-md', 'sha1']) });
    const [r] = await verify(signed, { trusted: [rsa().certDer] });
    expect(r, r.error?.message).toMatchObject({ intact: true, trusted: true, indication: 'INDETERMINATE', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE', verdict: 'indeterminate' });
    expect(r.weakAlgorithms.join()).toMatch(/SHA-1/);
    const f = file('sha1.pdf', signed);
    const strict = bidseal(['pdf', 'verify', '--strict', '--ca', rsa().certPath, f]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('CRYPTO_CONSTRAINTS_FAILURE');
  });

  it('adbe.pkcs7.sha1 (the SignedData encapsulates the SHA-1 of the ByteRange): intact, weak', async () => {
    const signed = await externalSign(minimalPdf(), {
      subFilter: 'adbe.pkcs7.sha1',
      cms: (s) => {
        const digest = execFileSync('openssl', ['dgst', '-sha1', '-binary'], { input: s });
        return openssl(['cms', '-sign', '-binary', '-nodetach', '-in', file('sha1-digest.bin', digest), '-signer', rsa().certPath, '-inkey', rsa().keyPath, '-outform', 'DER']);
      },
    });
    const [r] = await verify(signed);
    expect(r, r.error?.message).toMatchObject({ subFilter: 'adbe.pkcs7.sha1', intact: true, indication: 'INDETERMINATE', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE' });
    // a changed byte inside the range breaks it
    const t = Buffer.from(signed);
    t[t.indexOf('BidSeal test page 1')] ^= 1;
    expect((await verify(t))[0]).toMatchObject({ intact: false, indication: 'TOTAL-FAILED', subIndication: 'HASH_FAILURE' });
  });

  it('adbe.x509.rsa_sha1 (PKCS#1 signature in /Contents, certificate in /Cert): intact, weak; a flipped byte fails', async () => {
    const certHex = hex(rsa().certDer);
    const signed = await externalSign(minimalPdf(), {
      subFilter: 'adbe.x509.rsa_sha1',
      reasonAs: `/Cert <${certHex}>`,
      cms: (s) => {
        const sig = execFileSync('openssl', ['dgst', '-sha1', '-sign', rsa().keyPath], { input: s });
        return Buffer.concat([Buffer.of(0x04, 0x82, sig.length >> 8, sig.length & 255), sig]);
      },
    });
    const [r] = await verify(signed, { trusted: [rsa().certDer] });
    expect(r, r.error?.message).toMatchObject({ subFilter: 'adbe.x509.rsa_sha1', intact: true, trusted: true, indication: 'INDETERMINATE', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE' });
    expect(r.signer?.commonName).toBe('Other Tool Signer');
    const t = Buffer.from(signed);
    t[t.indexOf('BidSeal test page 1')] ^= 1;
    expect((await verify(t))[0]).toMatchObject({ intact: false, indication: 'TOTAL-FAILED' });
  });
});

// ------------------------------------------------------------------------------------------------------
// encrypted PDFs signed by poppler (NSS): standard security handler RC4-40, AES-128, AES-256
// ------------------------------------------------------------------------------------------------------
const hasNss = hasOpenssl && hasPdfsig && hasQpdf && ['certutil', 'pk12util'].every((t) => {
  try {
    execFileSync('which', [t], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
});
if (!hasNss) console.warn('[skip] certutil/pk12util (libnss3-tools), qpdf or pdfsig missing: encrypted-PDF signing by poppler is skipped');

describe.skipIf(!hasNss)('encrypted PDFs (signed by poppler pdfsig)', () => {
  const nss = path.join(work, 'nss');
  const setup = () => {
    if (existsSync(nss)) return;
    mkdirSync(nss);
    const p12 = path.join(work, 'signer.p12');
    openssl(['pkcs12', '-export', '-inkey', rsa().keyPath, '-in', rsa().certPath, '-out', p12, '-passout', 'pass:pw', '-name', 'signer']);
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password'], { stdio: 'pipe' });
    execFileSync('pk12util', ['-i', p12, '-d', `sql:${nss}`, '-W', 'pw'], { stdio: 'pipe' });
  };
  const popplerSign = (input: string, output: string, field: string, upw?: string) =>
    execFileSync('pdfsig', ['-add-signature', '-nssdir', `sql:${nss}`, '-nick', 'signer', '-new-signature-field-name', field, ...(upw ? ['-upw', upw] : []), input, output], { stdio: 'pipe' });

  it.each([
    ['RC4 40-bit', ['40'], ''],
    ['AES-128', ['128', '--use-aes=y'], ''],
    ['AES-256 with a user password', ['256'], '开标pw'],
  ])('%s: verified without decrypting the signed bytes; field names decrypted; two signatures', async (_label, bits, upw) => {
    setup();
    const plain = file(`plain-${bits[0]}.pdf`, minimalPdf({ pages: 2 }));
    const enc = path.join(work, `enc-${bits[0]}.pdf`);
    execFileSync('qpdf', ['--allow-weak-crypto', '--object-streams=generate', '--encrypt', upw, 'owner-pw', ...bits, '--', plain, enc], { stdio: 'pipe' });
    const one = path.join(work, `enc-${bits[0]}-1.pdf`);
    const two = path.join(work, `enc-${bits[0]}-2.pdf`);
    popplerSign(enc, one, '投标人签章', upw || undefined);
    popplerSign(one, two, 'Second', upw || undefined);
    const rs = await verify(readFileSync(two), { password: upw, trusted: [rsa().certDer] });
    expect(rs.map((r) => [r.fieldName, r.intact, r.coverage, r.modifications, r.indication])).toEqual([
      ['投标人签章', true, 'entire-revision', 'form-filling', 'TOTAL-PASSED'],
      ['Second', true, 'entire-file', 'none', 'TOTAL-PASSED'],
    ]);
    expect(rs[0].verdict).toBe('valid-with-changes');
    // the owner password opens it too; a wrong one is a typed error
    expect((await verify(readFileSync(two), { password: 'owner-pw' }))[0].intact).toBe(true);
    if (upw) {
      await expect(verify(readFileSync(two), { password: 'wrong' })).rejects.toMatchObject({ code: 'E_PDF_PASSWORD' });
      const cli = bidseal(['pdf', 'verify', '--json', '--ca', rsa().certPath, two], undefined, { BIDSEAL_PDF_PASSWORD: upw });
      expect(cli.code, cli.stderr).toBe(0);
      const viaStdin = bidseal(['pdf', 'verify', '--password-stdin', two], Buffer.from(`${upw}\n`));
      expect(viaStdin.code, viaStdin.stderr).toBe(0);
    }
  });
});

// ------------------------------------------------------------------------------------------------------
// shadow attacks and permissions: each attack next to the legitimate update of the same kind
// ------------------------------------------------------------------------------------------------------

const text = (s: string) => PdfString.text(s);
const form = (content: string, w = 200, h = 30) => new PdfStream(new PdfDict([['Type', name('XObject')], ['Subtype', name('Form')], ['BBox', [0, 0, w, h]], ['Resources', new PdfDict([['Font', new PdfDict([['F1', new PdfRef(3)]])]])]]), latin1(content));

/** A one-page form: "Amount" filled in with 100, "Note" empty; optional certification placeholder in the catalog. */
async function formPdf(o: { certify?: boolean } = {}): Promise<Uint8Array> {
  const base = minimalPdf();
  const doc = await PdfDocument.open(new MemorySource(base));
  const upd = new IncrementalUpdate(doc);
  const page = (await doc.pages())[0];
  const [amount, amountAp, note, noteAp, acro] = [upd.allocate(), upd.allocate(), upd.allocate(), upd.allocate(), upd.allocate()];
  const widget = (t: string, y: number, ap: PdfRef, v?: string) =>
    new PdfDict([['Type', name('Annot')], ['Subtype', name('Widget')], ['FT', name('Tx')], ['T', text(t)], ['Rect', [72, y, 272, y + 30]], ['P', page], ['F', 4], ['AP', new PdfDict([['N', ap]])], ['DA', text('/F1 12 Tf 0 g')], ...(v ? ([['V', text(v)]] as [string, PdfObject][]) : [])]);
  upd.set(amount, widget('Amount', 600, amountAp, '100'));
  upd.set(amountAp, form('/Tx BMC BT /F1 12 Tf 2 10 Td (100) Tj ET EMC'));
  upd.set(note, widget('Note', 550, noteAp));
  upd.set(noteAp, form('/Tx BMC EMC'));
  upd.set(acro, new PdfDict([['Fields', [amount, note]], ['DA', text('/F1 12 Tf 0 g')]]));
  const p = (await doc.resolveDict(page))!.clone().set('Annots', [amount, note]);
  upd.set(page, p);
  const cat = (await doc.catalog()).clone().set('AcroForm', acro);
  // the certification signature will be the first object the signing revision allocates: this one's size
  if (o.certify) cat.set('Perms', new PdfDict([['DocMDP', new PdfRef(doc.size + 5)]]));
  upd.set(doc.trailer.get('Root') as PdfRef, cat);
  return Buffer.concat([base, (await upd.build()).bytes]);
}

/** The document's objects as of now, for writing a later revision. */
async function later(pdf: Uint8Array, edit: (doc: PdfDocument, upd: IncrementalUpdate, f: Record<string, PdfRef>) => Promise<void>): Promise<Buffer> {
  const doc = await PdfDocument.open(new MemorySource(pdf));
  const upd = new IncrementalUpdate(doc);
  const fields: Record<string, PdfRef> = {};
  const acro = await doc.resolveDict((await doc.catalog()).get('AcroForm'));
  for (const f of ((await doc.resolve(acro?.get('Fields'))) as PdfRef[]) ?? []) {
    const t = (await doc.resolveDict(f))?.get('T');
    if (t instanceof PdfString) fields[t.toText()] = f;
  }
  await edit(doc, upd, fields);
  return Buffer.concat([Buffer.from(pdf), (await upd.build()).bytes]);
}

const fill = (field: string, value: string, background = '') => async (doc: PdfDocument, upd: IncrementalUpdate, f: Record<string, PdfRef>) => {
  const d = (await doc.resolveDict(f[field]))!.clone();
  const ap = upd.allocate();
  upd.set(ap, form(`/Tx BMC ${background}BT /F1 12 Tf 2 10 Td (${value}) Tj ET EMC`));
  upd.set(f[field], d.set('V', text(value)).set('AP', new PdfDict([['N', ap]])));
};
const redrawInPlace = (field: string, value: string) => async (doc: PdfDocument, upd: IncrementalUpdate, f: Record<string, PdfRef>) => {
  const d = (await doc.resolveDict(f[field]))!;
  const ap = (d.get('AP') as PdfDict).get('N') as PdfRef;
  upd.set(ap, form(`/Tx BMC BT /F1 12 Tf 2 10 Td (${value}) Tj ET EMC`));
};
const addAnnot = (subtype: string, content: string, extra: [string, PdfObject][] = []) => async (doc: PdfDocument, upd: IncrementalUpdate) => {
  const page = (await doc.pages())[0];
  const p = (await doc.resolveDict(page))!.clone();
  const a = upd.allocate();
  const ap = upd.allocate();
  upd.set(ap, form(content, 220, 40));
  upd.set(a, new PdfDict([['Type', name('Annot')], ['Subtype', name(subtype)], ['Rect', [70, 595, 290, 635]], ['P', page], ['F', 4], ['AP', new PdfDict([['N', ap]])], ...extra]));
  upd.set(page, p.set('Annots', [...((p.get('Annots') as PdfObject[]) ?? []), a]));
};
const addTextField = async (doc: PdfDocument, upd: IncrementalUpdate, f: Record<string, PdfRef>) => {
  const page = (await doc.pages())[0];
  const p = (await doc.resolveDict(page))!.clone();
  const w = upd.allocate();
  const ap = upd.allocate();
  upd.set(ap, form('1 1 1 rg 0 0 200 30 re f BT /F1 12 Tf 0 g 2 10 Td (1000000) Tj ET'));
  upd.set(w, new PdfDict([['Type', name('Annot')], ['Subtype', name('Widget')], ['FT', name('Tx')], ['T', text('Overlay')], ['V', text('1000000')], ['Rect', [72, 600, 272, 630]], ['P', page], ['F', 4], ['AP', new PdfDict([['N', ap]])]]));
  upd.set(page, p.set('Annots', [...((p.get('Annots') as PdfObject[]) ?? []), w]));
  const catalog = await doc.catalog();
  const acroRef = catalog.get('AcroForm') as PdfRef;
  const acro = (await doc.resolveDict(acroRef))!.clone();
  upd.set(acroRef, acro.set('Fields', [...(acro.get('Fields') as PdfObject[]), w]));
  void f;
};
const hide = (field: string) => async (doc: PdfDocument, upd: IncrementalUpdate, f: Record<string, PdfRef>) => {
  upd.set(f[field], (await doc.resolveDict(f[field]))!.clone().set('F', 6));
};
const addDss = async (doc: PdfDocument, upd: IncrementalUpdate) => {
  const cert = upd.allocate();
  upd.set(cert, new PdfStream(new PdfDict(), ec().certDer));
  const vri = new PdfDict([['Cert', [cert]]]);
  const root = doc.trailer.get('Root') as PdfRef;
  upd.set(root, (await doc.catalog()).clone().set('DSS', new PdfDict([['Certs', [cert]], ['VRI', new PdfDict([['0123456789ABCDEF0123456789ABCDEF01234567', vri]])]])));
};

const first = async (pdf: Uint8Array) => (await verify(pdf, { trusted: [ec().certDer, rsa().certDer] }))[0];
const expectPass = (r: SignatureReport, level: SignatureReport['modifications']) => {
  expect(r.visualChanges, r.changes.join('\n')).toEqual([]);
  expect(r.modifications, r.changes.join('\n')).toBe(level);
  expect(r.indication, r.indicationReasons.join('\n')).toBe('TOTAL-PASSED');
};
const expectVisual = (r: SignatureReport, page = 0) => {
  expect(r.intact).toBe(true);
  expect(r.indication).toBe('TOTAL-FAILED');
  expect(r.visualChanges.length, r.changes.join('\n')).toBeGreaterThan(0);
  expect(r.visualChanges[0].page).toBe(page);
  expect(r.verdict).toBe('invalid');
};

describe.skipIf(!hasOpenssl)('shadow attacks (visual changes) and permissions, each with its legitimate variant', () => {
  let signedForm: Uint8Array;
  const signed = async () => (signedForm ??= await signOurs(await formPdf()));

  it('replace: a filled field given a new value and appearance is a visual change; filling the empty one passes', async () => {
    const attack = await first(await later(await signed(), fill('Amount', '1000000')));
    expectVisual(attack);
    expect(attack.modifications).toBe('form-filling'); // permissions alone would allow it: the visual check catches it
    expect(attack.visualChanges[0].what).toMatch(/Amount/);
    expectPass(await first(await later(await signed(), fill('Note', 'delivery in 30 days'))), 'form-filling');
    expect((await first(await later(await signed(), fill('Note', 'x')))).verdict).toBe('valid-with-changes');
  });

  it('replace via overlay: an empty field filled with an opaque box hiding the page below is reported; text alone passes', async () => {
    const r = await first(await later(await signed(), fill('Note', 'see attachment', '1 1 1 rg 0 0 200 30 re f ')));
    expectVisual(r);
    expect(r.visualChanges[0].what).toMatch(/Note.*covers the page/);
    expectPass(await first(await later(await signed(), fill('Note', 'see attachment'))), 'form-filling');
  });

  it('replace via overlay: a filled field’s appearance stream rewritten in place is reported; the empty one’s passes', async () => {
    expectVisual(await first(await later(await signed(), redrawInPlace('Amount', '1000000'))));
    expectPass(await first(await later(await signed(), redrawInPlace('Note', 'ok'))), 'form-filling');
  });

  it('overlay: a stamp / free-text drawn over the page is reported; a sticky note or highlight passes (approval signature)', async () => {
    for (const sub of ['Stamp', 'FreeText', 'Square']) {
      const r = await first(await later(await signed(), addAnnot(sub, '1 1 1 rg 0 0 220 40 re f BT /F1 12 Tf 0 g 4 14 Td (1000000) Tj ET')));
      expectVisual(r);
      expect(r.modifications).toBe('annotations');
    }
    for (const sub of ['Text', 'Highlight']) expectPass(await first(await later(await signed(), addAnnot(sub, '1 1 0 rg 0 0 20 20 re f', [['Contents', text('please check')]]))), 'annotations');
  });

  it('overlay: a new form field drawn over the page is reported; a new signature (signing) passes', async () => {
    expectVisual(await first(await later(await signed(), addTextField)));
    expectPass(await first(await signOurs(await signed(), { page: 0, rect: [300, 100, 400, 150], appearance: { text: ['second'] } })), 'form-filling');
  });

  it('hide: hiding a filled field is reported', async () => {
    expectVisual(await first(await later(await signed(), hide('Amount'))));
  });

  it('shadow: the page content stream replaced is "other" and a visual change of page 1', async () => {
    const r = await first(changePageContent(await signed()));
    expectVisual(r);
    expect(r.modifications).toBe('other');
  });

  it('LTV: a DSS added after an approval signature is "ltv" and passes; a trailer entry pointing at old objects does not', async () => {
    const r = await first(await later(await signed(), addDss));
    expectPass(r, 'ltv');
    expect(r.verdict).toBe('valid');
  });

  it('the CLI: exit 1 with the page named for an attack, exit 0 for the legitimate variant', async () => {
    const bad = bidseal(['pdf', 'verify', file('attack.pdf', await later(await signed(), fill('Amount', '1000000')))]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/VISUAL CHANGE: revision \d+, page 1: .*Amount/);
    const good = bidseal(['pdf', 'verify', '--json', file('legit.pdf', await later(await signed(), fill('Note', 'ok')))]);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).signatures[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND', modifications: 'form-filling', visualChanges: [] });
  });

  const certified = async (p: 1 | 2 | 3) =>
    externalSign(await formPdf({ certify: true }), {
      reasonAs: `/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${p} /V /1.2 >> >>]`,
      cms: (s) => opensslCms(s, []),
    });

  it('DocMDP P=1: LTV additions pass, form filling does not; pdfsig accepts the certification signature', async () => {
    const doc = await certified(1);
    if (hasPdfsig) expect(pdfsig(file('certified.pdf', doc))).toMatch(/Signature is Valid/);
    if (hasQpdf) expect(qpdfCheck(path.join(work, 'certified.pdf')).ok).toBe(true);
    const ltv = await first(await later(doc, addDss));
    expect(ltv.docMdp).toBe(1);
    expectPass(ltv, 'ltv');
    const filled = await first(await later(doc, fill('Note', 'x')));
    expect(filled).toMatchObject({ indication: 'TOTAL-FAILED', subIndication: 'DISALLOWED_MODIFICATIONS', allowed: 'ltv' });
  });

  it('DocMDP P=2 forbids a comment that P=3 allows', async () => {
    const note = addAnnot('Text', '1 1 0 rg 0 0 20 20 re f');
    expect(await first(await later(await certified(2), note))).toMatchObject({ indication: 'TOTAL-FAILED', subIndication: 'DISALLOWED_MODIFICATIONS', docMdp: 2 });
    expectPass(await first(await later(await certified(3), note)), 'annotations');
    expectPass(await first(await later(await certified(2), fill('Note', 'ok'))), 'form-filling');
  });

  it('FieldMDP: a field the signature locks may not be filled later; the others may', async () => {
    const doc = await externalSign(await formPdf(), {
      reasonAs: '/Reference [<< /Type /SigRef /TransformMethod /FieldMDP /TransformParams << /Type /TransformParams /Action /Include /Fields [(Note)] /V /1.2 >> >>]',
      cms: (s) => opensslCms(s, []),
    });
    const locked = await first(await later(doc, fill('Note', 'x')));
    expect(locked.lockedFields).toEqual(['Note']);
    expect(locked).toMatchObject({ indication: 'TOTAL-FAILED', subIndication: 'DISALLOWED_MODIFICATIONS', modifications: 'other' });
  });
});
