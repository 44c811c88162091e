// Runs in Node (tests). An in-process RFC 3161 timestamp authority on 127.0.0.1: a test root CA and a TSA
// certificate (extKeyUsage critical timeStamping) made by openssl, TSTInfo built here and signed with our own
// CMS code — or, in mode 'openssl', the whole reply made by `openssl ts -reply` (a third-party token).
// Hostile modes answer the ways real TSAs fail: rejection, wrong nonce or imprint, garbage, silence, floods.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { assembleSignedData, buildSignedAttributes, digestToSign, OIDS } from '../../shared/cms/signed-data';
import { certFields } from '../../shared/cms/cert-fields';
import { explicit, integer, oid, seq, tlv, children, oidToString, readTlv } from '../../shared/asn1';
import { softwareSigner, type TestKey } from './pdf';

export type TsaMode = 'ok' | 'openssl' | 'reject' | 'wrong-nonce' | 'wrong-imprint' | 'bad-signature' | 'garbage' | 'http-500' | 'wrong-type' | 'silent' | 'flood' | 'grow';

export interface TestTsa {
  url: string;
  mode: TsaMode;
  /** PEM paths and DER of the TSA's root and its own certificate */
  caPath: string;
  caDer: Uint8Array;
  certPath: string;
  certDer: Uint8Array;
  /** every request received: imprint digest OID, certReq, nonce (hex) */
  requests: { digestOid: string; certReq: boolean; nonce?: string }[];
  close(): Promise<void>;
}

const run = (args: string[], cwd: string): Buffer => execFileSync('openssl', args, { cwd, stdio: 'pipe' });

