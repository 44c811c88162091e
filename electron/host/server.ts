// Runs in Node (never imports `electron`). The Node host: serves the built renderer and the IPC
// contract over HTTP + WebSocket on 127.0.0.1 only, guarded by a random per-run token, so that
// browsers and Playwright drive the real UI with the same handlers the Electron shell uses.
//   GET  /?token=T      → sets an HttpOnly SameSite=Strict cookie, redirects to /
//   POST /api/<op>      → Result JSON (one route per contract operation)
//   GET  /download/<id> → a stored document as an attachment (files.export in a browser)
//   GET  /ws            → progress events (WebSocket)
// Every request must carry the token (cookie or `Authorization: Bearer`) and a loopback Host
// header (defeats DNS rebinding); state-changing requests must come from our own Origin.
import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { OPERATIONS } from '../../shared/ipc/operations';
import type { ProgressEvent } from '../../shared/ipc/contract';
import { dispatch, JobRegistry, type DispatchEnv } from '../services/ipc/dispatch';
import { createHandlers } from '../services/ipc/handlers';
import { pkcs11Modules, TokenService } from '../services/keys/tokens';
import { startPageHtml } from './start-page';
import { openFileStore, type FileStore } from '../services/documents/file-store';
import { RecentErrors } from '../services/app/recent-errors';
import type { Logger } from '../services/app/log';
import { MIME_TYPES, SECURITY_HEADERS, resolveInside } from '../services/ipc/web-security';
import { safeFileName } from '../../shared/text/file-name';

export interface HostOptions {
  rendererDir: string;
  /** the user's data folder (trust store, settings) */
  dataDir: string;
  port?: number;
  token?: string;
  log: Logger;
  /** PKCS#11 drivers the operator named on the command line (the Node host has no native dialog) */
  pkcs11Modules?: string[];
  /** SKF vendor libraries the operator named (`--skf-module`), remembered as the user's choice */
  skfModules?: string[];
}

