// The whole NIST PKITS suite (2011 certificates and CRLs, each test's initial settings as published in
// ../shared/vectors/x509-pkits/vectors.json), table-driven. The first certificate of each test is the trust
// anchor, the last the target; the ones between are handed over as a pool (PKITS lists CRL-signing
// certificates there too), so the validator must build the path and find CRL issuers itself. Every CRL of the
// test is given and revocation is required for every certificate of the path. Zero wrong answers allowed.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { hasVectors, readVectorJson, vectorPath } from '../../helpers/vectors';
import { parseCertificate } from '../../../shared/pki/certificate';
import { parseCrlDer } from '../../../shared/pki/crl';
import { validatePath, type PathVerdict } from '../../../shared/pki/path-validation';

interface PkitsTest {
  Name: string;
  CertPath: string[];
  CRLPath: string[];
  ShouldValidate: boolean;
  InitialPolicySet: string[];
  InitialPolicyMappingInhibit: boolean;
  InitialExplicitPolicy: boolean;
  InitialAnyPolicyInhibit: boolean;
}

const DIR = 'x509-pkits';
const tests: PkitsTest[] = hasVectors ? readVectorJson<PkitsTest[]>(`${DIR}/vectors.json`) : [];
if (hasVectors && tests.length === 0) throw new Error('PKITS vectors.json is empty');
// inside every certificate's and CRL's validity (2010-01-01 … 2030-12-31)
const AT = new Date('2026-06-01T00:00:00Z');
const ANY_POLICY = '2.5.29.32.0';
/** NIST test policy names used in vectors.json → OIDs (PKITS §3.2: 2.16.840.1.101.3.2.1.48.n). */
const policyOid = (p: string): string => {
  if (p === 'anyPolicy') return ANY_POLICY;
  const m = /^NIST-test-policy-(\d+)$/.exec(p);
  if (!m) throw new Error(`unknown policy name ${p}`);
  return `2.16.840.1.101.3.2.1.48.${m[1]}`;
};

const cache = new Map<string, Uint8Array>();
const file = (sub: string, name: string): Uint8Array => {
  const key = `${sub}/${name}`;
  let b = cache.get(key);
  if (!b) cache.set(key, (b = new Uint8Array(readFileSync(vectorPath(`${DIR}/${key}`)))));
  return b;
};

const section = (name: string) => name.split(' ')[0].split('.').slice(0, 2).join('.');
const tally = new Map<string, { pass: number; total: number; wrong: string[] }>();

async function run(t: PkitsTest): Promise<PathVerdict> {
  const certs = t.CertPath.map((n) => parseCertificate(file('certs', n)));
  const crls = t.CRLPath.map((n) => parseCrlDer(file('crls', n)));
  return validatePath(certs[certs.length - 1], certs.slice(1, -1), [certs[0]], {
    at: AT,
    crls,
    crlCheck: 'all',
    initialPolicySet: t.InitialPolicySet.map(policyOid),
    initialExplicitPolicy: t.InitialExplicitPolicy,
    initialPolicyMappingInhibit: t.InitialPolicyMappingInhibit,
    initialAnyPolicyInhibit: t.InitialAnyPolicyInhibit,
  });
}

describe.skipIf(!hasVectors)('NIST PKITS (whole suite)', () => {
  afterAll(() => {
    const rows = [...tally].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
    const sum = rows.reduce((s, [, v]) => s + v.pass, 0);
    console.log(
      ['PKITS results per section (pass/total):', ...rows.map(([k, v]) => `  ${k}: ${v.pass}/${v.total}${v.wrong.length ? `  wrong: ${v.wrong.join('; ')}` : ''}`), `  all: ${sum}/${tests.length}`].join('\n'),
    );
  });

  it.each(tests.map((t) => [t.Name, t] as const))('%s', async (_name, t) => {
    let v: PathVerdict | undefined;
    let err: unknown;
    try {
      v = await run(t);
    } catch (e) {
      err = e;
    }
    const ok = v !== undefined && (v.status === 'valid') === t.ShouldValidate;
    const s = tally.get(section(t.Name)) ?? { pass: 0, total: 0, wrong: [] };
    s.total++;
    if (ok) s.pass++;
    else s.wrong.push(`${t.Name.split(' ')[0]}→${v?.status ?? `threw ${(err as Error)?.message}`}`);
    tally.set(section(t.Name), s);
    expect(err).toBeUndefined();
    expect(v!.status === 'valid', `${t.Name}: ${v!.status} ${JSON.stringify(v!.problems)}`).toBe(t.ShouldValidate);
  });
});
