// Runs in the renderer and in Node tests. The vault repository: create / unlock / lock / change the
// passphrase, and typed reads and writes of every record kind, each encrypted with the vault key and
// its (table, id, bidder) as AAD. Reads validate the plaintext against model.ts; a row whose tag does
// not verify is returned as `{ tampered: true }` (never its bytes), so one damaged row cannot hide the
// rest. WebCrypto calls are never awaited inside a Dexie transaction (that would commit it early):
// rows are sealed first, then written in one transaction.
import { z } from 'zod';
import { BidSealError } from '../../../shared/errors';
import { DB_NAME, RECORD_TABLES, SCHEMA_VERSION, VaultDb, type BlobRow, type DexieDeps, type IndexRow, type KeySlotRow, type RecordTable, type SealedRow, type SettingsRow, type TokenSlotRow, type TopIndexRow } from './db';
import { DEFAULT_KDF, deriveKek, deriveMacKey, importAesKey, macEqual, macHex, newKdfParams, open, randomBytes, recordAad, rowAad, seal, toHex, unwrapKey, wrapKey, type KdfParams } from './crypto';
import { checkPassphrase } from './passphrase-strength';
import { Attachment, Bidder, KINDS, type Kind, type KindInput, type KindValue } from './model';

// SM3 and the recipient code (SM2 and the WebAssembly modules with them) load on first use: the first
// screen needs neither, and they were most of its script (npm run bench: ui-first-screen).
const loadSm3 = () => import('../../../shared/crypto/sm3').then((m) => m.sm3);
const loadRecipients = () => import('../../../shared/envelope/recipients');

export type VaultState = 'absent' | 'locked' | 'unlocked';
/** `missing`: the authenticated index lists the row but it is gone (deleted behind the app's back) */
export type Entry<T> = { id: string; updatedAt: string; value: T; tampered?: false } | { id: string; updatedAt: string; tampered: true; missing?: boolean; value?: undefined };