export interface RunningHost {
  url: string;
  /** the URL that logs a browser in (carries the token once) */
  loginUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const COOKIE = 'bidseal_token';
/** the contract's largest payload (Base64 ≤ 22.4 MB) plus JSON framing */
const MAX_BODY = 24 << 20;

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  const jobs = new JobRegistry();
  const store = openFileStore(opts.dataDir);
  const recentErrors = new RecentErrors();
  const sockets = new Set<WebSocket>();
  const tokens = new TokenService({ dataDir: opts.dataDir });
  for (const m of opts.skfModules ?? []) tokens.pickSkfLibrary(m);
  for (const m of opts.pkcs11Modules ?? []) pkcs11Modules(opts.dataDir).remember(m);
  const env: DispatchEnv = {
    handlers: createHandlers({ host: 'node', versions: { node: process.versions.node }, dataDir: opts.dataDir, tokens, recentErrors }, jobs),
    recentErrors,
    log: opts.log,
    jobs,
    emitProgress: (e: ProgressEvent) => {
      const msg = JSON.stringify({ type: 'progress', event: e });
      for (const s of sockets) if (s.readyState === s.OPEN) s.send(msg);
    },
  };
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const ownOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const tokenOk = (candidate: string | undefined): boolean => {
    if (!candidate) return false;
    const b = Buffer.from(candidate);
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf);
  };
  const presentedToken = (req: http.IncomingMessage): string | undefined => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) return auth.slice(7);
    const cookie = req.headers.cookie ?? '';
    for (const part of cookie.split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k === COOKIE) return v.join('=');
    }
    return undefined;
  };
  const send = (res: http.ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
    res.end(body);
  };

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 403, 'Forbidden: host');
      // Log-in link: exchange the one-time URL token for a cookie and drop it from the address bar.
      const qToken = url.searchParams.get('token');
      if (req.method === 'GET' && url.pathname === '/' && qToken !== null) {
        if (!tokenOk(qToken)) return send(res, 401, startPageHtml('wrong'), 'text/html; charset=utf-8');
        res.writeHead(302, { ...SECURITY_HEADERS, Location: '/', 'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` });
        return res.end();
      }
      if (!tokenOk(presentedToken(req))) {
        // a person at the address bar gets the start page; programs (API, downloads) the short answer
        const page = req.method === 'GET' && !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/download/');
        return page ? send(res, 401, startPageHtml('missing'), 'text/html; charset=utf-8') : send(res, 401, 'Unauthorized');
      }

      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, 'Method Not Allowed', undefined, { Allow: 'POST' });
        const origin = req.headers.origin;
        if (origin !== undefined && !ownOrigins().has(origin)) {
          opts.log.warn('host.forbidden_origin', {});
          return send(res, 403, JSON.stringify({ ok: false, error: { code: 'E_FORBIDDEN', message: 'foreign origin' } }), 'application/json');
        }
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'Unsupported Media Type');
        const op = url.pathname.slice(5);
        if (!(OPERATIONS as readonly string[]).includes(op)) return send(res, 404, JSON.stringify({ ok: false, error: { code: 'E_NOT_FOUND', message: 'unknown operation' } }), 'application/json');
        const body = await readBody(req);
        if (body === undefined) return send(res, 413, 'Payload Too Large');
        let args: unknown;
        try {
          args = body.length ? JSON.parse(body.toString('utf8')) : {};
        } catch {
          return send(res, 200, JSON.stringify({ ok: false, error: { code: 'E_BAD_REQUEST', message: 'body is not JSON' } }), 'application/json');
        }
        const result = await dispatch(env, op, args);
        return send(res, 200, JSON.stringify(result), 'application/json');
      }

      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method Not Allowed');
      const dl = /^\/download\/([0-9a-f]{32})$/.exec(url.pathname);
      // ?name=: the name a platform's portal expects (upload.portalPrepare); only a name safe on every OS is taken
      const asName = url.searchParams.get('name');
      if (dl) return await sendDocument(res, store, dl[1]!, asName && asName.length <= 200 && safeFileName(asName) === asName ? asName : undefined);
      let file = resolveInside(opts.rendererDir, url.pathname === '/' ? '/index.html' : url.pathname, path.join, path.normalize, path.sep);
      if (!file) return send(res, 400, 'Bad Request');
      let st = await stat(file).catch(() => undefined);
      if (!st?.isFile()) {
        // Client-side routes fall back to the app shell; missing assets stay 404.
        if (path.extname(url.pathname)) return send(res, 404, 'Not Found');
        file = path.join(opts.rendererDir, 'index.html');
        st = await stat(file).catch(() => undefined);
        if (!st?.isFile()) return send(res, 500, 'Renderer not built: run `npm run build`');
      }
      const data = await readFile(file);
      return send(res, 200, data, MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
    } catch {
      opts.log.error('host.request_failed', {});
      if (!res.headersSent) send(res, 500, 'Internal Server Error');
    }
  });

  // A half-open peer cannot hold a connection for long.
  server.headersTimeout = 15_000;
  server.requestTimeout = 120_000;
  // A peer that misbehaves (malformed or oversized frame, reset, garbage HTTP) loses its own socket;
  // the host keeps serving everyone else. No payload is logged.
  server.on('connection', (socket) => socket.on('error', () => socket.destroy()));
  server.on('clientError', (_err, socket) => {
    if (socket.writable && !socket.writableEnded) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });
  server.on('request', (req, res) => {
    req.on('error', () => req.destroy());
    res.on('error', () => res.destroy());
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  wss.on('error', () => opts.log.warn('host.ws_server_error', {}));
  wss.on('wsClientError', (_err, socket) => socket.destroy());
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const originOk = req.headers.origin === undefined || ownOrigins().has(req.headers.origin);
    if (url.pathname !== '/ws' || !allowedHosts().has(req.headers.host ?? '') || !originOk || !tokenOk(presentedToken(req))) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('error', () => {
        opts.log.warn('host.ws_client_error', {});
        sockets.delete(ws);
        ws.terminate();
      });
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', () => {
        /* the socket is one-way: calls go through POST /api/<op> */
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    loginUrl: `${url}?token=${token}`,
    token,
    port,
    close: async () => {
      jobs.cancelAll();
      await tokens.close();
      for (const s of sockets) s.terminate();
      wss.close();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A stored document as an attachment (the browser's "save as"), streamed from disk. */
async function sendDocument(res: http.ServerResponse, store: FileStore, id: string, asName?: string): Promise<void> {
  let f, p;
  try {
    f = await store.get(id);
    p = await store.pathOf(id);
  } catch {
    res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    return void res.end('Not Found');
  }
  const name = asName ?? f.name;
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(f.size),
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
  await pipeline(createReadStream(p), res);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > MAX_BODY) return undefined;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}
