// Runs in the renderer and in Node tests. The vault repository: create / unlock / lock / change the
// passphrase, and typed reads and writes of every record kind, each encrypted with the vault key and
// its (table, id, bidder) as AAD. Reads validate the plaintext against model.ts; a row whose tag does
// not verify is returned as `{ tampered: true }` (never its bytes), so one damaged row cannot hide the
// rest. WebCrypto calls are never awaited inside a Dexie transaction (that would commit it early):
// rows are sealed first, then written in one transaction.
import { z } from 'zod';
import { BidSealError } from '../../../shared/errors';
import { sm3 } from '../../../shared/crypto/sm3';
import { DB_NAME, RECORD_TABLES, SCHEMA_VERSION, VaultDb, type BlobRow, type DexieDeps, type KeySlotRow, type RecordTable, type SealedRow, type SettingsRow, type TokenSlotRow } from './db';
import { buildRecipientInfo, recipientCertificate } from '../../../shared/envelope/recipients';
import { DEFAULT_KDF, MIN_PASSPHRASE, deriveKek, importAesKey, newKdfParams, open, randomBytes, recordAad, seal, toHex, unwrapKey, wrapKey, type KdfParams } from './crypto';
import { Attachment, Bidder, KINDS, type Kind, type KindInput, type KindValue } from './model';

export type VaultState = 'absent' | 'locked' | 'unlocked';
export type Entry<T> = { id: string; updatedAt: string; value: T; tampered?: false } | { id: string; updatedAt: string; tampered: true; value?: undefined };

export const PAYLOAD_VERSION = 1;
const TOKEN_CHECK_AAD = 'bidseal/vault-key-check/v1';
export const DEFAULT_AUTO_LOCK_MINUTES = 10;
const dec = new TextDecoder();
const enc = new TextEncoder();

export function newId(): string {
  return toHex(randomBytes(16));
}

const schemaOf = (t: RecordTable): z.ZodType => (t === 'bidders' ? Bidder : KINDS[t as Kind]);

export interface VaultOptions extends DexieDeps {
  name?: string;
  /** KDF cost for new key slots (tests pass TEST_KDF) */
  kdf?: Omit<KdfParams, 'salt'>;
  now?: () => Date;
}

export class Vault {
  readonly db: VaultDb;
  private key: CryptoKey | null = null;
  readonly kdf: Omit<KdfParams, 'salt'>;
  private readonly now: () => Date;
  private listeners = new Set<(s: VaultState) => void>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private autoLockMs = DEFAULT_AUTO_LOCK_MINUTES * 60_000;

  constructor(opts: VaultOptions = {}) {
    this.db = new VaultDb(opts.name ?? DB_NAME, opts);
    this.kdf = opts.kdf ?? DEFAULT_KDF;
    this.now = opts.now ?? (() => new Date());
  }

  // ---- key slot ---------------------------------------------------------------------------------

  async state(): Promise<VaultState> {
    if (this.key) return 'unlocked';
    await this.checkSchema();
    return (await this.keySlot()) ? 'locked' : 'absent';
  }

  get isUnlocked(): boolean {
    return this.key !== null;
  }

