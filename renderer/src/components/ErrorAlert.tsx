// Runs in the renderer. An IPC error shown with its localised message, code, and a retry.
import { Alert, Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../../shared/ipc/contract';
import { useErrorText } from '../hooks/useErrorText';

export function ErrorAlert({ title, error, onRetry }: { title: string; error: IpcError; onRetry?: () => void }) {
  const { t } = useTranslation();
  const text = useErrorText();
  return (
    <Alert
      type="error"
      showIcon
      title={title}
      description={
        <>
          <div>{text(error)}</div>
          <Typography.Text type="secondary" className="bs-error-code">
            {t('common.errorCode', { code: error.code })}
          </Typography.Text>
        </>
      }
      action={onRetry && <Button size="small" onClick={onRetry}>{t('common.retry')}</Button>}
    />
  );
}
