// Runs anywhere (pure). Which upload endpoints the main process sends bids to (docs/ipc-security.md):
// https anywhere, or plain http only to this computer (the reference platform of platform-server/).
// Checked where a user platform is added and again before anything is queued; the renderer only ever
// names a platform id.
export function isAllowedUploadEndpoint(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && isLoopbackHost(u.hostname);
}

/** 127.0.0.0/8, ::1 and localhost (URL.hostname keeps IPv6 in brackets) */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
