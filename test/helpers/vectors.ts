// Runs in Node (tests). Locates ../shared/vectors (third-party data, used in place, never copied)
// and OpenSSL; tests skip with a printed reason where either is absent.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const vectorsDir = path.resolve(repoRoot, '../shared/vectors');
export const hasVectors = existsSync(vectorsDir);
if (!hasVectors) console.warn(`[skip] ../shared/vectors not found at ${vectorsDir}: vector tests are skipped`);

export function vectorPath(rel: string): string {
  return path.join(vectorsDir, rel);
}
export function readVector(rel: string): Buffer {
  return readFileSync(vectorPath(rel));
}
export function readVectorJson<T = any>(rel: string): T {
  return JSON.parse(readFileSync(vectorPath(rel), 'utf8')) as T;
}

/** One entry of sm4/sm4_vectors.json (hex strings; the IV or nonce where the mode has one, the tag for GCM and CCM). */
export interface Sm4Vector {
  id: string;
  mode: string;
  key: string;
  iv_or_nonce?: string;
  aad?: string;
  plaintext: string;
  ciphertext: string;
  tag?: string;
  iterations?: number;
  result: string;
  comment?: string;
}
/** A GCM or CCM entry: it has its nonce and its tag. */
export type Sm4AeadVector = Sm4Vector & { iv_or_nonce: string; tag: string };

/** The entries of sm4/sm4_vectors.json; none without ../shared/vectors. */
export function sm4Vectors(): Sm4Vector[] {
  return hasVectors ? readVectorJson<{ vectors: Sm4Vector[] }>('sm4/sm4_vectors.json').vectors : [];
}
/** The GCM and CCM entries of sm4/sm4_vectors.json. */
export function sm4AeadVectors(): Sm4AeadVector[] {
  return sm4Vectors().filter((v): v is Sm4AeadVector => v.mode === 'gcm' || v.mode === 'ccm');
}

function probeOpenssl(): boolean {
  try {
    const v = execFileSync('openssl', ['version'], { encoding: 'utf8' });
    return /OpenSSL 3\./.test(v);
  } catch {
    return false;
  }
}
export const hasOpenssl = probeOpenssl();
if (!hasOpenssl) console.warn('[skip] OpenSSL 3 not found on PATH: OpenSSL cross-checks are skipped (apt-get install openssl)');

/** Runs openssl with arguments and optional stdin; returns stdout bytes. Throws with stderr on failure. */
export function openssl(args: string[], input?: Uint8Array): Buffer {
  return execFileSync('openssl', args, { input, maxBuffer: 1 << 28, stdio: ['pipe', 'pipe', 'pipe'] });
}
