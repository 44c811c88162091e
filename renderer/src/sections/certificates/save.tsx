// Runs in the renderer. "保存到资料库": one click puts certificates read from a key file, a USB key or
// the key manager into the current bidder's vault (the one certificate store), with the outcome said.
import { App, Button, Tooltip } from 'antd';
import { CheckOutlined, DatabaseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CertView } from '../../../../shared/ipc/contract';
import type { CertInput } from '../../vault/certificates';
import { errorText } from '../vault/util';
import { displayName, useMyCertificates, type MyCertificates } from './model';

/** save(items) → true when they are in the store afterwards (added or already there). */
export function useSaveToVault(mine: MyCertificates) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  return async (items: CertInput[]): Promise<boolean> => {
    try {
      const r = await mine.add(items);
      const name = items.length === 1 ? displayName(items[0].view) : String(items.length);
      if (r.added) void message.success(t('certificates.store.saved', { name, bidder: mine.bidder?.name ?? '' }));
      else void message.info(t('certificates.mine.duplicate'));
      return true;
    } catch (e) {
      void message.error(errorText(e, i18n.language));
      return false;
    }
  };
}

/** The button for certificates held by a remembered identity (key manager); disabled once all are stored. */
export function SaveToVaultButton({ certificates, source, testId = 'save-to-vault' }: { certificates: CertView[]; source?: { fileName?: string; pkcs11Uri?: string }; testId?: string }) {
  const { t } = useTranslation();
  const mine = useMyCertificates();
  const save = useSaveToVault(mine);
  const have = new Set(mine.list.map((c) => c.view.fingerprintSha256));
  const stored = certificates.length > 0 && certificates.every((c) => have.has(c.fingerprintSha256));
  const ready = mine.status === 'ready';
  return (
    <Tooltip title={ready ? undefined : t(mine.status === 'noBidder' ? 'certificates.store.noBidder' : 'certificates.store.lockedHint')}>
      <Button size="small" icon={stored ? <CheckOutlined /> : <DatabaseOutlined />} disabled={!ready || stored} onClick={() => void save(certificates.map((view) => ({ view, ...source })))} data-testid={testId}>
        {stored ? t('certificates.store.inVault') : t('certificates.store.save')}
      </Button>
    </Tooltip>
  );
}
