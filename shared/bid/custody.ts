// Runs anywhere (pure). The BidSeal custody layer 'BIDSEAL-CUSTODY/1' (docs/formats/custody.md): joint (2-of-2,
// XOR) and threshold (k-of-n, Shamir over GF(2^8) byte-wise) key custody for sealed bids. No standard
// defines joint bidder + tenderer custody, so this is our extension: the payload is
// encrypted once with a random content key CK under SM4-GCM or AES-256-GCM (header as AAD); CK is split
// into shares and each share is sealed in its own small CMS EnvelopedData (shared/envelope) to one party.
import { BidSealError, isBidSealError } from '../errors';
import { Aes } from '../crypto/aes';
import { GcmDecrypt, GcmEncrypt } from '../crypto/gcm';
import { Sm4 } from '../crypto/sm4';
import { sm3 } from '../crypto/sm3';
import { parseCertificate } from '../pki/certificate';
import { findRecipient, inspect, openStream, sealStream, type EnvelopeInfo } from '../envelope';
import type { EnvelopeDecrypter, RecipientSpec } from '../envelope/recipients';
import { recipientCertificate } from '../envelope/recipients';
import { ByteReader } from './zip';
import { canonicalJson } from './manifest';
import { concat } from '../asn1';
import { CustodyCipher, type SealCipher } from '../envelope/cipher-names';

export const CUSTODY_MAGIC = 'BIDSEAL-CUSTODY/1\n';
const MAGIC = new TextEncoder().encode(CUSTODY_MAGIC);
const MAX_HEADER = 4 * 1024 * 1024;
const TAG = 16;
const NONCE = 12;

export type CustodyScheme = { kind: 'joint' } | { kind: 'threshold'; k: number };

// ---------------------------------------------------------------------------------------------------
// Secret sharing
// ---------------------------------------------------------------------------------------------------

// GF(2^8) with the AES polynomial x^8+x^4+x^3+x+1 (0x11b), generator 3.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x ^= (x << 1) ^ (x & 0x80 ? 0x11b : 0);
    x &= 0xff;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
}
const gmul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]]);
const gdiv = (a: number, b: number) => (a === 0 ? 0 : EXP[LOG[a] + 255 - LOG[b]]);

export interface Share {
  /** x coordinate, 1..255 */
  x: number;
  y: Uint8Array;
}

/** Shamir k-of-n over GF(2^8), byte-wise: share i is (i, f(i)) with f(0) = secret. */
export function shamirSplit(secret: Uint8Array, k: number, n: number, random: (n: number) => Uint8Array = rnd): Share[] {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 2 || n < k || n > 255) throw new BidSealError('E_INVALID_ARGUMENT', `threshold ${k}-of-${n} (need 2 ≤ k ≤ n ≤ 255)`);
  const coeffs = random(secret.length * (k - 1));
  const shares: Share[] = [];
  for (let x = 1; x <= n; x++) {
    const y = new Uint8Array(secret.length);
    for (let b = 0; b < secret.length; b++) {
      // Horner: f(x) = s + a1 x + … + a_{k-1} x^{k-1}
      let acc = 0;
      for (let j = k - 2; j >= 0; j--) acc = gmul(acc ^ coeffs[b * (k - 1) + j], x);
      y[b] = acc ^ secret[b];
    }
    shares.push({ x, y });
  }
  coeffs.fill(0);
  return shares;
}

/** Lagrange interpolation at 0 over the given shares (distinct x). */
export function shamirCombine(shares: Share[]): Uint8Array {
  if (shares.length < 1) throw new BidSealError('E_INVALID_ARGUMENT', 'no shares');
  const len = shares[0].y.length;
  const xs = shares.map((s) => s.x);
  if (new Set(xs).size !== xs.length || xs.some((x) => x < 1 || x > 255) || shares.some((s) => s.y.length !== len)) throw new BidSealError('E_CUSTODY_SHARE_INVALID', 'shares with repeated or bad x, or different lengths');
  const out = new Uint8Array(len);
  for (let i = 0; i < shares.length; i++) {
    let li = 1; // Π x_j / (x_j ⊕ x_i)
    for (let j = 0; j < shares.length; j++) if (j !== i) li = gmul(li, gdiv(xs[j], xs[j] ^ xs[i]));
    for (let b = 0; b < len; b++) out[b] ^= gmul(shares[i].y[b], li);
  }
  return out;
}

