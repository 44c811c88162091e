// Runs in the renderer. The one client the UI uses to reach the Node side. Two transports behind
// the same typed interface: the Electron preload (`window.bidseal`, one method per operation) or
// the Node host (POST /api/<op> with the session cookie, progress over a WebSocket).
import { OPERATIONS, type Operation } from '../../../shared/ipc/operations';
import type { Client, ProgressEvent, Result } from '../../../shared/ipc/contract';
import { toHex } from '../../../shared/asn1';

type PreloadApi = { [K in Operation]: (req: unknown) => Promise<Result<unknown>> } & {
  onProgress(listener: (e: ProgressEvent) => void): () => void;
};

declare global {
  interface Window {
    bidseal?: PreloadApi;
  }
}

function electronClient(api: PreloadApi): Client {
  const c: Record<string, unknown> = { onProgress: (l: (e: ProgressEvent) => void) => api.onProgress(l) };
  for (const op of OPERATIONS) c[op] = (req: unknown) => api[op](req);
  return c as Client;
}

function hostClient(): Client {
  const listeners = new Set<(e: ProgressEvent) => void>();
  let ws: WebSocket | undefined;
  const connect = () => {
    if (ws && ws.readyState <= WebSocket.OPEN) return;
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = new WebSocket(`${proto}//${location.host}/ws`);
    ws.onmessage = (m) => {
      try {
        const msg = JSON.parse(String(m.data)) as { type: string; event: ProgressEvent };
        if (msg.type === 'progress') for (const l of listeners) l(msg.event);
      } catch {
        /* ignore malformed frames */
      }
    };
    ws.onclose = () => {
      ws = undefined;
      if (listeners.size) setTimeout(connect, 1000);
    };
  };
  const call = async (op: Operation, req: unknown): Promise<Result<unknown>> => {
    try {
      const res = await fetch(`/api/${op}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(req ?? {}), credentials: 'same-origin' });
      if (res.status === 401) return { ok: false, error: { code: 'E_UNAUTHORIZED', message: 'session expired: open the link printed by the host again' } };
      return (await res.json()) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: 'E_INTERNAL', message: 'the BidSeal host is not reachable' } };
    }
  };
  const c: Record<string, unknown> = {
    onProgress: (l: (e: ProgressEvent) => void) => {
      listeners.add(l);
      connect();
      return () => listeners.delete(l);
    },
  };
  for (const op of OPERATIONS) c[op] = (req: unknown) => call(op, req);
  return c as Client;
}

export const client: Client = typeof window !== 'undefined' && window.bidseal ? electronClient(window.bidseal) : hostClient();

/** A random job id for operations that report progress. */
export function newJobId(): string {
  const b = new Uint8Array(12);
  crypto.getRandomValues(b);
  return toHex(b);
}
