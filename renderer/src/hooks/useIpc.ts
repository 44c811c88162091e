// Runs in the renderer. A small hook around one IPC call: loading, value, error, and a reload
// that ignores answers from superseded calls.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcError, Result } from '../../../shared/ipc/contract';

export type IpcState<T> = { status: 'loading'; value?: T } | { status: 'ok'; value: T } | { status: 'error'; error: IpcError; value?: T };

/** `key`: when it changes (compared with Object.is), the call runs again. */
export function useIpc<T>(call: () => Promise<Result<T>>, key?: unknown): IpcState<T> & { reload: () => void } {
  const [state, setState] = useState<IpcState<T>>({ status: 'loading' });
  const seq = useRef(0);
  const callRef = useRef(call);
  callRef.current = call;

  const reload = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ status: 'loading', value: s.value }));
    callRef
      .current()
      .catch((e: unknown): Result<T> => ({ ok: false, error: { code: 'E_INTERNAL', message: e instanceof Error ? e.message : String(e) } }))
      .then((r) => {
        if (mine !== seq.current) return;
        setState(r.ok ? { status: 'ok', value: r.value } : { status: 'error', error: r.error });
      });
  }, []);

  useEffect(() => {
    reload();
    return () => {
      // eslint-disable-next-line react-hooks/exhaustive-deps -- a counter, not a DOM node: its latest value is the one to bump
      seq.current++;
    };
  }, [reload, key]);

  return { ...state, reload };
}
