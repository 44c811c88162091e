import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../../../electron/host/server';
import { silentLogger } from '../../../electron/services/app/log';

let host: RunningHost;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bidseal-host-'));
  const renderer = path.join(dir, 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>BidSeal</title>');
  writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer');
  host = await startHost({ rendererDir: renderer, dataDir: path.join(dir, 'data'), log: silentLogger });
});
afterAll(() => host.close());

/** Raw request so that Host/Origin headers can be set freely. */
function request(p: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: p, method: opts.method ?? 'GET', headers: { Host: `127.0.0.1:${host.port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
const auth = () => ({ Authorization: `Bearer ${host.token}` });

describe('Node host', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves nothing without the token: 401 for pages, assets and API', async () => {
    for (const p of ['/', '/index.html', '/assets/app.js']) expect((await request(p)).status).toBe(401);
    const api = await request('/api/app.info', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(api.status).toBe(401);
    expect(api.body).not.toContain('BidSeal');
    expect((await request('/', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await request('/?token=wrong')).status).toBe(401);
  });

  it('exchanges the log-in link for an HttpOnly SameSite cookie that then opens the app', async () => {
    const login = await request(`/?token=${host.token}`);
    expect(login.status).toBe(302);
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await request('/', { headers: { Cookie: cookie.split(';')[0] } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('BidSeal');
  });

  it('rejects a foreign Host header (DNS rebinding) even with the token', async () => {
    expect((await request('/', { headers: { ...auth(), Host: 'evil.example:80' } })).status).toBe(403);
  });

  it('rejects API calls from a foreign origin with E_FORBIDDEN', async () => {
    const r = await request('/api/app.info', { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json', Origin: 'http://evil.example' }, body: '{}' });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.code).toBe('E_FORBIDDEN');
  });

  it('answers contract calls and rejects bad arguments with E_BAD_REQUEST', async () => {
    const ok = await request('/api/app.info', { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: '{}' });
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { host: 'node' } });
    const bad = await request('/api/files.hash', { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: '{"paths": 5}' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    const notJson = await request('/api/app.info', { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: '{' });
    expect(JSON.parse(notJson.body).error.code).toBe('E_BAD_REQUEST');
    expect((await request('/api/app.info', { headers: auth() })).status).toBe(405);
    expect((await request('/api/nope', { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(404);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const r = await request(p, { headers: auth() });
      expect(r.body).not.toContain('outside the renderer');
    }
  });

  it('streams progress over an authenticated WebSocket and refuses one without the token', async () => {
    const denied = new WebSocket(`ws://127.0.0.1:${host.port}/ws`);
    await new Promise<void>((resolve) => denied.on('error', () => resolve()));
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, { headers: auth() });
    await new Promise((r) => ws.on('open', r));
    const f = path.join(dir, 'big.bin');
    writeFileSync(f, Buffer.alloc(3 << 20, 7));
    const events: Array<{ jobId: string; bytesDone: number }> = [];
    ws.on('message', (m) => events.push(JSON.parse(String(m)).event));
    const { openFileStore } = await import('../../../electron/services/documents/file-store');
    const doc = await openFileStore(path.join(dir, 'data')).importPath(f, { tags: {} });
    const r = await request('/api/files.hash', { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify({ ids: [doc.id], jobId: 'ws-job-0001' }) });
    expect(JSON.parse(r.body).ok).toBe(true);
    await new Promise((res) => setTimeout(res, 100));
    ws.close();
    expect(events.some((e) => e.jobId === 'ws-job-0001' && e.bytesDone === 3 << 20)).toBe(true);
  });
});

describe('Node host downloads', () => {
  it('serves a stored document as an attachment to the token holder only, with its Chinese name', async () => {
    const { openFileStore } = await import('../../../electron/services/documents/file-store');
    const store = openFileStore(path.join(dir, 'data'));
    const out = await store.output({ name: '投标文件.p7m' });
    writeFileSync(out.tempPath, 'sealed');
    const f = await out.commit();
    expect((await request(`/download/${f.id}`)).status).toBe(401);
    const r = await request(`/download/${f.id}`, { headers: auth() });
    expect(r.status).toBe(200);
    expect(r.body).toBe('sealed');
    expect(r.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('投标文件.p7m')}`);
    expect((await request(`/download/${'0'.repeat(32)}`, { headers: auth() })).status).toBe(404);
    expect((await request('/download/../../secret.txt', { headers: auth() })).body).not.toContain('outside the renderer');
  });
});
