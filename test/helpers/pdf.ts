// Runs in Node (tests). Builds small PDFs (classic xref, or xref stream + object stream), makes throwaway
// keys and self-signed certificates with openssl, and a software Signer that signs a precomputed digest
// (node:crypto / noble: WebCrypto cannot sign a digest it did not compute). The real soft-key carrier
// comes from shared/pki later; this one is for tests only.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, privateEncrypt, constants, randomBytes, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { crc32, deflateSync } from 'node:zlib';
import path from 'node:path';
import { p256, p384 } from '@noble/curves/nist.js';
import type { SignatureAlgorithm, Signer } from '../../shared/pki/carrier';
import * as sm2 from '../../shared/crypto/sm2';
import { parsePrivateKey } from '../../shared/crypto/keys';

const enc = (s: string): Buffer => Buffer.from(s, 'latin1');

export interface MinimalPdfOptions {
  pages?: number;
  /** write an xref stream and put the page tree into an object stream (PDF 1.5 style) */
  xrefStream?: boolean;
  /** page 1's /Annots as an indirect (empty) array */
  indirectAnnots?: boolean;
  /** no trailing newline after %%EOF */
  noFinalNewline?: boolean;
  /** adds an (unreferenced) stream of this many bytes, to make big files */
  bulk?: number;
}

/** A small valid PDF with Helvetica text on each page. */
export function minimalPdf(o: MinimalPdfOptions = {}): Uint8Array {
  const n = o.pages ?? 1;
  const objs: string[] = []; // index = object number - 1
  const pageNums = Array.from({ length: n }, (_, i) => 4 + 2 * i);
  objs[0] = '<< /Type /Catalog /Pages 2 0 R >>';
  objs[1] = `<< /Type /Pages /Kids [${pageNums.map((p) => `${p} 0 R`).join(' ')}] /Count ${n} >>`;
  objs[2] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  for (let i = 0; i < n; i++) {
    const content = `BT /F1 24 Tf 72 720 Td (BidSeal test page ${i + 1}) Tj ET`;
    const annots = o.indirectAnnots && i === 0 ? ` /Annots ${4 + 2 * n} 0 R` : '';
    objs[3 + 2 * i] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + 2 * i} 0 R${annots} >>`;
    objs[4 + 2 * i] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
  }
  if (o.indirectAnnots) objs.push('[]');
  if (o.bulk) objs.push(`<< /Length ${o.bulk} >>\nstream\n${' '.repeat(o.bulk)}\nendstream`);
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  if (!o.xrefStream) {
    objs.forEach((s, i) => {
      offsets[i + 1] = out.length;
      out += `${i + 1} 0 obj\n${s}\nendobj\n`;
    });
    const size = objs.length + 1;
    const xref = out.length;
    out += `xref\n0 ${size}\n0000000000 65535 f\r\n`;
    for (let i = 1; i < size; i++) out += `${String(offsets[i]).padStart(10, '0')} 00000 n\r\n`;
    out += `trailer\n<< /Size ${size} /Root 1 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\nstartxref\n${xref}\n%%EOF${o.noFinalNewline ? '' : '\n'}`;
    return enc(out);
  }
  // object stream holding the non-stream objects (catalog, pages, font, page dicts)
  const inStm = objs.map((s, i) => i + 1).filter((num) => !objs[num - 1].includes('stream'));
  let header = '';
  let body = '';
  for (const num of inStm) {
    header += `${num} ${body.length} `;
    body += objs[num - 1] + '\n';
  }
  const stmNum = objs.length + 1;
  const xrefNum = stmNum + 1;
  const types: [number, number, number][] = [[0, 0, 65535]];
  for (let num = 1; num <= objs.length; num++) {
    if (inStm.includes(num)) types[num] = [2, stmNum, inStm.indexOf(num)];
    else {
      types[num] = [1, out.length, 0];
      out += `${num} 0 obj\n${objs[num - 1]}\nendobj\n`;
    }
  }
  types[stmNum] = [1, out.length, 0];
  const data = header + body;
  out += `${stmNum} 0 obj\n<< /Type /ObjStm /N ${inStm.length} /First ${header.length} /Length ${data.length} >>\nstream\n${data}\nendstream\nendobj\n`;
  types[xrefNum] = [1, out.length, 0];
  const rows = Buffer.alloc(types.length * 7);
  types.forEach(([t, f1, f2], i) => {
    rows[i * 7] = t;
    rows.writeUInt32BE(f1, i * 7 + 1);
    rows.writeUInt16BE(f2, i * 7 + 5);
  });
  const xrefAt = out.length;
  out += `${xrefNum} 0 obj\n<< /Type /XRef /Size ${types.length} /W [1 4 2] /Root 1 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] /Length ${rows.length} >>\nstream\n`;
  return Buffer.concat([enc(out), rows, enc(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`)]);
}

