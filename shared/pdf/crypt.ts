// Runs anywhere (pure). The standard security handler (ISO 32000-1 §7.6.3 revisions 2–4: RC4 and AESV2;
// ISO 32000-2 §7.6.4.3 revision 6 and the Adobe extension level 3 revision 5: AESV3) for READING: the file key
// from the user (or owner) password, then per-object decryption of the strings and streams a verifier must read.
// A signature's ByteRange is always hashed as stored; /Contents of a signature dictionary is never encrypted
// (ISO 32000-2 §7.6.2). Hand-written: no maintained pure-TS PDF library exposes decryption per object.
import { md5 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { BidSealError } from '../errors';
import { Aes } from '../crypto/aes';
import { CbcDecrypt, CbcEncrypt } from '../crypto/block-modes';
import { rc4 } from '../keystore/rc2';
import { concat } from '../asn1';
import { PdfDict, PdfName, PdfString, type PdfObject } from './objects';

const PAD = Uint8Array.from([
  0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08, 0x2e, 0x2e, 0x00, 0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
]);

type Method = 'None' | 'V2' | 'AESV2' | 'AESV3';

function aesCbc(key: Uint8Array, iv: Uint8Array, data: Uint8Array, decrypt: boolean, pad: boolean): Uint8Array {
  const c = decrypt ? new CbcDecrypt(new Aes(key), iv, pad) : new CbcEncrypt(new Aes(key), iv, pad);
  return concat([c.update(data), c.final()]);
}

const padPassword = (pw: Uint8Array): Uint8Array => concat([pw.subarray(0, 32), PAD.subarray(0, Math.max(0, 32 - pw.length))]);
const le32 = (n: number): Uint8Array => Uint8Array.of(n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255);
const bytesEq = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

const bad = (msg: string): never => {
  throw new BidSealError('E_PDF_ENCRYPTED', msg);
};

/** Decrypts what a reader needs from an encrypted document (standard security handler). */
export class StandardDecryptor {
  private constructor(
    private readonly key: Uint8Array,
    private readonly rev: number,
    private readonly stmF: Method,
    private readonly strF: Method,
    private readonly encryptMetadata: boolean,
    private readonly filters: Map<string, Method>,
  ) {}

  /**
   * The decryptor for `password` (the user password, else tried as the owner password). Throws E_PDF_ENCRYPTED
   * for an unsupported handler and E_PDF_PASSWORD when the password is wrong.
   */
  static open(encrypt: PdfDict, id0: Uint8Array, password: string): StandardDecryptor {
    if (encrypt.name('Filter') !== 'Standard') bad(`security handler /${encrypt.name('Filter') ?? '?'} (certificate encryption needs the recipient's private key)`);
    const v = num(encrypt.get('V'));
    const r = num(encrypt.get('R'));
    const o = str(encrypt.get('O'));
    const u = str(encrypt.get('U'));
    const p = num(encrypt.get('P')) | 0;
    const encryptMetadata = encrypt.get('EncryptMetadata') !== false;
    const filters = new Map<string, Method>([['Identity', 'None']]);
    let stmF: Method = 'V2';
    let strF: Method = 'V2';
    if (v >= 4) {
      const cf = encrypt.get('CF');
      if (cf instanceof PdfDict)
        for (const [name, d] of cf.map) if (d instanceof PdfDict) filters.set(name, (d.name('CFM') as Method | undefined) ?? 'None');
      stmF = filters.get(encrypt.name('StmF') ?? 'Identity') ?? 'None';
      strF = filters.get(encrypt.name('StrF') ?? 'Identity') ?? 'None';
    }
    if (![1, 2, 4, 5].includes(v) || ![2, 3, 4, 5, 6].includes(r)) bad(`standard security handler V ${v} R ${r}`);
    let key: Uint8Array | undefined;
    if (r >= 5) {
      const pw = new TextEncoder().encode(password.normalize('NFKC')).subarray(0, 127); // SASLprep approximated by NFKC
      const oe = str(encrypt.get('OE'));
      const ue = str(encrypt.get('UE'));
      const h = (salt: Uint8Array, udata: Uint8Array): Uint8Array => (r === 5 ? sha256(concat([pw, salt, udata])) : hash2B(pw, salt, udata));
      const zero = new Uint8Array(16);
      if (bytesEq(h(u.subarray(32, 40), new Uint8Array(0)), u.subarray(0, 32))) key = aesCbc(h(u.subarray(40, 48), new Uint8Array(0)), zero, ue.subarray(0, 32), true, false);
      else if (bytesEq(h(o.subarray(32, 40), u.subarray(0, 48)), o.subarray(0, 32))) key = aesCbc(h(o.subarray(40, 48), u.subarray(0, 48)), zero, oe.subarray(0, 32), true, false);
    } else {
      const n = v === 1 ? 5 : Math.max(5, Math.min(16, (num(encrypt.get('Length') ?? 40) || 40) >> 3));
      const fileKey = (pwBytes: Uint8Array): Uint8Array => {
        let k = md5(concat([padPassword(pwBytes), o.subarray(0, 32), le32(p), id0, r >= 4 && !encryptMetadata ? Uint8Array.of(255, 255, 255, 255) : new Uint8Array(0)]));
        if (r >= 3) for (let i = 0; i < 50; i++) k = md5(k.subarray(0, n));
        return k.subarray(0, n);
      };
      const userOk = (k: Uint8Array): boolean => {
        if (r === 2) return bytesEq(rc4(k, PAD), u.subarray(0, 32));
        let x = rc4(k, md5(concat([PAD, id0])));
        for (let i = 1; i <= 19; i++) x = rc4(k.map((b) => b ^ i), x);
        return bytesEq(x, u.subarray(0, 16));
      };
      const pw = latin1Password(password);
      const k = fileKey(pw);
      if (userOk(k)) key = k;
      else {
        // owner password (Algorithm 7): RC4-decrypt /O with a key from it, giving the user password
        let ok = md5(padPassword(pw));
        if (r >= 3) for (let i = 0; i < 50; i++) ok = md5(ok);
        const okey = ok.subarray(0, n);
        let userPw = o.subarray(0, 32);
        if (r === 2) userPw = rc4(okey, userPw);
        else for (let i = 19; i >= 0; i--) userPw = rc4(okey.map((b) => b ^ i), userPw);
        const k2 = fileKey(userPw);
        if (userOk(k2)) key = k2;
      }
    }
    if (!key) throw new BidSealError('E_PDF_PASSWORD', 'the password does not open this PDF');
    return new StandardDecryptor(key, r, stmF, strF, encryptMetadata, filters);
  }

  private objectKey(num: number, gen: number, aes: boolean): Uint8Array {
    if (this.rev >= 5) return this.key;
    const k = md5(concat([this.key, Uint8Array.of(num & 255, (num >>> 8) & 255, (num >>> 16) & 255, gen & 255, (gen >>> 8) & 255), aes ? Uint8Array.of(0x73, 0x41, 0x6c, 0x54) : new Uint8Array(0)]));
    return k.subarray(0, Math.min(this.key.length + 5, 16));
  }

  private run(method: Method, num: number, gen: number, data: Uint8Array): Uint8Array {
    if (method === 'None') return data;
    if (method === 'V2') return rc4(this.objectKey(num, gen, false), data);
    if (data.length < 16) return new Uint8Array(0);
    try {
      return aesCbc(this.objectKey(num, gen, true), data.subarray(0, 16), data.subarray(16, 16 + ((data.length - 16) & ~15)), true, true);
    } catch {
      // bad padding: readers keep what decrypts
      return aesCbc(this.objectKey(num, gen, true), data.subarray(0, 16), data.subarray(16, 16 + ((data.length - 16) & ~15)), true, false);
    }
  }

  /** The object with its strings decrypted (never a signature's /Contents, ISO 32000-2 §7.6.2). */
  decryptObject(o: PdfObject, num: number, gen: number): PdfObject {
    const walk = (x: PdfObject, sigContents: boolean): PdfObject => {
      if (x instanceof PdfString) return sigContents ? x : new PdfString(this.run(this.strF, num, gen, x.bytes), x.hex);
      if (Array.isArray(x)) return x.map((y) => walk(y, false));
      if (x instanceof PdfDict) {
        const isSig = x.has('ByteRange') || x.name('Type') === 'Sig' || x.name('Type') === 'DocTimeStamp';
        const out = new PdfDict();
        for (const [k, v] of x.map) out.set(k, walk(v, isSig && k === 'Contents'));
        return out;
      }
      return x;
    };
    return walk(o, false);
  }

  /** Stream data as stored → as the filters expect it (xref streams and, when so declared, XMP stay in clear). */
  decryptStream(dict: PdfDict, num: number, gen: number, raw: Uint8Array): Uint8Array {
    const type = dict.name('Type');
    if (type === 'XRef') return raw;
    if (type === 'Metadata' && !this.encryptMetadata) return raw;
    const f = dict.get('Filter');
    const first = Array.isArray(f) ? f[0] : f;
    let method = this.stmF;
    if (first instanceof PdfName && first.name === 'Crypt') {
      const parms = dict.get('DecodeParms');
      const p0 = Array.isArray(parms) ? parms[0] : parms;
      method = this.filters.get((p0 instanceof PdfDict ? p0.name('Name') : undefined) ?? 'Identity') ?? 'None';
    }
    return this.run(method, num, gen, raw);
  }
}

function num(o: PdfObject | undefined): number {
  return typeof o === 'number' ? o : bad('encryption dictionary lacks a number');
}
function str(o: PdfObject | undefined): Uint8Array {
  return o instanceof PdfString ? o.bytes : bad('encryption dictionary lacks a string');
}
/** Revisions 2–4 take the password in PDFDocEncoding: Latin-1 covers what a user types in practice. */
function latin1Password(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 255);
}

/** Algorithm 2.B (ISO 32000-2 §7.6.4.3.4): the revision 6 hash. */
function hash2B(pw: Uint8Array, salt: Uint8Array, udata: Uint8Array): Uint8Array {
  let k = sha256(concat([pw, salt, udata]));
  for (let round = 1; ; round++) {
    const k1 = concat(Array.from({ length: 64 }, () => concat([pw, k, udata])));
    const e = aesCbc(k.subarray(0, 16), k.subarray(16, 32), k1, false, false);
    let sum = 0;
    for (let j = 0; j < 16; j++) sum += e[j];
    const m = sum % 3;
    k = m === 0 ? sha256(e) : m === 1 ? sha384(e) : sha512(e);
    // `round` counts the rounds done, this one included (as qpdf and pdf.js count them)
    if (round >= 64 && e[e.length - 1] <= round - 32) break;
  }
  return k.subarray(0, 32);
}
