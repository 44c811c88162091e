// Runs anywhere (pure). The named assertions at the entry points of the ASN.1 layer, in the manner of
// noble's `abytes`: every reader checks its input here first, and every malformed encoding becomes a
// BidSealError with a stable code — E_BAD_ENCODING by default, E_ENVELOPE_CORRUPT for the BER reader of
// sealed envelopes (the code the envelope layer has always reported), never a TypeError or RangeError.
import { BidSealError } from '../errors';

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
