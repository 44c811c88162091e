// Runs anywhere (pure; no Buffer, so the renderer and shared/ use it too). Standard base64 with
// padding (RFC 4648 §4), as the IPC contract carries binary payloads.
export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  // chunks keep String.fromCharCode's argument list short
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
