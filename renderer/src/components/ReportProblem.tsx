// Runs in the renderer. "Report a problem": writes a diagnostic bundle (versions, environment, UI
// settings, recent error codes; never keys, PINs or documents) and lets the user save it for support.
import { useState } from 'react';
import { Alert, Button, Input, Modal, Space, Typography } from 'antd';
import { BugOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../ipc/client';
import { exportFile, type StoredFileView } from '../files/store';
import type { IpcError } from '../../../shared/ipc/contract';
import { ErrorAlert } from './ErrorAlert';

export function ReportProblem() {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [made, setMade] = useState<StoredFileView | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const create = async () => {
    const r = await client['diagnostics.create']({ settings: { language: i18n.language, route: window.location.hash.split('?')[0] ?? '' }, ...(text.trim() ? { description: text.trim() } : {}) });
    if (r.ok) setMade(r.value);
    else setError(r.error);
  };
  return (
    <>
      <Button icon={<BugOutlined />} onClick={() => setOpen(true)} data-testid="report-problem">
        {t('projects.report.button')}
      </Button>
      <Modal open={open} title={t('projects.report.title')} onCancel={() => { setOpen(false); setMade(null); setError(null); }} footer={null} destroyOnHidden>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">{t('projects.report.hint')}</Typography.Paragraph>
          <Input.TextArea rows={3} maxLength={4000} placeholder={t('projects.report.description')} value={text} onChange={(e) => setText(e.target.value)} />
          {error && <ErrorAlert title={t('projects.report.title')} error={error} />}
          {made ? (
            <Alert type="success" showIcon title={t('projects.report.created')} description={made.name} action={<Button onClick={() => void exportFile(made.id)}>{t('projects.report.save')}</Button>} />
          ) : (
            <Button type="primary" onClick={() => void create()} data-testid="report-create">
              {t('projects.report.create')}
            </Button>
          )}
        </Space>
      </Modal>
    </>
  );
}
