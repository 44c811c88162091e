// Runs in the renderer. A vault action with its busy state: one at a time, named when a panel has several
// buttons, and a failure shown as the error's text (in the panel's own error slot, else as a message).
import { useState } from 'react';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from './util';

export function useVaultTask<K extends string = 'task'>() {
  const { i18n } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<K | null>(null);
  /** Runs `work` as `name`; what it throws goes to `onError` as text, or to a message when there is none. */
  const run = async (name: K, work: () => Promise<unknown>, onError?: (text: string) => void) => {
    setBusy(name);
    try {
      await work();
    } catch (e) {
      const text = errorText(e, i18n.language);
      if (onError) onError(text);
      else message.error(text);
    } finally {
      setBusy(null);
    }
  };
  return { busy, run };
}
