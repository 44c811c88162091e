// Runs anywhere (pure). The bid package manifest `manifest.json` (format 'bidseal-bid/1', docs/formats/bid-package.md
// §2): what the bidder signs — tender, lot, platform, bidder, and each document's size, SM3 and SHA-256.
// Written as canonical JSON (keys sorted, no whitespace, UTF-8; RFC 8785 for the values we use) so the
// same content always gives the same signed bytes; read liberally (any valid JSON), the signature covers
// the stored bytes exactly.
import { z } from 'zod';
import { BidSealError } from '../errors';
import { isValidUscc } from '../pki/uscc';
import { checkEntryName } from './zip';

export const MANIFEST_FORMAT = 'bidseal-bid/1';
export const MANIFEST_NAME = 'manifest.json';
export const SIGNATURE_NAME = 'manifest.p7s';
/** Entries reserved for the package itself. */
export const RESERVED_NAMES: readonly string[] = [MANIFEST_NAME, SIGNATURE_NAME];
/** manifest.json and manifest.p7s are read into memory: refuse anything larger. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

const hex = (len: number) => z.string().regex(new RegExp(`^[0-9a-f]{${len}}$`), `${len} lowercase hex digits`);

export const BidFileEntry = z
  .object({
    name: z.string().min(1).max(1024),
    size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    sm3: hex(64),
    sha256: hex(64),
  })
  .strict();

export const BidMeta = z
  .object({
    /** 招标项目编号 / tender (project) id */
    tenderId: z.string().min(1).max(256),
    /** 标段 (lot / section), optional */
    lot: z.string().min(1).max(256).optional(),
    /** target platform id (a platform profile's id) */
    platformId: z.string().min(1).max(256),
    bidder: z
      .object({
        name: z.string().min(1).max(512),
        /** 统一社会信用代码 (GB 32100-2015, check character verified) */
        uscc: z.string().refine(isValidUscc, 'not a valid unified social credit code (统一社会信用代码)'),
      })
      .strict(),
  })
  .strict();
export type BidMeta = z.infer<typeof BidMeta>;

export const BidManifest = BidMeta.extend({
  format: z.literal(MANIFEST_FORMAT),
  files: z.array(BidFileEntry).max(10000),
  /** ISO 8601 UTC, when the package was made */
  createdAt: z.string().datetime(),
  bidsealVersion: z.string().min(1).max(64),
}).strict();
export type BidManifest = z.infer<typeof BidManifest>;
export type BidFileEntry = z.infer<typeof BidFileEntry>;

/** Canonical JSON: object keys sorted by UTF-16 code units, no whitespace (RFC 8785 for strings/integers). */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new BidSealError('E_INVALID_ARGUMENT', 'canonical JSON here allows safe integers only');
    return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  throw new BidSealError('E_INVALID_ARGUMENT', `canonical JSON: ${typeof v}`);
}

function describeZod(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Checks caller-supplied metadata (E_INVALID_ARGUMENT with the fields at fault). */
export function checkMeta(meta: unknown): BidMeta {
  const r = BidMeta.safeParse(meta);
  if (!r.success) throw new BidSealError('E_INVALID_ARGUMENT', `bid metadata: ${describeZod(r.error)}`, { issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  return r.data;
}

/** Checks a document name for the package: a safe ZIP name, not reserved. */
export function checkDocumentName(name: string): string {
  checkEntryName(name);
  if (RESERVED_NAMES.includes(name)) throw new BidSealError('E_INVALID_ARGUMENT', `${name} is reserved for the package itself; rename the document`, { name });
  return name;
}

/** The exact manifest.json bytes (canonical JSON, UTF-8, no BOM, no trailing newline). */
export function manifestBytes(m: BidManifest): Uint8Array {
  const r = BidManifest.safeParse(m);
  if (!r.success) throw new BidSealError('E_INVALID_ARGUMENT', `manifest: ${describeZod(r.error)}`);
  const names = new Set<string>();
  for (const f of r.data.files) {
    checkDocumentName(f.name);
    if (names.has(f.name)) throw new BidSealError('E_INVALID_ARGUMENT', `duplicate document ${f.name}`);
    names.add(f.name);
  }
  return new TextEncoder().encode(canonicalJson(r.data));
}

/** Parses manifest.json bytes: E_BID_MANIFEST_INVALID when not UTF-8 JSON of this schema. */
export function parseManifest(bytes: Uint8Array): { manifest: BidManifest; canonical: boolean } {
  let text: string;
  let json: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    json = JSON.parse(text);
  } catch {
    throw new BidSealError('E_BID_MANIFEST_INVALID', 'manifest.json is not UTF-8 JSON');
  }
  const r = BidManifest.safeParse(json);
  if (!r.success) throw new BidSealError('E_BID_MANIFEST_INVALID', describeZod(r.error));
  const names = new Set<string>();
  for (const f of r.data.files) {
    try {
      checkDocumentName(f.name);
    } catch {
      throw new BidSealError('E_BID_MANIFEST_INVALID', `unsafe or reserved document name ${JSON.stringify(f.name)}`);
    }
    if (names.has(f.name)) throw new BidSealError('E_BID_MANIFEST_INVALID', `duplicate document ${f.name}`);
    names.add(f.name);
  }
  return { manifest: r.data, canonical: canonicalJson(json) === text };
}
