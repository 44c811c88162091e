// Third-party files read in place (../shared/vectors): every SM2 certificate, CRL and key of the GM/T 0010 /
// X.509 samples is named by identifyArtefact, and every openHiTLS RFC 5652 SignedData is named and verified
// by verifyMessage (the duplicate-contentType one must fail).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { identifyArtefact } from '../../../shared/cms/identify';
import { verifyMessage } from '../../../shared/cms/message';
import { hasVectors, vectorPath } from '../../helpers/vectors';

const d = hasVectors ? describe : describe.skip;
const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
  const p = path.join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : [p];
});

d('identifyArtefact on third-party samples', () => {
  it('names every certificate, CRL and key of gm-x509-cms', () => {
    const counts: Record<string, number> = {};
    for (const f of walk(vectorPath('gm-x509-cms'))) {
      const a = identifyArtefact(new Uint8Array(readFileSync(f)));
      expect(a.kind, f).not.toBe('unknown-asn1');
      counts[a.kind] = (counts[a.kind] ?? 0) + 1;
    }
    expect(counts.certificate).toBeGreaterThanOrEqual(50);
    expect(counts.crl).toBeGreaterThanOrEqual(20);
    expect(counts['encrypted-private-key']).toBeGreaterThanOrEqual(1);
  });
  it('names and verifies the openHiTLS SignedData samples', async () => {
    const dir = vectorPath('cms-rfc5652/openhitls');
    const msg = new Uint8Array(readFileSync(path.join(dir, 'msg.txt')));
    const files = walk(dir).filter((f) => f.endsWith('.cms'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const der = new Uint8Array(readFileSync(f));
      const a = identifyArtefact(der);
      expect(a.kind, f).toBe('cms');
      expect(a.message).toMatchObject({ type: 'signedData', flavour: 'rfc5652' });
      const v = await verifyMessage(der, a.message!.detached ? msg : undefined).catch((e) => ({ intact: false, error: e }));
      expect(v.intact, f).toBe(!/dup_contenttype/.test(f));
    }
  });
});
