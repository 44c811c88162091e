// Runs in Node (benchmarks only). SM3 and SM4 throughput of shared/crypto: 1 MiB fed in 64 KiB chunks
// through the streaming API, on one pinned core, as interleaved rounds against `openssl speed -evp`
// (16 KiB blocks, one 1-second run a round) and against the npm package sm-crypto-v2 (one-shot API only:
// it has no streaming and no CTR). OpenSSL 3.0 has no SM4-GCM: GCM is compared with its SM4-CTR, the
// same block work without GHASH.
import '../../electron/services/app/wasm-features'; // WebAssembly relaxed SIMD for the SM4 fast path, before any key is set up
import { sm3 as smCryptoSm3, sm4 as smCryptoSm4 } from 'sm-crypto-v2';
import { sm3 } from '../../shared/crypto/sm3';
import { createSm4Cipher, createSm4Decipher, type Sm4StreamMode } from '../../shared/crypto/sm4-cipher';
import { compare, compareEach, opensslEvpMBps, rateOnce } from '../measure';
import type { BenchCase, BenchResult } from '../types';

const MiB = 1 << 20;
const CHUNK = 64 * 1024;
const WINDOW_MS = 500;
// Long warm-up: the unrolled SM4 rounds take TurboFan a while to optimise.
const WARM_MS = 1500;

const data = new Uint8Array(MiB);
crypto.getRandomValues(data.subarray(0, 65536));
for (let i = 65536; i < MiB; i += 65536) data.copyWithin(i, 0, 65536);
const key = crypto.getRandomValues(new Uint8Array(16));
const iv16 = crypto.getRandomValues(new Uint8Array(16));
const iv12 = iv16.slice(0, 12);
const cbcCiphertext = (() => {
  const c = createSm4Cipher('cbc', key, iv16, { padding: false });
  const parts = [c.update(data), c.final()];
  const out = new Uint8Array(parts[0].length + parts[1].length);
  out.set(parts[0]);
  out.set(parts[1], parts[0].length);
  return out;
})();

/** MB/s of one timed window of `fn` over 1 MiB; the first call of a sampler warms the JIT for WARM_MS. */
function mbps(fn: () => void): () => number {
  let warm = false;
  return () => {
    if (!warm) {
      rateOnce(fn, WARM_MS);
      warm = true;
    }
    return (rateOnce(fn, WINDOW_MS) * MiB) / 1e6;
  };
}

const ours = (mode: Sm4StreamMode) =>
  mbps(() => {
    const c = createSm4Cipher(mode, key, mode === 'gcm' ? iv12 : iv16);
    for (let o = 0; o < MiB; o += CHUNK) c.update(data.subarray(o, o + CHUNK));
    c.final();
  });
const oursCbcDecrypt = mbps(() => {
  const d = createSm4Decipher('cbc', key, iv16, { padding: false });
  for (let o = 0; o < MiB; o += CHUNK) d.update(cbcCiphertext.subarray(o, o + CHUNK));
  d.final();
});
const oursSm3 = mbps(() => {
  const h = sm3.create();
  for (let o = 0; o < MiB; o += CHUNK) h.update(data.subarray(o, o + CHUNK));
  h.digest();
});

/** sm-crypto-v2 over the same 1 MiB; CBC chained across 64 KiB chunks by hand (no streaming API). */
const smCrypto = (mode: 'cbc' | 'ecb' | 'gcm') =>
  mbps(() => {
    if (mode === 'gcm') {
      smCryptoSm4.encrypt(data, key, { mode: 'gcm', iv: iv12, output: 'array' });
      return;
    }
    let iv: Uint8Array = iv16;
    for (let o = 0; o < MiB; o += CHUNK) {
      const out = smCryptoSm4.encrypt(data.subarray(o, o + CHUNK), key, { mode, iv, padding: 'none', output: 'array' });
      if (mode === 'cbc') iv = out.subarray(out.length - 16);
    }
  });

const openssl = (alg: string, decrypt = false) => ({ name: `openssl speed -evp ${alg}${decrypt ? ' -decrypt' : ''}`, sample: () => opensslEvpMBps(alg, { decrypt }) });
const peer = (name: string, sample: () => number) => ({ name, sample });

export const cases: BenchCase[] = [
  {
    name: 'sm4-cbc-encrypt',
    async run(): Promise<BenchResult[]> {
      const o = ours('cbc');
      return compareEach('MB/s', [
        ['sm4-cbc-encrypt', o, openssl('sm4-cbc')],
        ['sm4-cbc-encrypt-vs-sm-crypto-v2', o, peer('sm-crypto-v2 sm4 cbc', smCrypto('cbc')), { rounds: 5 }],
      ]);
    },
  },
  {
    name: 'sm4-cbc-decrypt',
    async run(): Promise<BenchResult[]> {
      return [await compare('sm4-cbc-decrypt', 'MB/s', oursCbcDecrypt, openssl('sm4-cbc', true))];
    },
  },
  {
    name: 'sm4-ctr-encrypt',
    async run(): Promise<BenchResult[]> {
      const o = ours('ctr');
      return compareEach('MB/s', [
        ['sm4-ctr-encrypt', o, openssl('sm4-ctr')],
        // sm-crypto-v2 has no CTR mode; its ECB (same block work, no chaining) is the nearest.
        ['sm4-ctr-encrypt-vs-sm-crypto-v2', o, peer('sm-crypto-v2 sm4 ecb (no ctr)', smCrypto('ecb')), { rounds: 5 }],
      ]);
    },
  },
  {
    name: 'sm4-gcm-encrypt',
    async run(): Promise<BenchResult[]> {
      const o = ours('gcm');
      return compareEach('MB/s', [
        ['sm4-gcm-encrypt', o, openssl('sm4-ctr')],
        ['sm4-gcm-encrypt-vs-sm-crypto-v2', o, peer('sm-crypto-v2 sm4 gcm (1-shot)', smCrypto('gcm')), { rounds: 5 }],
      ]);
    },
  },
  {
    name: 'sm3',
    async run(): Promise<BenchResult[]> {
      const theirs = mbps(() => void smCryptoSm3(data));
      return compareEach('MB/s', [
        ['sm3', oursSm3, openssl('sm3')],
        ['sm3-vs-sm-crypto-v2', oursSm3, peer('sm-crypto-v2 sm3 (1-shot)', theirs), { rounds: 5 }],
      ]);
    },
  },
];
