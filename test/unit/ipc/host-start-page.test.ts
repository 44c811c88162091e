// The Node host to a browser without the access token: a Chinese start page that says where the full
// link is (not a bare English "Unauthorized"), programs still get the short answer; the link opens in the
// default browser only where there is one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../../../electron/host/server';
import { openInBrowser } from '../../../electron/host/start-page';
import { silentLogger } from '../../../electron/services/app/log';

describe('host start page', () => {
  let host: RunningHost;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-start-'));
    const renderer = path.join(dir, 'renderer');
    mkdirSync(renderer);
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>app</title>');
    host = await startHost({ rendererDir: renderer, dataDir: path.join(dir, 'data'), log: silentLogger, port: 0 });
  });
  afterAll(() => host?.close());

  it('says in Chinese, then English, where the link is; an old token is named as such; the API stays terse', async () => {
    const page = await fetch(host.url);
    expect(page.status).toBe(401);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('打开 BidSeal 需要带访问令牌的完整链接');
    expect(html).toContain('npm run host');
    expect(html).not.toMatch(/<script/i);
    const old = await (await fetch(`${host.url}?token=not-the-token`)).text();
    expect(old).toContain('访问令牌已失效');
    const api = await fetch(`${host.url}api/app.info`, { method: 'POST' });
    expect([api.status, await api.text()]).toEqual([401, 'Unauthorized']);
    expect((await fetch(host.loginUrl, { redirect: 'manual' })).status).toBe(302);
  });

  it('opens the browser only where there is one', () => {
    expect(openInBrowser('http://127.0.0.1:1/', { CI: '1', DISPLAY: ':0' }, 'linux')).toBe(false);
    expect(openInBrowser('http://127.0.0.1:1/', {}, 'linux')).toBe(false); // headless
    expect(openInBrowser('http://127.0.0.1:1/', { BIDSEAL_NO_BROWSER: '1' }, 'darwin')).toBe(false);
  });
});
