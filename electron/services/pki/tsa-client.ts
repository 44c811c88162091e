// Runs in Node. The RFC 3161 §3.4 HTTP transport for a timestamp authority: POST application/timestamp-query,
// read application/timestamp-reply with a deadline and a size cap, map network failures to typed errors.
// All protocol checks (status, imprint, nonce, token signature) are shared/pki/tsp.ts's; this only moves bytes.
import http from 'node:http';
import https from 'node:https';
import { BidSealError } from '../../../shared/errors';
import { createTimestamper, type ImprintDigest, type Timestamper, type TsaTransport } from '../../../shared/pki/tsp';

export interface TsaClientOptions {
  /** whole-exchange deadline in ms (connect, send, receive); default 15 000 */
  timeoutMs?: number;
  /** largest accepted response; default 256 KiB (a token with a full chain is a few KiB) */
  maxBytes?: number;
  /** imprint digest the TSA is asked for; default SHA-256 (SM3 for GM TSAs) */
  digest?: ImprintDigest;
  /** TSA policy OID to request */
  policy?: string;
  /** extra request headers (e.g. Authorization for a commercial TSA) */
  headers?: Record<string, string>;
}

/** A transport POSTing to `url` (http: or https:). */
export function tsaTransport(url: string, o: TsaClientOptions = {}): TsaTransport {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new BidSealError('E_INVALID_ARGUMENT', `not a URL: ${url}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new BidSealError('E_INVALID_ARGUMENT', `TSA URL must be http: or https:, got ${u.protocol}`);
  const timeoutMs = o.timeoutMs ?? 15_000;
  const maxBytes = o.maxBytes ?? 256 << 10;
  const where = u.host;
  return (body, signal) =>
    new Promise<Uint8Array>((resolve, reject) => {
      if (signal?.aborted) return reject(new BidSealError('E_CANCELLED'));
      let settled = false;
      const done = (e: BidSealError | null, v?: Uint8Array): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (e) {
          req.destroy();
          reject(e);
        } else resolve(v!);
      };
      const onAbort = (): void => done(new BidSealError('E_CANCELLED'));
      const timer = setTimeout(() => done(new BidSealError('E_TSA_UNREACHABLE', `${where} did not answer within ${timeoutMs} ms`)), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      const req = (u.protocol === 'https:' ? https : http).request(u, {
        method: 'POST',
        headers: { ...o.headers, 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply', 'Content-Length': body.length },
      });
      req.on('error', (e: NodeJS.ErrnoException) => done(new BidSealError('E_TSA_UNREACHABLE', `${where}: ${e.code ?? e.message}`, undefined, { cause: e })));
      req.on('response', (res) => {
        const type = (res.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (res.statusCode !== 200) return done(new BidSealError('E_TSA_REJECTED', `${where} answered HTTP ${res.statusCode}`));
        // RFC 3161 §3.4 says application/timestamp-reply; a few TSAs send …-response, which is accepted too
        if (type !== 'application/timestamp-reply' && type !== 'application/timestamp-response') return done(new BidSealError('E_TSA_BAD_RESPONSE', `${where} answered with Content-Type ${type || 'none'}`));
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > maxBytes) return done(new BidSealError('E_TSA_BAD_RESPONSE', `${where} sent ${declared} bytes, more than ${maxBytes}`));
        const parts: Buffer[] = [];
        let n = 0;
        res.on('data', (c: Buffer) => {
          n += c.length;
          if (n > maxBytes) done(new BidSealError('E_TSA_BAD_RESPONSE', `${where} sent more than ${maxBytes} bytes`));
          else parts.push(c);
        });
        res.on('error', (e) => done(new BidSealError('E_TSA_UNREACHABLE', `${where}: ${e.message}`, undefined, { cause: e })));
        res.on('end', () => done(null, new Uint8Array(Buffer.concat(parts))));
        res.on('close', () => done(new BidSealError('E_TSA_UNREACHABLE', `${where} closed the connection mid-response`))); // no-op after 'end'
      });
      req.end(body);
    });
}

/** A Timestamper for SignOptions.timestamper over HTTP(S). */
export function createTsaClient(url: string, o: TsaClientOptions = {}): Timestamper {
  return createTimestamper(tsaTransport(url, o), { ...(o.digest ? { digest: o.digest } : {}), ...(o.policy ? { policy: o.policy } : {}) });
}
