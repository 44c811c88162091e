// Runs in Node (Electron main). Which links may leave the app for the system browser: https pages of
// the portals named in the signed platform directory (docs/ipc-security.md). Anything else, including a
// portal the user typed into a custom platform, stays closed: a script in the renderer must not be able
// to send the user to a page of its choosing.
import { loadDirectory } from './directory';

/** true when `url` is https, carries no credentials, and lies under one of the `allowed` https URLs */
export function isAllowedExternal(url: string, allowed: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password) return false;
  return allowed.some((a) => {
    const b = new URL(a);
    const prefix = b.pathname.endsWith('/') ? b.pathname : `${b.pathname}/`;
    return b.origin === u.origin && (u.pathname === b.pathname || u.pathname.startsWith(prefix) || b.pathname === '/');
  });
}

/** The portals of the signed directory (never user-added platforms). */
export async function portalAllowList(dataDir: string): Promise<string[]> {
  const d = await loadDirectory(dataDir).catch(() => undefined);
  return (d?.platforms ?? []).filter((p) => p.source !== 'user').flatMap((p) => [p.website, p.upload.portal].filter((u): u is string => Boolean(u?.startsWith('https://'))));
}
