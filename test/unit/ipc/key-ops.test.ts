// The UI's key operations through the real IPC dispatch: look inside a .pfx (asking for the password
// only when needed) and make a verified test signature with a file key and with a USB key (SoftHSM2).
// PINs and passwords never reach a log line.
import { realpathSync } from 'node:fs';
import { nativeModuleId } from '../../../electron/services/keys/native-modules';
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dispatch, JobRegistry, type DispatchEnv } from '../../../electron/services/ipc/dispatch';
import { createHandlers } from '../../../electron/services/ipc/handlers';
import { TokenService } from '../../../electron/services/keys/tokens';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { softhsmSkip } from '../../helpers/softhsm';
import { useSoftHsmTokens } from '../../helpers/ipc';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

function makeEnv(tokens: TokenService) {
  const logs: string[] = [];
  const jobs = new JobRegistry();
  const env: DispatchEnv = {
    handlers: createHandlers({ host: 'node', versions: { node: process.versions.node }, dataDir: mkdtempSync(path.join(tmpdir(), 'bidseal-keyops-')), tokens }, jobs),
    log: { info: (e, f) => logs.push(JSON.stringify([e, f])), warn: (e, f) => logs.push(JSON.stringify([e, f])), error: (e, f) => logs.push(JSON.stringify([e, f])) },
    jobs,
    emitProgress: () => {},
  };
  return { env, logs };
}

describe.skipIf(!hasOpenssl)('keys.inspect and keys.testSign with a PKCS#12 file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-keyops-p12-'));
  const f = (n: string) => path.join(dir, n);
  let p12: string;
  beforeAll(() => {
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('k.pem'), '-out', f('c.pem'), '-subj', '/CN=Bidder RSA', '-days', '30']);
    openssl(['pkcs12', '-export', '-inkey', f('k.pem'), '-in', f('c.pem'), '-out', f('k.p12'), '-passout', 'pass:pfx-pass-1']);
    p12 = b64(readFileSync(f('k.p12')));
  });

  it('asks for the password only when needed, and says when it is wrong', async () => {
    const { env, logs } = makeEnv(new TokenService());
    expect(await dispatch(env, 'keys.inspect', { data: p12 })).toMatchObject({ ok: false, error: { code: 'E_PASSWORD_REQUIRED' } });
    expect(await dispatch(env, 'keys.inspect', { data: p12, password: 'nope-nope' })).toMatchObject({ ok: false, error: { code: 'E_WRONG_PASSWORD' } });
    const ok = await dispatch(env, 'keys.inspect', { data: p12, password: 'pfx-pass-1' });
    expect(ok).toMatchObject({ ok: true, value: { format: 'pkcs12', entries: [{ keyKind: 'rsa', canSign: true, certificate: { commonName: 'Bidder RSA' } }] } });
    expect(logs.join('\n')).not.toMatch(/pfx-pass-1|nope-nope/);
  });

  it('makes a verified test signature', async () => {
    const { env } = makeEnv(new TokenService());
    const r = await dispatch(env, 'keys.testSign', { carrier: { kind: 'software', data: p12, password: 'pfx-pass-1' } });
    expect(r).toMatchObject({ ok: true, value: { algorithm: 'rsa-pkcs1-sha256', verified: true } });
  });

  it('a key file picked in the main-process dialog is remembered by a one-time handle (never a path); later only its password', async () => {
    const jobs = new JobRegistry();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bidseal-keyops-pick-'));
    const dialogs = { saveAs: async () => null, showInFolder: () => {}, openFile: async () => f('k.p12') };
    const env: DispatchEnv = { handlers: createHandlers({ host: 'electron', versions: { node: process.versions.node }, dataDir, tokens: new TokenService(), dialogs }, jobs), log: { info: () => {}, warn: () => {}, error: () => {} }, jobs, emitProgress: () => {} };
    const picked = await dispatch(env, 'keys.pickKeyFile', {});
    expect(picked).toMatchObject({ ok: true, value: { picked: { fileName: 'k.p12', needsPassword: true } } });
    expect(JSON.stringify(picked)).not.toContain(dir);
    const handle = (picked as { value: { picked: { handle: string } } }).value.picked.handle;
    expect(await dispatch(env, 'keys.remember', { carrier: { kind: 'picked', handle, password: 'nope-nope' } })).toMatchObject({ ok: false, error: { code: 'E_WRONG_PASSWORD' } });
    const r = await dispatch(env, 'keys.remember', { carrier: { kind: 'picked', handle, password: 'pfx-pass-1' } });
    expect(r).toMatchObject({ ok: true, value: { identity: { kind: 'file', location: 'k.p12', signCertificate: { commonName: 'Bidder RSA' } } } });
    // the handle is spent; the identity signs with only the password
    expect(await dispatch(env, 'keys.remember', { carrier: { kind: 'picked', handle, password: 'pfx-pass-1' } })).toMatchObject({ ok: false, error: { code: 'E_KEY_FILE_HANDLE_EXPIRED' } });
    const id = (r as { value: { id: string } }).value.id;
    expect(await dispatch(env, 'keys.pinInfo', { id })).toMatchObject({ ok: true, value: { secret: 'password', present: true, pin: null } });
    expect(await dispatch(env, 'keys.testSign', { carrier: { kind: 'identity', id, secret: 'pfx-pass-1' } })).toMatchObject({ ok: true, value: { verified: true } });
    // the Node host has no dialog
    expect(await dispatch(makeEnv(new TokenService()).env, 'keys.pickKeyFile', {})).toMatchObject({ ok: false, error: { code: 'E_DIALOG_UNAVAILABLE' } });
  });
});

