// An SM2-curve key on a real token (SoftHSM2 generates EC keys on the SM2 curve, though it has no
// SM2 mechanisms) decrypts an OpenSSL-made SM2 ciphertext through CKM_ECDH1_DERIVE: the token does
// d·C1, BidSeal does the KDF and the C3 check. This is how bidders' encryption keys on tokens
// without an SM2 decrypt mechanism open envelopes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSoftHsmToken, softhsmSkip, type SoftHsmToken } from '../../helpers/softhsm';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { exportSm2PublicKey } from '../../../shared/crypto/keys';
import { Pkcs11Client } from '../../../electron/services/keys/pkcs11/client';
import { TokenDecrypter } from '../../../electron/services/keys/pkcs11/token-carrier';
import { execFileSync } from 'node:child_process';

const SM2_EC_PARAMS = Buffer.from('06082a811ccf5501822d', 'hex'); // OID 1.2.156.10197.1.301

describe.skipIf(!!softhsmSkip || !hasOpenssl)('SM2 decryption on a token via ECDH (SoftHSM2)', () => {
  let token: SoftHsmToken;
  let client: Pkcs11Client;
  let pubPem: string;
  const f = (n: string) => path.join(token.dir, n);

  beforeAll(() => {
    token = createSoftHsmToken({ label: 'SM2 Enc', pin: '112233' });
    // Generate the SM2 key pair ON the token, in a separate process (pkcs11js in this process
    // would keep the module initialised across tests).
    const script = `
      const pkcs11js = require(${JSON.stringify(createRequire(import.meta.url).resolve('pkcs11js'))});
      const p = new pkcs11js.PKCS11(); p.load(${JSON.stringify(token.modulePath)}); p.C_Initialize();
      const slot = p.C_GetSlotList(true).find((s) => p.C_GetTokenInfo(s).label.trim() === 'SM2 Enc');
      const s = p.C_OpenSession(slot, pkcs11js.CKF_RW_SESSION | pkcs11js.CKF_SERIAL_SESSION);
      p.C_Login(s, pkcs11js.CKU_USER, '112233');
      const id = Buffer.from([0x21]);
      const kp = p.C_GenerateKeyPair(s, { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
        [{ type: pkcs11js.CKA_EC_PARAMS, value: Buffer.from('${SM2_EC_PARAMS.toString('hex')}', 'hex') }, { type: pkcs11js.CKA_TOKEN, value: true }, { type: pkcs11js.CKA_ID, value: id }, { type: pkcs11js.CKA_LABEL, value: 'sm2-enc' }],
        [{ type: pkcs11js.CKA_TOKEN, value: true }, { type: pkcs11js.CKA_PRIVATE, value: true }, { type: pkcs11js.CKA_SENSITIVE, value: true }, { type: pkcs11js.CKA_ID, value: id }, { type: pkcs11js.CKA_LABEL, value: 'sm2-enc' }, { type: pkcs11js.CKA_DERIVE, value: true }]);
      const point = p.C_GetAttributeValue(s, kp.publicKey, [{ type: pkcs11js.CKA_EC_POINT }])[0].value;
      process.stdout.write(point.toString('hex')); p.C_Logout(s); p.C_Finalize();`;
    const pointDer = Buffer.from(execFileSync(process.execPath, ['-e', script], { env: token.env }).toString(), 'hex');
    const point = pointDer.subarray(pointDer.length - 65); // DER OCTET STRING around 04‖x‖y
    pubPem = f('sm2pub.pem');
    writeFileSync(pubPem, exportSm2PublicKey(new Uint8Array(point)));
    // An encryption certificate for the token key, issued by a throwaway SM2 CA (OpenSSL 3.0 can
    // put a foreign public key into a certificate with -force_pubkey).
    openssl(['genpkey', '-algorithm', 'SM2', '-out', f('ca.key')]);
    openssl(['req', '-new', '-x509', '-key', f('ca.key'), '-sm3', '-subj', '/CN=Test SM2 CA', '-days', '30', '-out', f('ca.pem')]);
    openssl(['genpkey', '-algorithm', 'SM2', '-out', f('dummy.key')]);
    openssl(['req', '-new', '-key', f('dummy.key'), '-sm3', '-subj', '/CN=Bidder Encryption/O=某某公司', '-out', f('enc.csr')]);
    writeFileSync(f('ext'), 'keyUsage=critical,keyEncipherment,dataEncipherment\n');
    openssl(['x509', '-req', '-in', f('enc.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-force_pubkey', pubPem, '-sm3', '-days', '10', '-extfile', f('ext'), '-outform', 'DER', '-out', f('enc.der')]);
    execFileSync('pkcs11-tool', ['--module', token.modulePath, '--token-label', 'SM2 Enc', '--login', '--pin', '112233', '--write-object', f('enc.der'), '--type', 'cert', '--id', '21', '--label', 'sm2-enc'], { env: token.env, stdio: 'ignore' });
    client = new Pkcs11Client({ modulePath: token.modulePath, env: token.env });
  });
  afterAll(async () => {
    await client?.close();
    token?.cleanup();
  });

  it('unwraps content keys that OpenSSL encrypted to the token key', async () => {
    const dec = await TokenDecrypter.open({ client, uri: 'pkcs11:token=SM2%20Enc;id=%21', getPin: async () => '112233', modulePath: token.modulePath });
    expect(dec.algorithms).toContain('sm2-encrypt');
    for (let i = 0; i < 3; i++) {
      const key = randomBytes(16 + i * 8);
      const ct = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', pubPem], key);
      expect(Buffer.from(await dec.unwrapKey(new Uint8Array(ct), 'sm2-encrypt'))).toEqual(key);
    }
  });

  it('a ciphertext for another key fails the C3 check with E_DECRYPT_FAILED', async () => {
    const dec = await TokenDecrypter.open({ client, uri: 'pkcs11:token=SM2%20Enc;id=%21', getPin: async () => '112233', modulePath: token.modulePath });
    openssl(['genpkey', '-algorithm', 'SM2', '-out', f('other.key')]);
    const other = openssl(['pkey', '-in', f('other.key'), '-pubout']);
    writeFileSync(f('other.pub'), other);
    const ct = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', f('other.pub')], randomBytes(16));
    await expect(dec.unwrapKey(new Uint8Array(ct), 'sm2-encrypt')).rejects.toMatchObject({ code: 'E_DECRYPT_FAILED' });
  });
});
