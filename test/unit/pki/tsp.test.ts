// RFC 3161 client (shared/pki/tsp.ts + electron/services/pki/tsa-client.ts) against an in-process TSA: tokens
// made by `openssl ts -reply` (third-party) and by our own CMS code, both checked by `openssl ts -verify`;
// every hostile answer ends in a typed error, never in an accepted token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildTimeStampReq, parseTstInfo, verifyTimeStampToken } from '../../../shared/pki/tsp';
import { parseSignedData } from '../../../shared/cms/signed-data';
import { getDigest } from '../../../shared/crypto/algorithms';
import { createTsaClient, tsaTransport } from '../../../electron/services/pki/tsa-client';
import { startTestTsa, type TestTsa } from '../../helpers/tsa-server';
import { tmp } from '../../helpers/pdf';
import { hasOpenssl, openssl } from '../../helpers/vectors';

const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());
const hashOf = (data: Uint8Array) => async (oid: string) => getDigest(oid).digest(data);
const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code);

describe.skipIf(!hasOpenssl)('RFC 3161 timestamps', () => {
  const work = hasOpenssl ? tmp() : '';
  const f = (n: string) => path.join(work, n);
  let tsa: TestTsa;
  beforeAll(async () => {
    tsa = await startTestTsa(work);
  });
  afterAll(async () => {
    await tsa?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('builds a request openssl ts -query reads back: SHA-256 imprint, our nonce, certReq yes', () => {
    const imprint = sha256(new TextEncoder().encode('bid'));
    const req = buildTimeStampReq({ imprint, nonce: Uint8Array.of(0x80, 1, 2, 3) });
    writeFileSync(f('q.tsq'), req.der);
    const text = openssl(['ts', '-query', '-in', f('q.tsq'), '-text']).toString();
    expect(text).toMatch(/Hash Algorithm: sha256/);
    expect(text.replace(/\s+/g, '')).toContain(Buffer.from(imprint).toString('hex').slice(0, 14)); // first dump row
    expect(text).toMatch(/Nonce: 0x80010203/i);
    expect(text).toMatch(/Certificate required: yes/);
    expect(req.nonce).toEqual(Uint8Array.of(0, 0x80, 1, 2, 3)); // positive INTEGER
  });

  for (const mode of ['openssl', 'ok'] as const) {
    it(`accepts a ${mode === 'openssl' ? 'token made by openssl ts -reply' : 'token from our test TSA'} and openssl ts -verify agrees`, async () => {
      tsa.mode = mode;
      const data = new TextEncoder().encode(`signature value ${mode}`);
      const token = await createTsaClient(tsa.url).timestamp(data);
      expect(tsa.requests.at(-1)).toMatchObject({ digestOid: '2.16.840.1.101.3.4.2.1', certReq: true });
      writeFileSync(f('data.bin'), data);
      writeFileSync(f('token.der'), token);
      expect(openssl(['ts', '-verify', '-data', f('data.bin'), '-in', f('token.der'), '-token_in', '-CAfile', tsa.caPath]).toString()).toMatch(/Verification: OK/);

      const v = await verifyTimeStampToken(token, hashOf(data), { trusted: [tsa.caDer] });
      expect(v).toMatchObject({ imprintValid: true, signatureValid: true, intact: true, trusted: true, policy: '1.3.6.1.4.1.99999.1.1' });
      expect(v.tsa).toContain('BidSeal Test TSA');
      expect(Math.abs(v.genTime!.getTime() - Date.now())).toBeLessThan(60_000);
      expect(v.info?.tsaName).toContain('BidSeal Test TSA');
      expect((await verifyTimeStampToken(token, hashOf(data))).trusted).toBe(false); // no anchors
      expect((await verifyTimeStampToken(token, hashOf(new Uint8Array(1)))).imprintValid).toBe(false);
    });
  }

  it('asks for an SM3 imprint when configured (a GM TSA), and openssl makes and verifies it', async () => {
    tsa.mode = 'openssl';
    const data = new TextEncoder().encode('sm2 signature value');
    const token = await createTsaClient(tsa.url, { digest: 'SM3' }).timestamp(data);
    expect(tsa.requests.at(-1)!.digestOid).toBe('1.2.156.10197.1.401');
    const info = parseTstInfo(parseSignedData(token).eContent!);
    expect(info.digestOid).toBe('1.2.156.10197.1.401');
    expect((await verifyTimeStampToken(token, hashOf(data), { trusted: [tsa.caDer] })).trusted).toBe(true);
  });

  it('sizes a token with one dry run and caches it', async () => {
    tsa.mode = 'ok';
    const c = createTsaClient(tsa.url);
    const before = tsa.requests.length;
    const n = await c.tokenSize();
    expect(await c.tokenSize()).toBe(n);
    expect(tsa.requests.length).toBe(before + 1);
    expect(n).toBeGreaterThan(500);
  });

  const hostile: [string, string][] = [
    ['reject', 'E_TSA_REJECTED'],
    ['wrong-nonce', 'E_TSA_BAD_RESPONSE'],
    ['wrong-imprint', 'E_TSA_BAD_RESPONSE'],
    ['bad-signature', 'E_TSA_BAD_RESPONSE'],
    ['garbage', 'E_TSA_BAD_RESPONSE'],
    ['wrong-type', 'E_TSA_BAD_RESPONSE'],
    ['http-500', 'E_TSA_REJECTED'],
    ['flood', 'E_TSA_BAD_RESPONSE'],
  ];
  for (const [mode, err] of hostile) {
    it(`refuses a TSA answering '${mode}' with ${err}`, async () => {
      tsa.mode = mode as TestTsa['mode'];
      expect(await code(createTsaClient(tsa.url).timestamp(Uint8Array.of(1, 2, 3)))).toBe(err);
    });
  }

  it('says why a TSA rejected the request (status, failInfo, text)', async () => {
    tsa.mode = 'reject';
    const e = await createTsaClient(tsa.url).timestamp(Uint8Array.of(1)).catch((x: Error) => x);
    expect((e as Error).message).toMatch(/rejection: badAlg: unsupported algorithm/);
  });

  it('gives up on a silent TSA at the deadline, a closed port at once, and honours cancel', async () => {
    tsa.mode = 'silent';
    const t0 = Date.now();
    expect(await code(createTsaClient(tsa.url, { timeoutMs: 300 }).timestamp(Uint8Array.of(1)))).toBe('E_TSA_UNREACHABLE');
    expect(Date.now() - t0).toBeLessThan(3000);
    const ac = new AbortController();
    const p = code(tsaTransport(tsa.url)(buildTimeStampReq({ imprint: sha256(Uint8Array.of(1)) }).der, ac.signal));
    setTimeout(() => ac.abort(), 50);
    expect(await p).toBe('E_CANCELLED');
    const closed = http.createServer();
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((ok) => closed.close(ok));
    expect(await code(createTsaClient(`http://127.0.0.1:${port}/`).timestamp(Uint8Array.of(1)))).toBe('E_TSA_UNREACHABLE');
    expect(() => createTsaClient('ftp://example.org/tsa')).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
  });
});
