// Runs in the renderer. The key the bidder picked for this session (密钥管理): one identity for signing and
// one for decrypting, chosen once and used by every later sign, batch, seal, self-check and open, which then
// ask only for the PIN or password. Only the identity's id is kept, in memory: a reload or a new window
// starts a new session (the key manager in the main process still remembers the identities themselves).
import { useSyncExternalStore } from 'react';

export type KeyPurpose = 'sign' | 'decrypt';

const chosen: Partial<Record<KeyPurpose, string>> = {};
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function sessionKey(purpose: KeyPurpose): string | undefined {
  return chosen[purpose];
}

/**
 * Picks `id` for `purpose`; an identity that holds both certificates (a USB key's container, a dual key file)
 * also serves the other purpose when nothing was picked for it yet.
 */
export function chooseSessionKey(purpose: KeyPurpose, id: string, alsoFits?: boolean): void {
  chosen[purpose] = id;
  const other: KeyPurpose = purpose === 'sign' ? 'decrypt' : 'sign';
  if (alsoFits && !chosen[other]) chosen[other] = id;
  emit();
}

export function clearSessionKey(purpose: KeyPurpose): void {
  delete chosen[purpose];
  emit();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

export function useSessionKey(purpose: KeyPurpose): string | undefined {
  return useSyncExternalStore(subscribe, () => chosen[purpose]);
}
