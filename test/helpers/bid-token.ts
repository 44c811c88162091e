// Runs in Node (vitest). A USB key for the sealed-bid CLI tests, per describe block: a SoftHSM2 token
// (createCliToken: the bidder's RSA encryption key, PIN 123456) and OpenSSL-made bid fixtures for the
// parties named, with the history of every seal in the fixtures' folder (BIDSEAL_DATA_DIR); run() is the
// `bidseal` bin with the token's module and the PIN on standard input. useCliToken: the token alone, for the
// signing CLI tests. Vitest-only (registers hooks).
import { afterAll, beforeAll } from 'vitest';
import path from 'node:path';
import { bidseal } from './cli';
import { createCliToken, type SoftHsmToken } from './softhsm';
import { makeBidFixtures, type BidFixtures, type Party } from '../unit/bid/fixtures';

export const TOKEN_PIN = '123456';

export interface BidToken {
  fx: BidFixtures;
  token: SoftHsmToken;
  /** pkcs11: URI of the token's RSA key */
  uri: string;
  /** a file in the fixtures' folder */
  p(file: string): string;
  /** `bidseal ARGS --module M --pin-stdin` with `pin` on standard input */
  run(args: string[], pin?: string): ReturnType<typeof bidseal>;
}

/** A token for one describe block of `bidseal` bin tests (createCliToken, PIN 123456): made before its tests,
 * removed after; its fields are there once the block's beforeAll has run. */
export function useCliToken(): ReturnType<typeof createCliToken> {
  const live = {} as ReturnType<typeof createCliToken>;
  beforeAll(() => {
    Object.assign(live, createCliToken({ label: 'Bidder Key', pin: TOKEN_PIN }));
  });
  afterAll(() => live.token?.cleanup());
  return live;
}

export function useBidToken(parties: Party[]): BidToken {
  const live = {} as BidToken;
  let env: Record<string, string> = {};
  beforeAll(async () => {
    live.fx = await makeBidFixtures(parties);
    const t = createCliToken({ label: 'Bidder Key', pin: TOKEN_PIN }, { BIDSEAL_DATA_DIR: path.join(live.fx.dir, 'data') });
    live.token = t.token;
    env = t.env;
    live.uri = t.uriOf(t.token.rsa.label);
  }, 60_000);
  afterAll(() => {
    live.token?.cleanup();
    live.fx?.cleanup();
  });
  live.p = (f) => path.join(live.fx.dir, f);
  live.run = (args, pin = TOKEN_PIN) => bidseal([...args, '--module', live.token.modulePath, '--pin-stdin'], Buffer.from(`${pin}\n`), env);
  return live;
}
