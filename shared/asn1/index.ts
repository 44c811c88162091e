// Runs anywhere (pure). The one ASN.1 layer of BidSeal: every module reads and writes DER/BER, OIDs,
// times, INTEGERs, BIT STRINGs, hex, PEM and other armour through here and nowhere else.
//   der-reader  strict DER TLVs (exact signed bytes; `minimal` for signatures)          — hand-written
//   ber-reader  BER in memory and streamed over chunks (multi-GiB envelopes, PKCS#12)  — hand-written
//   der-writer  DER, and the indefinite-length headers of streamed BER                 — hand-written
//   oid, bytes (hex, concat, compare), pem, armor (what wrapping a file came in)
//   assert      the entry-point assertions (abytes …) and the typed errors of the layer
// Hand-written because schema codecs re-encode (signatures need the bytes as found) and hold whole
// messages in memory; @peculiar/asn1-schema with the @peculiar/asn1-* schemas is used where neither
// matters (PKCS#8/SPKI keys, X.509 extensions, CMS parts parsed by schema) and stays so.
export { abytes, aoffset, asn1Error, bad, parseAs, type Asn1ErrorCode } from './assert';
export { toHex, hexUpper, fromHex, uintHex, concat, bytesEqual, compareBytes, u8, bytesToBigint } from './bytes';
export { oidToString, oidContent } from './oid';
export { readTime, readTimeIn, type TimeReadOptions } from './time';
export { readTlv, readHeader, children, readSingle, uintOf, bmpText, type Tlv, type TlvAt, type DerReadOptions } from './der-reader';
export {
  parseBer, parseBerPrefix, definiteLengths, definiteEncoding, hasIndefinite, berAccess, BerReader, Frame, corrupt,
  octetsOf, intValue, oidOf, seqOf, algorithmOf,
  type BerNode, type BerHeader, type BerOptions, type BerAccess,
} from './ber-reader';
export {
  header, header as berHeader, indefinite, EOC, tlv, seq, setOf, set, octets, nullDer, boolean, explicit, implicitConstructed,
  integer, uintFromBytes, oid, time, bitString, ia5String, utf8String, bmpString, generalizedTime, utcTime, type Der,
} from './der-writer';
export { pemDecodeAll, pemEncode, type PemBlock } from './pem';
export { bytesToBase64, base64ToBytes } from '../encoding/base64';
export { dearmor, dearmorStream, describeBytes, splitAsn1, splitDerOrPem, startsLikeAsn1, MAX_TEXT_ARMOUR, type Dearmoured, type ArmourKind, type DearmourOptions } from './armor';