function rnd(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let o = 0; o < n; o += 65536) globalThis.crypto.getRandomValues(out.subarray(o, Math.min(n, o + 65536)));
  return out;
}

/** 16 bytes that let an opener recognise the right CK without decrypting the payload. */
export function keyCheck(ck: Uint8Array): Uint8Array {
  return sm3(concat([new TextEncoder().encode('BIDSEAL-CUSTODY/1 key check'), ck])).subarray(0, 16);
}

// ---------------------------------------------------------------------------------------------------
// Container
// ---------------------------------------------------------------------------------------------------

export interface CustodyParty {
  index: number;
  label?: string;
  /** the recipient certificate's subject, issuer and serial (for "still needed" lists) */
  subject: string;
  issuer: string;
  serialNumber: string;
}

export interface CustodyHeader {
  format: 'bidseal-custody/1';
  scheme: 'joint' | 'threshold';
  k: number;
  n: number;
  cipher: CustodyCipher;
  /** base64 */
  nonce: string;
  /** base64 of keyCheck(CK) */
  keyCheck: string;
  /** what the payload is ('bidseal-bid/1' = a bid package ZIP) */
  content: string;
  shares: Array<CustodyParty & { envelope: string }>;
}

export interface CustodyInfo {
  header: CustodyHeader;
  parties: CustodyParty[];
  /** the share envelopes' algorithms and recipients */
  envelopes: EnvelopeInfo[];
  headerBytes: number;
}

const b64 = (b: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
};
const unb64 = (s: string): Uint8Array => {
  try {
    return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  } catch {
    throw new BidSealError('E_ENVELOPE_CORRUPT', 'custody header: bad base64');
  }
};

async function collect(it: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c.slice());
  return concat(parts);
}

function blockCipher(cipher: CustodyCipher, key: Uint8Array) {
  return cipher === 'sm4-gcm' ? new Sm4(key) : new Aes(key);
}
const keyLength = (c: CustodyCipher) => (c === 'sm4-gcm' ? 16 : 32);

/** Does this byte prefix start a custody container? */
export function isCustodyContainer(prefix: Uint8Array): boolean {
  return prefix.length >= MAGIC.length && MAGIC.every((b, i) => prefix[i] === b);
}

export interface CustodySealOptions {
  /** one party per recipient, in order (share x = index + 1) */
  recipients: RecipientSpec[];
  scheme: CustodyScheme;
  cipher: CustodyCipher;
  /** cipher for the share envelopes (default: sm4-cbc for SM2 parties, else aes-256-cbc) */
  shareCipher?: SealCipher;
  content?: string;
  signal?: AbortSignal;
}

function partyOf(spec: RecipientSpec, index: number): CustodyParty {
  const c = recipientCertificate(spec);
  return { index, ...(spec.label ? { label: spec.label } : {}), subject: c.subject.text, issuer: c.issuer.text, serialNumber: c.serialNumber };
}

