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

const view = (b64?: string) => (b64 ? certView(parseCertificate(fromB64(b64))) : null);
const location = (i: StoredIdentity) => (i.carrier.kind === 'file' ? i.carrier.fileName : i.carrier.uri);

export function identityViews(keys: KeyManager, bidder: string, project: string, openingTime?: Date): IdentityView[] {
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

export async function rememberIdentity(keys: KeyManager, tokens: TokenService, carrier: { kind: 'skf'; uri: string } | { kind: 'software'; data: Uint8Array; password?: string; fileName: string }, label?: string): Promise<StoredIdentity> {
  if (carrier.kind === 'skf') {
    const noPin = async () => null; // reading certificates needs no login
    const k = await SkfKey.open({ client: tokens.skfClientForUri(carrier.uri), uri: carrier.uri, getPin: noPin }, 'sign').catch(() => SkfKey.open({ client: tokens.skfClientForUri(carrier.uri), uri: carrier.uri, getPin: noPin }, 'enc'));
    return keys.remember({ carrier, ...(k.signCert ? { signCert: k.signCert } : {}), ...(k.encCert ? { encCert: k.encCert } : {}), ...(label ? { label } : {}) });
  }
  const ks = await openSoftwareKeystore(carrier.data, carrier.password);
  try {
    const sign = ks.entries.find((e) => e.signer);
    const enc = ks.entries.find((e) => e.decrypter);
    if (!sign && !enc) throw new BidSealError('E_INVALID_KEY', 'the key file holds no usable key with its certificate');
    return keys.remember({ carrier: { kind: 'file', data: carrier.data, fileName: carrier.fileName }, ...(sign ? { signCert: sign.certificateDer } : {}), ...(enc ? { encCert: enc.certificateDer } : {}), ...(label ? { label } : {}) });
  } finally {
    ks.close();
  }
}
