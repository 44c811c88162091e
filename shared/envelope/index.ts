// Runs anywhere (pure). The envelope core's public surface: seal (RFC 5652 §6 / RFC 5083 / GB/T 35275,
// BER streaming), open through Decrypter carriers, inspect recipients. See enveloped-data.ts for the rules.
export { sealStream, openStream, inspect, findRecipient, resolveProfile, ENVELOPE_OIDS } from './enveloped-data';
export type { SealOptions, EnvelopeInfo, EnvelopeIdentity, OpenedEnvelope, EnvelopeProfile } from './enveloped-data';
export type { EnvelopeDecrypter, RecipientSpec, RecipientSummary, RecipientIdType, RecipientId } from './recipients';
export { CONTENT_CIPHERS, type ContentCipherName } from './content-cipher';
