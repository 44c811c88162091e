// Runs in Node (benchmarks only). SM3 and SM4 throughput of shared/crypto: 1 MiB fed in 64 KiB
// chunks through the streaming API, single core, against `openssl speed -evp` (16 KiB blocks)
// and against the npm package sm-crypto-v2 (one-shot API only: it has no streaming and no CTR).
import { sm3 as smCryptoSm3, sm4 as smCryptoSm4 } from 'sm-crypto-v2';
import { sm3 } from '../../shared/crypto/sm3';
import { createSm4Cipher, type Sm4StreamMode } from '../../shared/crypto/sm4-cipher';
import { opensslEvpMBps, result, throughputMBps, type MeasureOptions } from '../measure';
import type { BenchCase, BenchResult } from '../types';

const MiB = 1 << 20;
const CHUNK = 64 * 1024;
// Long warm-up: the unrolled SM4 rounds take TurboFan a while to optimise.
const OPTS: MeasureOptions = { runs: 5, minMs: 400, warmupMs: 1000 };

const data = new Uint8Array(MiB);
crypto.getRandomValues(data.subarray(0, 65536));
for (let i = 65536; i < MiB; i += 65536) data.copyWithin(i, 0, 65536);
const key = crypto.getRandomValues(new Uint8Array(16));
const iv16 = crypto.getRandomValues(new Uint8Array(16));
const iv12 = iv16.slice(0, 12);

function ours(mode: Sm4StreamMode): number {
  const iv = mode === 'gcm' ? iv12 : iv16;
  return throughputMBps(
    () => {
      const c = createSm4Cipher(mode, key, iv);
      for (let o = 0; o < MiB; o += CHUNK) c.update(data.subarray(o, o + CHUNK));
      c.final();
    },
    MiB,
    OPTS,
  );
}

/** sm-crypto-v2 over the same 1 MiB; CBC chained across 64 KiB chunks by hand (no streaming API). */
function smCrypto(mode: 'cbc' | 'ecb' | 'gcm'): number {
  return throughputMBps(
    () => {
      if (mode === 'gcm') {
        smCryptoSm4.encrypt(data, key, { mode: 'gcm', iv: iv12, output: 'array' });
        return;
      }
      let iv: Uint8Array = iv16;
      for (let o = 0; o < MiB; o += CHUNK) {
        const out = smCryptoSm4.encrypt(data.subarray(o, o + CHUNK), key, { mode, iv, padding: 'none', output: 'array' });
        if (mode === 'cbc') iv = out.subarray(out.length - 16);
      }
    },
    MiB,
    OPTS,
  );
}

function sm3Ours(): number {
  return throughputMBps(
    () => {
      const h = sm3.create();
      for (let o = 0; o < MiB; o += CHUNK) h.update(data.subarray(o, o + CHUNK));
      h.digest();
    },
    MiB,
    OPTS,
  );
}

export const cases: BenchCase[] = [
  {
    name: 'sm4-cbc-encrypt',
    async run(): Promise<BenchResult[]> {
      const v = ours('cbc');
      return [
        result('sm4-cbc-encrypt', 'MB/s', v, 'openssl speed -evp sm4-cbc', opensslEvpMBps('sm4-cbc')),
        result('sm4-cbc-encrypt-vs-sm-crypto-v2', 'MB/s', v, 'sm-crypto-v2 sm4 cbc', smCrypto('cbc')),
      ];
    },
  },
  {
    name: 'sm4-ctr-encrypt',
    async run(): Promise<BenchResult[]> {
      const v = ours('ctr');
      return [
        result('sm4-ctr-encrypt', 'MB/s', v, 'openssl speed -evp sm4-ctr', opensslEvpMBps('sm4-ctr')),
        // sm-crypto-v2 has no CTR mode; its ECB (same block work, no chaining) is the nearest.
        result('sm4-ctr-encrypt-vs-sm-crypto-v2', 'MB/s', v, 'sm-crypto-v2 sm4 ecb (no ctr)', smCrypto('ecb')),
      ];
    },
  },
  {
    name: 'sm4-gcm-encrypt',
    async run(): Promise<BenchResult[]> {
      const v = ours('gcm');
      return [
        // OpenSSL 3.0 cannot run SM4-GCM; the target is ≥ 0.7× our own CTR (GHASH overhead).
        result('sm4-gcm-encrypt', 'MB/s', v, 'bidseal sm4-ctr-encrypt', ours('ctr')),
        result('sm4-gcm-encrypt-vs-sm-crypto-v2', 'MB/s', v, 'sm-crypto-v2 sm4 gcm (1-shot)', smCrypto('gcm')),
      ];
    },
  },
  {
    name: 'sm3',
    async run(): Promise<BenchResult[]> {
      const v = sm3Ours();
      const theirs = throughputMBps(() => void smCryptoSm3(data), MiB, OPTS);
      return [result('sm3', 'MB/s', v, 'openssl speed -evp sm3', opensslEvpMBps('sm3')), result('sm3-vs-sm-crypto-v2', 'MB/s', v, 'sm-crypto-v2 sm3 (1-shot)', theirs)];
    },
  },
];