/** Seals `content` into a custody container; yields its bytes. */
export async function* sealCustody(content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, o: CustodySealOptions): AsyncGenerator<Uint8Array> {
  const n = o.recipients?.length ?? 0;
  const k = o.scheme.kind === 'joint' ? 2 : o.scheme.k;
  if (o.scheme.kind === 'joint' && n !== 2) throw new BidSealError('E_INVALID_ARGUMENT', `joint custody needs exactly 2 parties, got ${n}`);
  if (o.scheme.kind === 'threshold' && (!Number.isInteger(k) || k < 1 || k > n || n > 255)) throw new BidSealError('E_INVALID_ARGUMENT', `threshold ${k}-of-${n}`);
  if (!CustodyCipher.safeParse(o.cipher).success) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `custody cipher ${String(o.cipher)} (sm4-gcm or aes-256-gcm)`);
  const ck = rnd(keyLength(o.cipher));
  let shares: Share[] = [];
  try {
    if (o.scheme.kind === 'joint') {
      const r = rnd(ck.length);
      shares = [{ x: 1, y: r }, { x: 2, y: ck.map((b, i) => b ^ r[i]) }];
    } else if (k === 1) shares = o.recipients.map((_, i) => ({ x: i + 1, y: ck.slice() }));
    else shares = shamirSplit(ck, k, n);
    const stanzas: CustodyHeader['shares'] = [];
    for (let i = 0; i < n; i++) {
      const spec = o.recipients[i];
      const party = partyOf(spec, i + 1);
      const cert = recipientCertificate(spec);
      const cipher = o.shareCipher ?? (cert.publicKey.kind === 'sm2' ? 'sm4-cbc' : 'aes-256-cbc');
      // share plaintext: x (1 byte) ‖ y
      const env = await collect(sealStream([concat([Uint8Array.of(shares[i].x), shares[i].y])], { recipients: [spec], contentCipher: cipher, signal: o.signal }));
      stanzas.push({ ...party, envelope: b64(env) });
    }
    const nonce = rnd(NONCE);
    const header: CustodyHeader = {
      format: 'bidseal-custody/1',
      scheme: o.scheme.kind,
      k,
      n,
      cipher: o.cipher,
      nonce: b64(nonce),
      keyCheck: b64(keyCheck(ck)),
      content: o.content ?? 'bidseal-bid/1',
      shares: stanzas,
    };
    const json = new TextEncoder().encode(canonicalJson(header));
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, json.length);
    const head = concat([MAGIC, len, json]);
    yield head;
    const enc = new GcmEncrypt(blockCipher(o.cipher, ck), nonce, { aad: head, tagLength: TAG });
    for await (const c of content as AsyncIterable<Uint8Array>) {
      if (o.signal?.aborted) throw new BidSealError('E_CANCELLED', 'operation cancelled');
      const out = enc.update(c);
      if (out.length) yield out;
    }
    const last = enc.final();
    yield concat([last, enc.getAuthTag()]);
  } finally {
    ck.fill(0);
    for (const s of shares) s.y.fill(0);
  }
}

async function readHeader(r: ByteReader): Promise<{ header: CustodyHeader; head: Uint8Array }> {
  const magic = await r.read(MAGIC.length).catch(() => new Uint8Array(0));
  if (!isCustodyContainer(magic)) throw new BidSealError('E_ENVELOPE_CORRUPT', 'not a BIDSEAL-CUSTODY/1 container');
  const lenB = await r.read(4);
  const len = new DataView(lenB.buffer).getUint32(0);
  if (len > MAX_HEADER) throw new BidSealError('E_ENVELOPE_CORRUPT', `custody header of ${len} bytes`);
  const json = await r.read(len);
  let h: CustodyHeader;
  try {
    h = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)) as CustodyHeader;
  } catch {
    throw new BidSealError('E_ENVELOPE_CORRUPT', 'custody header is not UTF-8 JSON');
  }
  const ok =
    h &&
    h.format === 'bidseal-custody/1' &&
    (h.scheme === 'joint' || h.scheme === 'threshold') &&
    CustodyCipher.safeParse(h.cipher).success &&
    Number.isInteger(h.k) &&
    Number.isInteger(h.n) &&
    h.k >= 1 &&
    h.k <= h.n &&
    Array.isArray(h.shares) &&
    h.shares.length === h.n &&
    typeof h.nonce === 'string' &&
    typeof h.keyCheck === 'string' &&
    h.shares.every((s) => s && Number.isInteger(s.index) && typeof s.envelope === 'string');
  if (!ok) throw new BidSealError('E_ENVELOPE_CORRUPT', 'custody header does not follow bidseal-custody/1');
  return { header: h, head: concat([magic, lenB, json]) };
}

