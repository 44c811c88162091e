// Runs in the PKCS#11 worker process only. The private-key operations: sign (ECDSA r‖s → DER, RSA
// PKCS#1 v1.5 over a caller-built DigestInfo, RSA-PSS, vendor SM2), decrypt (RSA OAEP / PKCS#1 v1.5,
// vendor) and CKM_ECDH1_DERIVE returning the raw shared x-coordinate (SM2 decryption fallback).
import type pkcs11js from 'pkcs11js';
import { BidSealError } from '../../../../shared/errors';
import { b64, unb64, type Request, type ResultMap } from './protocol';
import { rawEcSignatureToDer } from './encoding';
import { findPrivateKey, mapError, needModule, P, type Handle } from './worker-token';

const CKZ_DATA_SPECIFIED = 0x1; // not exported by pkcs11js
const OUT_BUF = 2048; // ≥ RSA-16384 / any EC signature

const HASH = { sha1: [P.CKM_SHA_1, P.CKG_MGF1_SHA1], sha256: [P.CKM_SHA256, P.CKG_MGF1_SHA256], sha384: [P.CKM_SHA384, P.CKG_MGF1_SHA384] } as const;

/** A single-part operation: its Init (a failure there mapped as the 'init' step), then the call itself. */
function singlePart(slot: string, init: () => void, call: () => Buffer): Buffer {
  try {
    init();
  } catch (e) {
    throw mapError(e, slot, 'init');
  }
  try {
    return call();
  } catch (e) {
    throw mapError(e, slot);
  }
}

export function sign(r: Request & { op: 'sign' }): ResultMap['sign'] {
  const { s, k } = findPrivateKey(r.key);
  const mm = r.mechanism;
  const mech: pkcs11js.Mechanism =
    mm.type === 'CKM_ECDSA' ? { mechanism: P.CKM_ECDSA }
    : mm.type === 'CKM_RSA_PKCS' ? { mechanism: P.CKM_RSA_PKCS }
    : mm.type === 'CKM_RSA_PKCS_PSS' ? { mechanism: P.CKM_RSA_PKCS_PSS, parameter: { type: P.CK_PARAMS_RSA_PSS, hashAlg: HASH[mm.hash][0], mgf: HASH[mm.hash][1], saltLen: mm.saltLength } as pkcs11js.RsaPSS }
    : { mechanism: mm.mechanism };
  const m = needModule();
  const sig = singlePart(r.key.slot, () => m.C_SignInit(s, mech, k), () => m.C_Sign(s, Buffer.from(unb64(r.data)), Buffer.alloc(OUT_BUF)));
  const raw = mm.type === 'CKM_ECDSA' || (mm.type === 'vendor' && mm.output === 'raw-rs');
  return { signature: b64(raw ? rawEcSignatureToDer(sig) : sig) };
}

export function decrypt(r: Request & { op: 'decrypt' }): ResultMap['decrypt'] {
  const { s, k } = findPrivateKey(r.key);
  const mm = r.mechanism;
  const mech: pkcs11js.Mechanism =
    mm.type === 'CKM_RSA_PKCS_OAEP' ? { mechanism: P.CKM_RSA_PKCS_OAEP, parameter: { type: P.CK_PARAMS_RSA_OAEP, hashAlg: HASH[mm.hash][0], mgf: HASH[mm.hash][1], source: CKZ_DATA_SPECIFIED } as pkcs11js.RsaOAEP }
    : mm.type === 'CKM_RSA_PKCS' ? { mechanism: P.CKM_RSA_PKCS }
    : { mechanism: mm.mechanism };
  const m = needModule();
  return { plaintext: b64(singlePart(r.key.slot, () => m.C_DecryptInit(s, mech, k), () => m.C_Decrypt(s, Buffer.from(unb64(r.data)), Buffer.alloc(OUT_BUF)))) };
}

/** CKM_ECDH1_DERIVE with CKD_NULL: the shared secret is the x-coordinate of d·Q, read back as a session object. */
export function deriveEcdh(r: Request & { op: 'deriveEcdh' }): ResultMap['deriveEcdh'] {
  const { s, k } = findPrivateKey(r.key);
  const pub = Buffer.from(unb64(r.publicPoint));
  if (pub[0] !== 0x04 || pub.length % 2 !== 1) throw new BidSealError('E_INVALID_ARGUMENT', 'public point must be uncompressed (04‖x‖y)');
  const m = needModule();
  const template: pkcs11js.Template = [
    { type: P.CKA_CLASS, value: P.CKO_SECRET_KEY },
    { type: P.CKA_KEY_TYPE, value: P.CKK_GENERIC_SECRET },
    { type: P.CKA_TOKEN, value: false },
    { type: P.CKA_SENSITIVE, value: false },
    { type: P.CKA_EXTRACTABLE, value: true },
    { type: P.CKA_VALUE_LEN, value: (pub.length - 1) / 2 },
  ];
  let secret: Handle;
  try {
    secret = m.C_DeriveKey(s, { mechanism: P.CKM_ECDH1_DERIVE, parameter: { type: P.CK_PARAMS_EC_DH, kdf: P.CKD_NULL, publicData: pub } as pkcs11js.ECDH1 }, k, template);
  } catch (e) {
    throw mapError(e, r.key.slot, 'init');
  }
  try {
    const [v] = m.C_GetAttributeValue(s, secret, [{ type: P.CKA_VALUE }]);
    return { x: b64(v.value as Buffer) };
  } catch (e) {
    throw mapError(e, r.key.slot);
  } finally {
    try {
      m.C_DestroyObject(s, secret);
    } catch {
      /* session object: gone with the session anyway */
    }
  }
}
