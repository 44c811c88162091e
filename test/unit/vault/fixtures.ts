// Runs in Node (tests). A vault over fake-indexeddb with the fast test KDF, as the vault tests open one.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { Vault } from '../../../renderer/src/vault/vault';
import { TEST_KDF } from '../../../renderer/src/vault/crypto';

/** A vault created with `pass`, holding `bidder`; the vault and the bidder's id. */
export async function vaultWithBidder(factory: IDBFactory | undefined, name: string, pass: string, bidder: Parameters<Vault['putBidder']>[0]): Promise<{ v: Vault; a: string }> {
  const v = freshVault(factory, name);
  await v.create(pass);
  return { v, a: await v.putBidder(bidder) };
}

export function freshVault(factory = new IDBFactory(), name = 'v'): Vault {
  return new Vault({ indexedDB: factory, IDBKeyRange, kdf: TEST_KDF, name });
}
