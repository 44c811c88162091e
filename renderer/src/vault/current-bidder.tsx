// Runs in the renderer. The vault session and the current bidder, for the whole app: one Vault
// (IndexedDB) per window, its lock state, the bidders it holds, and which one the user works for.
// Other sections call useCurrentBidder() → { id, name, uscc } | null to keep an agency's bidders
// apart (tags, history); it is null while the vault is locked. The chosen bidder's random id (not
// its name) is remembered in localStorage. Any pointer or key activity restarts the idle clock.
// At the first unlock with a bidder, the old certificates list is moved into the vault.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Vault, type Entry, type VaultState } from './vault';
import type { Bidder } from './model';
import { projectDrafts } from './project-link';
import { migrateLegacyCertificates } from './certificates';

export interface CurrentBidder {
  id: string;
  name: string;
  uscc: string;
}

export interface VaultSession {
  vault: Vault;
  state: VaultState | 'loading';
  /** set when the vault cannot be opened at all (e.g. written by a newer BidSeal) */
  error: unknown;
  bidders: Entry<Bidder>[];
  current: CurrentBidder | null;
  select(id: string | null): void;
  /** re-read bidders (after a create/edit/import) and tell every view to reload */
  refresh(): Promise<void>;
  /** increases whenever vault data changed; views list it in their effect dependencies */
  revision: number;
}

const STORAGE_KEY = 'bidseal.vault.currentBidder';
let shared: Vault | undefined;
/** the window's vault (created on first use) */
export function windowVault(): Vault {
  shared ??= new Vault();
  return shared;
}

const Ctx = createContext<VaultSession | null>(null);

function storedId(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function CurrentBidderProvider({ children, vault = windowVault() }: { children: ReactNode; vault?: Vault }) {
  const [state, setState] = useState<VaultState | 'loading'>('loading');
  const [error, setError] = useState<unknown>(null);
  const [bidders, setBidders] = useState<Entry<Bidder>[]>([]);
  const [currentId, setCurrentId] = useState<string | null>(storedId);
  const [revision, setRevision] = useState(0);
  const lastTouch = useRef(0);

  const refresh = useCallback(async () => {
    const s = await vault.state();
    if (s !== 'unlocked') projectDrafts.clear(); // what was typed for a project (the price) goes with the key
    setState(s);
    setBidders(s === 'unlocked' ? await vault.listBidders() : []);
    setRevision((r) => r + 1);
  }, [vault]);

  useEffect(() => {
    refresh().catch((e: unknown) => setError(e));
    return vault.onState(() => void refresh().catch((e: unknown) => setError(e)));
  }, [vault, refresh]);

  useEffect(() => {
    const touch = () => {
      const now = Date.now();
      if (now - lastTouch.current < 5000) return;
      lastTouch.current = now;
      vault.touch();
    };
    window.addEventListener('pointerdown', touch, { passive: true });
    window.addEventListener('keydown', touch, { passive: true });
    return () => {
      window.removeEventListener('pointerdown', touch);
      window.removeEventListener('keydown', touch);
    };
  }, [vault]);

  const select = useCallback((id: string | null) => {
    setCurrentId(id);
    try {
      if (id) window.localStorage.setItem(STORAGE_KEY, id);
      else window.localStorage.removeItem(STORAGE_KEY);
    } catch {
      /* storage unavailable: the choice lasts for this window */
    }
  }, []);

  const current = useMemo<CurrentBidder | null>(() => {
    if (state !== 'unlocked') return null;
    const e = bidders.find((b) => b.id === currentId && !b.tampered) ?? bidders.find((b) => !b.tampered);
    return e?.value ? { id: e.id, name: e.value.name, uscc: e.value.uscc } : null;
  }, [state, bidders, currentId]);

  // the certificates page's former localStorage list moves into the vault at the first unlock with a
  // bidder (renderer/src/vault/certificates.ts); while locked, or if the move fails, the list stays
  const currentBidderId = current?.id;
  const migrating = useRef(false);
  useEffect(() => {
    if (!currentBidderId || migrating.current) return;
    let storage: Storage;
    try {
      storage = window.localStorage;
    } catch {
      return; // storage unavailable: there is no list to move
    }
    migrating.current = true;
    void migrateLegacyCertificates(vault, currentBidderId, storage)
      .then((r) => (r?.added ? refresh() : undefined))
      .catch(() => undefined)
      .finally(() => {
        migrating.current = false;
      });
  }, [vault, currentBidderId, refresh]);

  const value = useMemo<VaultSession>(() => ({ vault, state, error, bidders, current, select, refresh, revision }), [vault, state, error, bidders, current, select, refresh, revision]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The vault session (lock state, bidders, refresh); throws outside the provider. */
export function useVaultSession(): VaultSession {
  const v = useContext(Ctx);
  if (!v) throw new Error('useVaultSession outside CurrentBidderProvider');
  return v;
}

/** The bidder the user works for, or null (no bidder yet, or the vault is locked). */
export function useCurrentBidder(): CurrentBidder | null {
  return useContext(Ctx)?.current ?? null;
}
