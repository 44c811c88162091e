// Runs in the renderer. Small helpers of the seal section: reading a chosen file as base64, following one
// job's progress events, formatting hashes and dates.
import { useEffect, useState } from 'react';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { client } from '../../ipc/client';
import { bytesToBase64 } from '../../../../shared/encoding/base64';

export async function fileToBase64(f: File): Promise<string> {
  return bytesToBase64(new Uint8Array(await f.arrayBuffer()));
}

export interface JobState {
  id: string;
  phase: string;
  done: number;
  total: number;
}

/** Follows the progress events of the job `id` (null: no job). */
export function useJobProgress(id: string | null): JobState | null {
  const [state, setState] = useState<JobState | null>(null);
  useEffect(() => {
    if (!id) {
      setState(null);
      return;
    }
    setState({ id, phase: 'preparing', done: 0, total: 0 });
    return client.onProgress((e) => {
      if (e.jobId === id) setState({ id, phase: e.phase, done: e.bytesDone, total: e.bytesTotal ?? 0 });
    });
  }, [id]);
  return state;
}

/** 'single' | 'joint' | 'threshold:K' in words */
export function custodyLabel(t: TFunction, c: string, n: number): string {
  const m = /^threshold:(\d+)$/.exec(c);
  if (m) return t('seal.inspect.custodyValue.threshold', { k: Number(m[1]), n });
  return c === 'joint' ? t('seal.inspect.custodyValue.joint') : t('seal.inspect.custodyValue.single');
}

export const fmtTime = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');
/** 64 hex digits in groups of 8, for reading aloud or comparing by eye */
export const groupHex = (h: string) => h.replace(/(.{8})(?=.)/g, '$1 ');
