// The digest worker gives the same SM3 and SHA-256 as hashing inline, for several streams at once and
// whatever the chunking; a finished hasher frees its worker.
import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { parallelHashers } from '../../../electron/services/bid/parallel-hash';
import { sm3 } from '../../../shared/crypto/sm3';

describe('parallel SM3 + SHA-256', () => {
  it('matches inline digests for two interleaved streams with uneven chunks', async () => {
    const a = randomBytes(5_000_017);
    const b = randomBytes(3_333_331);
    const [ha, hb] = parallelHashers(2);
    for (let i = 0, j = 0; i < a.length || j < b.length;) {
      const n = 1 + ((i * 7919) % 1_048_576);
      if (i < a.length) await ha!.update(a.subarray(i, (i += n)));
      if (j < b.length) await hb!.update(b.subarray(j, (j += 65_536)));
    }
    const [da, db] = await Promise.all([ha!.digest(), hb!.digest()]);
    ha!.close();
    expect(da).toEqual({ sm3: Buffer.from(sm3(a)).toString('hex'), sha256: createHash('sha256').update(a).digest('hex') });
    expect(db).toEqual({ sm3: Buffer.from(sm3(b)).toString('hex'), sha256: createHash('sha256').update(b).digest('hex') });
  });

  it('digests the empty stream', async () => {
    const [h] = parallelHashers(1);
    const d = await h!.digest();
    h!.close();
    expect(d.sm3).toBe('1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b');
  });
});
