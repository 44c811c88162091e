// Fuzzed CRLs (PKITS CRLs with a byte changed and/or truncated): parsing gives a CRL or E_BAD_ENCODING, and a
// path validated with whatever parsed never throws (a bad CRL is revocation evidence that does not count).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { hasVectors, vectorPath } from '../../helpers/vectors';
import { parseCertificate } from '../../../shared/pki/certificate';
import { parseCrlDer } from '../../../shared/pki/crl';
import { validatePath } from '../../../shared/pki/path-validation';
import { fuzzDer } from '../../helpers/errors';

const P = (d: string, n: string) => new Uint8Array(readFileSync(vectorPath(`x509-pkits/${d}/${n}`)));

describe.skipIf(!hasVectors)('fuzzed CRLs', () => {
  it('give a CRL or E_BAD_ENCODING; validation with them never throws', async () => {
    const [root, ca, leaf] = ['TrustAnchorRootCertificate.crt', 'GoodCACert.crt', 'ValidCertificatePathTest1EE.crt'].map((n) => parseCertificate(P('certs', n)));
    const rootCrl = parseCrlDer(P('crls', 'TrustAnchorRootCRL.crl'));
    const der = P('crls', 'GoodCACRL.crl');
    await fuzzDer(der, parseCrlDer, async (crl) => {
      const v = await validatePath(leaf, [ca], [root], { at: new Date('2026-06-01T00:00:00Z'), crls: [rootCrl, crl], crlCheck: 'all' });
      expect(['valid', 'revocation-unknown', 'revoked']).toContain(v.status);
    });
  });
});
