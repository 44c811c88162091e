// Runs anywhere (pure). The named assertions at the entry points of the ASN.1 layer, in the manner of
// noble's `abytes`: every reader checks its input here first, and every malformed encoding becomes a
// BidSealError with a stable code — E_BAD_ENCODING by default, E_ENVELOPE_CORRUPT for the BER reader of
// sealed envelopes (the code the envelope layer has always reported), never a TypeError or RangeError.
import { BidSealError, isBidSealError } from '../errors';

/** The codes the ASN.1 layer raises for malformed input. */
export type Asn1ErrorCode = 'E_BAD_ENCODING' | 'E_ENVELOPE_CORRUPT';

/** Throws the layer's typed error. */
export function asn1Error(code: Asn1ErrorCode, msg: string): never {
  throw new BidSealError(code, msg);
}

/** DER/PKI/key-store failures: E_BAD_ENCODING. */
export const bad = (msg: string): never => asn1Error('E_BAD_ENCODING', msg);

/** Asserts `value` is a Uint8Array (a Node Buffer is one); `what` names it in the message. */
export function abytes(value: unknown, what: string, code: Asn1ErrorCode = 'E_BAD_ENCODING'): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) asn1Error(code, `${what}: expected bytes, got ${value === null ? 'null' : typeof value}`);
}

/** Asserts `off` is a whole offset inside (or at the end of) `buf`. */
export function aoffset(buf: Uint8Array, off: number, what: string, code: Asn1ErrorCode = 'E_BAD_ENCODING'): void {
  if (!Number.isSafeInteger(off) || off < 0 || off > buf.length) asn1Error(code, `${what}: offset ${String(off)} outside 0..${buf.length}`);
}

/**
 * Runs a parser of `what` (one certificate, one CRL): its typed errors pass as they are, anything else a
 * library throws on malformed input (a TypeError, an ASN.1 schema error) becomes E_BAD_ENCODING naming `what`.
 */
export function parseAs<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (isBidSealError(e)) throw e;
    throw new BidSealError('E_BAD_ENCODING', `${what}: ${(e as Error)?.message ?? String(e)}`, undefined, { cause: e });
  }
}
