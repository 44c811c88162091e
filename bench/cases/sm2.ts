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
//  - sm-crypto-v2: doSignature / doVerifySignature with hash: true and userId (it computes Z and e too),
//    its public key precomputed with precomputePublicKey() for verify and encrypt (its own fast path);
//    doEncrypt / doDecrypt with C1C3C2 and asn1: true (DER, like ours).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sm2 as smc } from 'sm-crypto-v2';
import * as sm2 from '../../shared/crypto/sm2';
import { opensslSm2Ops, rate, result, type MeasureOptions } from '../measure';
import type { BenchCase, BenchResult } from '../types';

const OPTS: MeasureOptions = { runs: 5, minMs: 500, warmupMs: 500 };
const ID = '1234567812345678';
const msg = crypto.getRandomValues(new Uint8Array(32));
const kp = sm2.generateKeyPair();
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// one pre-signed message and ciphertext for verify / decrypt
const sig = sm2.sign(msg, kp.privateKey);
const ct = sm2.encrypt(msg, kp.publicKey);

const ourSign = (): number => rate(() => void sm2.sign(msg, kp.privateKey), OPTS);
const ourVerify = (): number =>
  rate(() => {
    if (!sm2.verify(sig, msg, kp.publicKey)) throw new Error('verify failed');
  }, OPTS);
const ourEncrypt = (): number => rate(() => void sm2.encrypt(msg, kp.publicKey), OPTS);
const ourDecrypt = (): number => rate(() => void sm2.decrypt(ct, kp.privateKey), OPTS);

/** 32 keys (more than the 16-entry comb cache) used in turn: the uncached verify / encrypt path. */
function freshKeyRates(): { verify: number; encrypt: number } {
  const keys = Array.from({ length: 32 }, () => sm2.generateKeyPair());
  const sigs = keys.map((k) => sm2.sign(msg, k.privateKey));
  let i = 0;
  const verify = rate(() => {
    i = (i + 1) & 31;
    if (!sm2.verify(sigs[i], msg, keys[i].publicKey)) throw new Error('verify failed');
  }, OPTS);
  const encrypt = rate(() => {
    i = (i + 1) & 31;
    sm2.encrypt(msg, keys[i].publicKey);
  }, OPTS);
  return { verify, encrypt };
}

/** Compiles bench/native/sm2_enc_speed.c in a temp dir and runs it; throws with the reason on failure. */
function opensslEncDecOps(seconds = 1, runs = 3): { encrypt: number; decrypt: number } {
  const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../native/sm2_enc_speed.c');
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-bench-sm2-'));
  try {
    const exe = path.join(dir, 'sm2_enc_speed');
    try {
      execFileSync('cc', ['-O2', '-o', exe, src, '-lcrypto'], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = (e as { stderr?: Buffer }).stderr?.toString().split('\n')[0] ?? (e as Error).message;
      throw new Error(`cannot build the OpenSSL baseline (cc … -lcrypto; apt-get install libssl-dev): ${err}`, { cause: e });
    }
    const enc: number[] = [];
    const dec: number[] = [];
    for (let r = 0; r < runs; r++) {
      const out = execFileSync(exe, [String(seconds)], { encoding: 'utf8' });
      enc.push(Number(/encrypt ([\d.]+)/.exec(out)?.[1]));
      dec.push(Number(/decrypt ([\d.]+)/.exec(out)?.[1]));
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    return { encrypt: med(enc), decrypt: med(dec) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const cases: BenchCase[] = [
  {
    name: 'sm2-sign',
    async run(): Promise<BenchResult[]> {
      const o = opensslSm2Ops();
      const fresh = freshKeyRates();
      return [
        result('sm2-sign', 'ops/s', ourSign(), 'openssl speed sm2 (sign)', o.sign),
        result('sm2-verify', 'ops/s', ourVerify(), 'openssl speed sm2 (verify)', o.verify),
        result('sm2-verify-fresh-key', 'ops/s', fresh.verify, 'openssl speed sm2 (verify)', o.verify),
      ];
    },
  },
  {
    name: 'sm2-encrypt',
    async run(): Promise<BenchResult[]> {
      const o = opensslEncDecOps();
      const fresh = freshKeyRates();
      return [
        result('sm2-encrypt', 'ops/s', ourEncrypt(), 'openssl EVP_PKEY_encrypt 32B', o.encrypt),
        result('sm2-encrypt-fresh-key', 'ops/s', fresh.encrypt, 'openssl EVP_PKEY_encrypt 32B', o.encrypt),
        result('sm2-decrypt', 'ops/s', ourDecrypt(), 'openssl EVP_PKEY_decrypt 32B', o.decrypt),
      ];
    },
  },
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
      const theirs = {
        sign: rate(() => void smc.doSignature(msg, k.privateKey, { ...opts, publicKey: k.publicKey }), OPTS),
        verify: rate(() => void smc.doVerifySignature(msg, sigHex, k.publicKey, opts), OPTS),
        encrypt: rate(() => void smc.doEncrypt(msg, k.publicKey, 1, { asn1: true }), OPTS),
        decrypt: rate(() => void smc.doDecrypt(ctHex, k.privateKey, 1, { asn1: true, output: 'array' }), OPTS),
      };
      return [
        result('sm2-sign-vs-sm-crypto-v2', 'ops/s', ourSign(), 'sm-crypto-v2 doSignature', theirs.sign),
        result('sm2-verify-vs-sm-crypto-v2', 'ops/s', ourVerify(), 'sm-crypto-v2 doVerifySignature', theirs.verify),
        result('sm2-encrypt-vs-sm-crypto-v2', 'ops/s', ourEncrypt(), 'sm-crypto-v2 doEncrypt', theirs.encrypt),
        result('sm2-decrypt-vs-sm-crypto-v2', 'ops/s', ourDecrypt(), 'sm-crypto-v2 doDecrypt', theirs.decrypt),
      ];
    },
  },
];