  onState(l: (s: VaultState) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private emit(s: VaultState) {
    for (const l of this.listeners) l(s);
  }

  private async checkSchema() {
    // Dexie refuses to open a database of a higher version; say so in our words
    try {
      await this.db.open();
    } catch (e) {
      if ((e as { name?: string }).name === 'VersionError') throw new BidSealError('E_VAULT_SCHEMA_TOO_NEW', `vault schema newer than ${SCHEMA_VERSION}`);
      throw e;
    }
    // Dexie 4 opens a newer database as it finds it instead of failing; we must not write into it
    const native = Math.floor((this.db.backendDB()?.version ?? 0) / 10);
    if (native > SCHEMA_VERSION) {
      this.db.close();
      throw new BidSealError('E_VAULT_SCHEMA_TOO_NEW', `vault schema ${native} is newer than ${SCHEMA_VERSION}`);
    }
  }

  private async keySlot(): Promise<KeySlotRow | undefined> {
    return (await this.db.meta.get('keyslot')) as KeySlotRow | undefined;
  }

  async create(passphrase: string): Promise<void> {
    if (passphrase.length < MIN_PASSPHRASE) throw new BidSealError('E_VAULT_WEAK_PASSPHRASE');
    await this.checkSchema();
    if (await this.keySlot()) throw new BidSealError('E_VAULT_ALREADY_EXISTS');
    const raw = randomBytes(32);
    const kdf = newKdfParams(this.kdf);
    const kek = await deriveKek(passphrase, kdf);
    const wrapped = await wrapKey(kek, raw);
    kek.fill(0);
    const at = this.now().toISOString();
    const slot: KeySlotRow = { key: 'keyslot', format: 1, kdf, wrapped, createdAt: at, changedAt: at };
    // add(), not put(): a second window racing to create the vault fails instead of overwriting
    await this.db.meta.add(slot);
    this.key = await importAesKey(raw);
    raw.fill(0);
    this.armIdle();
    this.emit('unlocked');
  }

  async unlock(passphrase: string): Promise<void> {
    await this.checkSchema();
    const slot = await this.keySlot();
    if (!slot) throw new BidSealError('E_VAULT_NOT_CREATED');
    const kek = await deriveKek(passphrase, slot.kdf);
    try {
      const raw = await unwrapKey(kek, slot.wrapped);
      this.key = await importAesKey(raw);
      raw.fill(0);
    } finally {
      kek.fill(0);
    }
    const settings = (await this.db.meta.get('settings')) as SettingsRow | undefined;
    if (settings) this.autoLockMs = settings.autoLockMinutes * 60_000;
    this.armIdle();
    this.emit('unlocked');
  }

  lock(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (!this.key) return;
    this.key = null;
    this.emit('locked');
  }

  // ---- USB key (token) slots ----------------------------------------------------------------------

  /** Public data of the token slots (readable while locked, to offer "unlock with USB key"). */
  async tokenSlots(): Promise<Pick<TokenSlotRow, 'key' | 'label' | 'uri' | 'certDer' | 'createdAt'>[]> {
    await this.checkSchema();
    const rows = (await this.db.meta.where('key').startsWith('token:').toArray()) as TokenSlotRow[];
    return rows.map(({ key, label, uri, certDer, createdAt }) => ({ key, label, uri, certDer, createdAt }));
  }

  /**
   * Wraps the vault key to an encryption certificate whose private key sits on a USB key. The
   * passphrase is asked again: the vault key is never extractable from the running session.
   */
  async addTokenSlot(passphrase: string, slot: { certDer: Uint8Array; uri: string; label: string }): Promise<string> {
    const key = this.requireKey();
    const main = await this.keySlot();
    if (!main) throw new BidSealError('E_VAULT_NOT_CREATED');
    const cert = recipientCertificate({ certificate: slot.certDer });
    const kek = await deriveKek(passphrase, main.kdf);
    const raw = await unwrapKey(kek, main.wrapped);
    kek.fill(0);
    let recipientInfo: Uint8Array;
    try {
      recipientInfo = await buildRecipientInfo({ certificate: cert }, cert, raw, { recipientId: 'issuerAndSerial', gmVersion: false });
    } finally {
      raw.fill(0);
    }
    const check = await seal(key, TOKEN_CHECK_AAD, new Uint8Array(0));
    const id = `token:${toHex(sm3(slot.certDer)).slice(0, 32)}` as const;
    const row: TokenSlotRow = { key: id, format: 1, label: slot.label, certDer: slot.certDer, uri: slot.uri, recipientInfo, check, createdAt: this.now().toISOString() };
    await this.db.meta.put(row);
    return id;
  }

  async removeTokenSlot(id: string): Promise<void> {
    this.requireKey();
    if (!id.startsWith('token:')) throw new BidSealError('E_INVALID_ARGUMENT', 'not a token slot');
    await this.db.meta.delete(id);
  }

  /**
   * Unlocks with the USB key: `unwrap` sends the slot's RecipientInfo to the Node side, where the token
   * decrypts it (PIN entered there); the returned key is checked against the slot before it is used.
   */
  async unlockWithToken(id: string, unwrap: (recipientInfo: Uint8Array, slot: { uri: string; certDer: Uint8Array }) => Promise<Uint8Array>): Promise<void> {
    await this.checkSchema();
    const row = (await this.db.meta.get(id)) as TokenSlotRow | undefined;
    if (!row || !id.startsWith('token:')) throw new BidSealError('E_VAULT_NOT_FOUND', 'token slot');
    const raw = await unwrap(row.recipientInfo, { uri: row.uri, certDer: row.certDer });
    try {
      if (raw.length !== 32) throw new BidSealError('E_VAULT_WRONG_PASSPHRASE', 'the USB key returned no vault key');
      const key = await importAesKey(raw);
      await open(key, TOKEN_CHECK_AAD, row.check, 'E_VAULT_WRONG_PASSPHRASE', 'the USB key returned a different key');
      this.key = key;
    } finally {
      raw.fill(0);
    }
    const settings = (await this.db.meta.get('settings')) as SettingsRow | undefined;
    if (settings) this.autoLockMs = settings.autoLockMinutes * 60_000;
    this.armIdle();
    this.emit('unlocked');
  }

  /** Re-wraps the vault key under a new passphrase; no record is re-encrypted. */
  async changePassphrase(current: string, next: string): Promise<void> {
    if (next.length < MIN_PASSPHRASE) throw new BidSealError('E_VAULT_WEAK_PASSPHRASE');
    const slot = await this.keySlot();
    if (!slot) throw new BidSealError('E_VAULT_NOT_CREATED');
    const oldKek = await deriveKek(current, slot.kdf);
    const raw = await unwrapKey(oldKek, slot.wrapped);
    oldKek.fill(0);
    const kdf = newKdfParams(this.kdf);
    const kek = await deriveKek(next, kdf);
    const wrapped = await wrapKey(kek, raw);
    kek.fill(0);
    raw.fill(0);
    await this.db.meta.put({ ...slot, kdf, wrapped, changedAt: this.now().toISOString() });
  }

  async autoLockMinutes(): Promise<number> {
    const s = (await this.db.meta.get('settings')) as SettingsRow | undefined;
    return s?.autoLockMinutes ?? DEFAULT_AUTO_LOCK_MINUTES;
  }

  async setAutoLockMinutes(minutes: number): Promise<void> {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) throw new BidSealError('E_INVALID_ARGUMENT', 'auto-lock minutes 1..1440');
    await this.db.meta.put({ key: 'settings', autoLockMinutes: minutes });
    this.autoLockMs = minutes * 60_000;
    this.armIdle();
  }

