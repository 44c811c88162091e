// The digest workers give the same SM3 and SHA-256 as hashing inline, for several streams on several
// workers at once and whatever the chunking; a failing worker gives a typed error to every caller, never a hang.
import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { hashPool, inlinePool } from '../../../electron/services/bid/parallel-hash';
import { sm3 } from '../../../shared/crypto/sm3';
import { Crc32, useNativeCrc32 } from '../../../shared/bid/zip';
import * as zlib from 'node:zlib';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('parallel SM3 + SHA-256', () => {
  it('matches inline digests for interleaved streams on two workers with uneven chunks', async () => {
    const a = randomBytes(5_000_017);
    const b = randomBytes(3_333_331);
    const pool = hashPool(2);
    try {
      const ha = pool.hasher(undefined, 0);
      const hb = pool.hasher(undefined, 1);
      const hc = pool.hasher({ sm3: false, sha256: true }, 0);
      for (let i = 0, j = 0; i < a.length || j < b.length;) {
        const n = 1 + ((i * 7919) % 1_048_576);
        if (i < a.length) {
          const c = a.subarray(i, (i += n));
          await ha.update(c);
          await hc.update(c);
        }
        if (j < b.length) await hb.update(b.subarray(j, (j += 65_536)));
      }
      const [da, db, dc] = await Promise.all([ha.digest(), hb.digest(), hc.digest()]);
      expect(da).toEqual({ sm3: hex(sm3(a)), sha256: createHash('sha256').update(a).digest('hex') });
      expect(db).toEqual({ sm3: hex(sm3(b)), sha256: createHash('sha256').update(b).digest('hex') });
      expect(dc).toEqual({ sm3: '', sha256: da.sha256 });
      // the caller's buffer is untouched (each chunk is copied before it moves to the worker)
      expect(a.length).toBe(5_000_017);
    } finally {
      pool.close();
    }
  });

  it('four streams on one worker step together, and a stream that stalls holds up none of the others', async () => {
    const data = [randomBytes(9_000_001), randomBytes(7_340_032), randomBytes(6_000_000), randomBytes(1_000)];
    const pool = hashPool(1);
    try {
      const hs = data.map(() => pool.hasher());
      // the last stream sends once, then nothing until the others are done: the worker must not wait for it
      await hs[3].update(data[3].subarray(0, 500));
      for (let o = 0; o < 9_000_001; o += 1_000_003) for (let i = 0; i < 3; i++) await hs[i].update(data[i].subarray(o, o + 1_000_003));
      const first = await Promise.all(hs.slice(0, 3).map((h) => h.digest()));
      await hs[3].update(data[3].subarray(500));
      const last = await hs[3].digest();
      [...first, last].forEach((d, i) => expect(d).toEqual({ sm3: hex(sm3(data[i])), sha256: createHash('sha256').update(data[i]).digest('hex') }));
    } finally {
      pool.close();
    }
  });

  it('more streams open at once than the memory shared with the worker has buffers for: the others get buffers of their own, same digests', async () => {
    const data = Array.from({ length: 40 }, (_, i) => randomBytes(1_500_000 + i * 4099));
    const pool = hashPool(1);
    try {
      const hs = data.map(() => pool.hasher());
      // every stream holds a partly filled buffer most of the time: 40 of them, past the shared memory's 24
      for (let o = 0; o < 1_700_000; o += 99_991) for (let i = 0; i < data.length; i++) await hs[i].update(data[i].subarray(o, o + 99_991));
      const got = await Promise.all(hs.map((h) => h.digest()));
      got.forEach((d, i) => expect(d).toEqual({ sm3: hex(sm3(data[i])), sha256: createHash('sha256').update(data[i]).digest('hex') }));
    } finally {
      pool.close();
    }
  });

  it('digests the empty stream, inline and in a worker', async () => {
    const pool = hashPool(1);
    try {
      for (const p of [pool, inlinePool()]) expect((await p.hasher().digest()).sm3).toBe('1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b');
    } finally {
      pool.close();
    }
  });

  it('a worker that dies mid-stream fails every pending and later call with E_BID_WORKER_FAILED', async () => {
    process.env.BIDSEAL_TEST_HASH_WORKER_FAIL_AFTER = String(3 << 20);
    const pool = hashPool(1);
    delete process.env.BIDSEAL_TEST_HASH_WORKER_FAIL_AFTER;
    try {
      const h = pool.hasher();
      const chunk = randomBytes(1 << 20);
      const run = async () => {
        for (let i = 0; i < 64; i++) await h.update(chunk);
        return h.digest();
      };
      await expect(run()).rejects.toMatchObject({ code: 'E_BID_WORKER_FAILED' });
      await expect(h.update(chunk)).rejects.toMatchObject({ code: 'E_BID_WORKER_FAILED' });
      await expect(pool.hasher().digest()).rejects.toMatchObject({ code: 'E_BID_WORKER_FAILED' });
    } finally {
      pool.close();
    }
  });
});

describe('CRC-32', () => {
  it("zlib's CRC-32, where the host has one, gives what the table code gives, for any split", () => {
    const native = (zlib as { crc32?: (b: Uint8Array, v: number) => number }).crc32;
    if (!native) return void console.warn('no zlib.crc32 in this Node: the table code runs alone');
    const data = randomBytes(100_003);
    const withNative = () => {
      const c = new Crc32();
      for (let i = 0; i < data.length;) c.update(data.subarray(i, (i += 1 + ((i * 31) % 5000))));
      return c.digest();
    };
    expect(useNativeCrc32(native)).toBe(true);
    const a = withNative();
    useNativeCrc32(undefined);
    // the table code alone (a rejected candidate leaves the fallback in place)
    expect(useNativeCrc32(() => 0)).toBe(false);
    const b = withNative();
    useNativeCrc32(native);
    expect(a).toBe(b);
    expect(a).toBe(native(data, 0) >>> 0);
  });
});
