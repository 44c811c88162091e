// Runs anywhere (pure). IPC schemas: certificates (inspect, validate), the trust store, USB key drivers and
// the key manager. Drivers are named by id, never by path; a driver the user adds is picked in the main
// process's own dialog (docs/ipc-security.md).
import { z } from 'zod';
import { Base64, CarrierRequest, CertView, Empty, IdentityId, IdentityView, ModuleId, PinInfoView, NativeModuleView, PairView, Secret, SkfKeyView, TokenSlotView, TrustEntryView, VerdictView, type OpSpec } from '../schemas';
import type { KeysOperation } from '../ops/keys';

export const keysSpecs = {
  'certs.inspect': { request: z.object({ data: Base64 }).strict(), response: z.object({ certificates: z.array(CertView), pairs: z.array(PairView) }) },
  'certs.validate': {
    request: z
      .object({ data: Base64, intermediates: z.array(Base64).max(16).default([]), at: z.iso.datetime({ offset: true }).optional(), sm2IdPolicy: z.enum(['strict', 'lenient']).default('strict'), usage: z.enum(['digitalSignature', 'keyEncipherment']).optional(), revocation: z.enum(['hard', 'soft']).optional(), fetch: z.boolean().optional() })
      .strict(),
    response: VerdictView,
  },
  'trust.list': { request: Empty, response: z.object({ entries: z.array(TrustEntryView) }) },
  'trust.import': { request: z.object({ data: Base64, fileName: z.string().max(255).optional() }).strict(), response: z.object({ added: z.number().int(), alreadyPresent: z.number().int() }) },
  'trust.remove': { request: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/) }).strict(), response: z.object({ removed: z.boolean() }) },
  'tokens.modules': { request: Empty, response: z.object({ modules: z.array(NativeModuleView) }) },
  /** Electron: the user picks a driver in a native dialog and confirms loading it; remembered as their choice */
  'tokens.addModule': { request: Empty, response: z.object({ module: NativeModuleView.nullable() }) },
  'tokens.forgetModule': { request: z.object({ moduleId: ModuleId }).strict(), response: z.object({ removed: z.boolean() }) },
  'tokens.slots': { request: z.object({ moduleId: ModuleId }).strict(), response: z.object({ slots: z.array(TokenSlotView) }) },
  /** SKF USB keys plugged in now, through every allow-listed SKF library (found in the usual places or picked in the main process) */
  'tokens.skf': { request: Empty, response: z.object({ libraries: z.array(z.object({ path: z.string(), label: z.string(), source: z.enum(['search-path', 'user']) })), keys: z.array(SkfKeyView), errors: z.array(z.object({ library: z.string(), code: z.string() })) }) },
  /** the key manager: the bidder's identities across carriers, judged against the project's opening time */
  'keys.identities': { request: z.object({ bidder: z.string().min(1).max(256).optional(), project: z.string().min(1).max(256).optional(), openingTime: z.iso.datetime({ offset: true }).optional() }).strict(), response: z.object({ identities: z.array(IdentityView) }) },
  /**
   * What to ask before an identity is used, read without logging in: the PIN retry counter of a USB key
   * (SKF_GetPINInfo; PKCS#11 token flags give only the state), whether it is plugged in, whether a key file
   * needs its password.
   */
  'keys.pinInfo': { request: z.object({ id: IdentityId }).strict(), response: PinInfoView },
  'keys.forget': { request: z.object({ id: IdentityId }).strict(), response: Empty },
  /**
   * Electron: the user picks a key file in the main process's open dialog; the main process reads it and
   * keeps the bytes under a one-time handle for keys.remember (the renderer never names or sees a path).
   * Node host: E_DIALOG_UNAVAILABLE (the browser's file chooser sends the bytes instead).
   */
  'keys.pickKeyFile': { request: Empty, response: z.object({ picked: z.object({ handle: z.string(), fileName: z.string(), needsPassword: z.boolean() }).nullable() }) },
  /** remembers the identity of a USB key (its certificates read from it) or a key file (opened once with its password, kept encrypted) */
  'keys.remember': {
    request: z
      .object({
        carrier: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('skf'), uri: z.string().startsWith('skf:').max(4096) }).strict(),
          // a certificate on a PKCS#11 token as tokens.slots listed it, the driver by its module id
          z.object({ kind: z.literal('pkcs11'), uri: z.string().startsWith('pkcs11:').max(4096), moduleId: ModuleId }).strict(),
          z.object({ kind: z.literal('software'), data: Base64, password: Secret.optional(), fileName: z.string().max(255) }).strict(),
          // a key file picked in the main process (keys.pickKeyFile)
          z.object({ kind: z.literal('picked'), handle: z.string().regex(/^[0-9a-f]{32}$/), password: Secret.optional() }).strict(),
        ]),
        label: z.string().max(256).optional(),
      })
      .strict(),
    response: z.object({ id: z.string(), identity: IdentityView }),
  },
  'keys.choose': { request: z.object({ bidder: z.string().min(1).max(256), project: z.string().min(1).max(256), id: IdentityId }).strict(), response: Empty },
  /** the user picks an SKF library in the main process's file dialog (the renderer never names a path); it joins the allow-list */
  'tokens.pickSkf': { request: Empty, response: z.object({ path: z.string().nullable() }) },
  'keys.inspect': {
    request: z.object({ data: Base64, password: Secret.optional() }).strict(),
    response: z.object({ format: z.string(), entries: z.array(z.object({ certificate: CertView, keyKind: z.enum(['sm2', 'ec', 'rsa']), canSign: z.boolean(), canDecrypt: z.boolean() })), unpairedKeys: z.number().int(), protection: z.array(z.string()) }),
  },
  'keys.testSign': { request: z.object({ carrier: CarrierRequest }).strict(), response: z.object({ algorithm: z.string(), signer: CertView, verified: z.boolean(), signatureBytes: z.number().int() }) },
} as const satisfies Record<KeysOperation, OpSpec>;