export async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

export const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'bidseal-pdf-'));

export type KeyKind = 'rsa' | 'ec-p256' | 'ec-p384' | 'sm2';

export interface TestKey {
  kind: KeyKind;
  keyPath: string;
  certPath: string;
  certDer: Uint8Array;
  keyPem: string;
}

/** A fresh key and self-signed certificate made by openssl in `dir`. */
export function makeKey(dir: string, kind: KeyKind, cn = `BidSeal test ${kind}`): TestKey {
  const keyPath = path.join(dir, `${kind}.key`);
  const certPath = path.join(dir, `${kind}.crt`);
  const gen: Record<KeyKind, string[]> = {
    rsa: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    'ec-p256': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    'ec-p384': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
    sm2: ['-algorithm', 'SM2'],
  };
  execFileSync('openssl', ['genpkey', ...gen[kind], '-out', keyPath], { stdio: 'pipe' });
  const extra = kind === 'sm2' ? ['-sm3', '-sigopt', 'distid:1234567812345678'] : ['-sha256'];
  execFileSync('openssl', ['req', '-new', '-x509', '-key', keyPath, '-out', certPath, '-days', '30', '-subj', `/CN=${cn}/O=BidSeal Test`, ...extra, '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation'], { stdio: 'pipe' });
  const certDer = execFileSync('openssl', ['x509', '-in', certPath, '-outform', 'DER'], { stdio: 'pipe' });
  return { kind, keyPath, certPath, certDer: new Uint8Array(certDer), keyPem: readFileSync(keyPath, 'utf8') };
}

const DIGEST_INFO: Record<string, string> = { sha256: '3031300d060960864801650304020105000420', sha384: '3041300d060960864801650304020205000430' };

function emsaPss(mHash: Buffer, modBits: number, hash: 'sha256' | 'sha384'): Buffer {
  const hLen = mHash.length;
  const emLen = Math.ceil((modBits - 1) / 8);
  const salt = randomBytes(hLen);
  const H = createHash(hash).update(Buffer.concat([Buffer.alloc(8), mHash, salt])).digest();
  const db = Buffer.concat([Buffer.alloc(emLen - 2 * hLen - 2), Buffer.from([1]), salt]);
  const mask = Buffer.alloc(db.length);
  for (let c = 0, o = 0; o < mask.length; c++) {
    const ctr = Buffer.alloc(4);
    ctr.writeUInt32BE(c);
    const blk = createHash(hash).update(Buffer.concat([H, ctr])).digest();
    blk.copy(mask, o);
    o += blk.length;
  }
  for (let i = 0; i < db.length; i++) db[i] ^= mask[i];
  db[0] &= 0xff >> (8 * emLen - (modBits - 1));
  const em = Buffer.concat([db, H, Buffer.from([0xbc])]);
  const k = Math.ceil(modBits / 8);
  return k > emLen ? Buffer.concat([Buffer.alloc(k - emLen), em]) : em;
}

