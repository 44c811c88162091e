// Runs in Node (app side). The key manager's IPC-facing part: identities as views for the picker, and
// remembering a USB key (its certificates read from it, no PIN needed) or a key file (opened once with its
// password to read the certificates; the file is kept as issued, the password is not stored).
import { BidSealError } from '../../../shared/errors';
import type { IdentityView } from '../../../shared/ipc/schemas';
import { parseCertificate } from '../../../shared/pki/certificate';
import { certView, fromB64 } from '../pki/certificates';
import { openSoftwareKeystore } from '../../../shared/keystore/load';
import type { TokenService } from './tokens';
import type { KeyManager, StoredIdentity } from './key-manager';
import { SkfKey } from './skf/carrier';
import { parseSkfUri } from './skf/uri';
import { parsePkcs11Uri } from './pkcs11/uri';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { NativeModuleRegistry } from './native-modules';
import type { PinInfoView } from '../../../shared/ipc/schemas';

const view = (b64?: string) => (b64 ? certView(parseCertificate(fromB64(b64))) : null);
const location = (i: StoredIdentity) => (i.carrier.kind === 'file' ? i.carrier.fileName : i.carrier.uri);

export function identityViews(keys: KeyManager, bidder?: string, project?: string, openingTime?: Date): IdentityView[] {
  return keys.status(bidder, project, openingTime).map(({ identity: i, validity, chosen }) => ({
    id: i.id,
    label: i.label,
    kind: i.carrier.kind,
    location: location(i),
    signCertificate: view(i.signCert),
    encCertificate: view(i.encCert),
    validity,
    chosen,
  }));
}

export type RememberCarrier =
  | { kind: 'skf'; uri: string }
  | { kind: 'pkcs11'; uri: string; moduleId: string }
  | { kind: 'software'; data: Uint8Array; password?: string; fileName: string }
  | { kind: 'picked'; handle: string; password?: string };

export async function rememberIdentity(keys: KeyManager, tokens: TokenService, carrier: RememberCarrier, label?: string, modules?: NativeModuleRegistry): Promise<StoredIdentity> {
  const named = label ? { label } : {};
  if (carrier.kind === 'skf') {
    const noPin = async () => null; // reading certificates needs no login
    const k = await SkfKey.open({ client: tokens.skfClientForUri(carrier.uri), uri: carrier.uri, getPin: noPin }, 'sign').catch(() => SkfKey.open({ client: tokens.skfClientForUri(carrier.uri), uri: carrier.uri, getPin: noPin }, 'enc'));
    return keys.remember({ carrier, ...(k.signCert ? { signCert: k.signCert } : {}), ...(k.encCert ? { encCert: k.encCert } : {}), ...named });
  }
  if (carrier.kind === 'pkcs11') {
    if (!modules) throw new BidSealError('E_MODULE_NOT_ALLOWED', 'no PKCS#11 allow-list');
    const { uri, der, role } = await pkcs11Certificate(tokens, modules.resolve(carrier.moduleId), carrier.uri);
    return keys.remember({ carrier: { kind: 'pkcs11', uri }, ...(role === 'encryption' ? { encCert: der } : { signCert: der }), ...(role === 'dual' ? { encCert: der } : {}), ...named });
  }
  const file = carrier.kind === 'picked' ? takePicked(carrier.handle) : carrier;
  const ks = await openSoftwareKeystore(file.data, carrier.password);
  try {
    const sign = ks.entries.find((e) => e.signer);
    const enc = ks.entries.find((e) => e.decrypter);
    if (!sign && !enc) throw new BidSealError('E_INVALID_KEY', 'the key file holds no usable key with its certificate');
    return keys.remember({ carrier: { kind: 'file', data: file.data, fileName: file.fileName }, ...(sign ? { signCert: sign.certificateDer } : {}), ...(enc ? { encCert: enc.certificateDer } : {}), ...named });
  } finally {
    ks.close();
  }
}

