import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../helpers/vectors';

describe('npm start', () => {
  it('builds and falls back to the Node host, printing a log-in URL that works', async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts/start.mjs'), '--json', '--quiet'], { cwd: repoRoot, env: { ...process.env, BIDSEAL_NO_ELECTRON: '1', BIDSEAL_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'bidseal-start-')) }, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const rl = readline.createInterface({ input: child.stdout! });
      const line = await new Promise<string>((resolve, reject) => {
        rl.on('line', (l) => l.startsWith('{') && resolve(l));
        child.once('exit', (c) => reject(new Error(`start exited with ${c}`)));
      });
      const { loginUrl, url } = JSON.parse(line) as { loginUrl: string; url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const login = await fetch(loginUrl, { redirect: 'manual' });
      expect(login.status).toBe(302);
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      const page = await fetch(url, { headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      expect((await fetch(url)).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
  }, 120_000);
});
