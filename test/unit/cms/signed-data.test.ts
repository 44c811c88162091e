import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { sm3 } from '../../../shared/crypto/sm3';
import { OIDS, buildSignedAttributes, estimateSignedDataSize, parseSignedData, signDetached, verifySignedData } from '../../../shared/cms/signed-data';
import { children, oidToString, readTlv, compareBytes } from '../../../shared/asn1';
import { hasOpenssl, hasVectors, openssl, vectorPath } from '../../helpers/vectors';
import { makeKey, softwareSigner, tmp, type KeyKind } from '../../helpers/pdf';
import type { SignatureAlgorithm } from '../../../shared/pki/carrier';

const dir = 'cms-rfc5652/openhitls';

describe.skipIf(!hasVectors)('CMS SignedData verification against openHiTLS vectors (RFC 5652)', () => {
  const msg = hasVectors ? readFileSync(vectorPath(`${dir}/msg.txt`)) : Buffer.alloc(0);
  const files = hasVectors ? [...readdirSync(vectorPath(dir)), ...readdirSync(vectorPath(`${dir}/noattr`)).map((f) => `noattr/${f}`)].filter((f) => f.endsWith('.cms') && !f.includes('dup_contenttype')) : [];
  for (const f of files) {
    it(`verifies ${f}`, async () => {
      const der = readFileSync(vectorPath(`${dir}/${f}`));
      const r = await verifySignedData(der, f.includes('detached') ? msg : undefined);
      expect(r.length).toBeGreaterThan(0);
      for (const s of r) expect(s.intact, `${f}#${s.index} ${s.error?.message}`).toBe(true);
    });
  }

  it('verifies all three signers of multi_attached.cms', async () => {
    const r = await verifySignedData(readFileSync(vectorPath(`${dir}/multi_attached.cms`)));
    expect(r.map((s) => s.intact)).toEqual([true, true, true]);
  });

  it('rejects a SignerInfo with a duplicate content-type attribute', async () => {
    const r = await verifySignedData(readFileSync(vectorPath(`${dir}/p256_signedattrs_dup_contenttype.cms`)));
    expect(r[0].intact).toBe(false);
    expect(r[0].error?.code).toBe('E_BAD_SIGNATURE');
  });

  it('fails a detached signature over different content', async () => {
    const r = await verifySignedData(readFileSync(vectorPath(`${dir}/p256_detached.cms`)), Buffer.concat([msg, Buffer.from('x')]));
    expect(r[0].intact).toBe(false);
    expect(r[0].digestMatches).toBe(false);
  });

  it('finds a signer identified by SubjectKeyIdentifier (v3 SignerInfo)', async () => {
    const sd = parseSignedData(readFileSync(vectorPath(`${dir}/v3detached.cms`)));
    expect('ski' in sd.signers[0].sid).toBe(true);
    expect((await verifySignedData(readFileSync(vectorPath(`${dir}/v3detached.cms`)), msg))[0].intact).toBe(true);
  });

  it('rejects encapsulated content when a detached signature is required', async () => {
    await expect(verifySignedData(readFileSync(vectorPath(`${dir}/p256_attached.cms`)), undefined, { requireDetached: true })).rejects.toMatchObject({ code: 'E_BAD_SIGNATURE' });
  });
});

