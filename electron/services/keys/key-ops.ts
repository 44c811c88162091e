// Runs in Node. Key carrier operations for the UI: look inside a software key file, and make a test
// signature with a chosen certificate (token or file) that is verified at once, so a bidder knows
// before the deadline that the key, the PIN and the certificate work together. The PIN or password
// arrives with the request and is used for this call only.
import { openSoftwareKeystore } from '../../../shared/keystore/load';
import { parseCertificate } from '../../../shared/pki/certificate';
import { signDetached, verifySignedData, createContentHash } from '../../../shared/cms/signed-data';
import { BidSealError } from '../../../shared/errors';
import type { Signer } from '../../../shared/pki/carrier';
import type { z } from 'zod';
import { certView, fromB64 } from '../pki/certificates';
import type { CarrierRequest as CarrierRequestSchema } from '../../../shared/ipc/schemas';
import { defaultAlgorithm } from './signing';
import { openSoftwareKey } from './software-keys';
import { TokenSigner } from './pkcs11/token-carrier';
import { parsePkcs11Uri } from './pkcs11/uri';
import { pkcs11Modules, type TokenService } from './tokens';
import { SkfSigner } from './skf/carrier';

/** One PIN per request: asking again means the first one was wrong, which the login already reported. */
export const onePin = (pin: string) => {
  let asked = false;
  return async () => (asked ? null : ((asked = true), pin));
};
import type { CertView } from '../../../shared/ipc/contract';

export type CarrierRequest =
  | { kind: 'token'; uri: string; modulePath?: string; pin: string }
  | { kind: 'skf'; uri: string; pin: string }
  | { kind: 'identity'; id: string; secret: string }
  | { kind: 'software'; data: Uint8Array; password?: string; certificate?: Uint8Array; fileName?: string };

/**
 * The IPC form of a carrier (base64 payloads, shared/ipc/schemas.ts CarrierRequest) as the services take it.
 * A token's driver comes from its module id (never from a path in the request or a module-path in the URI).
 */
export function carrierOf(c: z.infer<typeof CarrierRequestSchema>, dataDir: string): CarrierRequest {
  if (c.kind === 'token') {
    const modules = pkcs11Modules(dataDir);
    if (c.moduleId) return { kind: 'token', uri: c.uri, pin: c.pin, modulePath: modules.resolve(c.moduleId) };
    // a URI kept from an earlier slot listing (the vault's token unlock) names its driver; it must be an allowed one
    const fromUri = parsePkcs11Uri(c.uri).modulePath;
    if (!fromUri || !modules.allows(fromUri)) throw new BidSealError('E_MODULE_NOT_ALLOWED', 'the URI names no installed or user-confirmed driver');
    return { kind: 'token', uri: c.uri, pin: c.pin, modulePath: fromUri };
  }
  if (c.kind === 'skf') return { kind: 'skf', uri: c.uri, pin: c.pin };
  if (c.kind === 'identity') return { kind: 'identity', id: c.id, secret: c.secret };
  return { kind: 'software', data: fromB64(c.data), ...(c.password !== undefined ? { password: c.password } : {}), ...(c.certificate ? { certificate: fromB64(c.certificate) } : {}), ...(c.fileName ? { fileName: c.fileName } : {}) };
}

export async function inspectSoftwareKey(data: Uint8Array, password?: string) {
  const ks = await openSoftwareKeystore(data, password);
  try {
    return {
      format: ks.format,
      entries: ks.entries.map((e) => ({ certificate: certView(parseCertificate(e.certificateDer)), keyKind: e.keyKind, canSign: Boolean(e.signer), canDecrypt: Boolean(e.decrypter) })),
      unpairedKeys: ks.unpairedKeys.length,
      protection: ks.protection,
    };
  } finally {
    ks.close();
  }
}

export type ConcreteCarrier = Exclude<CarrierRequest, { kind: 'identity' }>;

/** An identity of the key manager → the carrier it names, with the request's PIN or password. */
export function resolveIdentity(c: CarrierRequest, tokens: TokenService): ConcreteCarrier {
  if (c.kind !== 'identity') return c;
  if (!tokens.identities) throw new BidSealError('E_KEY_NOT_CHOSEN', 'no key manager');
  const i = tokens.identities.get(c.id);
  // an empty PIN would cost a retry on some keys: refused before the key sees it
  if (i.carrier.kind !== 'file' && !c.secret) throw new BidSealError('E_PIN_REQUIRED');
  if (i.carrier.kind === 'skf') return { kind: 'skf', uri: i.carrier.uri, pin: c.secret };
  if (i.carrier.kind === 'pkcs11') return { kind: 'token', uri: i.carrier.uri, pin: c.secret };
  return { kind: 'software', data: tokens.identities.keyFile(i), password: c.secret, fileName: i.carrier.fileName };
}

/** Opens the carrier of a request once (a token logs in with the request's PIN on first use); close() when done. */
export async function openSigner(req: CarrierRequest, tokens: TokenService): Promise<{ signer: Signer; close(): void }> {
  const c = resolveIdentity(req, tokens);
  if (c.kind === 'software') {
    const k = await openSoftwareKey(c.data, { password: async () => c.password ?? null, fileName: c.fileName ?? 'key file', ...(c.certificate ? { certificate: c.certificate } : {}) });
    if (!k.signer) {
      k.close();
      throw new BidSealError('E_INVALID_KEY', 'the certificate of this key does not allow signing');
    }
    return { signer: k.signer, close: k.close };
  }
  if (c.kind === 'skf') {
    const signer = await SkfSigner.open({ client: tokens.skfClientForUri(c.uri), uri: c.uri, getPin: onePin(c.pin) });
    return { signer, close: () => {} };
  }
  const uri = parsePkcs11Uri(c.uri);
  const modulePath = c.modulePath ?? uri.modulePath;
  if (!modulePath) throw new BidSealError('E_MODULE_NOT_FOUND', 'no PKCS#11 module in the request or the URI');
  let asked = false;
  const signer = await TokenSigner.open({
    client: tokens.client(modulePath),
    uri,
    modulePath,
    // One PIN per request: asking again means the first one was wrong, which login already reported.
    getPin: async () => (asked ? null : ((asked = true), c.pin)),
  });
  return { signer, close: () => {} };
}

export async function testSign(c: CarrierRequest, tokens: TokenService, signal?: AbortSignal): Promise<{ algorithm: string; signer: CertView; verified: boolean; signatureBytes: number }> {
  const { signer, close } = await openSigner(c, tokens);
  try {
    const alg = defaultAlgorithm(signer.certificateDer);
    const content = new TextEncoder().encode(`BidSeal test signature ${new Date().toISOString()}`);
    const digest = createContentHash(alg).update(content).digest();
    const cms = await signDetached(signer, digest, { alg, ...(signal ? { signal } : {}) });
    const [v] = await verifySignedData(cms, content, { requireDetached: true });
    return { algorithm: alg, signer: certView(parseCertificate(signer.certificateDer)), verified: Boolean(v?.intact), signatureBytes: cms.length };
  } finally {
    close();
  }
}
