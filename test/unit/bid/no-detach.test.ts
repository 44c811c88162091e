// Sealing and opening never detach an ArrayBuffer, on any thread (parallel-hash.ts). The first detach in a
// thread (an ArrayBuffer transferred to a worker, a WebAssembly memory grown) makes V8 guard every
// typed-array access of that thread for the rest of its life (its "array buffer detaching" protector): SM4's
// rounds on the main thread ran ~9% slower after it. Checked the way the app runs: bundled with esbuild
// (main bundle + hash-worker.js beside it) and run by plain Node with --trace-protector-invalidation, which
// prints a line for each thread whose protector goes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { build } from 'esbuild';
import { hasOpenssl, repoRoot } from '../../helpers/vectors';
import { makeBidFixtures, type BidFixtures } from './fixtures';

const bundleDir = path.join(repoRoot, '.tmp', 'no-detach');

const ENTRY = `
import '../../electron/services/app/wasm-features';
import { readFileSync } from 'node:fs';
import { openSoftwareKey } from '../../electron/services/keys/software-keys';
import { openBid, sealBid } from '../../electron/services/bid/package';
const [dir, signKey, signCert, encKey, encCert, ...files] = process.argv.slice(2);
const open = (k: string, c: string) => openSoftwareKey(readFileSync(k), { certificate: readFileSync(c), password: async () => null, fileName: k });
const signer = (await open(signKey, signCert)).signer!;
const dec = (await open(encKey, encCert)).decrypter as never;
const meta = { tenderId: 'ND-1', platformId: 'nd', bidder: { name: '某某建设集团有限公司', uscc: '91350100M000100Y43' } };
await sealBid({ files, meta, signer, recipients: [readFileSync(encCert)], contentCipher: 'sm4-cbc', hashing: 'worker', selfCheckWith: [dec] }, dir + '/bid.bid');
const r = await openBid(dir + '/bid.bid', dec, dir + '/opened', { hashing: 'worker' });
console.log('result ' + r.report.bottomLine);
`;

describe.skipIf(!hasOpenssl)('no detached ArrayBuffers in the sealing and opening pipeline', () => {
  let fx: BidFixtures;
  beforeAll(async () => {
    fx = await makeBidFixtures(['sign', 'platform']);
    mkdirSync(bundleDir, { recursive: true });
    writeFileSync(path.join(bundleDir, 'entry.ts'), ENTRY);
    await build({ entryPoints: { entry: path.join(bundleDir, 'entry.ts'), 'hash-worker': path.join(repoRoot, 'electron/services/bid/hash-worker.ts') }, outdir: bundleDir, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error' });
  }, 60_000);
  afterAll(() => fx?.cleanup());

  it('seals and opens 3 MiB through the hash workers with every thread keeping the protector', () => {
    const docs = path.join(fx.dir, 'docs');
    mkdirSync(docs);
    const files = [1, 2 * 1024 * 1024 + 5, 1024 * 1024 - 3].map((n, i) => {
      const f = path.join(docs, `d${i}.pdf`);
      writeFileSync(f, randomBytes(n));
      return f;
    });
    const r = spawnSync(process.execPath, ['--trace-protector-invalidation', path.join(bundleDir, 'entry.js'), fx.dir, fx.key('sign'), fx.cert('sign'), fx.key('platform'), fx.cert('platform'), ...files], { encoding: 'utf8', cwd: repoRoot });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('result valid');
    expect(readdirSync(path.join(fx.dir, 'opened')).sort()).toEqual(['d0.pdf', 'd1.pdf', 'd2.pdf']);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('Invalidating protector cell'))).toEqual([]);
  }, 60_000);
});
