// Each file knows where it runs: shared/ is pure (no node:, no electron, no DOM globals), the
// Node host and services never import `electron` (that import downloads the binary), and only
// electron/main and electron/preload may.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/vectors';

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(ts|tsx|mts)$/.test(name)) out.push(p);
  }
  return out;
}
const imports = (src: string) => [...src.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
const rel = (p: string) => path.relative(repoRoot, p);

describe('module layering', () => {
  it('shared/ imports no Node built-ins, no electron, no renderer, no electron/ code', () => {
    const bad: string[] = [];
    for (const f of files(path.join(repoRoot, 'shared'))) {
      for (const i of imports(readFileSync(f, 'utf8'))) {
        if (/^node:|^(fs|path|crypto|os|child_process|buffer|stream)$|^electron$/.test(i) || /\/(electron|renderer)\//.test(i)) bad.push(`${rel(f)} → ${i}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('shared/ uses no Node or DOM globals (Buffer, process, window, document)', () => {
    const bad: string[] = [];
    for (const f of files(path.join(repoRoot, 'shared'))) {
      const code = readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
      for (const g of ['Buffer.', 'process.', 'window.', 'document.', 'require(']) if (code.includes(g)) bad.push(`${rel(f)} uses ${g}`);
    }
    expect(bad).toEqual([]);
  });

  it('only electron/main and electron/preload import the electron package', () => {
    const bad: string[] = [];
    for (const dir of ['electron', 'renderer', 'shared', 'scripts', 'bench']) {
      let list: string[];
      try {
        list = files(path.join(repoRoot, dir));
      } catch {
        continue;
      }
      for (const f of list) {
        if (/electron[\\/](main|preload)[\\/]/.test(rel(f))) continue;
        if (imports(readFileSync(f, 'utf8')).some((i) => i === 'electron' || i.startsWith('electron/'))) bad.push(rel(f));
      }
    }
    expect(bad).toEqual([]);
  });

  it('the renderer reaches the Node side only through the IPC client (no Node built-ins, no electron/ code)', () => {
    const bad: string[] = [];
    for (const f of files(path.join(repoRoot, 'renderer'))) {
      for (const i of imports(readFileSync(f, 'utf8'))) if (/^node:|\/electron\//.test(i)) bad.push(`${rel(f)} → ${i}`);
    }
    expect(bad).toEqual([]);
  });

  it('sealing a bid is one service file under 400 lines, used by the CLI and by IPC alike', () => {
    const service = path.join(repoRoot, 'electron/services/bid/seal-service.ts');
    expect(readFileSync(service, 'utf8').split('\n').length).toBeLessThan(400);
    for (const caller of ['electron/cli/commands/seal.ts', 'electron/services/ipc/bid.ts']) {
      const src = readFileSync(path.join(repoRoot, caller), 'utf8');
      expect(imports(src), caller).toContain(path.relative(path.dirname(path.join(repoRoot, caller)), service).replace(/\.ts$/, '').replace(/^(?!\.)/, './'));
      // no second orchestration: the packaging layer and the plan are reached only through the service
      expect(src, caller).not.toMatch(/\b(prepareSeal|sealBid|planChecks|commitSeal)\(/);
    }
  });

  it('electron/services is grouped by domain: no loose files at its top level', () => {
    const top = readdirSync(path.join(repoRoot, 'electron/services')).filter((n) => statSync(path.join(repoRoot, 'electron/services', n)).isFile());
    expect(top).toEqual([]);
  });
});