/** A Signer over a PEM private key (tests only). */
export function softwareSigner(key: TestKey): Signer {
  const pk = key.kind === 'sm2' ? undefined! : createPrivateKey(key.keyPem);
  const algorithms: SignatureAlgorithm[] =
    key.kind === 'rsa' ? ['rsa-pkcs1-sha256', 'rsa-pkcs1-sha384', 'rsa-pss-sha256', 'rsa-pss-sha384'] : key.kind === 'sm2' ? ['sm2-sm3'] : key.kind === 'ec-p384' ? ['ecdsa-sha384', 'ecdsa-sha256'] : ['ecdsa-sha256', 'ecdsa-sha384'];
  return {
    certificateDer: key.certDer,
    algorithms,
    async signDigest(digest, alg) {
      if (!algorithms.includes(alg)) throw new Error(`unsupported ${alg}`);
      if (alg.startsWith('rsa-pkcs1')) {
        const h = alg.endsWith('384') ? 'sha384' : 'sha256';
        return new Uint8Array(privateEncrypt({ key: pk, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([Buffer.from(DIGEST_INFO[h], 'hex'), digest])));
      }
      if (alg.startsWith('rsa-pss')) {
        const modBits = (pk.asymmetricKeyDetails?.modulusLength as number) ?? 2048;
        return new Uint8Array(privateEncrypt({ key: pk, padding: constants.RSA_NO_PADDING }, emsaPss(Buffer.from(digest), modBits, alg.endsWith('384') ? 'sha384' : 'sha256')));
      }
      if (alg === 'sm2-sm3') {
        const k = parsePrivateKey(key.keyPem);
        if (k.kind !== 'sm2') throw new Error('not an SM2 key');
        return sm2.signDigest(digest, k.privateKey, { format: 'der' });
      }
      const jwk = pk.export({ format: 'jwk' }) as { d: string };
      const d = new Uint8Array(Buffer.from(jwk.d, 'base64url'));
      const curve = key.kind === 'ec-p384' ? p384 : p256;
      return curve.sign(digest, d, { prehash: false, format: 'der' });
    },
  };
}

function has(tool: string, args: string[]): boolean {
  try {
    execFileSync(tool, args, { stdio: 'pipe' });
    return true;
  } catch (e) {
    return (e as { status?: number }).status !== undefined && (e as { code?: string }).code !== 'ENOENT';
  }
}
export const hasPdfsig = has('pdfsig', ['-v']);
export const hasQpdf = has('qpdf', ['--version']);
export const hasPdftoppm = has('pdftoppm', ['-v']);
if (!hasPdfsig) console.warn('[skip] pdfsig (poppler-utils) not found: pdfsig cross-checks are skipped');
if (!hasQpdf) console.warn('[skip] qpdf not found: qpdf --check cross-checks are skipped');

export function pdfsig(file: string): string {
  try {
    return execFileSync('pdfsig', [file], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string };
    return `${x.stdout ?? ''}${x.stderr ?? ''}`;
  }
}
export function qpdfCheck(file: string): { ok: boolean; out: string } {
  try {
    const out = execFileSync('qpdf', ['--check', file], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, out };
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${x.stdout ?? ''}${x.stderr ?? ''}` };
  }
}
export function writeTmp(dir: string, name: string, bytes: Uint8Array): string {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

/** An RGBA PNG of a red seal ring with a transparent background (size×size). */
export function sealPng(size = 120): Uint8Array {
  const c = size / 2;
  return rgbaPng(size, size, (x, y) => {
    const d = Math.hypot(x - c + 0.5, y - c + 0.5);
    const ring = d < c - 2 && d > c - 12;
    const star = Math.abs(x - c) + Math.abs(y - c) < size / 6;
    return [220, 20, 20, ring || star ? 255 : 0];
  });
}

/** An 8-bit RGBA PNG (w×h) whose pixels come from `px`. */
export function rgbaPng(w: number, h: number, px: (x: number, y: number) => [number, number, number, number]): Uint8Array {
  const rows: number[] = [];
  for (let y = 0; y < h; y++) {
    rows.push(0);
    for (let x = 0; x < w; x++) rows.push(...px(x, y));
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** A JPEG (rendered by pdftoppm from a small PDF page). */
export function sampleJpeg(dir: string): Uint8Array {
  const src = writeTmp(dir, 'jpeg-src.pdf', minimalPdf());
  execFileSync('pdftoppm', ['-jpeg', '-r', '20', '-singlefile', src, path.join(dir, 'jpeg-src')], { stdio: 'pipe' });
  return new Uint8Array(readFileSync(path.join(dir, 'jpeg-src.jpg')));
}

/** Renders page 1 (1-based `page`) at `dpi` with pdftoppm; returns the PNG path. */
export function renderPage(file: string, dpi = 50, page = 1): string {
  const base = file.replace(/\.pdf$/, `-p${page}`);
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, base], { stdio: 'pipe' });
  return `${base}.png`;
}
