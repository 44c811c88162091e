// Real PKCS#11 against a throwaway SoftHSM2 token, through the worker process: listing, signatures
// made on the token (verified by OpenSSL), RSA decryption of OpenSSL ciphertexts, and ECDH derive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSoftHsmToken, softhsmSkip, type SoftHsmToken } from '../../helpers/softhsm';
import { Pkcs11Client } from '../../../electron/services/keys/pkcs11/client';
import { TokenDecrypter, TokenKey, TokenSigner } from '../../../electron/services/keys/pkcs11/token-carrier';
import { parsePkcs11Uri } from '../../../electron/services/keys/pkcs11/uri';
import { openStream, sealStream } from '../../../shared/envelope';
import { collect, once } from '../envelope/fixtures';

describe.skipIf(softhsmSkip)('PKCS#11 on SoftHSM2', () => {
  let t: SoftHsmToken;
  let client: Pkcs11Client;
  let slot: string;
  const output: string[] = [];
  const getPin = async () => t.pin;

  beforeAll(async () => {
    t = createSoftHsmToken({ label: 'bidseal-sign' });
    client = new Pkcs11Client({ modulePath: t.modulePath, env: t.env, onOutput: (_s, text) => output.push(text) });
    slot = (await client.listSlots()).find((s) => s.token?.label === t.label)!.slotId;
  });
  afterAll(async () => {
    await client?.close();
    t?.cleanup();
  });

  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const file = (name: string, data: Uint8Array) => {
    const p = path.join(t.dir, name);
    writeFileSync(p, data);
    return p;
  };

  it('reports library info, the token (label, serial, flags, PIN state) and its mechanisms', async () => {
    const info = await client.loadModule();
    expect(info.manufacturer).toBe('SoftHSM');
    const s = (await client.listSlots()).find((x) => x.slotId === slot)!;
    expect(s.tokenPresent).toBe(true);
    expect(s.token).toMatchObject({ label: t.label, model: 'SoftHSM v2', loginRequired: true, tokenInitialized: true, pinState: 'ok' });
    expect(s.token!.serial).toMatch(/^[0-9a-f]{16}$/);
    const names = s.mechanisms!.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['CKM_ECDSA', 'CKM_RSA_PKCS', 'CKM_RSA_PKCS_PSS', 'CKM_RSA_PKCS_OAEP', 'CKM_ECDH1_DERIVE']));
  });

  it('lists certificates (DER, CKA_ID, label) and public keys without login; private keys only after login', async () => {
    const before = await client.listObjects(slot);
    expect(before.loggedIn).toBe(false);
    expect(before.privateKeys).toEqual([]);
    const certs = Object.fromEntries(before.certificates.map((c) => [c.id, c]));
    expect(Buffer.from(certs['01'].der, 'base64').equals(t.ec.certDer)).toBe(true);
    expect(Buffer.from(certs['02'].der, 'base64').equals(t.rsa.certDer)).toBe(true);
    expect(certs['01'].label).toBe('ec-key');
    const ecPub = before.publicKeys.find((k) => k.id === '01')!;
    expect(ecPub).toMatchObject({ keyType: 'ec', ecParams: Buffer.from('06082a8648ce3d030107', 'hex').toString('base64') });
    const spkiPoint = createPublicKey(readFileSync(t.ec.pubPem)).export({ format: 'der', type: 'spki' }).subarray(-65);
    expect(Buffer.from(ecPub.ecPoint!, 'base64').equals(spkiPoint)).toBe(true);
    expect(before.publicKeys.find((k) => k.id === '02')).toMatchObject({ keyType: 'rsa', modulusBits: 2048 });

    await client.login(slot, t.pin);
    const after = await client.listObjects(slot);
    expect(after.loggedIn).toBe(true);
    expect(after.privateKeys.map((k) => [k.id, k.label, k.keyType]).sort()).toEqual([['01', 'ec-key', 'ec'], ['02', 'rsa-key', 'rsa']]);
    await client.logout(slot);
  });

  it('P-256 ECDSA made on the token through the Signer interface is DER and verifies with OpenSSL', async () => {
    const signer = await TokenSigner.open({ client, uri: `pkcs11:token=${t.label};object=ec-key;type=private`, getPin });
    expect(signer.algorithms).toEqual(['ecdsa-sha256', 'ecdsa-sha384']);
    expect(Buffer.from(signer.certificateDer).equals(t.ec.certDer)).toBe(true);
    const data = Buffer.from('招标文件 tender document v1');
    for (const [alg, hash] of [['ecdsa-sha256', 'sha256'], ['ecdsa-sha384', 'sha384']] as const) {
      const sig = await signer.signDigest(createHash(hash).update(data).digest(), alg);
      expect(sig[0]).toBe(0x30);
      const out = openssl(['dgst', `-${hash}`, '-verify', t.ec.pubPem, '-signature', file(`ec-${hash}.sig`, sig), file('data.bin', data)]);
      expect(out).toContain('Verified OK');
    }
  });

  it('RSA PKCS#1 v1.5 (SHA-256, SHA-384) made on the token verifies with OpenSSL', async () => {
    const signer = await TokenSigner.open({ client, uri: `pkcs11:token=${t.label};id=%02`, getPin });
    expect(signer.algorithms).toEqual(expect.arrayContaining(['rsa-pkcs1-sha256', 'rsa-pkcs1-sha384']));
    const data = Buffer.from('bid price: 1,234,567.00 CNY');
    for (const hash of ['sha256', 'sha384'] as const) {
      const sig = await signer.signDigest(createHash(hash).update(data).digest(), `rsa-pkcs1-${hash}`);
      expect(sig.length).toBe(256);
      const out = openssl(['dgst', `-${hash}`, '-verify', t.rsa.pubPem, '-signature', file(`rsa-${hash}.sig`, sig), file('data.bin', data)]);
      expect(out).toContain('Verified OK');
    }
  });

  it('RSA-PSS (SoftHSM2 supports CKM_RSA_PKCS_PSS) verifies with OpenSSL, salt = hash length', async () => {
    const signer = await TokenSigner.open({ client, uri: `pkcs11:token=${t.label};id=%02`, getPin });
    const data = Buffer.from('pss data');
    for (const hash of ['sha256', 'sha384'] as const) {
      const sig = await signer.signDigest(createHash(hash).update(data).digest(), `rsa-pss-${hash}`);
      const out = openssl(['dgst', `-${hash}`, '-sigopt', 'rsa_padding_mode:pss', '-sigopt', `rsa_pss_saltlen:${hash === 'sha256' ? 32 : 48}`, '-verify', t.rsa.pubPem, '-signature', file('pss.sig', sig), file('data.bin', data)]);
      expect(out).toContain('Verified OK');
    }
  });

  it('decrypts OpenSSL RSA-OAEP (SHA-1) and PKCS#1 v1.5 ciphertexts on the token', async () => {
    const dec = await TokenDecrypter.open({ client, uri: `pkcs11:token=${t.label};object=rsa-key`, getPin });
    const cek = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const inp = file('cek.bin', cek);
    const oaep = readFileSync(path.join(t.dir, (openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', t.rsa.pubPem, '-pkeyopt', 'rsa_padding_mode:oaep', '-in', inp, '-out', path.join(t.dir, 'oaep.bin')]), 'oaep.bin')));
    expect(Buffer.from(await dec.unwrapKey(oaep, 'rsa-oaep-sha1')).equals(cek)).toBe(true);
    openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', t.rsa.pubPem, '-pkeyopt', 'rsa_padding_mode:pkcs1', '-in', inp, '-out', path.join(t.dir, 'v15.bin')]);
    expect(Buffer.from(await dec.unwrapKey(readFileSync(path.join(t.dir, 'v15.bin')), 'rsa-pkcs1')).equals(cek)).toBe(true);
    // a corrupted ciphertext is a decryption failure, not a crash
    const bad = Buffer.from(oaep);
    bad[10] ^= 1;
    await expect(dec.unwrapKey(bad, 'rsa-oaep-sha1')).rejects.toMatchObject({ code: expect.stringMatching(/^E_(DECRYPT_FAILED|TOKEN_ERROR)$/) });
  });

  it('SoftHSM2 2.6 rejects OAEP with SHA-256 → E_UNSUPPORTED_ALGORITHM (only SHA-1 OAEP is implemented)', async () => {
    const dec = await TokenDecrypter.open({ client, uri: `pkcs11:token=${t.label};object=rsa-key`, getPin });
    openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', t.rsa.pubPem, '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256', '-in', file('cek.bin', Buffer.alloc(16, 7)), '-out', path.join(t.dir, 'oaep256.bin')]);
    await expect(dec.unwrapKey(readFileSync(path.join(t.dir, 'oaep256.bin')), 'rsa-oaep-sha256')).rejects.toMatchObject({ code: 'E_UNSUPPORTED_ALGORITHM' });
  });

  it('CKM_ECDH1_DERIVE on the P-256 key equals a software ECDH (x-coordinate)', async () => {
    const key = await TokenKey.open({ client, uri: `pkcs11:token=${t.label};id=%01`, getPin });
    for (let i = 0; i < 3; i++) {
      const eph = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const point = eph.publicKey.export({ format: 'der', type: 'spki' }).subarray(-65);
      const x = await key.run((ref) => client.deriveEcdhX(ref, point));
      const sw = diffieHellman({ privateKey: createPrivateKey(readFileSync(t.ec.keyPem)), publicKey: eph.publicKey });
      expect(Buffer.from(x).toString('hex')).toBe(sw.toString('hex'));
    }
    await expect(key.run((ref) => client.deriveEcdhX(ref, new Uint8Array(64)))).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });

  it('the carrier location is a pkcs11 URI naming token, serial and key, never the PIN', async () => {
    const signer = await TokenSigner.open({ client, uri: `pkcs11:token=${t.label};object=ec-key`, getPin, modulePath: t.modulePath });
    const loc = signer.key.info.location;
    const u = parsePkcs11Uri(loc);
    expect(u).toMatchObject({ token: t.label, object: 'ec-key', type: 'private', modulePath: t.modulePath });
    expect(Buffer.from(u.id!).toString('hex')).toBe('01');
    expect(loc).not.toContain(t.pin);
    expect(signer.key.profile.name).toBe('SoftHSM2');
    // an unknown token is E_TOKEN_NOT_PRESENT, an unknown object E_NOT_FOUND
    await expect(TokenSigner.open({ client, uri: 'pkcs11:token=nope', getPin })).rejects.toMatchObject({ code: 'E_TOKEN_NOT_PRESENT' });
    await expect(TokenSigner.open({ client, uri: `pkcs11:token=${t.label};id=%7F`, getPin })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('worker output never contains the PIN', () => {
    expect(output.join('')).not.toContain(t.pin);
  });
});

describe('SoftHSM2 token: EC key agreement (KeyAgree envelopes)', () => {
  const token = softhsmSkip ? undefined : createSoftHsmToken({ label: 'ec-agree' });
  let client: Pkcs11Client;
  beforeAll(() => {
    if (token) client = new Pkcs11Client({ modulePath: token.modulePath, env: token.env });
  });
  afterAll(async () => {
    await client?.close();
    token?.cleanup();
  });

  it.skipIf(!!softhsmSkip)('opens an envelope sealed to the token\'s EC certificate; the RSA key refuses ECDH', async () => {
    const msg = new TextEncoder().encode('投标文件 — sealed to a USB key with an EC encryption key'.repeat(500));
    const env = await collect(sealStream(once(msg), { recipients: [{ certificate: new Uint8Array(token!.ec.certDer) }], contentCipher: 'aes-256-cbc' }));
    const dec = await TokenDecrypter.open({ client, uri: `pkcs11:token=${token!.label};id=%01`, getPin: async () => token!.pin, modulePath: token!.modulePath });
    const opened = await openStream(once(env), dec);
    expect(Buffer.from(await collect(opened.content)).equals(Buffer.from(msg))).toBe(true);
    const rsa = await TokenDecrypter.open({ client, uri: `pkcs11:token=${token!.label};id=%02`, getPin: async () => token!.pin, modulePath: token!.modulePath });
    await expect(rsa.deriveSharedSecret(new Uint8Array(65))).rejects.toMatchObject({ code: 'E_UNSUPPORTED_ALGORITHM' });
  });
});
