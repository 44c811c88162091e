// Runs in Node. Reads keys and certificates for CLI commands from PEM or DER files, whatever tool
// wrote them (PKCS#8, SEC1, SPKI, X.509), and checks they are the kind the command needs.
import { BidSealError } from '../../shared/errors';
import { parsePrivateKey, parsePublicKey, type ParsedPrivateKey, type ParsedPublicKey } from '../../shared/crypto/keys';
import { parseCertificate } from '../../shared/pki/certificate';
import { readInput } from './io';
import { dearmor, startsLikeAsn1 } from '../../shared/asn1';
import type { CliIO } from './framework';

/** PEM text stays a string (the parsers find the blocks and their headers); any other armour goes through
 * the one detector (shared/asn1/armor.ts) to DER bytes. */
const asPemOrDer = (bytes: Uint8Array): Uint8Array | string => {
  const head = new TextDecoder().decode(bytes.subarray(0, Math.min(bytes.length, 4096)));
  if (head.includes('-----BEGIN ')) return new TextDecoder().decode(bytes);
  return startsLikeAsn1(bytes) ? bytes : dearmor(bytes).der;
};

export async function readPrivateKey(io: CliIO, file: string): Promise<ParsedPrivateKey> {
  return parsePrivateKey(asPemOrDer(await readInput(io, file)));
}

export async function readPublicKey(io: CliIO, opts: { pubkey?: string; cert?: string }): Promise<ParsedPublicKey> {
  if (opts.cert) return parsePublicKey(parseCertificate(asPemOrDer(await readInput(io, opts.cert))).publicKey.spki);
  if (opts.pubkey) return parsePublicKey(asPemOrDer(await readInput(io, opts.pubkey)));
  throw new BidSealError('E_INVALID_ARGUMENT', 'give --pubkey or --cert');
}

export function requireSm2<T extends { kind: string }>(key: T, file: string): Extract<T, { kind: 'sm2' }> {
  if (key.kind !== 'sm2') throw new BidSealError('E_INVALID_KEY', `not an SM2 key (${key.kind})`, { path: file });
  return key as Extract<T, { kind: 'sm2' }>;
}
