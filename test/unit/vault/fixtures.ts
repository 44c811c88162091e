// Runs in Node (tests). A vault over fake-indexeddb with the fast test KDF, as the vault tests open one.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { Vault } from '../../../renderer/src/vault/vault';
import { TEST_KDF } from '../../../renderer/src/vault/crypto';

export function freshVault(factory = new IDBFactory(), name = 'v'): Vault {
  return new Vault({ indexedDB: factory, IDBKeyRange, kdf: TEST_KDF, name });
}
