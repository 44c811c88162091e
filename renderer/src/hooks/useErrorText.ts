// Runs in the renderer. Turns an IPC error into the localised message from shared/errors. A wrong PIN says
// how many tries remain (the carrier reports them in the error's details).
import { useTranslation } from 'react-i18next';
import { describeError, isErrorCode } from '../../../shared/errors';
import type { IpcError } from '../../../shared/ipc/contract';
import { errorLang } from '../../i18n';
import { formatBytes } from '../files/store';

export function useErrorText(): (e: IpcError) => string {
  const { i18n, t } = useTranslation();
  const lang = errorLang(i18n.language);
  return (e) => {
    const remaining = e.details?.remaining;
    if (e.code === 'E_PIN_INCORRECT' && typeof remaining === 'number' && remaining > 0) return remaining === 1 ? t('documents.carrier.pinWrongFinal') : t('documents.carrier.pinWrong', { remaining });
    const d = e.details as { size?: unknown; maxBytes?: unknown } | undefined;
    if (e.code === 'E_PORTAL_TOO_LARGE' && typeof d?.size === 'number' && typeof d.maxBytes === 'number') {
      const detail = t('upload.portal.tooLargeDetail', { size: formatBytes(d.size), bytes: d.size.toLocaleString(), max: formatBytes(d.maxBytes), maxBytes: d.maxBytes.toLocaleString() });
      return `${describeError(e.code, lang)} ${detail}`;
    }
    return describeError(isErrorCode(e.code) ? e.code : 'E_INTERNAL', lang, e.message);
  };
}
