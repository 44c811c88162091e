// Runs in Node. Detached CMS signatures over files of any size: the file is hashed locally in a
// stream, the key carrier (token or software key) signs only the digest of the signed attributes.
// Used by `bidseal sign|verify` and by the IPC signing operations.
import type { Signer, SignatureAlgorithm } from '../../../shared/pki/carrier';
import { createContentHash, signDetached, verifySignedData, type SignerVerification } from '../../../shared/cms/signed-data';
import { getDigest } from '../../../shared/crypto/algorithms';
import { parseCertificate } from '../../../shared/pki/certificate';
import { BidSealError } from '../../../shared/errors';
import { readFileChunks } from '../fs/file-read';
import { Pkcs11Client } from './pkcs11/client';
import { TokenSigner, type GetPin } from './pkcs11/token-carrier';
import { parsePkcs11Uri } from './pkcs11/uri';
import { resolveModulePath } from './pkcs11/discovery';

/** The signature scheme a certificate's key calls for (SM2 → SM2-with-SM3, as Chinese practice does). */
export function defaultAlgorithm(certificateDer: Uint8Array): SignatureAlgorithm {
  const k = parseCertificate(certificateDer).publicKey;
  if (k.kind === 'sm2') return 'sm2-sm3';
  if (k.kind === 'ec') return k.bits > 256 ? 'ecdsa-sha384' : 'ecdsa-sha256';
  if (k.kind === 'rsa') return 'rsa-pkcs1-sha256';
  throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `no signature scheme for a ${k.name} key`);
}

export async function digestFile(path: string, digestName: string, onBytes?: (n: number) => void, signal?: AbortSignal): Promise<Uint8Array> {
  const h = getDigest(digestName).create();
  for await (const c of readFileChunks(path, onBytes, signal)) h.update(c);
  return h.digest();
}

export async function signFileDetached(signer: Signer, path: string, opts: { alg?: SignatureAlgorithm; chain?: Uint8Array[]; onBytes?: (n: number) => void; signal?: AbortSignal } = {}): Promise<{ cms: Uint8Array; alg: SignatureAlgorithm }> {
  const alg = opts.alg ?? defaultAlgorithm(signer.certificateDer);
  if (!signer.algorithms.includes(alg)) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `this key cannot sign with ${alg}`);
  const h = createContentHash(alg);
  for await (const c of readFileChunks(path, opts.onBytes, opts.signal)) h.update(c);
  const cms = await signDetached(signer, h.digest(), { alg, ...(opts.chain ? { chain: opts.chain } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
  return { cms, alg };
}

export function verifyFileDetached(cms: Uint8Array, path: string, opts: { sm2LenientId?: boolean } = {}): Promise<SignerVerification[]> {
  return verifySignedData(cms, { digest: (oid) => digestFile(path, oid) }, { requireDetached: true, ...opts });
}

/** Opens a signer on a PKCS#11 token addressed by a pkcs11: URI (module from the URI or given). */
export async function openTokenSigner(uri: string, getPin: GetPin, modulePath?: string, env?: NodeJS.ProcessEnv): Promise<{ signer: TokenSigner; close(): Promise<void> }> {
  const parsed = parsePkcs11Uri(uri);
  const mod = modulePath ?? parsed.modulePath;
  if (!mod) throw new BidSealError('E_MODULE_NOT_FOUND', 'no PKCS#11 module: give --module or module-path in the URI');
  const client = new Pkcs11Client({ modulePath: resolveModulePath(mod), ...(env ? { env } : {}) });
  try {
    const signer = await TokenSigner.open({ client, uri: parsed, getPin, modulePath: mod });
    return { signer, close: () => client.close() };
  } catch (e) {
    await client.close();
    throw e;
  }
}
