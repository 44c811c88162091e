// The one armour detector (shared/asn1/armor.ts): every wrapping CA portals and web APIs put around ASN.1,
// checked on a real certificate and an OpenSSL PKCS#7, plus BER, and typed errors for everything else.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dearmor, dearmorStream, pemEncode, bytesToBase64 } from '../../../shared/asn1';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { hasVectors, openssl, readVector, vectorPath } from '../../helpers/vectors';
import { makeFixtures } from '../envelope/fixtures';
import { sealStream } from '../../../shared/envelope';
import { inspectFile, openFile } from '../../../electron/services/bid/envelope-file';
import { readFileSync } from 'node:fs';

const certDer = hasVectors ? new Uint8Array(readVector('gm-x509-cms/openhitls/cert/sm2_cert/sign.der')) : new Uint8Array(0);
const d = hasVectors ? describe : describe.skip;
const text = (s: string) => new TextEncoder().encode(s);

d('dearmor', () => {
  it('binary DER, and BER with indefinite lengths', () => {
    expect(dearmor(certDer)).toMatchObject({ armour: 'binary', encoding: 'der' });
    const ber = Uint8Array.of(0x30, 0x80, 0x02, 0x01, 0x05, 0x24, 0x80, 0x04, 0x01, 0xaa, 0x00, 0x00, 0x00, 0x00);
    const r = dearmor(ber);
    expect(r.encoding).toBe('ber');
    expect(r.der).toEqual(ber);
  });
  it('PEM under any label, JSON-escaped PEM, several blocks', () => {
    for (const label of ['CERTIFICATE', 'PKCS7', 'CMS', 'PKCS #7 SIGNED DATA', 'CFCA KEY', 'X509 CERTIFICATE']) {
      const r = dearmor(pemEncode(label, certDer));
      expect(r).toMatchObject({ armour: 'pem', label });
      expect(r.der).toEqual(certDer);
    }
    const json = JSON.stringify(pemEncode('PKCS7', certDer));
    expect(dearmor(json)).toMatchObject({ armour: 'json-string', label: 'PKCS7' });
    expect(dearmor(pemEncode('CERTIFICATE', certDer).replace(/\n/g, '\r\n') + pemEncode('CERTIFICATE', certDer)).all).toHaveLength(2);
  });
  it('bare base64 with and without line breaks, URL-safe, data: URL, hex, UTF-16 text', () => {
    const b64 = bytesToBase64(certDer);
    expect(dearmor(b64)).toMatchObject({ armour: 'base64', der: certDer });
    expect(dearmor(text(b64.replace(/(.{76})/g, '$1\r\n') + '\n')).der).toEqual(certDer);
    expect(dearmor(b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')).der).toEqual(certDer);
    expect(dearmor(`data:application/pkcs7-mime;base64,${b64}`)).toMatchObject({ armour: 'data-url', der: certDer });
    expect(dearmor(JSON.stringify(b64))).toMatchObject({ armour: 'json-string', der: certDer });
    expect(dearmor(Buffer.from(certDer).toString('hex'))).toMatchObject({ armour: 'hex', der: certDer });
    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pemEncode('CERTIFICATE', certDer), 'utf16le')]);
    expect(dearmor(new Uint8Array(u16)).der).toEqual(certDer);
  });
  it('an OpenSSL PEM PKCS7 bundle decodes to the DER OpenSSL writes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-armor-'));
    const pem = openssl(['x509', '-inform', 'DER', '-in', vectorPath('gm-x509-cms/openhitls/cert/sm2_cert/sign.der')]).toString();
    writeFileSync(path.join(dir, 'c.pem'), pem);
    const p7pem = openssl(['crl2pkcs7', '-nocrl', '-certfile', path.join(dir, 'c.pem')]).toString();
    const p7der = openssl(['crl2pkcs7', '-nocrl', '-certfile', path.join(dir, 'c.pem'), '-outform', 'DER']);
    expect(dearmor(p7pem).der).toEqual(new Uint8Array(p7der));
  });
  it('names what it found when nothing fits', () => {
    const cases: Array<[Uint8Array | string, RegExp]> = [
      [text('%PDF-1.7\n...'), /PDF/],
      [Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 1, 2, 3), /ZIP/],
      [new Uint8Array(0), /empty/],
      ['<?xml version="1.0"?><a/>', /XML/],
      ['hello world, not a certificate', /text starting "hello/],
      [pemEncode('CERTIFICATE', certDer), /PEM labelled CERTIFICATE/],
    ];
    for (const [input, re] of cases) {
      let err: unknown;
      try {
        dearmor(input, typeof input === 'string' && input.includes('BEGIN') ? { label: /PKCS7/ } : {});
      } catch (e) {
        err = e;
      }
      expect(isBidSealError(err) && err.code).toBe('E_ARMOUR_UNKNOWN');
      expect((err as BidSealError).message).toMatch(re);
    }
  });
  it('random and truncated input gives typed errors only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(certDer.length), (junk, cut) => {
        for (const input of [junk, certDer.subarray(0, cut), bytesToBase64(junk)]) {
          try {
            dearmor(input);
          } catch (e) {
            if (!isBidSealError(e)) throw e;
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('armoured envelopes open (the `unexpected tag 0x2d` refusal is gone)', () => {
  it('PEM and base64 envelopes are inspected and opened like DER', async () => {
    const fx = makeFixtures(['sm2b']);
    try {
      const chunks: Uint8Array[] = [];
      for await (const c of sealStream([text('bid content 投标')], { recipients: [{ certificate: fx.cert('sm2b') }], contentCipher: 'sm4-cbc' })) chunks.push(c);
      const der = new Uint8Array(Buffer.concat(chunks));
      for (const [name, body] of [['env.pem', pemEncode('PKCS7', der)], ['env.b64', bytesToBase64(der)]] as const) {
        const f = path.join(fx.dir, name);
        writeFileSync(f, body);
        expect((await inspectFile(f)).profile).toBe('gmt0010');
        const out = path.join(fx.dir, `${name}.out`);
        await openFile(f, out, fx.decrypter('sm2b'));
        expect(readFileSync(out, 'utf8')).toBe('bid content 投标');
      }
      const chunksOut: Uint8Array[] = [];
      for await (const c of dearmorStream((async function* () { yield text(pemEncode('CMS', der).slice(0, 10)); yield text(pemEncode('CMS', der).slice(10)); })())) chunksOut.push(c);
      expect(new Uint8Array(Buffer.concat(chunksOut))).toEqual(der);
    } finally {
      fx.cleanup();
    }
  });
});
