// Runs in Node. Online revocation evidence, only when the user allows the network: OCSP requests POSTed to the
// certificate's AIA OCSP URL (RFC 6960 appendix A, with a nonce) and CRLs fetched by GET from its CRL
// distribution points (http: only, RFC 5280 §4.2.1.13). Everything fetched is kept in an offline cache in the
// data folder (content-addressed files plus index.json with URL, time and nonce), so a validation can be
// repeated later, offline, on exactly the same evidence. All protocol checks are shared/pki's.
import { mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { BidSealError } from '../../../shared/errors';
import { buildOcspRequest } from '../../../shared/pki/ocsp';
import { parseCrlDer, type CrlSummary } from '../../../shared/pki/crl';
import type { CertificateSummary } from '../../../shared/pki/certificate';
import type { OcspInput } from '../../../shared/pki/path-validation';
import { writeFileAtomic } from '../fs/atomic-write';
import { toHex as hex } from '../../../shared/asn1';

export interface FetchOptions {
  /** ask OCSP responders (AIA) */
  ocsp: boolean;
  /** download CRLs (CDP) */
  crl: boolean;
  /** the cache folder (…/revocation-cache in the data folder); nothing is kept when absent */
  cacheDir?: string;
  /** per exchange; default 10 000 ms */
  timeoutMs?: number;
  /** largest accepted body; default 32 MiB (national CAs' CRLs are large) */
  maxBytes?: number;
}

interface CacheEntry {
  file: string;
  kind: 'crl' | 'ocsp';
  url: string;
  fetchedAt: string;
  /** hex of the nonce the OCSP request carried */
  nonce?: string;
  /** SHA-256 of the certificate the OCSP request was about */
  certSha256?: string;
}

export interface RevocationMaterial {
  crls: CrlSummary[];
  ocsp: OcspInput[];
  /** where each CRL came from (URL and cache file), for the evidence */
  crlSource: (crl: CrlSummary) => string | undefined;
  /** what could not be fetched (URL: reason) */
  failures: string[];
}

export const revocationCacheDir = (dataDir: string): string => path.join(dataDir, 'revocation-cache');

/** One HTTP exchange with a deadline and a size cap: POST `body` when given, else GET. */
export async function httpExchange(url: string, body?: Uint8Array, contentType?: string, o: { timeoutMs?: number; maxBytes?: number } = {}): Promise<Uint8Array> {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new BidSealError('E_INVALID_ARGUMENT', `only http(s) URLs are fetched, got ${u.protocol}`);
  const maxBytes = o.maxBytes ?? 32 << 20;
  let res: Response;
  try {
    res = await fetch(u, {
      method: body ? 'POST' : 'GET',
      ...(body ? { body: Buffer.from(body), headers: { 'Content-Type': contentType ?? 'application/octet-stream' } } : {}),
      signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      redirect: 'follow',
    });
  } catch (e) {
    throw new BidSealError('E_REVOCATION_UNREACHABLE', `${u.host}: ${(e as Error)?.message ?? String(e)}`, undefined, { cause: e });
  }
  if (res.status !== 200) throw new BidSealError('E_REVOCATION_UNREACHABLE', `${u.host} answered HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new BidSealError('E_REVOCATION_BAD_RESPONSE', `${u.host} sent ${declared} bytes, more than ${maxBytes}`);
  const buf = new Uint8Array(await res.arrayBuffer());
  if (buf.length > maxBytes) throw new BidSealError('E_REVOCATION_BAD_RESPONSE', `${u.host} sent more than ${maxBytes} bytes`);
  return buf;
}

const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function readIndex(dir: string): Promise<CacheEntry[]> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as CacheEntry[];
  } catch {
    return [];
  }
}

async function remember(dir: string | undefined, kind: 'crl' | 'ocsp', url: string, der: Uint8Array, extra: Partial<CacheEntry> = {}): Promise<string | undefined> {
  if (!dir) return undefined;
  await mkdir(dir, { recursive: true });
  const file = `${kind}-${sha256Hex(der)}.der`;
  await writeFileAtomic(path.join(dir, file), der);
  const index = await readIndex(dir);
  index.push({ file, kind, url, fetchedAt: new Date().toISOString(), ...extra });
  await writeFileAtomic(path.join(dir, 'index.json'), new TextEncoder().encode(JSON.stringify(index, null, 1)));
  return file;
}

/**
 * Fetches OCSP responses and CRLs for every certificate of `chain` (leaf first, anchor last; the anchor is
 * not checked). Failures are collected, not thrown: the validator then reports revocation-unknown.
 */
export async function fetchRevocation(chain: readonly CertificateSummary[], o: FetchOptions): Promise<RevocationMaterial> {
  const out: RevocationMaterial = { crls: [], ocsp: [], crlSource: () => undefined, failures: [] };
  const sources = new Map<CrlSummary, string>();
  const seenCrlUrls = new Set<string>();
  for (let k = 0; k + 1 < chain.length; k++) {
    const cert = chain[k];
    if (o.ocsp) {
      for (const a of cert.authorityInfoAccess.filter((x) => x.method === 'ocsp' && /^https?:/i.test(x.uri))) {
        try {
          const req = buildOcspRequest(cert, chain[k + 1]);
          const der = await httpExchange(a.uri, req.der, 'application/ocsp-request', o);
          const file = await remember(o.cacheDir, 'ocsp', a.uri, der, { nonce: req.nonce ? hex(req.nonce) : undefined, certSha256: cert.fingerprints.sha256 });
          out.ocsp.push({ response: der, nonce: req.nonce, source: file ? `${a.uri} (cache ${file})` : a.uri });
          break;
        } catch (e) {
          out.failures.push(`${a.uri}: ${(e as Error).message}`);
        }
      }
    }
    if (o.crl) {
      for (const url of cert.crlDistributionPoints.filter((u) => /^https?:/i.test(u))) {
        if (seenCrlUrls.has(url)) continue;
        seenCrlUrls.add(url);
        try {
          const der = await httpExchange(url, undefined, undefined, o);
          const crl = parseCrlDer(der);
          const file = await remember(o.cacheDir, 'crl', url, der);
          out.crls.push(crl);
          sources.set(crl, file ? `${url} (cache ${file})` : url);
        } catch (e) {
          out.failures.push(`${url}: ${(e as Error).message}`);
        }
      }
    }
  }
  out.crlSource = (c) => sources.get(c);
  return out;
}

/** Everything in the offline cache, for validating again without the network. */
export async function loadRevocationCache(cacheDir: string): Promise<RevocationMaterial> {
  const out: RevocationMaterial = { crls: [], ocsp: [], crlSource: () => undefined, failures: [] };
  const sources = new Map<CrlSummary, string>();
  let files: string[];
  try {
    files = await readdir(cacheDir);
  } catch {
    return out;
  }
  const index = await readIndex(cacheDir);
  for (const e of index) {
    if (!files.includes(e.file)) continue;
    try {
      const der = new Uint8Array(await readFile(path.join(cacheDir, e.file)));
      if (e.kind === 'crl') {
        const crl = parseCrlDer(der);
        out.crls.push(crl);
        sources.set(crl, `${e.url} (cache ${e.file}, fetched ${e.fetchedAt})`);
      } else out.ocsp.push({ response: der, ...(e.nonce ? { nonce: Uint8Array.from(Buffer.from(e.nonce, 'hex')) } : {}), source: `${e.url} (cache ${e.file}, fetched ${e.fetchedAt})` });
    } catch (err) {
      out.failures.push(`${e.file}: ${(err as Error).message}`);
    }
  }
  out.crlSource = (c) => sources.get(c);
  return out;
}