/** The certificate a pkcs11: URI of a slot listing names, with the URI as the listing made it (its driver in module-path). */
async function pkcs11Certificate(tokens: TokenService, modulePath: string, uri: string): Promise<{ uri: string; der: Uint8Array; role: string }> {
  for (const slot of await tokens.slots(modulePath)) {
    const c = slot.certificates.find((x) => x.uri === uri);
    if (!c) continue;
    const objects = await tokens.client(modulePath).listObjects(slot.slotId);
    const o = objects.certificates.find((x) => x.id === c.id);
    if (o) return { uri: c.uri, der: fromB64(o.der), role: c.certificate.role };
  }
  throw new BidSealError('E_NOT_FOUND', 'no such certificate on the plugged-in tokens');
}

// ---- key files picked in the main process's dialog ---------------------------------------------------
/** Read after the main process's own open dialog; handed to keys.remember by a one-time handle. */
const picked = new Map<string, { data: Uint8Array; fileName: string; at: number }>();
const PICK_TTL_MS = 10 * 60_000;
/** a CA's key file is a few KB; anything this large is not one */
const MAX_KEY_FILE = 1 << 20;

export async function pickKeyFile(file: string): Promise<{ handle: string; fileName: string; needsPassword: boolean }> {
  if ((await stat(file)).size > MAX_KEY_FILE) throw new BidSealError('E_INVALID_KEY', 'not a key file (too large)');
  const data = new Uint8Array(await readFile(file));
  const now = Date.now();
  for (const [h, v] of picked) if (now - v.at > PICK_TTL_MS) picked.delete(h);
  const handle = randomBytes(16).toString('hex');
  const fileName = path.basename(file);
  picked.set(handle, { data, fileName, at: now });
  let needsPassword = false;
  try {
    (await openSoftwareKeystore(data, undefined)).close();
  } catch (e) {
    if (!(e instanceof BidSealError)) throw e;
    if (e.code !== 'E_PASSWORD_REQUIRED') {
      picked.delete(handle);
      throw e;
    }
    needsPassword = true;
  }
  return { handle, fileName, needsPassword };
}

function takePicked(handle: string): { data: Uint8Array; fileName: string } {
  const p = picked.get(handle);
  if (!p || Date.now() - p.at > PICK_TTL_MS) throw new BidSealError('E_KEY_FILE_HANDLE_EXPIRED');
  return p;
}

/** Forgets a picked file once it is remembered (or the user gave up). */
export function dropPicked(handle: string): void {
  picked.delete(handle);
}

// ---- what to ask before use ---------------------------------------------------------------------
/** Read without logging in: the retry counter (SKF) or the token flags (PKCS#11), or whether a key file needs its password. */
export async function identityPinInfo(keys: KeyManager, tokens: TokenService, id: string): Promise<PinInfoView> {
  const i = keys.get(id);
  if (i.carrier.kind === 'file') {
    try {
      (await openSoftwareKeystore(keys.keyFile(i), undefined)).close();
      return { secret: 'none', present: true, pin: null };
    } catch {
      return { secret: 'password', present: true, pin: null };
    }
  }
  if (i.carrier.kind === 'skf') {
    const want = parseSkfUri(i.carrier.uri);
    const { keys: plugged } = await tokens.skfKeys();
    const k = plugged.find((x) => x.uri === (i.carrier as { uri: string }).uri) ?? plugged.find((x) => x.container === want.container && (!want.application || x.application === want.application) && (!want.device || x.device === want.device));
    return { secret: 'pin', present: !!k, pin: k?.pin ? { state: k.pin.state, remaining: k.pin.remaining, max: k.pin.max } : null };
  }
  const u = parsePkcs11Uri(i.carrier.uri);
  if (!u.modulePath) return { secret: 'pin', present: false, pin: null };
  const slots = await tokens.slots(u.modulePath).catch(() => []);
  const slot = slots.find((s) => (!u.token || s.token.label === u.token) && (!u.serial || s.token.serial === u.serial));
  return { secret: 'pin', present: !!slot, pin: slot ? { state: slot.token.pinState } : null };
}
