// Runs anywhere (pure, no crypto code: the renderer imports it). The names of the content ciphers a
// bid may be sealed with, as zod enums with their types: the one list that platform profiles, the CLI,
// IPC, the generation history and the seal wizard all use; and how recipients are named.
import { z } from 'zod';

/** The ciphers a bid may be sealed with (platform profiles, CLI, IPC, history, UI): the one list. */
export const SealCipher = z.enum(['sm4-cbc', 'sm4-gcm', 'aes-256-cbc', 'aes-256-gcm']);
export type SealCipher = z.infer<typeof SealCipher>;
/** The AEAD ciphers of a joint-custody container (docs/formats/custody.md). */
export const CustodyCipher = z.enum(['sm4-gcm', 'aes-256-gcm']);
export type CustodyCipher = z.infer<typeof CustodyCipher>;
/** How a RecipientInfo names its recipient: issuer and serial number, or subject key identifier (RFC 5652 §6.2.1). */
export const RecipientIdKind = z.enum(['issuerAndSerial', 'ski']);
export type RecipientIdKind = z.infer<typeof RecipientIdKind>;
