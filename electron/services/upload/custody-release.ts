// Runs in Node. The bidder's part in a joint-custody opening (开标, BIDSEAL-CUSTODY/1, docs/formats/custody.md):
// the bidder's carrier unwraps the content-encryption key of ITS OWN share envelope and hands that key
// over (the private key stays on the token). The key opens only that small share envelope, never the
// bid, so the platform still needs its own share as well. The share is decrypted here first, so a key
// that does not open it is never released. Key transport recipients (SM2, RSA) only.
import { BidSealError } from '../../../shared/errors';
import { inspectCustody } from '../../../shared/bid/custody';
import { findRecipient, openStream } from '../../../shared/envelope';
import type { EnvelopeDecrypter } from '../../../shared/envelope/recipients';
import { parseCertificate } from '../../../shared/pki/certificate';
import { pemEncode } from '../../../shared/asn1';
import { readFileChunks } from '../fs/file-read';

export interface ReleasedCustodyKey {
  certificatePem: string;
  /** base64 */
  key: string;
}

export async function releaseCustodyKey(sealedPath: string, decrypter: EnvelopeDecrypter, signal?: AbortSignal): Promise<ReleasedCustodyKey> {
  const info = await inspectCustody(readFileChunks(sealedPath, undefined, signal));
  const cert = parseCertificate(decrypter.certificateDer);
  const i = info.envelopes.findIndex((e) => findRecipient(e, cert));
  if (i < 0) throw new BidSealError('E_NOT_A_RECIPIENT', 'none of the custody shares is sealed to this certificate');
  let key: Uint8Array | undefined;
  const recording: EnvelopeDecrypter = {
    certificateDer: decrypter.certificateDer,
    algorithms: decrypter.algorithms,
    unwrapKey: async (wrapped, alg, s) => {
      const k = await decrypter.unwrapKey(wrapped, alg, s);
      key = k.slice();
      return k;
    },
  };
  const env = await openStream([Uint8Array.from(Buffer.from(info.header.shares[i].envelope, 'base64'))], { decrypters: [recording], signal });
  for await (const _ of env.content) void _; // the share must decrypt (and authenticate) with this key
  if (!key) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'this carrier opened the share by key agreement; no key to release');
  return { certificatePem: pemEncode('CERTIFICATE', cert.der), key: Buffer.from(key).toString('base64') };
}
