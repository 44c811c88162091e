// Runs in the renderer. Small pieces the project pages share: the platform list for pickers and
// labels, the lot status colours, time formatting.
import type { TFunction } from 'i18next';
import { client } from '../../ipc/client';
import { useIpc } from '../../hooks/useIpc';
import type { LotStatus } from '../../../../shared/workspace/project';

export const STATUS_COLOR: Record<LotStatus, string> = { draft: 'default', ready: 'gold', signed: 'blue', sealed: 'purple', uploaded: 'cyan', receipted: 'green' };

/** The path step a lot is at: 0 prepare, 1 sign, 2 seal, 3 submit, 4 done. */
export const STEP_OF: Record<LotStatus, number> = { draft: 0, ready: 1, signed: 2, sealed: 3, uploaded: 3, receipted: 4 };

export function usePlatforms() {
  const r = useIpc(() => client['platforms.list']({}));
  const list = r.value?.platforms ?? [];
  return { list, nameOf: (id: string, lang: string) => list.find((p) => p.id === id)?.name[lang.startsWith('zh') ? 'zh' : 'en'] ?? id, loading: r.status === 'loading' };
}

export const fmtTime = (iso: string, lang: string) => new Date(iso).toLocaleString(lang, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

export const itemTitle = (t: TFunction, item: { kind: string; title?: string | undefined }) => item.title || t(`projects.kinds.${item.kind}` as 'projects.kinds.other');
