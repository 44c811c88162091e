// The seal pre-flight's revocation check end to end: a fresh OpenSSL chain, its root imported into a data
// folder's trust store, CRLs (root's and intermediate's, made by `openssl ca -gencrl`) in the offline
// revocation cache; each recipient validated at the opening time with evidence current now. Revoked → FAIL;
// unknown → FAIL under the hard policy (default), WARN under the soft one; good → PASS with the evidence named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { parseCertificate } from '../../../shared/pki/certificate';
import { preflightChecks } from '../../../shared/bid/preflight';
import { planRevocation } from '../../../electron/services/bid/seal-plan';
import { importTrustBytes } from '../../../electron/services/pki/trust-store';
import { revocationCacheDir } from '../../../electron/services/pki/revocation-fetch';
import { writeFileAtomic } from '../../../electron/services/fs/atomic-write';
import { makeChain, removeTempDirs, tempDir, type FreshChain } from './pki-openssl';
import { mkdirSync } from 'node:fs';

function rootCrl(c: FreshChain): string {
  const f = (n: string) => path.join(c.dir, n);
  writeFileSync(f('root-index.txt'), '');
  writeFileSync(f('root-crlnumber'), '10\n');
  writeFileSync(f('root-ca.cnf'), `[ca]\ndefault_ca=d\n[d]\ndatabase=${f('root-index.txt')}\ncrlnumber=${f('root-crlnumber')}\ndefault_md=sha256\ndefault_crl_days=1\ncrl_extensions=x\n[x]\nauthorityKeyIdentifier=keyid\n`);
  openssl(['ca', '-config', f('root-ca.cnf'), '-keyfile', f('root.key'), '-cert', f('root.pem'), '-gencrl', '-out', f('root-crl.pem')]);
  return f('root-crl.pem');
}

async function cache(dataDir: string, crls: string[]): Promise<void> {
  const dir = revocationCacheDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const index = [];
  for (const [i, file] of crls.entries()) {
    const der = openssl(['crl', '-in', file, '-outform', 'DER']);
    await writeFileAtomic(path.join(dir, `crl-${i}.der`), der);
    index.push({ file: `crl-${i}.der`, kind: 'crl', url: `http://crl.example/${i}.crl`, fetchedAt: new Date().toISOString() });
  }
  writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index));
}

describe.skipIf(!hasOpenssl)('pre-flight revocation at the opening time', () => {
  let c: FreshChain;
  let root: string;
  const opening = new Date(Date.now() + 7 * 86_400_000);
  beforeAll(() => {
    c = makeChain('rsa', { crls: true, leafKeyUsage: 'keyEncipherment' });
    root = rootCrl(c);
  }, 60_000);
  afterAll(removeTempDirs);

  const setup = async (crls: string[]) => {
    const dataDir = tempDir('bidseal-preflight-');
    await importTrustBytes(dataDir, readFileSync(c.anchor), { by: 'user' });
    await cache(dataDir, crls);
    return dataDir;
  };
  const leafAndInter = () => [parseCertificate(readFileSync(c.leaf, 'utf8')), parseCertificate(readFileSync(c.inter!, 'utf8'))];

  it('good: PASS, evidence names the CRL', async () => {
    const dataDir = await setup([root, c.crlEmpty!]);
    const [leaf, inter] = leafAndInter();
    const rev = await planRevocation(dataDir, [leaf], { openingTime: opening, now: new Date() });
    // the leaf alone does not chain: the intermediate comes from the trust store only when imported
    expect(rev.byCert[leaf.fingerprints.sha256].outcome).toBe('untrusted');
    await importTrustBytes(dataDir, readFileSync(c.inter!), { by: 'user' });
    const rev2 = await planRevocation(dataDir, [leaf, inter], { openingTime: opening });
    expect(rev2.byCert[leaf.fingerprints.sha256]).toMatchObject({ outcome: 'good', evidence: expect.stringContaining('CRL') });
    const r = preflightChecks({ recipients: [{ cert: leaf, role: 'platform' }], openingTime: opening, custody: { kind: 'single' }, revocation: rev2 });
    expect(r.checks.find((x) => x.id === 'recipientRevocation')).toMatchObject({ status: 'pass' });
  });

  it('revoked: FAIL with date and reason', async () => {
    const dataDir = await setup([root, c.crlRevoked!]);
    await importTrustBytes(dataDir, readFileSync(c.inter!), { by: 'user' });
    const [leaf] = leafAndInter();
    const rev = await planRevocation(dataDir, [leaf], { openingTime: opening });
    expect(rev.byCert[leaf.fingerprints.sha256]).toMatchObject({ outcome: 'revoked', date: expect.any(String) });
    const r = preflightChecks({ recipients: [{ cert: leaf, role: 'platform' }], openingTime: opening, custody: { kind: 'single' }, revocation: rev });
    expect(r.ok).toBe(false);
    expect(r.checks.find((x) => x.id === 'recipientRevocation')).toMatchObject({ status: 'fail' });
  });

  it('unknown (no CRL from the issuer of the leaf): FAIL when hard, WARN when soft', async () => {
    const dataDir = await setup([root]);
    await importTrustBytes(dataDir, readFileSync(c.inter!), { by: 'user' });
    const [leaf] = leafAndInter();
    for (const policy of ['hard', 'soft'] as const) {
      const rev = await planRevocation(dataDir, [leaf], { openingTime: opening, policy });
      expect(rev.byCert[leaf.fingerprints.sha256].outcome).toBe('unknown');
      const r = preflightChecks({ recipients: [{ cert: leaf, role: 'platform' }], openingTime: opening, custody: { kind: 'single' }, revocation: rev });
      expect(r.checks.find((x) => x.id === 'recipientRevocation')?.status).toBe(policy === 'hard' ? 'fail' : 'warn');
    }
  });
});
