// PIN handling on a real SoftHSM2 token: wrong PIN → E_PIN_INCORRECT with the token's PIN state,
// cancel → E_CANCELLED, login on demand, and the PIN never in worker output or error texts.
// SoftHSM2 2.6 has no retry counter: it sets CKF_USER_PIN_COUNT_LOW after a failure but never
// FINAL_TRY or LOCKED, and the right PIN still works after any number of failures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createSoftHsmToken, softhsmSkip, type SoftHsmToken } from '../../helpers/softhsm';
import { Pkcs11Client } from '../../../electron/services/keys/pkcs11/client';
import { TokenKey, TokenSigner, type GetPin } from '../../../electron/services/keys/pkcs11/token-carrier';
import type { PinState, SlotDescription } from '../../../electron/services/keys/pkcs11/protocol';
import { codeForCkr } from '../../../electron/services/keys/pkcs11/ckr';
import { BidSealError } from '../../../shared/errors';

const PIN = '581377'; // distinctive, so a leak is easy to spot
const WRONG = '904418';

describe.skipIf(softhsmSkip)('token PIN handling (SoftHSM2)', () => {
  let t: SoftHsmToken;
  let client: Pkcs11Client;
  let slot: string;
  const output: string[] = [];
  const errors: unknown[] = [];
  const uri = () => `pkcs11:token=${t.label};object=ec-key`;
  const digest = createHash('sha256').update('x').digest();
  const pinState = async () => (await client.listSlots()).find((s) => s.slotId === slot)!.token!.pinState;
  const catchErr = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      errors.push(e);
      return e as BidSealError;
    }
    throw new Error('expected a rejection');
  };

  beforeAll(async () => {
    t = createSoftHsmToken({ label: 'bidseal-pin', pin: PIN });
    client = new Pkcs11Client({ modulePath: t.modulePath, env: t.env, onOutput: (_s, text) => output.push(text) });
    slot = (await client.listSlots()).find((s) => s.token?.label === t.label)!.slotId;
  });
  afterAll(async () => {
    await client?.close();
    t?.cleanup();
  });

  it('a wrong PIN is E_PIN_INCORRECT and SoftHSM2 then reports CKF_USER_PIN_COUNT_LOW', async () => {
    expect(await pinState()).toBe('ok');
    const e = await catchErr(client.login(slot, WRONG));
    expect(e.code).toBe('E_PIN_INCORRECT');
    expect(await pinState()).toBe('count-low');
  });

  it('SoftHSM2 never locks: 10 more failures, no final-try/locked flag, and the right PIN still works', async () => {
    for (let i = 0; i < 10; i++) expect((await catchErr(client.login(slot, WRONG))).code).toBe('E_PIN_INCORRECT');
    expect(await pinState()).toBe('count-low');
    await client.login(slot, PIN);
    expect((await client.listObjects(slot)).loggedIn).toBe(true);
    await client.logout(slot);
  });

  it('the carrier asks for the PIN only when the token needs it, passing label and PIN state', async () => {
    const asked: Array<{ tokenLabel: string; pinState: PinState }> = [];
    const getPin: GetPin = async (info) => (asked.push(info), PIN);
    const signer = await TokenSigner.open({ client, uri: uri(), getPin });
    expect(asked).toEqual([]); // opening reads only public objects
    await signer.signDigest(digest, 'ecdsa-sha256');
    await signer.signDigest(digest, 'ecdsa-sha256');
    expect(asked).toEqual([{ tokenLabel: t.label, pinState: expect.any(String) }]);
    await signer.key.logout();
  });

  it('concurrent operations needing a login share one PIN prompt', async () => {
    let prompts = 0;
    const signer = await TokenSigner.open({ client, uri: uri(), getPin: async () => (prompts++, PIN) });
    const sigs = await Promise.all([1, 2, 3].map(() => signer.signDigest(digest, 'ecdsa-sha256')));
    expect(sigs.every((s) => s[0] === 0x30)).toBe(true);
    expect(prompts).toBe(1);
    await signer.key.logout();
  });

  it('carrier: wrong PIN → E_PIN_INCORRECT with details.pinState; cancel → E_CANCELLED; then a right PIN works', async () => {
    const answers: Array<string | null> = [WRONG, null, PIN];
    const seen: PinState[] = [];
    const signer = await TokenSigner.open({ client, uri: uri(), getPin: async (i) => (seen.push(i.pinState), answers.shift()!) });
    const e1 = await catchErr(signer.signDigest(digest, 'ecdsa-sha256'));
    expect(e1).toMatchObject({ code: 'E_PIN_INCORRECT', details: { pinState: 'count-low' } });
    expect((await catchErr(signer.signDigest(digest, 'ecdsa-sha256'))).code).toBe('E_CANCELLED');
    expect((await signer.signDigest(digest, 'ecdsa-sha256'))[0]).toBe(0x30);
    expect(seen[1]).toBe('count-low'); // the second prompt can warn the user
    await signer.key.logout();
  });

  it('a token reporting CKF_USER_PIN_LOCKED → E_PIN_LOCKED without asking for a PIN; CKR_PIN_LOCKED maps to E_PIN_LOCKED', async () => {
    // SoftHSM2 cannot be locked, so the locked state is fed through a stub client
    const real = await TokenKey.open({ client, uri: uri(), getPin: async () => PIN });
    const locked = (s: SlotDescription) => ({ ...s, token: { ...s.token!, pinState: 'locked' as const } });
    const stub = Object.create(client) as Pkcs11Client;
    stub.listSlots = async (o) => (await client.listSlots(o)).map(locked);
    let asked = false;
    const key = await TokenKey.open({ client: stub, uri: uri(), getPin: async () => ((asked = true), PIN) });
    expect((await catchErr(key.login())).code).toBe('E_PIN_LOCKED');
    expect(asked).toBe(false);
    expect(real.kind).toBe('p256');
    expect(codeForCkr('CKR_PIN_LOCKED')).toBe('E_PIN_LOCKED');
    expect(codeForCkr('CKR_PIN_INCORRECT')).toBe('E_PIN_INCORRECT');
  });

  it('the PIN appears in no worker output and no error message or details', () => {
    expect(errors.length).toBeGreaterThan(10);
    const texts = errors.map((e) => `${String(e)} ${(e as Error).stack ?? ''} ${JSON.stringify(e)} ${JSON.stringify((e as BidSealError).details ?? {})}`).join('\n');
    for (const secret of [PIN, WRONG]) {
      expect(texts).not.toContain(secret);
      expect(output.join('')).not.toContain(secret);
    }
  });
});
