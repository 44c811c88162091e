// Runs anywhere (pure). PEM (RFC 7468, with the RFC 1421 headers of legacy OpenSSL encrypted keys).
import { bad } from './assert';
import { base64ToBytes, bytesToBase64 } from '../encoding/base64';

export interface PemBlock {
  label: string;
  der: Uint8Array;
  /** RFC 1421 headers (e.g. Proc-Type: 4,ENCRYPTED of legacy OpenSSL encrypted keys) */
  headers: Record<string, string>;
}

/** All PEM blocks in a text. Rejects bad base64 (E_BAD_ENCODING). */
export function pemDecodeAll(text: string): PemBlock[] {
  if (typeof text !== 'string') bad('PEM: expected text');
  const out: PemBlock[] = [];
  // any label (RFC 7468 §3 allows more than [A-Z0-9 ]: "PKCS #7 SIGNED DATA", "CFCA KEY", ...)
  const re = /-----BEGIN ([^-\r\n][^\r\n]*?)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const headers: Record<string, string> = {};
    const body: string[] = [];
    for (const line of m[2].split(/\r?\n/)) {
      const h = /^([A-Za-z-]+):\s*(.*)$/.exec(line.trim());
      if (h) headers[h[1]] = h[2];
      else body.push(line.trim());
    }
    const b64 = body.join('');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) bad(`PEM ${m[1]}: invalid base64`);
    out.push({ label: m[1], der: base64ToBytes(b64), headers });
  }
  return out;
}

/** PEM-encodes DER with 64-column lines. */
export function pemEncode(label: string, der: Uint8Array): string {
  const b64 = bytesToBase64(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
