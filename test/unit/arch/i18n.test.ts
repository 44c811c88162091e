// The UI strings: every zh-CN key has its en-US twin and back, at every depth, and both sides use the
// same {{placeholders}}, so a translation never drops a number or a name (renderer/i18n/zh-CN, en-US).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/vectors';

const dir = (lang: string) => path.join(repoRoot, 'renderer/i18n', lang);
const load = (lang: string, f: string) => JSON.parse(readFileSync(path.join(dir(lang), f), 'utf8')) as unknown;

function leaves(o: unknown, at = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof o === 'string') out.set(at, o);
  else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) for (const [kk, vv] of leaves(v, at ? `${at}.${k}` : k)) out.set(kk, vv);
  return out;
}
/** keys whose English is empty on purpose: a Chinese measure word (份) has no English counterpart */
const EMPTY_IN_ENGLISH = new Set(['upload.json items']);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]).sort();

describe('i18n messages', () => {
  const files = readdirSync(dir('zh-CN')).filter((f) => f.endsWith('.json'));
  it('has the same files in both languages', () => {
    expect(readdirSync(dir('en-US')).filter((f) => f.endsWith('.json')).sort()).toEqual(files.sort());
  });
  for (const f of files) {
    it(`${f}: the same keys and placeholders in zh-CN and en-US, no empty English`, () => {
      const zh = leaves(load('zh-CN', f));
      const en = leaves(load('en-US', f));
      expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
      for (const [k, v] of zh) {
        expect(placeholders(en.get(k)!), `${f} ${k}`).toEqual(placeholders(v));
        if (v && !EMPTY_IN_ENGLISH.has(`${f} ${k}`)) expect(en.get(k), `${f} ${k}`).not.toBe('');
      }
    });
  }
});
