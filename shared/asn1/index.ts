// Runs anywhere (pure). The one entry point for ASN.1 in BidSeal: new code imports DER/BER reading and
// writing, OIDs, times, hex, base64 and PEM from here and nowhere else. Today it gathers the strict DER
// reader of the PKI layer, the BER reader of the envelope layer (indefinite lengths, streaming) and the
// DER writer of the CMS layer; the older private codecs are being folded into these.
export { readTlv, children, oidToString, toHex, bytesEqual, u8, splitDerOrPem, type Tlv } from '../pki/der';
export { parseBer, parseBerPrefix, definiteLengths, definiteEncoding, BerReader, octetsOf, intValue, oidOf, seqOf, algorithmOf, header as berHeader, indefinite, EOC, type BerNode } from '../envelope/ber';
export { concat, tlv, seq, setOf, octets, nullDer, boolean, explicit, implicitConstructed, integer, oid, time, compareBytes, bitString, ia5String, utf8String, generalizedTime, utcTime, type Der } from '../cms/der-writer';
export { pemDecodeAll, pemEncode, type PemBlock } from '../crypto/keys';
export { bytesToBase64, base64ToBytes } from '../encoding/base64';
export { dearmor, dearmorStream, describeBytes, splitAsn1, startsLikeAsn1, MAX_TEXT_ARMOUR, type Dearmoured, type ArmourKind, type DearmourOptions } from './armor';
