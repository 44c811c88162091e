// Runs in the renderer. Small formatters of the upload section: byte counts, speed, time left.
import { formatBytes } from '../../files/store';

export { formatBytes };

export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export const formatTime = (iso: string, lang: string): string => new Date(iso).toLocaleString(lang.startsWith('zh') ? 'zh-CN' : 'en-GB', { hour12: false });

export const ACTIVE_STATES = ['queued', 'uploading', 'waiting-network'] as const;
