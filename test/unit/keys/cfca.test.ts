// CFCA ".sm2" key files (shared/keystore/cfca.ts) against files built by OpenSSL alone (cfca-fixture.ts), in
// both directions; as a software carrier; and CA-escrowed encryption keys (GM/T 0009 SM2EnvelopedKey inside a
// GM/T 0010 SignedAndEnvelopedData) opened with the signing key and checked against the encryption certificate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { makeFixtures, type Fixtures } from '../envelope/fixtures';
import { buildCfcaKeyFile, cfcaPem, opensslPrivateScalar } from './cfca-fixture';
import { isCfcaKeyFile, openCfcaKeyFile, writeCfcaKeyFile } from '../../../shared/keystore/cfca';
import { openSoftwareKeystore } from '../../../shared/keystore/load';
import { openEscrowedKey } from '../../../shared/keystore/escrow';
import { signAndEncrypt, signMessage, verifyMessage } from '../../../shared/cms/message';
import { wrapSm2EnvelopedKey } from '../../../shared/crypto/keys';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { bytesToBase64 } from '../../../shared/asn1';

const d = hasOpenssl ? describe : describe.skip;
let fx: Fixtures;
beforeAll(() => {
  fx = makeFixtures(['sm2sign', 'sm2b', 'sm2x']);
}, 60_000);
afterAll(() => fx?.cleanup());

d('CFCA .sm2 key files', () => {
  it('opens OpenSSL-built files: PEM, base64, DER; with and without version; bare SM4 and SM4-CBC OIDs', async () => {
    const d0 = new Uint8Array(opensslPrivateScalar(fx.keyPath('sm2sign')));
    for (const o of [{}, { version: false }, { algorithm: '1.2.156.10197.1.104.2' }]) {
      const der = new Uint8Array(buildCfcaKeyFile(fx.dir, fx.keyPath('sm2sign'), fx.certPath('sm2sign'), '口令pw123', o));
      expect(isCfcaKeyFile(der)).toBe(true);
      const k = openCfcaKeyFile(der, '口令pw123');
      expect(k.privateKey).toEqual(d0);
      expect(k.certificate.subject.text).toContain('Bidder signing');
      for (const input of [der, cfcaPem(der), bytesToBase64(der)]) {
        const ks = await openSoftwareKeystore(input, '口令pw123');
        expect(ks.format === 'cfca-sm2' || ks.format === 'pem').toBe(true);
        expect(ks.entries).toHaveLength(1);
        expect(ks.entries[0].keyKind).toBe('sm2');
        ks.close();
      }
    }
  });
  it('our writer produces byte for byte the file OpenSSL built from the same key, certificate and password', () => {
    const pw = 'S3cret!';
    const theirs = new Uint8Array(buildCfcaKeyFile(fx.dir, fx.keyPath('sm2sign'), fx.certPath('sm2sign'), pw));
    const k = openCfcaKeyFile(theirs, pw);
    const ours = writeCfcaKeyFile(k.privateKey, k.certificate.der, pw);
    expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(theirs).toString('hex'));
    const dump = openssl(['asn1parse', '-inform', 'DER'], Buffer.from(ours)).toString();
    expect(dump).toContain(':1.2.156.10197.6.1.4.2.1');
    expect(dump).toContain(':1.2.156.10197.1.104');
  });
  it('wrong, missing password and a key that does not match its certificate are refused, typed', async () => {
    const der = new Uint8Array(buildCfcaKeyFile(fx.dir, fx.keyPath('sm2sign'), fx.certPath('sm2sign'), 'right'));
    expect(() => openCfcaKeyFile(der, 'wrong')).toThrow(expect.objectContaining({ code: 'E_WRONG_PASSWORD' }));
    await expect(openSoftwareKeystore(der, 'wrong')).rejects.toMatchObject({ code: 'E_WRONG_PASSWORD' });
    await expect(openSoftwareKeystore(der)).rejects.toMatchObject({ code: 'E_PASSWORD_REQUIRED' });
    const mixed = new Uint8Array(buildCfcaKeyFile(fx.dir, fx.keyPath('sm2sign'), fx.certPath('sm2sign'), 'right', { otherKeyPath: fx.keyPath('sm2x') }));
    await expect(openSoftwareKeystore(mixed, 'right')).rejects.toMatchObject({ code: 'E_KEY_CERT_MISMATCH' });
    for (let cut = 0; cut < der.length; cut += 37) {
      await openSoftwareKeystore(der.subarray(0, cut), 'right').then(
        () => expect.fail('truncated file opened'),
        (e) => expect(e.name).toBe('BidSealError'),
      );
    }
  });
  it('works as a software carrier: signs a GM/T 0010 SignedData that verifies', async () => {
    const der = new Uint8Array(buildCfcaKeyFile(fx.dir, fx.keyPath('sm2sign'), fx.certPath('sm2sign'), 'pw'));
    const ks = await openSoftwareKeystore(cfcaPem(der), 'pw');
    const msg = await signMessage(new TextEncoder().encode('x'), { flavour: 'gm', signers: [{ signer: ks.entries[0].signer! }] });
    expect((await verifyMessage(msg)).intact).toBe(true);
    ks.close();
  });
});

d('escrowed encryption keys', () => {
  it('SM2EnvelopedKey inside SignedAndEnvelopedData opens with the signing key and matches the encryption certificate', async () => {
    const encKey = new Uint8Array(opensslPrivateScalar(fx.keyPath('sm2b')));
    const signCert = fx.cert('sm2sign');
    const signPub = (await openSoftwareKeystore(readFileSync(fx.certPath('sm2sign'), 'utf8') + readFileSync(fx.keyPath('sm2sign'), 'utf8'))).entries[0];
    const pub = openssl(['pkey', '-in', fx.keyPath('sm2sign'), '-pubout', '-outform', 'DER']);
    const envKey = wrapSm2EnvelopedKey(encKey, new Uint8Array(pub.subarray(pub.length - 65)));
    // the CA (here: the "Outsider" key acting as KMS signer) signs and envelopes it to the signing certificate
    const kms = (await import('../../../shared/crypto/keys')).parsePrivateKey(readFileSync(fx.keyPath('sm2x'), 'utf8'));
    const sm2 = await import('../../../shared/crypto/sm2');
    const kmsSigner = { certificateDer: fx.cert('sm2x'), algorithms: ['sm2-sm3' as const], signDigest: async (e: Uint8Array) => sm2.signDigest(e, (kms as { privateKey: Uint8Array }).privateKey, { format: 'der' }) };
    const sed = await signAndEncrypt(envKey, { flavour: 'gm', signers: [{ signer: kmsSigner }], recipients: [{ certificate: signCert, ignoreKeyUsage: true }] });
    const r = await openEscrowedKey(sed, fx.decrypter('sm2sign'), fx.cert('sm2b'));
    expect(r.privateKey).toEqual(encKey);
    expect(r.delivery).toBe('signedAndEnvelopedData');
    expect(r.signers?.[0]).toMatchObject({ intact: true });
    // bare SM2EnvelopedKey too; and the wrong encryption certificate is refused
    expect((await openEscrowedKey(envKey, fx.decrypter('sm2sign'), fx.cert('sm2b'))).delivery).toBe('sm2EnvelopedKey');
    await expect(openEscrowedKey(sed, fx.decrypter('sm2sign'), fx.cert('sm2x'))).rejects.toMatchObject({ code: 'E_KEY_CERT_MISMATCH' });
    signPub.signer?.destroy();
  });
});
