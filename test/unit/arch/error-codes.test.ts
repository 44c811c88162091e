// Every error code is defined once, in the generic table of shared/errors.ts or in one domain's table under
// shared/error-codes/ (a second definition would silently replace the first when the tables are joined).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/vectors';
import { ERROR_CODES, ERROR_MESSAGES } from '../../../shared/errors';

describe('error code tables', () => {
  it('define each code once, each with a zh-CN and an en-US message', () => {
    const dir = path.join(repoRoot, 'shared/error-codes');
    const tables = ['shared/errors.ts', ...readdirSync(dir).map((f) => `shared/error-codes/${f}`)];
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const t of tables) {
      for (const m of readFileSync(path.join(repoRoot, t), 'utf8').matchAll(/^\s+(E_[A-Z0-9_]+):\s*\{/gm)) {
        if (seen.has(m[1])) twice.push(`${m[1]}: ${seen.get(m[1])} and ${t}`);
        seen.set(m[1], t);
      }
    }
    expect(twice).toEqual([]);
    expect([...seen.keys()].sort()).toEqual([...ERROR_CODES].sort());
    for (const c of ERROR_CODES) {
      expect(ERROR_MESSAGES[c].zh, c).toMatch(/[\u4e00-\u9fff]/);
      expect(ERROR_MESSAGES[c].en, c).toMatch(/^[\x20-\x7e’]+$/);
    }
  });
});