const partyView = (s: CustodyHeader['shares'][number]): CustodyParty => ({ index: s.index, ...(s.label ? { label: s.label } : {}), subject: s.subject, issuer: s.issuer, serialNumber: s.serialNumber });

/** Parties, k-of-n and algorithms, without decrypting anything (reads the header only). */
export async function inspectCustody(input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<CustodyInfo> {
  const r = new ByteReader(input);
  try {
    const { header, head } = await readHeader(r);
    const envelopes: EnvelopeInfo[] = [];
    for (const s of header.shares) envelopes.push(await inspect([unb64(s.envelope)]));
    return { header, parties: header.shares.map(partyView), envelopes, headerBytes: head.length };
  } finally {
    await r.close().catch(() => {});
  }
}

export interface OpenedCustody {
  info: CustodyInfo;
  /** parties whose shares were used */
  openedBy: CustodyParty[];
  /** plaintext; throws E_AUTH_TAG_MISMATCH / E_TRUNCATED before its end when anything is wrong */
  content: AsyncIterable<Uint8Array>;
}

function* subsets<T>(xs: T[], k: number, start = 0, acc: T[] = []): Generator<T[]> {
  if (acc.length === k) {
    yield acc.slice();
    return;
  }
  for (let i = start; i < xs.length; i++) {
    acc.push(xs[i]);
    yield* subsets(xs, k, i + 1, acc);
    acc.pop();
  }
}

/**
 * Opens a custody container with the given carriers: each share a carrier is a recipient of is unwrapped;
 * fewer than k → E_CUSTODY_INSUFFICIENT (details.stillNeeded, details.missing: the parties not present);
 * shares that do not rebuild the key (wrong or tampered) → E_CUSTODY_SHARE_INVALID.
 */
export async function openCustody(input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, decrypters: EnvelopeDecrypter[], signal?: AbortSignal): Promise<OpenedCustody> {
  const r = new ByteReader(input);
  let ck: Uint8Array | undefined;
  let info: CustodyInfo;
  const opened: Array<{ party: CustodyParty; share: Share }> = [];
  try {
    const { header, head } = await readHeader(r);
    const envelopes: EnvelopeInfo[] = [];
    for (const s of header.shares) envelopes.push(await inspect([unb64(s.envelope)]));
    info = { header, parties: header.shares.map(partyView), envelopes, headerBytes: head.length };
    const bad: Array<{ party: CustodyParty; error: string }> = [];
    for (const s of header.shares) {
      const party = partyView(s);
      const envInfo = envelopes[header.shares.indexOf(s)];
      const mine = decrypters.filter((d) => findRecipient(envInfo, parseCertificate(d.certificateDer)) !== undefined);
      if (mine.length === 0) continue;
      try {
        const env = await openStream([unb64(s.envelope)], { decrypters: mine, signal });
        const plain = await collect(env.content);
        if (plain.length < 2 || plain[0] !== s.index) throw new BidSealError('E_CUSTODY_SHARE_INVALID', `share ${s.index}: malformed`);
        opened.push({ party, share: { x: plain[0], y: plain.subarray(1) } });
      } catch (e) {
        if (isBidSealError(e) && (e.code === 'E_NOT_A_RECIPIENT')) continue;
        if (isBidSealError(e) && /^E_(CANCELLED|PIN_|TOKEN_|MODULE_)/.test(e.code)) throw e;
        bad.push({ party, error: isBidSealError(e) ? e.code : String(e) });
      }
    }
    const describe = (p: CustodyParty) => `#${p.index}${p.label ? ` ${p.label}` : ''}: ${p.subject} (issuer ${p.issuer}, serial ${p.serialNumber})`;
    if (opened.length < header.k) {
      const have = new Set(opened.map((o) => o.party.index));
      const missing = info.parties.filter((p) => !have.has(p.index));
      if (bad.length && opened.length + bad.length >= header.k) {
        throw new BidSealError('E_CUSTODY_SHARE_INVALID', `share(s) ${bad.map((b) => `#${b.party.index} (${b.error})`).join(', ')} could not be opened`, { invalid: bad.map((b) => describe(b.party)) });
      }
      throw new BidSealError('E_CUSTODY_INSUFFICIENT', `${opened.length} of ${header.k} required shares (${header.k}-of-${header.n}); still needed: ${header.k - opened.length} of ${missing.map(describe).join('; ')}`, {
        k: header.k,
        n: header.n,
        opened: opened.map((o) => describe(o.party)),
        stillNeeded: header.k - opened.length,
        missing: missing.map(describe),
      });
    }
    const want = unb64(header.keyCheck);
    const len = keyLength(header.cipher);
    const eq = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
    let used: typeof opened = [];
    for (const subset of subsets(opened, header.k)) {
      if (subset.some((s) => s.share.y.length !== len)) continue;
      let cand: Uint8Array;
      if (header.scheme === 'joint') cand = subset[0].share.y.map((b, i) => b ^ subset[1].share.y[i]);
      else if (header.k === 1) cand = subset[0].share.y.slice();
      else {
        try {
          cand = shamirCombine(subset.map((s) => s.share));
        } catch {
          continue;
        }
      }
      if (eq(keyCheck(cand), want)) {
        ck = cand;
        used = subset;
        break;
      }
      cand.fill(0);
    }
    for (const o of opened) o.share.y.fill(0);
    if (!ck) {
      throw new BidSealError('E_CUSTODY_SHARE_INVALID', `the ${opened.length} opened share(s) do not rebuild the content key (a wrong or tampered share)`, { opened: opened.map((o) => describe(o.party)), invalid: bad.map((b) => describe(b.party)) });
    }
    return { info, openedBy: used.map((u) => u.party), content: decryptPayload(r, header, head, ck, signal) };
  } catch (e) {
    await r.close().catch(() => {});
    throw e;
  }
}

async function* decryptPayload(r: ByteReader, h: CustodyHeader, head: Uint8Array, ck: Uint8Array, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  let dec: GcmDecrypt;
  try {
    const nonce = unb64(h.nonce);
    dec = new GcmDecrypt(blockCipher(h.cipher, ck), nonce, { aad: head });
  } finally {
    ck.fill(0);
  }
  // hold back the last TAG bytes: they are the tag, not ciphertext
  let tail = new Uint8Array(0);
  let ok = false;
  try {
    for (;;) {
      if (signal?.aborted) throw new BidSealError('E_CANCELLED', 'operation cancelled');
      const chunk = await nextChunk(r);
      if (!chunk) break;
      const all = tail.length ? concat([tail, chunk]) : chunk;
      if (all.length <= TAG) {
        tail = all.slice();
        continue;
      }
      const body = all.subarray(0, all.length - TAG);
      tail = all.slice(all.length - TAG);
      const out = dec.update(body);
      if (out.length) yield out;
    }
    if (tail.length < TAG) throw new BidSealError('E_TRUNCATED', 'custody container ends before its tag');
    dec.setAuthTag(tail);
    const last = dec.final(); // E_AUTH_TAG_MISMATCH
    ok = true;
    if (last.length) yield last;
  } finally {
    if (!ok) {
      try {
        dec.final();
      } catch {
        /* wipes state; already failing */
      }
    }
    await r.close().catch(() => {});
  }
}

/** The next available chunk of the reader (any size, copied), or undefined at the end. */
async function nextChunk(r: ByteReader): Promise<Uint8Array | undefined> {
  const c = await r.next();
  return c?.slice();
}
