// Pure encodings around PKCS#11 signing: raw r‖s → DER (checked against Node's own ECDSA), DigestInfo
// for CKM_RSA_PKCS (checked against Node's RSA PKCS#1 v1.5), and the PIN state read from token flags.
import { describe, expect, it } from 'vitest';
import { constants, createHash, generateKeyPairSync, publicDecrypt, sign, verify } from 'node:crypto';
import { CKF_USER_PIN_COUNT_LOW, CKF_USER_PIN_FINAL_TRY, CKF_USER_PIN_LOCKED, CKF_USER_PIN_TO_BE_CHANGED, digestInfo, pinStateFromFlags, rawEcSignatureToDer } from '../../../electron/services/keys/pkcs11/encoding';

describe('PKCS#11 signature encodings', () => {
  it('raw r‖s becomes the DER SEQUENCE Node itself produces (incl. short and high-bit r/s)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 50; i++) {
      const data = Buffer.from(`msg ${i}`);
      const raw = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      const der = rawEcSignatureToDer(raw);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, der)).toBe(true);
    }
    expect(Buffer.from(rawEcSignatureToDer(Uint8Array.from([0, 0, 0x80, 1, 0, 0, 0, 1]))).toString('hex')).toBe('30080203008001020101');
    expect(() => rawEcSignatureToDer(new Uint8Array(3))).toThrow(expect.objectContaining({ code: 'E_BAD_ENCODING' }));
  });

  it('DigestInfo for SHA-256/384 equals what RSA PKCS#1 v1.5 signatures carry', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    for (const hash of ['sha256', 'sha384'] as const) {
      const data = Buffer.from('x');
      const sig = sign(hash, data, privateKey);
      // RSA "decrypt" of the signature with the public key recovers the DigestInfo
      const recovered = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, sig);
      expect(Buffer.from(digestInfo(hash, createHash(hash).update(data).digest())).equals(recovered)).toBe(true);
    }
    expect(() => digestInfo('sha256', new Uint8Array(20))).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
  });

  it('PIN state from CK_TOKEN_INFO flags, worst first', () => {
    expect(pinStateFromFlags(0x40d)).toBe('ok');
    expect(pinStateFromFlags(CKF_USER_PIN_COUNT_LOW)).toBe('count-low');
    expect(pinStateFromFlags(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY)).toBe('final-try');
    expect(pinStateFromFlags(CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED)).toBe('locked');
    expect(pinStateFromFlags(CKF_USER_PIN_TO_BE_CHANGED)).toBe('to-be-changed');
  });
});
