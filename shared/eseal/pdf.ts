// Runs anywhere (pure). How a PDF signature binds an electronic seal (docs/ESEAL.md): the CMS signature stays a
// normal adbe.pkcs7.detached / PAdES one (pdfsig and Acrobat-class readers check it), and its signed attributes
// carry the SESeal as carried, under a private attribute type (a UUID OID, X.667). The widget shows the seal's
// own picture at its size in millimetres.
import { attribute, parseSignedData, type ParsedAttribute } from '../cms/signed-data';
import { readTlv, children, oidToString } from '../asn1';

/** id-bidseal-eseal: 2.25 + UUID b5e6fd81-66c8-4fd1-b4ea-26423d8a000a; value: the SESeal DER as carried */
export const OID_ESEAL_ATTRIBUTE = '2.25.241789637216405104663925955377664491530';

export const sealAttribute = (sealDer: Uint8Array): Uint8Array => attribute(OID_ESEAL_ATTRIBUTE, readTlv(sealDer).raw);

/** The SESeal a CMS SignedData binds in its (first) signer's signed attributes, or null. */
export function sealFromSignedData(cmsDer: Uint8Array): Uint8Array | null {
  const sd = parseSignedData(cmsDer);
  const a = sd.signers[0]?.attributes?.find((x) => x.type === OID_ESEAL_ATTRIBUTE);
  return a?.values[0]?.raw ?? null;
}

/** millimetres → PDF points */
export const mmToPt = (mm: number): number => (mm * 72) / 25.4;

/** The SESeal among already parsed signed attributes (SignerVerification.signedAttributes), or null. */
export function sealFromAttributes(attrs: readonly ParsedAttribute[] | undefined): Uint8Array | null {
  return attrs?.find((x) => x.type === OID_ESEAL_ATTRIBUTE)?.values[0]?.raw ?? null;
}

/** The SESeal inside one DER Attribute made by sealAttribute, or null for any other attribute. */
export function sealOfAttribute(attrDer: Uint8Array): Uint8Array | null {
  const [type, values] = children(readTlv(attrDer).v);
  if (type?.tag !== 0x06 || oidToString(type.v) !== OID_ESEAL_ATTRIBUTE || !values) return null;
  return children(values.v)[0]?.raw ?? null;
}
