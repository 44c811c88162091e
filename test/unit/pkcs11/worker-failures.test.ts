// Failure isolation: a missing or bogus module, a killed (crashed) or hung worker, and a token deleted
// mid-use all become typed errors; this process survives and the next call works after a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSoftHsmToken, SOFTHSM_MODULE, softhsmSkip, type SoftHsmToken } from '../../helpers/softhsm';
import { Pkcs11Client } from '../../../electron/services/keys/pkcs11/client';
import { TokenSigner } from '../../../electron/services/keys/pkcs11/token-carrier';
import { resolveModulePath } from '../../../electron/services/keys/pkcs11/discovery';

const digest = createHash('sha256').update('bid').digest();

/** SIGKILL the worker and wait until the client has noticed (its exit event). */
async function killWorker(c: Pkcs11Client): Promise<void> {
  process.kill(c.pid!, 'SIGKILL');
  while (c.pid !== undefined) await new Promise((r) => setTimeout(r, 10));
}

describe('missing PKCS#11 module', () => {
  it('a path that does not exist → E_MODULE_NOT_FOUND (discovery and worker)', async () => {
    expect(() => resolveModulePath('/nonexistent/libvendor-pkcs11.so')).toThrow(expect.objectContaining({ code: 'E_MODULE_NOT_FOUND' }));
    const c = new Pkcs11Client({ modulePath: '/nonexistent/libvendor-pkcs11.so', onOutput: () => {} });
    await expect(c.listSlots()).rejects.toMatchObject({ code: 'E_MODULE_NOT_FOUND' });
    await expect(c.listSlots()).rejects.toMatchObject({ code: 'E_MODULE_NOT_FOUND' }); // and again: no stuck state
    await c.close();
  });

  it('a file that is not a shared library → E_MODULE_NOT_FOUND from the worker, app process unaffected', async () => {
    const p = path.join(process.env.TMPDIR ?? '/tmp', `bidseal-not-a-module-${process.pid}.so`);
    writeFileSync(p, 'not an ELF file');
    expect(resolveModulePath(p)).toBe(p); // exists and is named like a module: only loading can tell
    const c = new Pkcs11Client({ modulePath: p, onOutput: () => {} });
    try {
      await expect(c.loadModule()).rejects.toMatchObject({ code: 'E_MODULE_NOT_FOUND', message: expect.stringContaining('could not load') });
    } finally {
      await c.close();
      rmSync(p, { force: true });
    }
  });
});

describe.skipIf(!SOFTHSM_MODULE)('module initialisation failure', () => {
  it('a module whose C_Initialize fails (SoftHSM2 without its config) → E_TOKEN_ERROR naming C_Initialize', async () => {
    const c = new Pkcs11Client({ modulePath: SOFTHSM_MODULE, env: { ...process.env, SOFTHSM2_CONF: '/nonexistent/softhsm2.conf' }, onOutput: () => {} });
    try {
      await expect(c.listSlots()).rejects.toMatchObject({ code: 'E_TOKEN_ERROR', message: expect.stringContaining('C_Initialize failed') });
    } finally {
      await c.close();
    }
  });
});

describe.skipIf(softhsmSkip)('worker crash, hang and token removal (SoftHSM2)', () => {
  let t: SoftHsmToken;
  let client: Pkcs11Client;
  let pins = 0;
  const uri = () => `pkcs11:token=${t.label};object=ec-key`;

  beforeAll(() => {
    t = createSoftHsmToken({ label: 'bidseal-crash' });
    client = new Pkcs11Client({ modulePath: t.modulePath, env: t.env, timeoutMs: 2_000, onOutput: () => {} });
  });
  afterAll(async () => {
    await client?.close();
    t?.cleanup();
  });

  it('a killed worker (crashing module) → E_TOKEN_MODULE_CRASHED; the next call restarts it and re-asks the PIN', async () => {
    const signer = await TokenSigner.open({ client, uri: uri(), getPin: async () => (pins++, t.pin) });
    await signer.signDigest(digest, 'ecdsa-sha256');
    expect(pins).toBe(1);
    const pid = client.pid!;
    const gen = client.generation;
    // kill while a request is in flight
    const inflight = client.listSlots();
    process.kill(pid, 'SIGKILL');
    await expect(inflight).rejects.toMatchObject({ code: 'E_TOKEN_MODULE_CRASHED' });
    // next use: new worker, login state gone → getPin again, signature works
    const sig = await signer.signDigest(digest, 'ecdsa-sha256');
    expect(sig[0]).toBe(0x30);
    expect(client.pid).not.toBe(pid);
    expect(client.generation).toBe(gen + 1);
    expect(pins).toBe(2);
  });

  it('a hung worker → E_TOKEN_TIMEOUT, it is killed, and the next call works', async () => {
    const pid = client.pid!;
    process.kill(pid, 'SIGSTOP'); // the module "hangs"
    await expect(client.listSlots()).rejects.toMatchObject({ code: 'E_TOKEN_TIMEOUT' });
    const slots = await client.listSlots();
    expect(slots.some((s) => s.token?.label === t.label)).toBe(true);
    expect(client.pid).not.toBe(pid);
  });

  it('an aborted request → E_CANCELLED; the worker stays usable', async () => {
    const ac = new AbortController();
    ac.abort();
    const signer = await TokenSigner.open({ client, uri: uri(), getPin: async () => t.pin });
    await expect(signer.signDigest(digest, 'ecdsa-sha256', ac.signal)).rejects.toMatchObject({ code: 'E_CANCELLED' });
    expect((await signer.signDigest(digest, 'ecdsa-sha256'))[0]).toBe(0x30);
  });

  it('a token deleted between two calls → E_TOKEN_REMOVED, then E_TOKEN_NOT_PRESENT after a restart', async () => {
    const signer = await TokenSigner.open({ client, uri: uri(), getPin: async () => t.pin });
    await signer.signDigest(digest, 'ecdsa-sha256');
    t.deleteToken();
    await expect(signer.signDigest(digest, 'ecdsa-sha256')).rejects.toMatchObject({ code: 'E_TOKEN_REMOVED' });
    // the app process is fine; a fresh worker no longer sees the token
    await killWorker(client);
    await expect(signer.signDigest(digest, 'ecdsa-sha256')).rejects.toMatchObject({ code: 'E_TOKEN_NOT_PRESENT' });
    await expect(TokenSigner.open({ client, uri: uri(), getPin: async () => t.pin })).rejects.toMatchObject({ code: 'E_TOKEN_NOT_PRESENT' });
  });
});
