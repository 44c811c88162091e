// Tampering and truncation: flipped bits and cut-off envelopes give typed errors, never wrong plaintext from
// an authenticated envelope, and the file wrapper leaves no output (nor a .partial) behind.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBidSealError } from '../../../shared/errors';
import { openStream, sealStream, type EnvelopeDecrypter } from '../../../shared/envelope';
import { octetsOf, parseBer } from '../../../shared/asn1';
import { openFile, sealFile } from '../../../electron/services/bid/envelope-file';
import { hasOpenssl } from '../../helpers/vectors';
import { chunked, codeOfAsync, collect, makeFixtures, once, pseudoRandom, type Fixtures } from './fixtures';

const TYPED = new Set(['E_ENVELOPE_CORRUPT', 'E_TRUNCATED', 'E_DECRYPT_FAILED', 'E_BAD_PADDING', 'E_AUTH_TAG_MISMATCH', 'E_NOT_A_RECIPIENT', 'E_UNSUPPORTED_ALGORITHM']);

/** Opens fully; returns the plaintext or the error code (throws for untyped errors). */
async function attempt(env: Uint8Array, d: EnvelopeDecrypter): Promise<Uint8Array | string> {
  try {
    const o = await openStream(chunked(env, 600), d);
    return await collect(o.content);
  } catch (e) {
    if (!isBidSealError(e)) throw e;
    return e.code;
  }
}

const indexOf = (hay: Uint8Array, needle: Uint8Array) => Buffer.from(hay).indexOf(Buffer.from(needle));

