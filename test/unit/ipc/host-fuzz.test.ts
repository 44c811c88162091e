// The Node host survives hostile peers: malformed and oversized WebSocket frames, bad opcodes,
// half-open connections and garbage HTTP each lose their own socket, and the host still answers a
// normal request afterwards. Bounded: a fixed seed, a few hundred frames, every socket timed out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../../../electron/host/server';
import { silentLogger } from '../../../electron/services/app/log';

let host: RunningHost;
let dir: string;
const open: net.Socket[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bidseal-host-fuzz-'));
  const renderer = path.join(dir, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>BidSeal</title>');
  host = await startHost({ rendererDir: renderer, dataDir: path.join(dir, 'data'), log: silentLogger });
});
afterAll(async () => {
  for (const s of open) s.destroy();
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

async function stillServes(): Promise<void> {
  const r = await fetch(`${host.url}api/app.info`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(5000) });
  expect(r.status).toBe(200);
  expect(((await r.json()) as { ok: boolean }).ok).toBe(true);
}

/** A raw TCP socket to the host; resolves once `data` is written (and, for upgrades, the 101 is read). */
function raw(data: Buffer | string, { keepOpen = false } = {}): Promise<net.Socket> {
  return new Promise((resolve) => {
    const s = net.connect(host.port, '127.0.0.1');
    s.setTimeout(3000, () => s.destroy());
    s.on('error', () => {});
    s.on('connect', () => {
      s.write(data);
      if (keepOpen) open.push(s);
      resolve(s);
    });
  });
}

/** A WebSocket handshake on a raw socket, so that frames can be written unchecked. */
function upgraded(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(host.port, '127.0.0.1');
    s.setTimeout(3000, () => s.destroy());
    s.on('error', () => {});
    s.once('data', (d) => (String(d).startsWith('HTTP/1.1 101') ? resolve(s) : reject(new Error(String(d).split('\r\n')[0]))));
    s.on('connect', () =>
      s.write(
        `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nAuthorization: Bearer ${host.token}\r\n\r\n`,
      ),
    );
  });
}

/** Writes one frame and waits until the host closes the socket (or a short grace period passes). */
async function sendFrame(frame: Buffer): Promise<void> {
  const s = await upgraded();
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => (s.destroy(), resolve()), 500);
    s.on('close', () => (clearTimeout(t), resolve()));
    s.write(frame);
  });
}

const masked = (first: number, payload: Buffer, lenBytes?: Buffer): Buffer => {
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  const len = lenBytes ?? (payload.length < 126 ? Buffer.from([0x80 | payload.length]) : Buffer.concat([Buffer.from([0x80 | 126]), Buffer.from([payload.length >> 8, payload.length & 0xff])]));
  return Buffer.concat([Buffer.from([first]), len, mask, body]);
};

/** xorshift32: a fixed sequence, so a failure replays */
function prng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
}

describe('Node host under hostile peers', () => {
  it('a 2-byte unmasked frame closes that socket only', async () => {
    await sendFrame(Buffer.from([0x81, 0x00]));
    await stillServes();
  });

  it('reserved opcodes, RSV bits, a lone continuation and an oversized control frame', async () => {
    for (const op of [0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf]) await sendFrame(masked(0x80 | op, Buffer.from('x')));
    await sendFrame(masked(0xf1, Buffer.from('rsv'))); // RSV1-3 without an extension
    await sendFrame(masked(0x80, Buffer.from('cont'))); // continuation with nothing to continue
    await sendFrame(masked(0x89, Buffer.alloc(200))); // ping > 125 bytes
    await sendFrame(masked(0x08, Buffer.from([0x03]))); // fragmented close with a 1-byte body
    await stillServes();
  });

  it('messages over the 64 KiB limit: announced, streamed, and a 2^63 length', async () => {
    await sendFrame(masked(0x82, Buffer.alloc(70 * 1024)));
    const huge = Buffer.concat([Buffer.from([0x80 | 127]), Buffer.from([0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])]);
    await sendFrame(masked(0x82, Buffer.alloc(8), huge));
    // fragments that add up past the limit
    const s = await upgraded();
    for (let i = 0; i < 3 && !s.destroyed; i++) s.write(masked(i === 0 ? 0x02 : 0x00, Buffer.alloc(30 * 1024)));
    await new Promise((r) => setTimeout(r, 200));
    s.destroy();
    await stillServes();
  });

  it('random frames (seeded) never take the host down', async () => {
    const rnd = prng(0x13a);
    for (let i = 0; i < 60; i++) {
      const first = Math.floor(rnd() * 256);
      const payload = randomBytes(Math.floor(rnd() * 300));
      const frame = rnd() < 0.5 ? masked(first, payload) : Buffer.concat([Buffer.from([first, Math.floor(rnd() * 256)]), payload]);
      await sendFrame(frame);
    }
    await stillServes();
  });

  it('half-open connections (a partial request line, a partial frame) do not block others', async () => {
    await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n`, { keepOpen: true });
    await raw('POST /api/app.info HTTP/1.1\r\nContent-Length: 100000\r\n\r\n{', { keepOpen: true });
    const s = await upgraded();
    open.push(s);
    s.write(Buffer.from([0x81, 0xfe, 0x10])); // frame header cut in the middle
    await stillServes();
  });

  it('garbage HTTP: binary noise, bad header bytes, an oversized header, a bad upgrade', async () => {
    const rnd = prng(7);
    for (let i = 0; i < 20; i++) await raw(Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 512) }, () => Math.floor(rnd() * 256))));
    await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Bad: a\x00b\r\n\r\n`);
    await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`);
    await raw(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nAuthorization: Bearer ${host.token}\r\nSec-WebSocket-Version: 99\r\n\r\n`);
    await raw(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nAuthorization: Bearer ${host.token}\r\n\r\n`);
    await new Promise((r) => setTimeout(r, 200));
    await stillServes();
  });

  it('a well-behaved WebSocket client still connects after all that', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, { headers: { Authorization: `Bearer ${host.token}` } });
    await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
    ws.close();
    await stillServes();
  });
});