export interface IntegrityProblem {
  kind: 'record-tampered' | 'record-rolled-back' | 'record-missing' | 'record-unlisted' | 'index' | 'setting' | 'token-slot';
  table?: RecordTable;
  id?: string;
  bidderId?: string;
}

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
  /** the authenticated index's key (HKDF of the vault key), zeroed on lock */
  private macKey: Uint8Array | null = null;
  private settingProblems: IntegrityProblem[] = [];
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
    checkPassphrase(passphrase); // E_VAULT_WEAK_PASSPHRASE
    await this.checkSchema();
    if (await this.keySlot()) throw new BidSealError('E_VAULT_ALREADY_EXISTS');
    const raw = randomBytes(32);
    const kdf = newKdfParams(this.kdf);
    const kek = await deriveKek(passphrase, kdf);
    const wrapped = await wrapKey(kek, raw);
    kek.fill(0);
    const at = this.now().toISOString();
    const slot: KeySlotRow = { key: 'keyslot', format: 2, kdf, wrapped, createdAt: at, changedAt: at };
    // add(), not put(): a second window racing to create the vault fails instead of overwriting
    await this.db.meta.add(slot);
    await this.useKey(raw);
    raw.fill(0);
    await this.db.meta.put(this.signedTop({}));
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
      await this.useKey(raw);
      raw.fill(0);
    } finally {
      kek.fill(0);
    }
    await this.afterUnlock(slot);
  }

  private async useKey(raw: Uint8Array): Promise<void> {
    this.key = await importAesKey(raw);
    this.macKey = deriveMacKey(raw);
  }

  /** Migrates a schema ≤ 2 vault once, then reads the authenticated settings. */
  private async afterUnlock(slot: KeySlotRow): Promise<void> {
    if (slot.format === 1) await this.migrateIntegrity();
    this.settingProblems = [];
    const settings = (await this.db.meta.get('settings')) as SettingsRow | undefined;
    if (settings) {
      if (macEqual(settings.mac, this.settingsMac(settings.autoLockMinutes))) this.autoLockMs = settings.autoLockMinutes * 60_000;
      else {
        // a changed auto-lock time is not believed: the default applies and the change is reported
        this.autoLockMs = DEFAULT_AUTO_LOCK_MINUTES * 60_000;
        this.settingProblems.push({ kind: 'setting', id: 'autoLockMinutes' });
      }
    }
    this.armIdle();
    this.emit('unlocked');
  }

  lock(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (!this.key) return;
    this.key = null;
    this.macKey?.fill(0);
    this.macKey = null;
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
    const { buildRecipientInfo, recipientCertificate } = await loadRecipients();
    const sm3 = await loadSm3();
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
    await this.db.meta.put({ ...row, mac: this.tokenSlotMac(row) });
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
      const slot = await this.keySlot();
      if (!slot) throw new BidSealError('E_VAULT_NOT_CREATED');
      // the slot itself (label, certificate, module URI) must be the one the vault wrote
      if (slot.format === 2 && !macEqual(row.mac, this.tokenSlotMac(row, deriveMacKey(raw)))) throw new BidSealError('E_VAULT_INTEGRITY', 'token slot');
      await this.useKey(raw);
      await this.afterUnlock(slot);
    } finally {
      raw.fill(0);
    }
  }

  /** Re-wraps the vault key under a new passphrase; no record is re-encrypted. */
  async changePassphrase(current: string, next: string): Promise<void> {
    checkPassphrase(next); // E_VAULT_WEAK_PASSPHRASE
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

  /** The auto-lock time in force (a stored value whose MAC fails does not count). */
  async autoLockMinutes(): Promise<number> {
    const s = (await this.db.meta.get('settings')) as SettingsRow | undefined;
    if (!s) return DEFAULT_AUTO_LOCK_MINUTES;
    if (this.macKey && !macEqual(s.mac, this.settingsMac(s.autoLockMinutes))) return DEFAULT_AUTO_LOCK_MINUTES;
    return s.autoLockMinutes;
  }

  async setAutoLockMinutes(minutes: number): Promise<void> {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) throw new BidSealError('E_INVALID_ARGUMENT', 'auto-lock minutes 1..1440');
    this.requireKey();
    await this.db.meta.put({ key: 'settings', autoLockMinutes: minutes, mac: this.settingsMac(minutes) });
    this.settingProblems = this.settingProblems.filter((p) => p.id !== 'autoLockMinutes');
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

  // ---- integrity (docs/VAULT.md) ------------------------------------------------------------------

  private requireMac(): Uint8Array {
    if (!this.macKey) throw new BidSealError('E_VAULT_LOCKED');
    return this.macKey;
  }

  private settingsMac(minutes: number, key = this.requireMac()): string {
    return macHex(key, 'settings', 'autoLockMinutes', String(minutes));
  }

  private tokenSlotMac(r: TokenSlotRow, key = this.requireMac()): string {
    return macHex(key, 'token-slot', r.key, String(r.format), r.label, r.certDer, r.uri, r.recipientInfo, r.check.iv, r.check.ct, r.createdAt);
  }

  private indexMac(r: Omit<IndexRow, 'mac'>): string {
    const entries = Object.keys(r.entries).sort().flatMap((k) => [k, r.entries[k]]);
    return macHex(this.requireMac(), 'index', r.bidderId, String(r.counter), ...entries);
  }

  private topMac(bidders: Record<string, number>): string {
    return macHex(this.requireMac(), 'top-index', ...Object.keys(bidders).sort().flatMap((b) => [b, String(bidders[b])]));
  }

  private signedTop(bidders: Record<string, number>): TopIndexRow {
    return { key: 'index', bidders, mac: this.topMac(bidders) };
  }

  /**
   * The index of a bidder as the vault last wrote it, or null when it cannot be believed (its MAC fails, its
   * counter is not the one the top index holds, or it is gone while the top index lists the bidder).
   */
  private async verifiedIndex(bidderId: string): Promise<Record<string, string> | null> {
    const top = (await this.db.meta.get('index')) as TopIndexRow | undefined;
    if (!top || !macEqual(top.mac, this.topMac(top.bidders))) return null;
    const row = (await this.db.meta.get(`index:${bidderId}`)) as IndexRow | undefined;
    if (!row) return top.bidders[bidderId] === undefined ? {} : null;
    if (!macEqual(row.mac, this.indexMac(row)) || row.bidderId !== bidderId || top.bidders[bidderId] !== row.counter) return null;
    return row.entries;
  }

  /**
   * Writes rows and removals with the indexes in one transaction. The index MACs are computed inside it
   * (synchronous HMAC: a WebCrypto await would commit the transaction early).
   */
  private async commitRows(o: { put?: Array<{ table: RecordTable; row: SealedRow }>; remove?: Array<{ table: RecordTable; id: string; bidderId: string }>; blobs?: BlobRow[]; removeBlobs?: string[]; dropBidder?: string; step?: () => void }): Promise<void> {
    const db = this.db;
    await db.transaction('rw', [db.meta, ...RECORD_TABLES.map((t) => db.recordTable(t)), db.blobs], async () => {
      const top = (await db.meta.get('index')) as TopIndexRow | undefined;
      if (!top || !macEqual(top.mac, this.topMac(top.bidders))) throw new BidSealError('E_VAULT_INTEGRITY', 'vault index');
      const touched = new Map<string, IndexRow>();
      const indexOf = async (b: string): Promise<IndexRow> => {
        let r = touched.get(b);
        if (r) return r;
        const stored = (await db.meta.get(`index:${b}`)) as IndexRow | undefined;
        if (stored) {
          if (!macEqual(stored.mac, this.indexMac(stored)) || top.bidders[b] !== stored.counter) throw new BidSealError('E_VAULT_INTEGRITY', 'bidder index');
          r = { ...stored, entries: { ...stored.entries } };
        } else {
          if (top.bidders[b] !== undefined) throw new BidSealError('E_VAULT_INTEGRITY', 'bidder index missing');
          r = { key: `index:${b}`, bidderId: b, counter: 0, entries: {}, mac: '' };
        }
        touched.set(b, r);
        return r;
      };
      // bidders first, so no record ever points at a missing bidder
      const puts = [...(o.put ?? [])].sort((a, b) => Number(b.table === 'bidders') - Number(a.table === 'bidders'));
      for (const w of puts) {
        o.step?.();
        (await indexOf(w.row.bidderId)).entries[`${w.table}/${w.row.id}`] = toHex(w.row.iv);
        await db.recordTable(w.table).put(w.row);
      }
      for (const d of o.remove ?? []) {
        delete (await indexOf(d.bidderId)).entries[`${d.table}/${d.id}`];
        await db.recordTable(d.table).delete(d.id);
      }
      for (const b of o.blobs ?? []) {
        o.step?.();
        await db.blobs.put(b);
      }
      for (const id of o.removeBlobs ?? []) await db.blobs.delete(id);
      const bidders = { ...top.bidders };
      for (const [b, r] of touched) {
        if (b === o.dropBidder) continue;
        r.counter = (bidders[b] ?? 0) + 1;
        bidders[b] = r.counter;
        r.mac = this.indexMac(r);
        await db.meta.put(r);
      }
      if (o.dropBidder) {
        delete bidders[o.dropBidder];
        await db.meta.delete(`index:${o.dropBidder}`);
      }
      await db.meta.put(this.signedTop(bidders));
    });
  }

  /**
   * Everything the authenticated index and the MACs say is wrong: rows that fail their tag, rows rolled back
   * to an older ciphertext, rows deleted or added behind the app's back, a bidder index that does not
   * verify, settings and token slots that were changed.
   */
  async integrity(): Promise<IntegrityProblem[]> {
    this.requireKey();
    const problems: IntegrityProblem[] = [...this.settingProblems];
    const top = (await this.db.meta.get('index')) as TopIndexRow | undefined;
    if (!top || !macEqual(top.mac, this.topMac(top.bidders))) problems.push({ kind: 'index' });
    const bidderIds = new Set<string>([...Object.keys(top?.bidders ?? {}), ...(await this.db.bidders.toCollection().primaryKeys())]);
    for (const t of RECORD_TABLES) for (const r of await this.db.recordTable(t).toArray()) bidderIds.add(r.bidderId);
    for (const b of bidderIds) {
      const idx = await this.verifiedIndex(b);
      if (!idx) {
        problems.push({ kind: 'index', bidderId: b });
        continue;
      }
      const seen = new Set<string>();
      for (const t of RECORD_TABLES) {
        const rows = t === 'bidders' ? [await this.db.bidders.get(b)].filter((x): x is SealedRow => Boolean(x)) : await this.db.recordTable(t).where('bidderId').equals(b).toArray();
        for (const r of rows) {
          const e = await this.openRow(t, r, idx);
          seen.add(`${t}/${r.id}`);
          if (e.tampered) problems.push({ kind: idx[`${t}/${r.id}`] === undefined ? 'record-unlisted' : toHex(r.iv) !== idx[`${t}/${r.id}`] ? 'record-rolled-back' : 'record-tampered', table: t, id: r.id, bidderId: b });
        }
      }
      for (const k of Object.keys(idx)) {
        if (seen.has(k)) continue;
        const [table, id] = k.split('/') as [RecordTable, string];
        problems.push({ kind: 'record-missing', table, id, bidderId: b });
      }
    }
    const slots = (await this.db.meta.where('key').startsWith('token:').toArray()) as TokenSlotRow[];
    for (const s of slots) if (!macEqual(s.mac, this.tokenSlotMac(s))) problems.push({ kind: 'token-slot', id: s.key });
    return problems;
  }

  /**
   * Schema ≤ 2 → 3, at the first unlock (it needs the vault key): every row is opened with the old AAD and
   * sealed again with updatedAt in its AAD, the indexes are built, the settings and token slots get their
   * MACs, and the key slot is marked format 2 — one transaction, so a crash leaves the old vault intact.
   * A row that does not open under the old AAD stays as it is and is reported (it is in no index).
   */
  private async migrateIntegrity(): Promise<void> {
    const key = this.requireKey();
    const puts: Array<{ table: RecordTable; row: SealedRow }> = [];
    for (const t of RECORD_TABLES) {
      for (const r of await this.db.recordTable(t).toArray()) {
        let plain: Uint8Array;
        try {
          plain = await open(key, recordAad(t, r.id, r.bidderId), r);
        } catch {
          continue;
        }
        const { iv, ct } = await seal(key, rowAad(t, r.id, r.bidderId, r.updatedAt), plain);
        puts.push({ table: t, row: { ...r, iv, ct } });
      }
    }
    const settings = (await this.db.meta.get('settings')) as SettingsRow | undefined;
    const slots = (await this.db.meta.where('key').startsWith('token:').toArray()) as TokenSlotRow[];
    const entries = new Map<string, Record<string, string>>();
    for (const p of puts) {
      const e = entries.get(p.row.bidderId) ?? {};
      e[`${p.table}/${p.row.id}`] = toHex(p.row.iv);
      entries.set(p.row.bidderId, e);
    }
    const db = this.db;
    await db.transaction('rw', [db.meta, ...RECORD_TABLES.map((t) => db.recordTable(t))], async () => {
      const slot = (await db.meta.get('keyslot')) as KeySlotRow | undefined;
      if (!slot || slot.format !== 1) return; // another window migrated it meanwhile
      for (const p of puts) await db.recordTable(p.table).put(p.row);
      const bidders: Record<string, number> = {};
      for (const [b, e] of entries) {
        const r: Omit<IndexRow, 'mac'> = { key: `index:${b}`, bidderId: b, counter: 1, entries: e };
        await db.meta.put({ ...r, mac: this.indexMac(r) });
        bidders[b] = 1;
      }
      await db.meta.put(this.signedTop(bidders));
      if (settings) await db.meta.put({ ...settings, mac: this.settingsMac(settings.autoLockMinutes) });
      for (const s of slots) await db.meta.put({ ...s, mac: this.tokenSlotMac(s) });
      await db.meta.put({ ...slot, format: 2 });
    });
  }

  // ---- rows -------------------------------------------------------------------------------------

  /** Encrypts a validated value into a row (exported for backup restore). */
  async sealRow(table: RecordTable, id: string, bidderId: string, value: unknown, updatedAt = this.now().toISOString()): Promise<SealedRow> {
    const key = this.requireKey();
    const { iv, ct } = await seal(key, rowAad(table, id, bidderId, updatedAt), enc.encode(JSON.stringify(value)));
    return { id, bidderId, updatedAt, v: PAYLOAD_VERSION, iv, ct };
  }

  /**
   * Decrypts and validates a row and checks it against the bidder's authenticated index: a failed tag, a
   * payload that no longer parses, an older ciphertext of the row (rolled back) or a row the index does not
   * list → tampered. `index` saves reading it again (lists); `false` skips the check (a row not yet written).
   */
  async openRow<T>(table: RecordTable, row: SealedRow, index?: Record<string, string> | null | false): Promise<Entry<T>> {
    const key = this.requireKey();
    const tampered = { id: row.id, updatedAt: row.updatedAt, tampered: true as const };
    try {
      const plain = await open(key, rowAad(table, row.id, row.bidderId, row.updatedAt), row);
      if (index !== false) {
        const idx = index === undefined ? await this.verifiedIndex(row.bidderId) : index;
        if (!idx || idx[`${table}/${row.id}`] !== toHex(row.iv)) return tampered;
      }
      const parsed = schemaOf(table).safeParse(JSON.parse(dec.decode(plain)));
      if (!parsed.success) return tampered;
      return { id: row.id, updatedAt: row.updatedAt, value: parsed.data as T };
    } catch (e) {
      if (e instanceof BidSealError && e.code === 'E_VAULT_RECORD_TAMPERED') return tampered;
      throw e;
    }
  }

  /** Rows of a bidder the index lists but that are gone: reported like tampered ones. */
  private async missing<T>(table: RecordTable, bidderId: string, idx: Record<string, string> | null, present: Set<string>): Promise<Entry<T>[]> {
    if (!idx) return [];
    return Object.keys(idx)
      .filter((k) => k.startsWith(`${table}/`) && !present.has(k.slice(table.length + 1)))
      .map((k) => ({ id: k.slice(table.length + 1), updatedAt: '', tampered: true as const, missing: true }));
  }

  /** Writes prepared rows (and scans) with the indexes, all or nothing (backup import). */
  async writeRows(put: Array<{ table: RecordTable; row: SealedRow }>, blobs: BlobRow[] = [], opts: { step?: () => void } = {}): Promise<void> {
    this.requireKey();
    await this.commitRows({ put, blobs, ...(opts.step ? { step: opts.step } : {}) });
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
    // a bidder the top index lists whose row is gone
    const top = (await this.db.meta.get('index')) as TopIndexRow | undefined;
    const have = new Set(rows.map((r) => r.id));
    for (const b of Object.keys(top?.bidders ?? {})) if (!have.has(b)) out.push({ id: b, updatedAt: '', tampered: true, missing: true });
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
    await this.commitRows({ put: [{ table: 'bidders', row }] });
    return id;
  }

  /** Removes a bidder and everything it owns, in one transaction. */
  async deleteBidder(id: string): Promise<void> {
    this.requireKey();
    const remove: Array<{ table: RecordTable; id: string; bidderId: string }> = [];
    for (const t of RECORD_TABLES) for (const k of await this.db.recordTable(t).where(t === 'bidders' ? 'id' : 'bidderId').equals(id).primaryKeys()) remove.push({ table: t, id: k, bidderId: id });
    const blobs = await this.db.blobs.where('bidderId').equals(id).primaryKeys();
    await this.commitRows({ remove, removeBlobs: blobs, dropBidder: id });
  }

  // ---- records of a bidder ------------------------------------------------------------------------

  async list<K extends Kind>(kind: K, bidderId: string): Promise<Entry<KindValue<K>>[]> {
    this.requireKey();
    const rows = await this.db.recordTable(kind).where('bidderId').equals(bidderId).toArray();
    const idx = await this.verifiedIndex(bidderId);
    const out = await Promise.all(rows.map((r) => this.openRow<KindValue<K>>(kind, r, idx)));
    out.push(...(await this.missing<KindValue<K>>(kind, bidderId, idx, new Set(rows.map((r) => r.id)))));
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
    await this.commitRows({ put: [{ table: kind, row: await this.sealRow(kind, id, bidderId, value) }] });
    return id;
  }

  async remove(kind: Kind, id: string): Promise<void> {
    this.requireKey();
    const row = await this.db.recordTable(kind).get(id);
    if (!row) return;
    await this.commitRows({ remove: [{ table: kind, id, bidderId: row.bidderId }], ...(kind === 'attachments' ? { removeBlobs: [id] } : {}) });
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
    const sm3 = await loadSm3();
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
    await this.commitRows({ put: [{ table: 'attachments', row }], blobs: [blob] });
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
    const sm3 = await loadSm3();
    if (toHex(sm3(bytes)) !== entry.value.sm3) throw new BidSealError('E_VAULT_RECORD_TAMPERED', 'attachment hash');
    return { meta: entry.value, bytes };
  }
}
