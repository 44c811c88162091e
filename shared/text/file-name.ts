// Runs anywhere (pure). One rule for the file names BidSeal writes or suggests: keep the user's (often
// Chinese) words readable, drop what Windows, macOS, Linux or a platform's upload form rejects.
const FORBIDDEN = /[\\/:*?"<>|\u0000-\u001f\u007f]/g; // eslint-disable-line no-control-regex -- control characters are exactly what is removed
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/**
 * A name safe on every OS: forbidden characters become `replacement`, leading and trailing dots and
 * spaces go, the length is capped at `max` UTF-16 units, DOS device names get a leading `_`; an empty
 * result becomes `fallback`.
 */
export function safeFileName(name: string, opts: { max?: number; replacement?: string; fallback?: string } = {}): string {
  const { max = 200, replacement = '_', fallback = 'document' } = opts;
  const cleaned = name.replace(FORBIDDEN, replacement).replace(/^[.\s]+|[.\s]+$/g, '').slice(0, max).trim();
  const n = cleaned || fallback;
  return RESERVED.test(n) ? `_${n}` : n;
}