describe.skipIf(!hasOpenssl)('CMS SignedData building', () => {
  const work = hasOpenssl ? tmp() : '';
  const data = new TextEncoder().encode('BidSeal detached content\n'.repeat(100));
  const cases: [KeyKind, SignatureAlgorithm][] = [
    ['rsa', 'rsa-pkcs1-sha256'],
    ['rsa', 'rsa-pss-sha256'],
    ['ec-p256', 'ecdsa-sha256'],
    ['ec-p384', 'ecdsa-sha384'],
    ['sm2', 'sm2-sm3'],
  ];
  const keys = new Map<KeyKind, ReturnType<typeof makeKey>>();
  const key = (k: KeyKind) => keys.get(k) ?? (keys.set(k, makeKey(work, k)), keys.get(k)!);

  it('writes signed attributes as a DER SET OF, sorted, with the five required attributes', () => {
    const k = key('ec-p256');
    const set = buildSignedAttributes({ contentDigest: sha256(data), alg: 'ecdsa-sha256', certificateDer: k.certDer, signingTime: new Date(Date.UTC(2026, 0, 2)) });
    const attrs = children(readTlv(set).v);
    for (let i = 1; i < attrs.length; i++) expect(compareBytes(attrs[i - 1].raw, attrs[i].raw)).toBeLessThan(0);
    expect(attrs.map((a) => oidToString(children(a.v)[0].v)).sort()).toEqual([OIDS.contentType, OIDS.messageDigest, OIDS.signingTime, OIDS.signingCertificateV2, OIDS.cmsAlgorithmProtection].sort());
  });

  for (const [kind, alg] of cases) {
    it(`signs detached with ${alg} and verifies it ourselves${kind !== 'sm2' ? ' and with openssl cms -verify' : ''}`, async () => {
      const k = key(kind);
      const h = alg === 'sm2-sm3' ? sm3(data) : alg.endsWith('384') ? (await import('@noble/hashes/sha2.js')).sha384(data) : sha256(data);
      const cms = await signDetached(softwareSigner(k), h, { alg });
      expect(cms.length).toBeLessThanOrEqual(estimateSignedDataSize(alg, k.certDer));
      const r = await verifySignedData(cms, data);
      expect(r[0].intact, r[0].error?.message).toBe(true);
      if (kind === 'sm2') expect(r[0].sm2Id).toBe('default');
      const tampered = data.slice();
      tampered[5] ^= 1;
      expect((await verifySignedData(cms, tampered))[0].intact).toBe(false);
      if (kind !== 'sm2') {
        const sigF = path.join(work, `${alg}.p7s`);
        const dataF = path.join(work, 'data.bin');
        writeFileSync(sigF, cms);
        writeFileSync(dataF, data);
        openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', sigF, '-content', dataF, '-noverify', '-out', '/dev/null']);
        openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', sigF, '-content', dataF, '-CAfile', k.certPath, '-purpose', 'any', '-out', '/dev/null']);
      }
    });
  }

  it('SM2: openssl dgst -sm3 -verify (distid 1234567812345678) accepts our signature over the signed attributes', async () => {
    // OpenSSL 3.0 cannot sign or verify SM2 inside CMS, so the signature is cross-checked on its own
    const k = key('sm2');
    const cms = await signDetached(softwareSigner(k), sm3(data), { alg: 'sm2-sm3' });
    const si = parseSignedData(cms).signers[0];
    const attrsF = path.join(work, 'sm2-attrs.der');
    const sigF = path.join(work, 'sm2-sig.der');
    const pubF = path.join(work, 'sm2-pub.pem');
    writeFileSync(attrsF, si.signedAttrs!);
    writeFileSync(sigF, si.signature);
    writeFileSync(pubF, openssl(['x509', '-in', k.certPath, '-pubkey', '-noout']));
    const out = openssl(['dgst', '-sm3', '-verify', pubF, '-sigopt', 'distid:1234567812345678', '-signature', sigF, attrsF]).toString();
    expect(out).toContain('Verified OK');
    expect(si.digestAlgorithm.oid).toBe('1.2.156.10197.1.401');
    expect(si.signatureAlgorithm.oid).toBe('1.2.156.10197.1.501');
  });

  for (const kind of ['rsa', 'ec-p256'] as const) {
    it(`verifies an OpenSSL-made detached SignedData (${kind})`, async () => {
      const k = key(kind);
      const dataF = path.join(work, 'data2.bin');
      writeFileSync(dataF, data);
      const der = openssl(['cms', '-sign', '-binary', '-outform', 'DER', '-in', dataF, '-signer', k.certPath, '-inkey', k.keyPath, '-md', 'sha256']);
      const r = await verifySignedData(der, data, { requireDetached: true });
      expect(r[0].intact, r[0].error?.message).toBe(true);
    });
  }
});

describe.skipIf(!hasVectors)('CMS parsing leaves the caller’s bytes alone', () => {
  it('does not modify a Node Buffer it parses (Buffer.slice aliases)', async () => {
    const der = readFileSync(vectorPath(`${dir}/p256_detached.cms`));
    const copy = Buffer.from(der);
    parseSignedData(der);
    expect(der.equals(copy)).toBe(true);
    expect((await verifySignedData(der, readFileSync(vectorPath(`${dir}/msg.txt`))))[0].intact).toBe(true);
  });
});