  /** The user did something: restart the idle clock. */
  touch(): void {
    if (this.key) this.armIdle();
  }

  private armIdle() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.lock(), this.autoLockMs);
    (this.idleTimer as { unref?: () => void }).unref?.();
  }

  private requireKey(): CryptoKey {
    if (!this.key) throw new BidSealError('E_VAULT_LOCKED');
    return this.key;
  }

  close(): void {
    this.lock();
    this.db.close();
  }

  // ---- rows -------------------------------------------------------------------------------------

  /** Encrypts a validated value into a row (exported for backup restore). */
  async sealRow(table: RecordTable, id: string, bidderId: string, value: unknown, updatedAt = this.now().toISOString()): Promise<SealedRow> {
    const key = this.requireKey();
    const { iv, ct } = await seal(key, recordAad(table, id, bidderId), enc.encode(JSON.stringify(value)));
    return { id, bidderId, updatedAt, v: PAYLOAD_VERSION, iv, ct };
  }

  /** Decrypts and validates a row; tampering (or a payload that no longer parses) → tampered. */
  async openRow<T>(table: RecordTable, row: SealedRow): Promise<Entry<T>> {
    const key = this.requireKey();
    try {
      const plain = await open(key, recordAad(table, row.id, row.bidderId), row);
      const parsed = schemaOf(table).safeParse(JSON.parse(dec.decode(plain)));
      if (!parsed.success) return { id: row.id, updatedAt: row.updatedAt, tampered: true };
      return { id: row.id, updatedAt: row.updatedAt, value: parsed.data as T };
    } catch (e) {
      if (e instanceof BidSealError && e.code === 'E_VAULT_RECORD_TAMPERED') return { id: row.id, updatedAt: row.updatedAt, tampered: true };
      throw e;
    }
  }

  private validate<T>(table: RecordTable, input: unknown): T {
    const r = schemaOf(table).safeParse(input);
    if (!r.success) {
      const issue = r.error.issues[0];
      if (table === 'bidders' && issue?.path[0] === 'uscc') throw new BidSealError('E_VAULT_INVALID_USCC');
      throw new BidSealError('E_VAULT_RECORD_INVALID', `${table}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`, { issues: r.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) });
    }
    return r.data as T;
  }

  // ---- bidders ----------------------------------------------------------------------------------

  async listBidders(): Promise<Entry<Bidder>[]> {
    this.requireKey();
    const rows = await this.db.bidders.toArray();
    const out = await Promise.all(rows.map((r) => this.openRow<Bidder>('bidders', r)));
    return out.sort((a, b) => (a.value?.name ?? '').localeCompare(b.value?.name ?? '', 'zh-CN'));
  }

  async getBidder(id: string): Promise<Entry<Bidder>> {
    this.requireKey();
    const row = await this.db.bidders.get(id);
    if (!row) throw new BidSealError('E_VAULT_NOT_FOUND', 'bidder');
    return this.openRow<Bidder>('bidders', row);
  }

  async putBidder(input: z.input<typeof Bidder>, id: string = newId()): Promise<string> {
    const value = this.validate<Bidder>('bidders', input);
    const row = await this.sealRow('bidders', id, id, value);
    await this.db.bidders.put(row);
    return id;
  }

  /** Removes a bidder and everything it owns, in one transaction. */
  async deleteBidder(id: string): Promise<void> {
    this.requireKey();
    await this.db.transaction('rw', [...RECORD_TABLES.map((t) => this.db.recordTable(t)), this.db.blobs], async () => {
      for (const t of RECORD_TABLES) if (t !== 'bidders') await this.db.recordTable(t).where('bidderId').equals(id).delete();
      await this.db.blobs.where('bidderId').equals(id).delete();
      await this.db.bidders.delete(id);
    });
  }

  // ---- records of a bidder ------------------------------------------------------------------------

  async list<K extends Kind>(kind: K, bidderId: string): Promise<Entry<KindValue<K>>[]> {
    this.requireKey();
    const rows = await this.db.recordTable(kind).where('bidderId').equals(bidderId).toArray();
    const out = await Promise.all(rows.map((r) => this.openRow<KindValue<K>>(kind, r)));
    return out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async get<K extends Kind>(kind: K, id: string): Promise<Entry<KindValue<K>>> {
    this.requireKey();
    const row = await this.db.recordTable(kind).get(id);
    if (!row) throw new BidSealError('E_VAULT_NOT_FOUND', kind);
    return this.openRow<KindValue<K>>(kind, row);
  }

  async put<K extends Kind>(kind: K, bidderId: string, input: KindInput<K>, id: string = newId()): Promise<string> {
    this.requireKey();
    if (!(await this.db.bidders.get(bidderId))) throw new BidSealError('E_VAULT_BIDDER_REQUIRED');
    const existing = await this.db.recordTable(kind).get(id);
    if (existing && existing.bidderId !== bidderId) throw new BidSealError('E_INVALID_ARGUMENT', 'record belongs to another bidder');
    const value = this.validate<KindValue<K>>(kind, input);
    await this.db.recordTable(kind).put(await this.sealRow(kind, id, bidderId, value));
    return id;
  }

  async remove(kind: Kind, id: string): Promise<void> {
    this.requireKey();
    await this.db.transaction('rw', this.db.recordTable(kind), this.db.blobs, async () => {
      await this.db.recordTable(kind).delete(id);
      if (kind === 'attachments') await this.db.blobs.delete(id);
    });
  }

  // ---- scans ------------------------------------------------------------------------------------

  async sealBlob(id: string, bidderId: string, bytes: Uint8Array): Promise<BlobRow> {
    const { iv, ct } = await seal(this.requireKey(), recordAad('blobs', id, bidderId), bytes);
    return { id, bidderId, iv, ct };
  }

  async openBlob(row: BlobRow): Promise<Uint8Array> {
    return open(this.requireKey(), recordAad('blobs', row.id, row.bidderId), row);
  }

  async addAttachment(bidderId: string, file: { name: string; mediaType?: string; bytes: Uint8Array; tags?: string[] }): Promise<string> {
    this.requireKey();
    if (!(await this.db.bidders.get(bidderId))) throw new BidSealError('E_VAULT_BIDDER_REQUIRED');
    const id = newId();
    const meta = this.validate<Attachment>('attachments', {
      name: file.name,
      mediaType: file.mediaType || 'application/octet-stream',
      size: file.bytes.length,
      sm3: toHex(sm3(file.bytes)),
      addedAt: this.now().toISOString(),
      tags: file.tags ?? [],
    });
    const row = await this.sealRow('attachments', id, bidderId, meta);
    const blob = await this.sealBlob(id, bidderId, file.bytes);
    await this.db.transaction('rw', this.db.attachments, this.db.blobs, async () => {
      await this.db.blobs.put(blob);
      await this.db.attachments.put(row);
    });
    return id;
  }

  /** The scan's bytes, checked against its recorded SM3. */
  async readAttachment(id: string): Promise<{ meta: Attachment; bytes: Uint8Array }> {
    this.requireKey();
    const entry = await this.get('attachments', id);
    if (entry.tampered) throw new BidSealError('E_VAULT_RECORD_TAMPERED', 'attachment');
    const blob = await this.db.blobs.get(id);
    if (!blob) throw new BidSealError('E_VAULT_NOT_FOUND', 'attachment bytes');
    const bytes = await this.openBlob(blob);
    if (toHex(sm3(bytes)) !== entry.value.sm3) throw new BidSealError('E_VAULT_RECORD_TAMPERED', 'attachment hash');
    return { meta: entry.value, bytes };
  }
}