describe.skipIf(!!softhsmSkip)('keys.testSign with a USB key (SoftHSM2)', () => {
  const hsm = useSoftHsmTokens({ label: 'UI Token', pin: '246810' });

  it('signs with the token key picked from tokens.slots; a wrong PIN is E_PIN_INCORRECT and is not logged', async () => {
    const { env, logs } = makeEnv(hsm.tokens);
    const slots = await dispatch(env, 'tokens.slots', { moduleId: nativeModuleId('pkcs11', realpathSync(hsm.token.modulePath)) });
    expect(slots.ok).toBe(true);
    const certs = (slots as { value: { slots: Array<{ token: { label: string }; certificates: Array<{ uri: string; label: string }> }> } }).value.slots.find((s) => s.token.label === 'UI Token')!.certificates;
    const ec = certs.find((c) => c.label === hsm.token.ec.label)!;
    const bad = await dispatch(env, 'keys.testSign', { carrier: { kind: 'token', uri: ec.uri, pin: '135790' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'E_PIN_INCORRECT' } });
    const good = await dispatch(env, 'keys.testSign', { carrier: { kind: 'token', uri: ec.uri, pin: '246810' } });
    expect(good).toMatchObject({ ok: true, value: { algorithm: 'ecdsa-sha256', verified: true } });
    expect(logs.join('\n')).not.toMatch(/135790|246810/);
  });

  it('the key manager remembers the token certificate once; later requests bring only the PIN; keys.pinInfo gives the token state', async () => {
    const { env, logs } = makeEnv(hsm.tokens);
    const moduleId = nativeModuleId('pkcs11', realpathSync(hsm.token.modulePath));
    const slots = await dispatch(env, 'tokens.slots', { moduleId });
    const ec = (slots as { value: { slots: Array<{ token: { label: string }; certificates: Array<{ uri: string; label: string }> }> } }).value.slots.find((s) => s.token.label === 'UI Token')!.certificates.find((c) => c.label === hsm.token.ec.label)!;
    const remembered = await dispatch(env, 'keys.remember', { carrier: { kind: 'pkcs11', uri: ec.uri, moduleId } });
    expect(remembered).toMatchObject({ ok: true, value: { identity: { kind: 'pkcs11', location: ec.uri } } });
    const id = (remembered as { value: { id: string } }).value.id;
    expect(await dispatch(env, 'keys.pinInfo', { id })).toMatchObject({ ok: true, value: { secret: 'pin', present: true, pin: { state: 'ok' } } });
    expect(await dispatch(env, 'keys.testSign', { carrier: { kind: 'identity', id, secret: '' } })).toMatchObject({ ok: false, error: { code: 'E_PIN_REQUIRED' } });
    expect(await dispatch(env, 'keys.testSign', { carrier: { kind: 'identity', id, secret: '246810' } })).toMatchObject({ ok: true, value: { verified: true } });
    // a URI the listing did not give is refused; an unknown module id too
    expect(await dispatch(env, 'keys.remember', { carrier: { kind: 'pkcs11', uri: 'pkcs11:token=Other', moduleId } })).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } });
    expect(await dispatch(env, 'keys.remember', { carrier: { kind: 'pkcs11', uri: ec.uri, moduleId: 'f'.repeat(32) } })).toMatchObject({ ok: false, error: { code: 'E_MODULE_NOT_ALLOWED' } });
    expect(await dispatch(env, 'keys.forget', { id })).toMatchObject({ ok: true });
    expect((await dispatch(env, 'keys.identities', {})) as unknown).toMatchObject({ ok: true, value: { identities: [] } });
    expect(logs.join('\n')).not.toMatch(/246810/);
  });
});
