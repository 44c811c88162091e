// Runs anywhere (pure). Stream filters we need (ISO 32000-1 §7.4.4 FlateDecode with PNG/TIFF predictors,
// §7.4.2 ASCIIHex): inflate/deflate use the platform's DecompressionStream/CompressionStream ('deflate'
// = zlib, RFC 1950), available in Node ≥ 18 and browsers, so no zlib port is bundled.
import { BidSealError } from '../errors';
import { concat } from '../asn1';
import { PdfDict, PdfName, type PdfObject } from './objects';

async function pipe(data: Uint8Array, t: { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> }, lenient: boolean): Promise<Uint8Array> {
  const writer = t.writable.getWriter();
  const parts: Uint8Array[] = [];
  let total = 0;
  const reading = (async () => {
    const r = t.readable.getReader();
    try {
      for (;;) {
        const { done, value } = await r.read();
        if (done) break;
        parts.push(value);
        total += value.length;
      }
    } catch (e) {
      if (!lenient || total === 0) throw e; // truncated/garbled tail: keep what decoded (as readers do)
    }
  })();
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  await reading;
  return concat(parts);
}

export async function inflate(data: Uint8Array): Promise<Uint8Array> {
  try {
    return await pipe(data, new DecompressionStream('deflate') as unknown as TransformStream<Uint8Array, Uint8Array>, true);
  } catch (e) {
    throw new BidSealError('E_PDF_CORRUPT', 'FlateDecode stream is corrupt', undefined, { cause: e });
  }
}

export async function deflate(data: Uint8Array): Promise<Uint8Array> {
  return pipe(data, new CompressionStream('deflate') as unknown as TransformStream<Uint8Array, Uint8Array>, false);
}

/** Undoes PNG (Predictor ≥ 10) or TIFF (2) prediction (§7.4.4.4). */
export function unpredict(data: Uint8Array, parms: PdfDict | undefined): Uint8Array {
  const num = (k: string, d: number): number => {
    const v = parms?.get(k);
    return typeof v === 'number' ? v : d;
  };
  const predictor = num('Predictor', 1);
  if (predictor <= 1) return data;
  const colors = num('Colors', 1);
  const bpc = num('BitsPerComponent', 8);
  const columns = num('Columns', 1);
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  if (predictor === 2) {
    if (bpc !== 8) throw new BidSealError('E_PDF_UNSUPPORTED', 'TIFF predictor with BitsPerComponent ≠ 8');
    const out = Uint8Array.from(data);
    for (let r = 0; r + rowLen <= out.length; r += rowLen) for (let i = bpp; i < rowLen; i++) out[r + i] = (out[r + i] + out[r + i - bpp]) & 0xff;
    return out;
  }
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = new Uint8Array(rows * rowLen);
  let prev = new Uint8Array(rowLen);
  for (let r = 0; r < rows; r++) {
    const f = data[r * (rowLen + 1)];
    const src = data.subarray(r * (rowLen + 1) + 1, (r + 1) * (rowLen + 1));
    const cur = out.subarray(r * rowLen, (r + 1) * rowLen);
    for (let i = 0; i < rowLen; i++) {
      const a = i >= bpp ? cur[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      let v: number;
      switch (f) {
        case 0: v = src[i]; break;
        case 1: v = src[i] + a; break;
        case 2: v = src[i] + b; break;
        case 3: v = src[i] + ((a + b) >> 1); break;
        case 4: {
          const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          v = src[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default: throw new BidSealError('E_PDF_CORRUPT', `bad PNG predictor filter type ${f}`);
      }
      cur[i] = v & 0xff;
    }
    prev = cur;
  }
  return out;
}

function asHex(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let hi = -1;
  for (const c of data) {
    if (c === 0x3e) break;
    const v = c >= 0x30 && c <= 0x39 ? c - 48 : c >= 0x41 && c <= 0x46 ? c - 55 : c >= 0x61 && c <= 0x66 ? c - 87 : -1;
    if (v < 0) continue;
    if (hi < 0) hi = v;
    else {
      out.push(hi * 16 + v);
      hi = -1;
    }
  }
  if (hi >= 0) out.push(hi * 16);
  return Uint8Array.from(out);
}

/** Decodes stream data per /Filter and /DecodeParms (FlateDecode, ASCIIHexDecode). */
export async function decodeStream(dict: PdfDict, raw: Uint8Array): Promise<Uint8Array> {
  const f = dict.get('Filter');
  const filters: PdfObject[] = f === undefined ? [] : Array.isArray(f) ? f : [f];
  const p = dict.get('DecodeParms');
  const parmsList: PdfObject[] = Array.isArray(p) ? p : [p ?? null];
  let data = raw;
  for (let i = 0; i < filters.length; i++) {
    const fn = filters[i] instanceof PdfName ? (filters[i] as PdfName).name : '';
    const parms = parmsList[i] instanceof PdfDict ? (parmsList[i] as PdfDict) : undefined;
    if (fn === 'FlateDecode' || fn === 'Fl') data = unpredict(await inflate(data), parms);
    else if (fn === 'ASCIIHexDecode' || fn === 'AHx') data = asHex(data);
    else if (fn === 'Crypt') continue; // decrypted before decoding (shared/pdf/crypt.ts)
    else throw new BidSealError('E_PDF_UNSUPPORTED', `stream filter ${fn || '?'} is not supported here`);
  }
  return data;
}
