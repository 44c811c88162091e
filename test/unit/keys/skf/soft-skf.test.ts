// The SKF carrier against the software SKF key (OpenSSL libcrypto inside, independent of our SM2/SM3/SM4):
// listing, PIN states with real retry counters, SM2 signatures checked by `openssl pkeyutl -verify`, content
// keys and SM4 content decrypted inside the key, removal, and a crashing / hanging library.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeBidFixtures, type BidFixtures } from '../../bid/fixtures';
import { makeSoftSkf, SKF_PIN, softSkfSkip, type SoftSkf } from '../../../helpers/soft-skf';
import { openssl } from '../../../helpers/vectors';
import { SkfClient } from '../../../../electron/services/keys/skf/client';
import { SkfDecrypter, SkfSigner, type SkfGetPin } from '../../../../electron/services/keys/skf/carrier';
import { parseCertificate } from '../../../../shared/pki/certificate';
import * as sm2 from '../../../../shared/crypto/sm2';
import { openStream, sealStream } from '../../../../shared/envelope';

const quiet = () => undefined;

async function expectBidSealError(p: Promise<unknown>, code: string, details?: Record<string, unknown>): Promise<void> {
  const e = (await p.then(
    () => new Error('resolved'),
    (x: unknown) => x,
  )) as { code?: string; details?: Record<string, unknown> };
  expect(e.code).toBe(code);
  if (details) expect(e.details).toMatchObject(details);
}

