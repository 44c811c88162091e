// Runs in Node (tests). Builds CFCA SADK ".sm2" key files independently of BidSeal's code, with OpenSSL only:
// d from `openssl ec -outform DER`, K = SM3(password ‖ 00000001) from `openssl dgst -sm3`, SM4-CBC from
// `openssl enc -sm4-cbc` (IV = K[0..16], key = K[16..32], PKCS#7 padding), DER from `openssl asn1parse
// -genconf`. No third-party CFCA sample is committed; docs/key-files.md describes the format.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openssl } from '../../helpers/vectors';

export interface CfcaFixtureOptions {
  /** write the leading version INTEGER (SADK 3.x); default true */
  version?: boolean;
  /** '1.2.156.10197.1.104' (SADK) or '1.2.156.10197.1.104.2' */
  algorithm?: string;
  /** take d from this key instead (a file whose key does not match its certificate) */
  otherKeyPath?: string;
}

/** The 32-byte private scalar of an SM2 key file, as OpenSSL reads it. */
export function opensslPrivateScalar(keyPath: string): Buffer {
  const sec1 = openssl(['ec', '-in', keyPath, '-outform', 'DER']);
  // ECPrivateKey ::= SEQUENCE { 02 01 01, 04 20 <d>, ... }
  const i = sec1.indexOf(Buffer.from([0x02, 0x01, 0x01, 0x04, 0x20]));
  return sec1.subarray(i + 5, i + 5 + 32);
}

export function buildCfcaKeyFile(dir: string, keyPath: string, certPath: string, password: string, o: CfcaFixtureOptions = {}): Buffer {
  let d = opensslPrivateScalar(o.otherKeyPath ?? keyPath);
  while (d.length > 1 && d[0] === 0) d = d.subarray(1); // SADK writes d without leading zeros
  const k = openssl(['dgst', '-sm3', '-binary'], Buffer.concat([Buffer.from(password, 'utf8'), Buffer.from([0, 0, 0, 1])]));
  const enc = openssl(['enc', '-sm4-cbc', '-K', k.subarray(16).toString('hex'), '-iv', k.subarray(0, 16).toString('hex')], d);
  const cert = openssl(['x509', '-in', certPath, '-outform', 'DER']);
  const conf = [
    'asn1=SEQUENCE:top',
    '[top]',
    ...(o.version === false ? [] : ['v=INTEGER:1']),
    'k=SEQUENCE:key',
    'c=SEQUENCE:cert',
    '[key]',
    't=OID:1.2.156.10197.6.1.4.2.1',
    `a=OID:${o.algorithm ?? '1.2.156.10197.1.104'}`,
    `e=FORMAT:HEX,OCTETSTRING:${enc.toString('hex')}`,
    '[cert]',
    't=OID:1.2.156.10197.6.1.4.2.1',
    `c=FORMAT:HEX,OCTETSTRING:${cert.toString('hex')}`,
  ].join('\n');
  const cf = path.join(dir, 'cfca.cnf');
  writeFileSync(cf, conf + '\n');
  const out = path.join(dir, 'cfca.der');
  openssl(['asn1parse', '-genconf', cf, '-out', out, '-noout']);
  return readFileSync(out);
}

/** PEM "CFCA KEY" as SADK exports it (76-column base64). */
export function cfcaPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{76})/g, '$1\n');
  return `-----BEGIN CFCA KEY-----\n${b64}\n-----END CFCA KEY-----\n`;
}
