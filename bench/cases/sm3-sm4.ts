// Runs in Node (benchmarks only). SM3 and SM4 throughput of shared/crypto: 1 MiB fed in 64 KiB chunks
// through the streaming API (SM4: updateInto one reused output buffer), on one pinned core, as interleaved
// rounds against `openssl speed -evp` (16 KiB blocks, one 1-second run a round) and against the npm package
// sm-crypto-v2 (one-shot API only: it has no streaming and no CTR). OpenSSL 3.0 has no SM4-GCM: GCM is compared with its SM4-CTR, the
// same block work without GHASH.
import '../../electron/services/app/wasm-features'; // WebAssembly relaxed SIMD for the SM4 fast path, before any key is set up
import { sm3 } from '../../shared/crypto/sm3';
import { createSm4Cipher, createSm4Decipher, type Sm4StreamMode } from '../../shared/crypto/sm4-cipher';
import { comparisons, opensslEvpMBps, rateOnce } from '../measure';
import { loadSmCrypto } from '../peers';
import type { BenchCase } from '../types';

const { sm3: smCryptoSm3, sm4: smCryptoSm4 } = await loadSmCrypto();

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

// sm-crypto-v2 reads our CBC ciphertext back (a mismatch would make its decryption figure meaningless)
{
  const back = smCryptoSm4.decrypt(cbcCiphertext.subarray(0, CHUNK), key, { mode: 'cbc', iv: iv16, padding: 'none', output: 'array' });
  if (back.length !== CHUNK || back.some((b, i) => b !== data[i])) throw new Error('sm-crypto-v2 does not decrypt our SM4-CBC ciphertext');
}

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

// Our output goes to one reused buffer (updateInto, as the sealing pipeline does), as `openssl speed -evp`
// has EVP_CipherUpdate write into its one buffer: neither side measures fresh memory per chunk.
const out = new Uint8Array(CHUNK + 16);
const ours = (mode: Sm4StreamMode) =>
  mbps(() => {
    const c = createSm4Cipher(mode, key, mode === 'gcm' ? iv12 : iv16);
    for (let o = 0; o < MiB; o += CHUNK) c.updateInto(data.subarray(o, o + CHUNK), out);
    c.final();
  });
const oursCbcDecrypt = mbps(() => {
  const d = createSm4Decipher('cbc', key, iv16, { padding: false });
  for (let o = 0; o < MiB; o += CHUNK) d.updateInto(cbcCiphertext.subarray(o, o + CHUNK), out);
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

/** sm-crypto-v2's CBC decryption of our ciphertext, each 64 KiB chunk's IV the last block of the one before. */
const smCryptoCbcDecrypt = mbps(() => {
  let iv: Uint8Array = iv16;
  for (let o = 0; o < MiB; o += CHUNK) {
    const c = cbcCiphertext.subarray(o, o + CHUNK);
    smCryptoSm4.decrypt(c, key, { mode: 'cbc', iv, padding: 'none', output: 'array' });
    iv = c.subarray(c.length - 16);
  }
});

const openssl = (alg: string, decrypt = false) => ({ name: `openssl speed -evp ${alg}${decrypt ? ' -decrypt' : ''}`, sample: () => opensslEvpMBps(alg, { decrypt }) });
const peer = (name: string, sample: () => number) => ({ name, sample });

/** The case `name`: ours (`o`) against `openssl speed -evp ALG` (`-decrypt` where asked), then against sm-crypto-v2 (`theirs`, 5 rounds). */
const vsOpensslAndSmCrypto = (name: string, o: () => number, alg: string, theirsName: string, theirs: () => number, decrypt = false): BenchCase =>
  comparisons(name, 'MB/s', [
    [name, o, openssl(alg, decrypt)],
    [`${name}-vs-sm-crypto-v2`, o, peer(theirsName, theirs), { rounds: 5 }],
  ]);

export const cases: BenchCase[] = [
  vsOpensslAndSmCrypto('sm4-cbc-encrypt', ours('cbc'), 'sm4-cbc', 'sm-crypto-v2 sm4 cbc', smCrypto('cbc')),
  vsOpensslAndSmCrypto('sm4-cbc-decrypt', oursCbcDecrypt, 'sm4-cbc', 'sm-crypto-v2 sm4 cbc decrypt', smCryptoCbcDecrypt, true),
  // sm-crypto-v2 has no CTR mode; its ECB (same block work, no chaining) is the nearest.
  vsOpensslAndSmCrypto('sm4-ctr-encrypt', ours('ctr'), 'sm4-ctr', 'sm-crypto-v2 sm4 ecb (no ctr)', smCrypto('ecb')),
  vsOpensslAndSmCrypto('sm4-gcm-encrypt', ours('gcm'), 'sm4-ctr', 'sm-crypto-v2 sm4 gcm (1-shot)', smCrypto('gcm')),
  vsOpensslAndSmCrypto('sm3', oursSm3, 'sm3', 'sm-crypto-v2 sm3 (1-shot)', mbps(() => void smCryptoSm3(data))),
];
