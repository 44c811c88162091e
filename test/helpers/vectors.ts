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
