// Runs in the renderer (IndexedDB) and in Node tests (fake-indexeddb). The vault's Dexie schema and
// its versioned migrations. Every row is `{ id, bidderId, updatedAt, v, iv, ct }`: only random ids,
// the owning bidder's random id and a timestamp are in clear (indexed); everything a person typed or
// scanned is inside `ct` (AES-256-GCM, see crypto.ts). `meta` holds the key slot (KDF parameters,
// wrapped vault key) and non-secret settings. Schema history (never edit a shipped version; add one):
//   v1  meta, bidders, qualifications, personnel, projects, financials, attachments, blobs
//   v2  + certificates, history; blobs gain a bidderId index (filled from their attachment rows) so a
//       bidder's export and deletion reach its scans without decrypting every attachment
//   v3  integrity (docs/VAULT.md): rows bind updatedAt in their AAD; meta gains a per-bidder authenticated
//       index ('index:<bidder>', HMAC under a key derived from the vault key, listing each row's current
//       IV) and a top index ('index') of the bidders' counters; settings and token slots carry a MAC. The
//       re-encryption needs the vault key, so it runs at the first unlock (Vault.migrateIntegrity); the
//       key slot's format 2 says it ran.
import { Dexie, type Table } from 'dexie';

export const DB_NAME = 'bidseal-vault';
export const SCHEMA_VERSION = 3;

/** an encrypted row; `v` is the payload version (model.ts shape) for lazy payload migrations */
export interface SealedRow {
  id: string;
  bidderId: string;
  updatedAt: string;
  v: number;
  iv: Uint8Array;
  ct: Uint8Array;
}

/** an encrypted scan; the id is its attachment row's id */
export interface BlobRow {
  id: string;
  bidderId: string;
  iv: Uint8Array;
  ct: Uint8Array;
}

export interface KeySlotRow {
  key: 'keyslot';
  /** 1: schema ≤ 2 rows (no index yet); 2: rows, index and settings authenticated */
  format: 1 | 2;
  kdf: { alg: 'scrypt'; N: number; r: number; p: number; salt: Uint8Array };
  wrapped: { iv: Uint8Array; ct: Uint8Array };
  createdAt: string;
  changedAt: string;
}

export interface SettingsRow {
  key: 'settings';
  autoLockMinutes: number;
  /** HMAC under the index key (format 2) */
  mac?: string;
}

/** a bidder's authenticated index: every row of the bidder ('table/id') → the IV of its current version */
export interface IndexRow {
  key: `index:${string}`;
  bidderId: string;
  counter: number;
  entries: Record<string, string>;
  mac: string;
}

/** the bidders and the counter of each one's index, so a bidder's index cannot be rolled back or removed */
export interface TopIndexRow {
  key: 'index';
  bidders: Record<string, number>;
  mac: string;
}

/**
 * Optional second way in: the vault key wrapped to a bidder's ENCRYPTION certificate as a CMS
 * RecipientInfo (SM2 GM/T 0010 or RSA-OAEP), opened by the USB key that holds the private key.
 * `check` is a GCM tag under the vault key, so a key returned by the token is verified before use.
 */
export interface TokenSlotRow {
  key: `token:${string}`;
  format: 1;
  label: string;
  certDer: Uint8Array;
  /** pkcs11: URI of the key on the token (public, as shown by the token reader) */
  uri: string;
  recipientInfo: Uint8Array;
  check: { iv: Uint8Array; ct: Uint8Array };
  createdAt: string;
  /** HMAC under the index key over every field (format 2) */
  mac?: string;
}

export type MetaRow = KeySlotRow | SettingsRow | TokenSlotRow | IndexRow | TopIndexRow;

export const RECORD_TABLES = ['bidders', 'qualifications', 'personnel', 'projects', 'financials', 'certificates', 'history', 'attachments'] as const;
export type RecordTable = (typeof RECORD_TABLES)[number];

const ROW = 'id, bidderId, updatedAt';

export const SCHEMAS: Record<number, Record<string, string>> = {
  1: { meta: 'key', bidders: 'id, updatedAt', qualifications: ROW, personnel: ROW, projects: ROW, financials: ROW, attachments: ROW, blobs: 'id' },
  2: { certificates: ROW, history: ROW, blobs: 'id, bidderId' },
  3: {},
};

export interface DexieDeps {
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

export class VaultDb extends Dexie {
  meta!: Table<MetaRow, string>;
  bidders!: Table<SealedRow, string>;
  qualifications!: Table<SealedRow, string>;
  personnel!: Table<SealedRow, string>;
  projects!: Table<SealedRow, string>;
  financials!: Table<SealedRow, string>;
  certificates!: Table<SealedRow, string>;
  history!: Table<SealedRow, string>;
  attachments!: Table<SealedRow, string>;
  blobs!: Table<BlobRow, string>;

  constructor(name = DB_NAME, deps: DexieDeps = {}, upTo = SCHEMA_VERSION) {
    super(name, deps.indexedDB ? { indexedDB: deps.indexedDB, IDBKeyRange: deps.IDBKeyRange } : undefined);
    this.version(1).stores(SCHEMAS[1]);
    if (upTo >= 2) {
      this.version(2)
        .stores(SCHEMAS[2])
        .upgrade(async (tx) => {
          // v1 blob rows carried no owner; copy it from the attachment row of the same id
          const owners = new Map<string, string>();
          await tx.table<SealedRow, string>('attachments').each((a) => void owners.set(a.id, a.bidderId));
          await tx
            .table<BlobRow & { bidderId?: string }, string>('blobs')
            .toCollection()
            .modify((b) => {
              b.bidderId = owners.get(b.id) ?? '';
            });
        });
    }
    // v3 changes no store; it marks the format (older versions must not open rows they cannot check)
    if (upTo >= 3) this.version(3).stores(SCHEMAS[3]);
  }

  recordTable(t: RecordTable): Table<SealedRow, string> {
    return this[t];
  }
}
