// Runs in Node (Electron main or the Node host). The one place where an IPC call is checked and
// executed: parse the arguments with the operation's schema, run the handler, map any failure to
// a typed error. Both transports call `dispatch`, so they cannot drift apart.
import { contract, isOperation, type Operation, type ProgressEvent, type Result } from '../../../shared/ipc/contract';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { SECURITY_ERRORS } from '../../../shared/error-codes/security';
import type { Logger } from '../app/log';
import type { DomainHandlers } from './host-info';
import type { RecentErrors } from '../app/recent-errors';

export interface HandlerContext {
  /** aborted when the job is cancelled (jobs.cancel) or the caller goes away */
  signal: AbortSignal;
  /** report progress for long jobs; a no-op when the request has no jobId */
  progress(e: Omit<ProgressEvent, 'jobId'>): void;
}

export type Handlers = DomainHandlers<Operation>;

export interface DispatchEnv {
  handlers: Handlers;
  log: Logger;
  /** delivers progress events to the caller that started the job */
  emitProgress(e: ProgressEvent): void;
  jobs: JobRegistry;
  /** failures (op and code only) kept for the diagnostic bundle */
  recentErrors?: RecentErrors;
}

export class JobRegistry {
  private readonly running = new Map<string, AbortController>();
  start(jobId: string | undefined): AbortController {
    const ac = new AbortController();
    if (jobId) {
      if (this.running.has(jobId)) throw new BidSealError('E_BAD_REQUEST', 'job id already in use');
      this.running.set(jobId, ac);
    }
    return ac;
  }
  end(jobId: string | undefined): void {
    if (jobId) this.running.delete(jobId);
  }
  cancel(jobId: string): boolean {
    const ac = this.running.get(jobId);
    if (!ac) return false;
    ac.abort(new BidSealError('E_CANCELLED'));
    return true;
  }
  cancelAll(): void {
    for (const ac of this.running.values()) ac.abort(new BidSealError('E_CANCELLED'));
  }
}

export async function dispatch(env: DispatchEnv, op: unknown, rawArgs: unknown): Promise<Result<unknown>> {
  if (!isOperation(op)) return fail(new BidSealError('E_BAD_REQUEST', 'unknown operation'));
  const spec = contract[op];
  const parsed = spec.request.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    // Log the shape of the problem, never the payload (it may hold paths or personal data).
    env.log.warn('ipc.bad_request', { op, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`) });
    return fail(new BidSealError('E_BAD_REQUEST', 'arguments do not match the contract', { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })) }));
  }
  const req = parsed.data as { jobId?: string };
  const jobId = 'progress' in spec && spec.progress ? req.jobId : undefined;
  let ac: AbortController;
  try {
    ac = env.jobs.start(jobId);
  } catch (e) {
    return fail(e);
  }
  // Progress is throttled here (one event per 100 ms, plus phase changes and completion) so a
  // fast loop over a large file cannot flood the transport.
  let last = 0;
  let lastPhase = '';
  const ctx: HandlerContext = {
    signal: ac.signal,
    progress: (p) => {
      if (!jobId) return;
      const now = Date.now();
      const complete = p.bytesTotal !== undefined && p.bytesDone >= p.bytesTotal;
      if (now - last < 100 && p.phase === lastPhase && !complete) return;
      last = now;
      lastPhase = p.phase;
      env.emitProgress({ jobId, ...p });
    },
  };
  try {
    const handler = env.handlers[op] as (r: unknown, c: HandlerContext) => Promise<unknown>;
    const value = await handler(parsed.data, ctx);
    const checked = spec.response.safeParse(value);
    if (!checked.success) {
      env.log.error('ipc.bad_response', { op });
      return fail(new BidSealError('E_INTERNAL', 'handler returned a value outside the contract'));
    }
    return { ok: true, value: checked.data };
  } catch (e) {
    if (!isBidSealError(e)) env.log.error('ipc.handler_failed', { op, error: e instanceof Error ? e.name : typeof e });
    // A refusal of the IPC security rules (docs/ipc-security.md) is worth a log line: operation and code only, never the payload.
    else if (e.code in SECURITY_ERRORS) env.log.warn('ipc.refused', { op, code: e.code });
    const failure = fail(e);
    if (failure.error.code !== 'E_CANCELLED') env.recentErrors?.add(op, failure.error.code);
    return failure;
  } finally {
    env.jobs.end(jobId);
  }
}

export function fail(e: unknown): { ok: false; error: { code: BidSealError['code']; message: string; details?: Record<string, unknown> } } {
  if (isBidSealError(e)) {
    return { ok: false, error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } };
  }
  return { ok: false, error: { code: 'E_INTERNAL', message: 'internal error' } };
}