describe.skipIf(softSkfSkip)('SKF carrier on the software SKF key', () => {
  let fx: BidFixtures;
  let skf: SoftSkf;
  const clients: SkfClient[] = [];
  const client = (k: SoftSkf, o: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}) => {
    const c = new SkfClient({ libraryPath: k.lib, env: { ...k.env, ...o.env }, onOutput: quiet, ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) });
    clients.push(c);
    return c;
  };
  const pins = (...list: string[]) => {
    const asked: Array<Parameters<SkfGetPin>[0]> = [];
    const getPin: SkfGetPin = async (info) => (asked.push(info), list.shift() ?? null);
    return { getPin, asked };
  };

  beforeAll(async () => {
    fx = await makeBidFixtures(['sign', 'bidderEnc']);
    skf = makeSoftSkf(fx);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    fx?.cleanup();
  });

  it('lists the device, its application and container with both certificates and the PIN state', async () => {
    const [d] = await client(skf).list();
    expect(d.name).toBe('SoftKey-1');
    expect(d.info?.manufacturer).toBe('BidSeal test');
    const [a] = d.applications;
    expect(a.name).toBe('BIDSEAL');
    expect(a.pin).toEqual({ max: 6, remaining: 6, defaultPin: false, state: 'ok' });
    expect(a.containers).toHaveLength(1);
    const c = a.containers[0];
    expect(c.name).toBe('BidKey');
    expect(c.type).toBe('sm2');
    expect(Buffer.from(c.signCert!, 'base64').equals(Buffer.from(fx.certDer('sign')))).toBe(true);
    expect(Buffer.from(c.encCert!, 'base64').equals(Buffer.from(fx.certDer('bidderEnc')))).toBe(true);
  });

  it('SM2 signature (Z and e computed outside, e signed in the key) verifies with openssl pkeyutl and the default ID', async () => {
    const { getPin, asked } = pins(SKF_PIN);
    const signer = await SkfSigner.open({ client: client(skf), uri: skf.uri, getPin });
    expect(signer.algorithms).toEqual(['sm2-sm3']);
    expect(signer.info.kind).toBe('skf');
    const msg = new TextEncoder().encode('投标函 — signed in the USB key');
    const pub = parseCertificate(signer.certificateDer).publicKey.publicKey;
    const e = sm2.computeDigest(msg, pub);
    const sig = await signer.signDigest(e, 'sm2-sm3');
    const sig2 = await signer.signDigest(e, 'sm2-sm3');
    expect(asked).toHaveLength(1); // one login for both signatures
    expect(asked[0]).toMatchObject({ tokenLabel: 'SoftKey-1', pinState: 'ok', remaining: 6, maxRetries: 6 });
    const f = (n: string) => path.join(fx.dir, n);
    writeFileSync(f('msg'), msg);
    writeFileSync(f('sig'), sig);
    openssl(['x509', '-in', fx.cert('sign'), '-pubkey', '-noout', '-out', f('sign.pub')]);
    const out = openssl(['pkeyutl', '-verify', '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-pubin', '-inkey', f('sign.pub'), '-in', f('msg'), '-sigfile', f('sig')]).toString();
    expect(out).toMatch(/Signature Verified Successfully/);
    expect(sm2.verify(sig2, msg, pub)).toBe(true);
  });

  it('decrypts an SM2-wrapped content key inside the key (ciphertext made by openssl) and SM4-CBC content via ImportSessionKey', async () => {
    const dec = await SkfDecrypter.open({ client: client(skf), uri: skf.uri, getPin: pins(SKF_PIN).getPin });
    expect(dec.algorithms).toEqual(['sm2-encrypt']);
    const f = (n: string) => path.join(fx.dir, n);
    const cek = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    writeFileSync(f('cek'), cek);
    openssl(['x509', '-in', fx.cert('bidderEnc'), '-pubkey', '-noout', '-out', f('enc.pub')]);
    const wrapped = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', f('enc.pub'), '-in', f('cek')]); // GM/T 0009 DER
    expect(Buffer.from(await dec.unwrapKey(new Uint8Array(wrapped), 'sm2-encrypt')).equals(cek)).toBe(true);
    // raw C1‖C3‖C2 from our own SM2 as well
    const raw = sm2.encrypt(cek, parseCertificate(dec.certificateDer).publicKey.publicKey, { format: 'c1c3c2' });
    expect(Buffer.from(await dec.unwrapKey(raw, 'sm2-encrypt')).equals(cek)).toBe(true);

    const iv = Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex');
    const plain = Buffer.from('开标 — content decrypted in the token '.repeat(10));
    writeFileSync(f('plain'), plain);
    const ct = openssl(['enc', '-sm4-cbc', '-K', cek.toString('hex'), '-iv', iv.toString('hex'), '-in', f('plain')]);
    const out = await dec.decryptInToken(new Uint8Array(wrapped), 'sm4-cbc', iv, true, new Uint8Array(ct));
    expect(Buffer.from(out).equals(plain)).toBe(true);
  });

  it('opens a sealed envelope (SM4-CBC, 200 KB) with a library that cannot return the content key: decrypted in the key', async () => {
    const c = client(skf, { env: { SOFTSKF_NO_PRVKEYDECRYPT: '1' } });
    const dec = await SkfDecrypter.open({ client: c, uri: skf.uri, getPin: pins(SKF_PIN).getPin });
    await expectBidSealError(dec.unwrapKey(sm2.encrypt(new Uint8Array(16), parseCertificate(dec.certificateDer).publicKey.publicKey), 'sm2-encrypt'), 'E_UNSUPPORTED_ALGORITHM', { inToken: true });
    const content = new Uint8Array(200_003).map((_, i) => (i * 31) & 0xff);
    const parts: Uint8Array[] = [];
    for await (const x of sealStream([content.subarray(0, 70_000), content.subarray(70_000)], { recipients: [{ certificate: fx.certDer('bidderEnc') }], contentCipher: 'sm4-cbc' })) parts.push(x);
    const opened = await openStream(parts, dec);
    const out: Uint8Array[] = [];
    for await (const x of opened.content) out.push(x);
    expect(Buffer.concat(out).equals(Buffer.from(content))).toBe(true);
  });

  it('a wrong key or a tampered ciphertext → E_DECRYPT_FAILED', async () => {
    const dec = await SkfDecrypter.open({ client: client(skf), uri: skf.uri, getPin: pins(SKF_PIN).getPin });
    const ct = sm2.encrypt(new Uint8Array(16).fill(1), parseCertificate(dec.certificateDer).publicKey.publicKey);
    ct[ct.length - 1] ^= 1;
    await expectBidSealError(dec.unwrapKey(ct, 'sm2-encrypt'), 'E_DECRYPT_FAILED');
  });

  it('PIN: wrong PINs count down (told before typing), final try, lock that persists, then correct PIN still refused', async () => {
    const k = makeSoftSkf(fx, 'skf-pin', { maxRetries: 3 });
    const c = client(k);
    const app = { device: 'SoftKey-1', application: 'BIDSEAL' };
    await expectBidSealError(c.verifyPin(app, '000000'), 'E_PIN_INCORRECT', { remaining: 2, pinState: 'count-low' });
    expect((await c.pinInfo(app)).remaining).toBe(2);
    // a correct PIN restores the counter
    expect(await c.verifyPin(app, SKF_PIN)).toMatchObject({ remaining: 3, state: 'ok' });
    await expectBidSealError(c.verifyPin(app, '000000'), 'E_PIN_INCORRECT', { remaining: 2 });
    await expectBidSealError(c.verifyPin(app, '000000'), 'E_PIN_INCORRECT', { remaining: 1, pinState: 'final-try' });
    // the carrier shows the final-try state before the PIN is typed
    const { getPin, asked } = pins('111111');
    const signer = await SkfSigner.open({ client: c, uri: k.uri, getPin });
    await expectBidSealError(signer.signDigest(new Uint8Array(32), 'sm2-sm3'), 'E_PIN_LOCKED', { remaining: 0 });
    expect(asked[0]).toMatchObject({ pinState: 'final-try', remaining: 1 });
    // locked: the right PIN is refused, also by a fresh worker (the counter lives in the key), and no PIN is asked
    await expectBidSealError(c.verifyPin(app, SKF_PIN), 'E_PIN_LOCKED');
    const again = pins(SKF_PIN);
    const s2 = await SkfSigner.open({ client: client(k), uri: k.uri, getPin: again.getPin });
    await expectBidSealError(s2.signDigest(new Uint8Array(32), 'sm2-sm3'), 'E_PIN_LOCKED');
    expect(again.asked).toHaveLength(0);
  });

  it('ChangePIN: the old PIN stops working, the new one works; a too-short PIN → E_PIN_LENGTH', async () => {
    const k = makeSoftSkf(fx, 'skf-change');
    const c = client(k);
    const app = { device: 'SoftKey-1', application: 'BIDSEAL' };
    await expectBidSealError(c.changePin(app, SKF_PIN, '123'), 'E_PIN_LENGTH');
    await expectBidSealError(c.changePin(app, '99999999', '87654321'), 'E_PIN_INCORRECT', { remaining: 5 });
    expect(await c.changePin(app, SKF_PIN, '87654321')).toMatchObject({ remaining: 6, state: 'ok' });
    await expectBidSealError(c.verifyPin(app, SKF_PIN), 'E_PIN_INCORRECT');
    expect(await c.verifyPin(app, '87654321')).toMatchObject({ remaining: 6 });
  });

  it('a key unplugged mid-operation → E_TOKEN_REMOVED; plugged back in, it asks the PIN again and works', async () => {
    const k = makeSoftSkf(fx, 'skf-removal');
    const c = client(k);
    const { getPin, asked } = pins(SKF_PIN, SKF_PIN);
    const signer = await SkfSigner.open({ client: c, uri: k.uri, getPin });
    await signer.signDigest(new Uint8Array(32).fill(1), 'sm2-sm3');
    k.slow(300);
    const pending = signer.signDigest(new Uint8Array(32).fill(2), 'sm2-sm3');
    setTimeout(() => k.unplug(), 100); // while the library is inside the call
    await expectBidSealError(pending, 'E_TOKEN_REMOVED');
    k.slow(0);
    await expectBidSealError(signer.signDigest(new Uint8Array(32).fill(3), 'sm2-sm3'), 'E_TOKEN_REMOVED');
    expect(await c.devices()).toEqual([]);
    k.plug();
    expect(await c.devices()).toEqual(['SoftKey-1']);
    await signer.signDigest(new Uint8Array(32).fill(4), 'sm2-sm3');
    expect(asked).toHaveLength(2);
  }, 20_000);

  it('a crashing library → E_TOKEN_MODULE_CRASHED, a hanging one → E_TOKEN_TIMEOUT; the worker restarts and works', async () => {
    const k = makeSoftSkf(fx, 'skf-faults');
    const c = client(k, { timeoutMs: 2_000 });
    const { getPin, asked } = pins(SKF_PIN, SKF_PIN, SKF_PIN);
    const signer = await SkfSigner.open({ client: c, uri: k.uri, getPin });
    await signer.signDigest(new Uint8Array(32).fill(1), 'sm2-sm3');
    const pid = c.pid;
    k.fault('crash SKF_ECCSignData');
    await expectBidSealError(signer.signDigest(new Uint8Array(32).fill(2), 'sm2-sm3'), 'E_TOKEN_MODULE_CRASHED');
    k.fault(null);
    await signer.signDigest(new Uint8Array(32).fill(3), 'sm2-sm3');
    expect(c.pid).not.toBe(pid);
    k.fault('hang SKF_ECCSignData');
    await expectBidSealError(signer.signDigest(new Uint8Array(32).fill(4), 'sm2-sm3'), 'E_TOKEN_TIMEOUT');
    k.fault(null);
    await signer.signDigest(new Uint8Array(32).fill(5), 'sm2-sm3');
    expect(asked).toHaveLength(3); // a new worker has no login: the PIN is asked again each time
  }, 20_000);

  it('a library that is not SKF → E_SKF_LIBRARY_INVALID', async () => {
    const c = new SkfClient({ libraryPath: 'libcrypto.so.3', onOutput: quiet });
    clients.push(c);
    await expectBidSealError(c.load(), 'E_SKF_LIBRARY_INVALID');
    expect(readFileSync(path.join(skf.dir, 'retry.user'), 'utf8')).toBe('6 6\n');
  });
});
