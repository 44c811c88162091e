// The unrolled SM3 compression function is generated: the file must be exactly what the generator
// writes, so that a hand edit of the 1,000 unrolled lines cannot slip in unnoticed.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/vectors';
// @ts-expect-error -- a plain .mjs script without type declarations
import { regenerate } from '../../../scripts/gen-sm3.mjs';

describe('shared/crypto/sm3.ts', () => {
  it('is current with scripts/gen-sm3.mjs', () => {
    const src = readFileSync(path.join(repoRoot, 'shared', 'crypto', 'sm3.ts'), 'utf8');
    expect((regenerate as (s: string) => string)(src) === src).toBe(true);
  });
});
