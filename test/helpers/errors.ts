// Runs in Node (tests). The error code a call throws, or undefined when it does not throw; and the fuzz of a
// DER parser (a byte changed and/or the input cut short).
import { expect } from 'vitest';
import fc from 'fast-check';
import { isBidSealError } from '../../shared/errors';

export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code ?? 'NO_CODE';
  }
  return undefined;
}

/** Property over `der` with one byte changed and/or cut short: `parse` either throws E_BAD_ENCODING or gives a
 * value for which `use` holds. */
export async function fuzzDer<T>(der: Uint8Array, parse: (m: Uint8Array) => T, use: (parsed: T) => Promise<void>, numRuns = 300): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: der.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: der.length }), async (i, b, cut) => {
      const m = der.slice(0, cut);
      if (i < m.length) m[i] = b;
      let parsed: T;
      try {
        parsed = parse(m);
      } catch (e) {
        expect(isBidSealError(e) && e.code === 'E_BAD_ENCODING').toBe(true);
        return;
      }
      await use(parsed);
    }),
    { numRuns },
  );
}