describe.skipIf(!hasOpenssl)('tampering and truncation', () => {
  let f: Fixtures;
  const msg = pseudoRandom(1500, 3);
  let gcm: Uint8Array;
  let cbc: Uint8Array;
  beforeAll(async () => {
    f = makeFixtures(['sm2b', 'ec256']);
    gcm = await collect(sealStream(once(msg), { recipients: [{ certificate: f.cert('sm2b') }], contentCipher: 'sm4-gcm' }));
    cbc = await collect(sealStream(once(msg), { recipients: [{ certificate: f.cert('sm2b') }], contentCipher: 'sm4-cbc' }));
  });
  afterAll(() => f?.cleanup());

  it('property: any flipped bit in an AuthEnvelopedData gives a typed error or the exact original plaintext', async () => {
    const d = f.decrypter('sm2b');
    let errors = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: gcm.length * 8 - 1 }), async (bit) => {
        const t = gcm.slice();
        t[bit >> 3] ^= 1 << (bit & 7);
        const r = await attempt(t, d);
        if (typeof r === 'string') {
          errors++;
          expect(TYPED.has(r), r).toBe(true);
        } else expect(Buffer.compare(Buffer.from(r), Buffer.from(msg))).toBe(0);
      }),
      { numRuns: 300 },
    );
    expect(errors).toBeGreaterThan(250); // only a few header bits (e.g. the version number) are inert
  });

  it('exhaustively: every single-bit flip of a small SM4-GCM envelope is an error or leaves the plaintext exact', async () => {
    const small = pseudoRandom(40, 9);
    const env = await collect(sealStream(once(small), { recipients: [{ certificate: f.cert('sm2b') }], contentCipher: 'sm4-gcm' }));
    const d = f.decrypter('sm2b');
    const inert: number[] = [];
    for (let bit = 0; bit < env.length * 8; bit++) {
      const t = env.slice();
      t[bit >> 3] ^= 1 << (bit & 7);
      const r = await attempt(t, d);
      if (typeof r === 'string') expect(TYPED.has(r), r).toBe(true);
      else {
        expect(Buffer.compare(Buffer.from(r), Buffer.from(small)), `bit ${bit}`).toBe(0);
        inert.push(bit >> 3);
      }
    }
    // inert: the version number and case bits of the issuer name (names compare case-insensitively, RFC 5280 §7.1)
    expect(new Set(inert).size).toBeLessThan(40);
  });

  it('CBC: every bit flip before the encrypted content, except in the IV, is an error or inert', async () => {
    const small = pseudoRandom(40, 10);
    const env = await collect(sealStream(once(small), { recipients: [{ certificate: f.cert('sm2b') }], contentCipher: 'sm4-cbc' }));
    const eci = parseBer(env).children![1].children![0].children![2];
    const iv = eci.children![1].children![1].value!;
    const ivAt = indexOf(env, iv);
    const contentAt = env.length - eci.children![2].raw.length - 8; // the [0] content, then 4 EOCs
    const d = f.decrypter('sm2b');
    for (let bit = 0; bit < contentAt * 8; bit++) {
      if (bit >> 3 >= ivAt && bit >> 3 < ivAt + 16) continue;
      const t = env.slice();
      t[bit >> 3] ^= 1 << (bit & 7);
      const r = await attempt(t, d);
      if (typeof r === 'string') expect(TYPED.has(r), r).toBe(true);
      else expect(Buffer.compare(Buffer.from(r), Buffer.from(small)), `bit ${bit}`).toBe(0);
    }
  });

  it('documents the CBC limit: a flipped IV bit changes the first plaintext block undetected (GCM or a signed bid catch it)', async () => {
    const eci = parseBer(cbc).children![1].children![0].children![2];
    const t = cbc.slice();
    t[indexOf(cbc, eci.children![1].children![1].value!)] ^= 1;
    const r = await attempt(t, f.decrypter('sm2b'));
    expect(r instanceof Uint8Array).toBe(true);
    const out = r as Uint8Array;
    expect(out[0]).toBe(msg[0] ^ 1);
    expect(Buffer.compare(Buffer.from(out.subarray(1)), Buffer.from(msg.subarray(1)))).toBe(0);
  });

  it('property: an envelope cut at any point gives a typed error (E_TRUNCATED or a parse error), CBC and GCM', async () => {
    const d = f.decrypter('sm2b');
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat(), async (useGcm, cut) => {
        const env = useGcm ? gcm : cbc;
        const r = await attempt(env.subarray(0, cut % env.length), d);
        expect(typeof r === 'string' && TYPED.has(r), String(r)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('property: a flipped bit in CBC (unauthenticated) content never causes an untyped failure', async () => {
    const d = f.decrypter('sm2b');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: cbc.length * 8 - 1 }), async (bit) => {
        const t = cbc.slice();
        t[bit >> 3] ^= 1 << (bit & 7);
        const r = await attempt(t, d);
        if (typeof r === 'string') expect(TYPED.has(r), r).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('names the failure: encrypted key → E_DECRYPT_FAILED, ciphertext/tag → E_AUTH_TAG_MISMATCH, CBC last block → E_BAD_PADDING', async () => {
    const d = f.decrypter('sm2b');
    const ed = parseBer(gcm).children![1].children![0];
    const ek = octetsOf(ed.children![1].children![0].children![3], 'ek');
    const flipAt = (env: Uint8Array, i: number) => {
      const t = env.slice();
      t[i] ^= 0x10;
      return t;
    };
    expect(await attempt(flipAt(gcm, indexOf(gcm, ek) + 40), d)).toBe('E_DECRYPT_FAILED');
    // the content starts after the A0 80 04 82 05 DC header of the only segment; the tag is the last 16 bytes before 5 EOCs
    const seg = indexOf(gcm, Uint8Array.of(0x04, 0x82, 0x05, 0xdc));
    expect(seg).toBeGreaterThan(0);
    expect(await attempt(flipAt(gcm, seg + 4 + 700), d)).toBe('E_AUTH_TAG_MISMATCH');
    expect(await attempt(flipAt(gcm, gcm.length - 6 - 3), d)).toBe('E_AUTH_TAG_MISMATCH');
    // CBC: 1500 bytes → 1504 padded; flip a byte of the second-to-last block that lands on padding
    const cseg = indexOf(cbc, Uint8Array.of(0x04, 0x82, 0x05, 0xe0));
    expect(cseg).toBeGreaterThan(0);
    expect(await attempt(flipAt(cbc, cseg + 4 + 1504 - 16 - 1), d)).toBe('E_BAD_PADDING');
  });

  it('the file wrapper leaves no output and no .partial file when opening fails', async () => {
    const dir = f.dir;
    const plain = path.join(dir, 'bid.bin');
    writeFileSync(plain, pseudoRandom(300_000, 8));
    const sealed = path.join(dir, 'bid.env');
    await sealFile(plain, sealed, { recipients: [{ certificate: f.cert('ec256') }], contentCipher: 'aes-256-gcm' });
    const bytes = new Uint8Array(await import('node:fs').then((m) => m.readFileSync(sealed)));
    const cases: Array<[string, Uint8Array]> = [
      ['flipped content bit', (() => { const t = bytes.slice(); t[t.length - 5000] ^= 1; return t; })()],
      ['flipped tag bit', (() => { const t = bytes.slice(); t[t.length - 12] ^= 0x80; return t; })()],
      ['truncated', bytes.subarray(0, bytes.length - 100_000)],
    ];
    for (const [name, t] of cases) {
      const bad = path.join(dir, `bad-${name.replace(/\s/g, '-')}.env`);
      writeFileSync(bad, t);
      const out = path.join(dir, `out-${name.replace(/\s/g, '-')}.bin`);
      const code = await codeOfAsync(() => openFile(bad, out, f.decrypter('ec256')));
      expect(TYPED.has(code!), `${name}: ${code}`).toBe(true);
      expect(existsSync(out), name).toBe(false);
      expect(existsSync(`${out}.partial`), name).toBe(false);
    }
    // CBC with a broken last block: plaintext was streamed out before the padding check, yet nothing remains
    const cbcEnv = path.join(dir, 'cbc.env');
    await sealFile(plain, cbcEnv, { recipients: [{ certificate: f.cert('ec256') }], contentCipher: 'aes-256-cbc' });
    const cb = new Uint8Array(await import('node:fs').then((m) => m.readFileSync(cbcEnv)));
    const t = cb.subarray(0, cb.length - 10 - 16); // drop the last block and the EOCs
    const cut = path.join(dir, 'cbc-cut.env');
    writeFileSync(cut, t);
    const out = path.join(dir, 'cbc-out.bin');
    expect(await codeOfAsync(() => openFile(cut, out, f.decrypter('ec256')))).toBe('E_TRUNCATED');
    expect(readdirSync(dir).filter((n) => n.startsWith('cbc-out'))).toEqual([]);
  });
});
