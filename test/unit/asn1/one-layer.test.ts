// One ASN.1 layer: DER/BER reading and writing, OID codecs and hex helpers live in shared/asn1 and nowhere
// else in the app, and nothing imports the readers and writers that were folded into it. Grep-based,
// for what the compiler cannot see. Tests may keep independent encoders (they are oracles, not the app).
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/vectors';

const SKIP = new Set(['node_modules', 'out', 'dist', 'build', '.tmp']);
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(ts|tsx|mts|mjs|js|cjs)$/.test(name)) out.push(p);
  }
  return out;
}
const rel = (p: string) => path.relative(repoRoot, p).split(path.sep).join('/');
// comments blanked, line numbers kept
const code = (f: string) => readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, '')).replace(/^\s*\/\/.*$/gm, '');
const APP = ['shared', 'electron', 'renderer', 'platform-server', 'bench', 'scripts'].flatMap((d) => files(path.join(repoRoot, d)));
const EVERYTHING = [...APP, ...files(path.join(repoRoot, 'test'))];
const outsideLayer = APP.filter((f) => !rel(f).startsWith('shared/asn1/'));

/** What defining a codec looks like; each names what to use instead. */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/\bfunction\s+(readTlv|parseTlv|parseBer|parseDer|derLen|derInt|derUint|derTlv|lenBytes|lengthBytes|oidToString|oidBytes|encodeOid|decodeOid)\b/, 'a DER/BER/OID codec: use shared/asn1'],
  [/\bclass\s+\w*(Der|Ber|Asn1)(Reader|Writer)\b/, 'a DER/BER reader class: use shared/asn1 (BerReader for streams)'],
  [/0x80\s*\|\s*\w+\.length\b/, 'a DER long-form length writer: use tlv()/header() from shared/asn1'],
  [/\b(function|const|let)\s+(toHex|fromHex|hexToBytes|bytesToHex|unhex|hexBytes)\b/, 'a hex helper: use toHex/fromHex from shared/asn1'],
  [/\b(function\s+(hex|\w*ToHex)\s*\(|const\s+(hex|\w*ToHex)\s*=\s*\()\s*\w+\s*:\s*Uint8Array\b(?!.*\btoHex\()/, 'a hex helper: use toHex from shared/asn1'],
  [/Array\.from\([^;]*\.toString\(16\)/, 'bytes to hex by hand: use toHex from shared/asn1'],
  [/\+=\s*[^;]*\.toString\(16\)\.padStart\(2/, 'bytes to hex by hand: use toHex from shared/asn1'],
  [/\.match\(\/\.\.\/g\)/, 'hex to bytes by hand: use fromHex from shared/asn1'],
  [/\b(bytesToHex|hexToBytes)\b[^;]*from\s+'@noble\/[^']+'/, "noble's hex helpers: use toHex/fromHex from shared/asn1"],
];

describe('one ASN.1 layer', () => {
  it('the folded readers and writers are gone and nobody imports them', () => {
    for (const gone of ['shared/pki/der.ts', 'shared/keystore/der.ts', 'shared/cms/der-writer.ts', 'shared/envelope/ber.ts']) expect(existsSync(path.join(repoRoot, gone)), gone).toBe(false);
    const bad: string[] = [];
    for (const f of EVERYTHING) {
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:from\s+|import\(\s*)['"]([^'"]+)['"]/g)) {
        if (/(^|\/)(pki\/der|keystore\/der|cms\/der-writer|envelope\/ber)$/.test(m[1])) bad.push(`${rel(f)} → ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no file outside shared/asn1 defines a DER/BER reader or writer, an OID codec or a hex helper', () => {
    const bad: string[] = [];
    for (const f of outsideLayer) {
      const lines = code(f).split('\n');
      lines.forEach((line, i) => {
        for (const [re, what] of FORBIDDEN) if (re.test(line)) bad.push(`${rel(f)}:${i + 1}: ${what}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it('the patterns still catch what they are meant to (so the test above cannot pass vacuously)', () => {
    const samples = [
      'function readTlv(buf: Uint8Array) {',
      'class DerReader {',
      '  return [0x80 | b.length, ...b];',
      "export const toHex = (u: Uint8Array): string => Array.from(u, (b) => b.toString(16).padStart(2, '0')).join('');",
      "  for (const b of v) h += b.toString(16).padStart(2, '0');",
      "const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');",
      '  return Uint8Array.from(h.match(/../g)!, (x) => parseInt(x, 16));',
      "import { bytesToHex } from '@noble/hashes/utils.js';",
    ];
    for (const s of samples) expect(FORBIDDEN.some(([re]) => re.test(s)), s).toBe(true);
    expect(outsideLayer.length).toBeGreaterThan(100);
  });
});
