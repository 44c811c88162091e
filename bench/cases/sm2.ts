// Runs in Node (benchmarks only). SM2 sign/verify/encrypt/decrypt of shared/crypto/sm2, single core,
// 32-byte messages, one key pair used repeatedly (as `openssl speed sm2` does), against OpenSSL on this
// machine and against the npm package sm-crypto-v2.
//  - sign/verify baseline: `openssl speed sm2`, which signs/verifies a precomputed 32-byte digest: no
//    Z / e = SM3(Z‖M) computation. Our figures include e = SM3(Z‖M) (Z cached per key and ID).
//  - encrypt/decrypt baseline: bench/native/sm2_enc_speed.c (EVP_PKEY_encrypt/decrypt of 32 bytes),
//    compiled here with `cc … -lcrypto`; `openssl speed` has no SM2 encryption test. If it cannot be
//    built (no compiler / no libssl-dev), the case reports why and is skipped.
//  - verify and encrypt to a key seen repeatedly use our cached per-key comb table (sm2.ts); the
//    `sm2-verify-fresh-key` / `sm2-encrypt-fresh-key` figures rotate through 32 keys (more than the
//    16-entry cache holds), i.e. the uncached path.
//  - every figure is interleaved rounds (bench/measure.ts: compare), pinned to one CPU.
//  - sm-crypto-v2: doSignature / doVerifySignature with hash: true and userId (it computes Z and e too),
//    its public key precomputed with precomputePublicKey() for verify and encrypt (its own fast path), and
//    32 keys in turn without it for the fresh-key figures;
//    doEncrypt / doDecrypt with C1C3C2 and asn1: true (DER, like ours).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSmCrypto } from '../peers';
import * as sm2 from '../../shared/crypto/sm2';
import { compareEach, comparisons, opensslSm2Ops, rateOnce, runPinned } from '../measure';
import type { BenchCase, BenchResult } from '../types';
import { toHex as hex } from '../../shared/asn1';

const { sm2: smc } = await loadSmCrypto();
const ID = '1234567812345678';
const msg = crypto.getRandomValues(new Uint8Array(32));
const kp = sm2.generateKeyPair();
const WINDOW_MS = 500;

// one pre-signed message and ciphertext for verify / decrypt
const sig = sm2.sign(msg, kp.privateKey);
const ct = sm2.encrypt(msg, kp.publicKey);

/** ops/s of one timed window (the warm-up round of `compare` warms the JIT). */
const ops = (fn: () => void) => () => rateOnce(fn, WINDOW_MS);
const ourSign = ops(() => void sm2.sign(msg, kp.privateKey));
const ourVerify = ops(() => {
  if (!sm2.verify(sig, msg, kp.publicKey)) throw new Error('verify failed');
});
const ourEncrypt = ops(() => void sm2.encrypt(msg, kp.publicKey));
const ourDecrypt = ops(() => void sm2.decrypt(ct, kp.privateKey));

/** 32 keys (more than the 16-entry comb cache) used in turn: the uncached verify / encrypt path. */
const freshKeys = Array.from({ length: 32 }, () => sm2.generateKeyPair());
const freshSigs = freshKeys.map((k) => sm2.sign(msg, k.privateKey));
let fi = 0;
const ourVerifyFresh = ops(() => {
  fi = (fi + 1) & 31;
  if (!sm2.verify(freshSigs[fi], msg, freshKeys[fi].publicKey)) throw new Error('verify failed');
});
const ourEncryptFresh = ops(() => {
  fi = (fi + 1) & 31;
  sm2.encrypt(msg, freshKeys[fi].publicKey);
});

