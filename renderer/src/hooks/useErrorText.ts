// Runs in the renderer. Turns an IPC error into the localised message from shared/errors.
import { useTranslation } from 'react-i18next';
import { describeError, isErrorCode } from '../../../shared/errors';
import type { IpcError } from '../../../shared/ipc/contract';
import { errorLang } from '../../i18n';

export function useErrorText(): (e: IpcError) => string {
  const { i18n } = useTranslation();
  const lang = errorLang(i18n.language);
  return (e) => describeError(isErrorCode(e.code) ? e.code : 'E_INTERNAL', lang, e.message);
}