/** Root CA + TSA certificate (P-256 by default: fast to generate; 'rsa' for an RSA TSA). */
function makeTsaPki(dir: string, kind: 'rsa' | 'ec-p256'): { ca: string; key: TestKey } {
  const gen = kind === 'rsa' ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'] : ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  run(['genpkey', ...gen, '-out', 'tsa-ca.key'], dir);
  run(['req', '-new', '-x509', '-key', 'tsa-ca.key', '-out', 'tsa-ca.crt', '-days', '30', '-subj', '/CN=BidSeal Test TSA Root/O=BidSeal Test', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  run(['genpkey', ...gen, '-out', 'tsa.key'], dir);
  run(['req', '-new', '-key', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=BidSeal Test TSA/O=BidSeal Test'], dir);
  writeFileSync(path.join(dir, 'tsa.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n');
  run(['x509', '-req', '-in', 'tsa.csr', '-CA', 'tsa-ca.crt', '-CAkey', 'tsa-ca.key', '-CAcreateserial', '-out', 'tsa.crt', '-days', '30', '-sha256', '-extfile', 'tsa.ext'], dir);
  const certDer = new Uint8Array(run(['x509', '-in', 'tsa.crt', '-outform', 'DER'], dir));
  const keyPath = path.join(dir, 'tsa.key');
  return { ca: path.join(dir, 'tsa-ca.crt'), key: { kind, keyPath, certPath: path.join(dir, 'tsa.crt'), certDer, keyPem: readFileSync(keyPath, 'utf8') } };
}

/** GeneralizedTime with milliseconds, as real TSAs write it. */
const genTime = (d: Date): Uint8Array => tlv(0x18, new TextEncoder().encode(d.toISOString().replace(/[-:T]/g, '').replace(/\.(\d+)Z$/, (_, ms: string) => `.${ms.replace(/0+$/, '')}Z`).replace('.Z', 'Z')));

export async function startTestTsa(dir: string, o: { kind?: 'rsa' | 'ec-p256'; mode?: TsaMode; policy?: string } = {}): Promise<TestTsa> {
  const { ca, key } = makeTsaPki(dir, o.kind ?? 'ec-p256');
  const policy = o.policy ?? '1.3.6.1.4.1.99999.1.1';
  const signer = softwareSigner(key);
  const alg = key.kind === 'rsa' ? 'rsa-pkcs1-sha256' : 'ecdsa-sha256';
  const caDer = new Uint8Array(run(['x509', '-in', ca, '-outform', 'DER'], dir));
  writeFileSync(path.join(dir, 'tsa.serial'), '01\n');
  writeFileSync(
    path.join(dir, 'tsa.cnf'),
    ['[ tsa ]', 'default_tsa = t', '[ t ]', `serial = ${path.join(dir, 'tsa.serial')}`, `signer_cert = ${key.certPath}`, `certs = ${ca}`, `signer_key = ${key.keyPath}`, 'signer_digest = sha256', `default_policy = ${policy}`, 'digests = sha256, sha384, sha512, sm3', 'accuracy = secs:1', 'tsa_name = yes', 'ess_cert_id_alg = sha256', ''].join('\n'),
  );
  let serial = 1000;
  let served = 0;

  async function reply(req: Uint8Array, tsa: TestTsa): Promise<{ status: number; type: string; body: Uint8Array } | null> {
    const f = children(readTlv(req).v);
    const imprint = f[1];
    const digestOid = oidToString(children(children(imprint.v)[0].v)[0].v);
    const nonceTlv = f.find((x) => x.tag === 0x02 && x !== f[0]);
    const certReq = f.some((x) => x.tag === 0x01 && x.v[0] !== 0);
    tsa.requests.push({ digestOid, certReq, ...(nonceTlv ? { nonce: Buffer.from(nonceTlv.v).toString('hex') } : {}) });
    const mode = tsa.mode;
    const ok = (body: Uint8Array) => ({ status: 200, type: 'application/timestamp-reply', body });
    if (mode === 'silent') return null;
    if (mode === 'http-500') return { status: 500, type: 'text/plain', body: new TextEncoder().encode('down') };
    if (mode === 'wrong-type') return { status: 200, type: 'text/html', body: new TextEncoder().encode('<html>') };
    if (mode === 'garbage') return ok(new TextEncoder().encode('this is not DER'));
    if (mode === 'flood') return ok(new Uint8Array(2 << 20));
    if (mode === 'reject') {
      // PKIStatusInfo { rejection, statusString, failInfo badAlg }
      return ok(seq(seq(integer(2), seq(tlv(0x0c, new TextEncoder().encode('unsupported algorithm'))), Uint8Array.of(0x03, 0x02, 0x07, 0x80))));
    }
    if (mode === 'openssl') {
      writeFileSync(path.join(dir, 'q.tsq'), req);
      run(['ts', '-reply', '-config', 'tsa.cnf', '-queryfile', 'q.tsq', '-out', 'r.tsr'], dir);
      return ok(new Uint8Array(readFileSync(path.join(dir, 'r.tsr'))));
    }
    let imprintRaw = imprint.raw;
    if (mode === 'wrong-imprint') {
      imprintRaw = Uint8Array.from(imprintRaw);
      imprintRaw[imprintRaw.length - 1] ^= 1;
    }
    let nonce = nonceTlv?.raw;
    if (mode === 'wrong-nonce') nonce = integer(123456789);
    const tstInfo = seq(
      integer(1),
      oid(policy),
      imprintRaw,
      integer(serial++),
      genTime(new Date()),
      seq(integer(1)), // accuracy: 1 s
      ...(nonce ? [nonce] : []),
      explicit(0, explicit(4, certFields(key.certDer).subject.raw)), // tsa: directoryName
    );
    const signedAttrs = buildSignedAttributes({ contentDigest: new Uint8Array(createHash('sha256').update(tstInfo).digest()), alg, certificateDer: key.certDer, contentType: OIDS.tstInfo });
    const signature = await signer.signDigest(digestToSign(signedAttrs, alg, key.certDer), alg);
    if (mode === 'bad-signature') signature[signature.length - 5] ^= 1;
    // 'grow': the dry run gets a plain token, later ones carry extra certificates (a TSA that changed its chain)
    const chain = mode === 'grow' && served++ > 0 ? [caDer, caDer, caDer, caDer] : [caDer];
    const token = assembleSignedData({ signedAttrs, signature, alg, certificateDer: key.certDer, chain, eContentType: OIDS.tstInfo, eContent: tstInfo });
    return ok(seq(seq(integer(0)), token));
  }

  const tsa: TestTsa = { url: '', mode: o.mode ?? 'ok', caPath: ca, caDer, certPath: key.certPath, certDer: key.certDer, requests: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query') {
        res.writeHead(400).end();
        return;
      }
      reply(new Uint8Array(Buffer.concat(parts)), tsa).then(
        (r) => {
          if (!r) return; // 'silent': never answers (the client's deadline fires)
          res.writeHead(r.status, { 'Content-Type': r.type, 'Content-Length': r.body.length }).end(r.body);
        },
        (e: unknown) => res.writeHead(500).end(String(e)),
      );
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  tsa.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  tsa.close = () =>
    new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    });
  return tsa;
}

/** The token of the first SignerInfo's signatureTimeStampToken in a CMS (for openssl ts -verify). */
export function tokenOf(cms: Uint8Array): Uint8Array {
  const sd = readTlv(children(readTlv(cms).v)[1].v);
  const signerInfos = children(sd.v).at(-1)!;
  const si = children(children(signerInfos.v)[0].v);
  const unsigned = si.find((x) => x.tag === 0xa1)!;
  for (const a of children(unsigned.v)) {
    const [t, vals] = children(a.v);
    if (oidToString(t.v) === OIDS.signatureTimeStampToken) return children(vals.v)[0].raw;
  }
  throw new Error('no signatureTimeStampToken');
}
