// Runs in Node (vitest). The seal fixture of helpers/eseal.ts for the tests of one file: made before them,
// removed after. Vitest-only (registers hooks); e2e specs call sealFixture() themselves.
import { afterAll, beforeAll } from 'vitest';
import { rmSync } from 'node:fs';
import { sealFixture, type SealFixture } from './eseal';

/** The fixture's fields are there once the file's first beforeAll has run (register further beforeAll hooks after this). */
export function useSealFixture(): SealFixture {
  const f = {} as SealFixture;
  beforeAll(() => {
    Object.assign(f, sealFixture());
  });
  afterAll(() => {
    if (f.dir) rmSync(f.dir, { recursive: true, force: true });
  });
  return f;
}