let nativeExe: string | undefined;
/** bench/native/sm2_enc_speed.c compiled once into a temp dir; throws with the reason when it cannot be built. */
function nativeSm2(): string {
  if (nativeExe) return nativeExe;
  const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../native/sm2_enc_speed.c');
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-bench-sm2-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const exe = path.join(dir, 'sm2_enc_speed');
  try {
    execFileSync('cc', ['-O2', '-o', exe, src, '-lcrypto'], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = (e as { stderr?: Buffer }).stderr?.toString().split('\n')[0] ?? (e as Error).message;
    throw new Error(`cannot build the OpenSSL baseline (cc … -lcrypto; apt-get install libssl-dev): ${err}`, { cause: e });
  }
  return (nativeExe = exe);
}
/** One run of the native baseline: EVP_PKEY_encrypt / EVP_PKEY_decrypt operations per second. */
function opensslEncDecOps(seconds = 1): { encrypt: number; decrypt: number } {
  const out = runPinned(nativeSm2(), [String(seconds)]);
  return { encrypt: Number(/encrypt ([\d.]+)/.exec(out)?.[1]), decrypt: Number(/decrypt ([\d.]+)/.exec(out)?.[1]) };
}

const speed = (what: 'sign' | 'verify') => ({ name: `openssl speed sm2 (${what})`, sample: () => opensslSm2Ops()[what] });
const evp = (what: 'encrypt' | 'decrypt') => ({ name: `openssl EVP_PKEY_${what} 32B`, sample: () => opensslEncDecOps()[what] });

export const cases: BenchCase[] = [
  comparisons('sm2-sign', 'ops/s', [
    ['sm2-sign', ourSign, speed('sign')],
    ['sm2-verify', ourVerify, speed('verify')],
    ['sm2-verify-fresh-key', ourVerifyFresh, speed('verify')],
  ]),
  comparisons('sm2-encrypt', 'ops/s', [
    ['sm2-encrypt', ourEncrypt, evp('encrypt')],
    ['sm2-encrypt-fresh-key', ourEncryptFresh, evp('encrypt')],
    ['sm2-decrypt', ourDecrypt, evp('decrypt')],
  ]),
  {
    name: 'sm2-vs-sm-crypto-v2',
    async run(): Promise<BenchResult[]> {
      const k = smc.generateKeyPairHex();
      smc.precomputePublicKey(k.publicKey);
      const opts = { hash: true, der: true, userId: ID };
      const sigHex = smc.doSignature(msg, k.privateKey, { ...opts, publicKey: k.publicKey });
      if (!smc.doVerifySignature(msg, sigHex, k.publicKey, opts)) throw new Error('sm-crypto-v2 self-check failed');
      const ctHex = smc.doEncrypt(msg, k.publicKey, 1, { asn1: true });
      // cross-check: our decrypt reads sm-crypto-v2's DER (a mismatch would make the comparison meaningless)
      if (hex(sm2.decrypt(Uint8Array.from(Buffer.from(ctHex, 'hex')), Uint8Array.from(Buffer.from(k.privateKey, 'hex')))) !== hex(msg)) throw new Error('sm-crypto-v2 ciphertext does not decrypt with ours');
      // the fresh-key figures: 32 keys in turn, none of them precomputed (its precomputePublicKey is the
      // cache our comb table is the counterpart of)
      const fresh = Array.from({ length: 32 }, () => {
        const key = smc.generateKeyPairHex();
        return { publicKey: key.publicKey, sigHex: smc.doSignature(msg, key.privateKey, { ...opts, publicKey: key.publicKey }) };
      });
      let pi = 0;
      const peerVerifyFresh = () => {
        pi = (pi + 1) & 31;
        if (!smc.doVerifySignature(msg, fresh[pi].sigHex, fresh[pi].publicKey, opts)) throw new Error('sm-crypto-v2 verify failed');
      };
      const peerEncryptFresh = () => {
        pi = (pi + 1) & 31;
        smc.doEncrypt(msg, fresh[pi].publicKey, 1, { asn1: true });
      };
      const peer = (name: string, fn: () => void) => ({ name, sample: ops(fn) });
      const o = { rounds: 5 };
      return compareEach('ops/s', [
        ['sm2-sign-vs-sm-crypto-v2', ourSign, peer('sm-crypto-v2 doSignature', () => void smc.doSignature(msg, k.privateKey, { ...opts, publicKey: k.publicKey })), o],
        ['sm2-verify-vs-sm-crypto-v2', ourVerify, peer('sm-crypto-v2 doVerifySignature', () => void smc.doVerifySignature(msg, sigHex, k.publicKey, opts)), o],
        ['sm2-verify-fresh-key-vs-sm-crypto-v2', ourVerifyFresh, peer('sm-crypto-v2 doVerifySignature, fresh key', peerVerifyFresh), o],
        ['sm2-encrypt-vs-sm-crypto-v2', ourEncrypt, peer('sm-crypto-v2 doEncrypt', () => void smc.doEncrypt(msg, k.publicKey, 1, { asn1: true })), o],
        ['sm2-encrypt-fresh-key-vs-sm-crypto-v2', ourEncryptFresh, peer('sm-crypto-v2 doEncrypt, fresh key', peerEncryptFresh), o],
        ['sm2-decrypt-vs-sm-crypto-v2', ourDecrypt, peer('sm-crypto-v2 doDecrypt', () => void smc.doDecrypt(ctHex, k.privateKey, 1, { asn1: true, output: 'array' })), o],
      ]);
    },
  },
];
