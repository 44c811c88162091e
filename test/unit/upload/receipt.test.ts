// Receipts 'bidseal-receipt/1': signed with the demo platform's SM2 receipt key, verified against the
// platform's certificate; a flipped byte, another signer, a different file and garbage are all refused
// with their own codes; OpenSSL reads the same structure.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SoftwareSigner } from '../../../shared/keystore/software-carrier';
import { parseCertificate } from '../../../shared/pki/certificate';
import { pemEncode } from '../../../shared/asn1';
import { readReceiptPayload, signReceipt, verifyReceipt, type ReceiptPayloadInput } from '../../../shared/receipt/receipt';
import { DEMO_PKI_DIR, loadPki } from '../../../platform-server/server';
import { hasOpenssl } from '../../helpers/vectors';

const payload: ReceiptPayloadInput = {
  platformId: 'reference',
  uploadId: '4f1c0a9e8b7d6c5e4f3a2b1c0d9e8f7a',
  fileName: '投标文件.p7m',
  size: 1_234_567,
  sha256: 'a'.repeat(64),
  sm3: 'b'.repeat(64),
  receivedAt: '2027-03-01T09:30:00.000Z',
  bidder: '某某建设集团有限公司',
  tender: 'REF-2026-0007',
};

async function signed(p: ReceiptPayloadInput = payload) {
  const pki = await loadPki(DEMO_PKI_DIR);
  const signer = new SoftwareSigner(pki.receiptKeyPem, parseCertificate(pki.receiptCertPem).der);
  return { pki, der: await signReceipt(p, signer) };
}
const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code);

describe('upload receipts', () => {
  it('verifies against the platform receipt certificate and gives the payload back', async () => {
    const { pki, der } = await signed();
    const v = await verifyReceipt(der, pki.receiptCertPem, { sha256: payload.sha256, size: payload.size, platformId: 'reference' });
    expect(v.payload).toEqual({ format: 'bidseal-receipt/1', ...payload });
    expect(v.signatureAlgorithm).toBe('SM2-SM3');
    expect(v.signingTime).toBe('2027-03-01T09:30:00.000Z');
    expect(v.signer.subject).toMatch(/Reference Platform Receipts \(DEMO\)/);
    // PEM and the bare payload reader
    expect((await verifyReceipt(pemEncode('CMS', der), pki.receiptCertPem)).payload.uploadId).toBe(payload.uploadId);
    expect(readReceiptPayload(der).fileName).toBe('投标文件.p7m');
  });

  it('rejects a tampered receipt (any flipped byte of the payload or the signature)', async () => {
    const { pki, der } = await signed();
    const text = new TextDecoder('latin1').decode(der);
    const at = text.indexOf('1234567');
    expect(at).toBeGreaterThan(0);
    const t1 = der.slice();
    t1[at] = '2'.charCodeAt(0); // size 2234567
    expect(await code(verifyReceipt(t1, pki.receiptCertPem))).toBe('E_RECEIPT_INVALID');
    const t2 = der.slice();
    t2[der.length - 10] ^= 0x01; // inside the signature value
    expect(await code(verifyReceipt(t2, pki.receiptCertPem))).toBe('E_RECEIPT_INVALID');
    expect(await code(verifyReceipt(der.subarray(0, der.length - 40), pki.receiptCertPem))).toBe('E_RECEIPT_INVALID');
    expect(await code(verifyReceipt(new TextEncoder().encode('{"uploadId":"x"}'), pki.receiptCertPem))).toBe('E_RECEIPT_INVALID');
  });

  it('rejects a receipt signed by another certificate, and one for another file', async () => {
    const { pki, der } = await signed();
    // genuine signature, but checked against the platform's ENCRYPTION certificate
    expect(await code(verifyReceipt(der, pki.encryptionCertPem))).toBe('E_RECEIPT_WRONG_SIGNER');
    expect(await code(verifyReceipt(der, pki.receiptCertPem, { sha256: 'c'.repeat(64) }))).toBe('E_RECEIPT_MISMATCH');
    expect(await code(verifyReceipt(der, pki.receiptCertPem, { size: 1 }))).toBe('E_RECEIPT_MISMATCH');
    expect(await code(verifyReceipt(der, pki.receiptCertPem, { platformId: 'other' }))).toBe('E_RECEIPT_MISMATCH');
    expect(await code(signReceipt({ ...payload, sha256: 'xyz' }, new SoftwareSigner(pki.receiptKeyPem, parseCertificate(pki.receiptCertPem).der)))).not.toBe('ok');
  });

  it.skipIf(!hasOpenssl)('is a plain CMS SignedData: OpenSSL verifies an ECDSA-signed receipt and prints the payload', async () => {
    // OpenSSL 3.0's CMS code cannot verify SM2 SignerInfos (no SM2 ID handling there), so the interop check
    // uses a P-256 receipt key; the structure is the same for every algorithm.
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-receipt-'));
    try {
      const f = (n: string) => path.join(dir, n);
      execFileSync('openssl', ['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('k.pem'), '-out', f('c.pem'), '-subj', '/CN=Receipt ECDSA', '-days', '400'], { stdio: 'pipe' });
      const pem = (n: string) => execFileSync('cat', [f(n)]).toString();
      const signer = new SoftwareSigner(pem('k.pem'), parseCertificate(pem('c.pem')).der);
      const der = await signReceipt({ ...payload, receivedAt: new Date().toISOString() }, signer);
      expect((await verifyReceipt(der, pem('c.pem'))).signatureAlgorithm).toMatch(/ECDSA/);
      writeFileSync(f('r.p7m'), der);
      const out = execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', f('r.p7m'), '-CAfile', f('c.pem'), '-purpose', 'any'], { stdio: ['ignore', 'pipe', 'pipe'] });
      expect(JSON.parse(out.toString('utf8'))).toMatchObject({ format: 'bidseal-receipt/1', uploadId: payload.uploadId, fileName: '投标文件.p7m' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
