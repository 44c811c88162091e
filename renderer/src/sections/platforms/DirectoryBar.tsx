// Runs in the renderer. The directory in use (version, shipped or installed update, signature
// verified, key id, issue date) and the import of a newer signed bundle: the user selects the bundle
// (.json) and its detached signature (.sig) together; platforms.importBundle verifies both.
import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Space, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleFilled, CloudDownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { useErrorText } from '../../hooks/useErrorText';
import { bytesToBase64 } from '../../../../shared/encoding/base64';
import type { DirectoryStatus } from './model';

export function DirectoryBar({ status, onChanged }: { status: DirectoryStatus; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  const onFiles = async (files: FileList | null) => {
    if (!files?.length) return;
    const all = Array.from(files);
    const sig = all.find((f) => /\.sig$/i.test(f.name));
    const data = all.find((f) => f !== sig);
    if (input.current) input.current.value = '';
    if (!sig || !data) {
      void message.warning(t('platforms.directory.importHint'));
      return;
    }
    setBusy(true);
    try {
      const r = await client['platforms.importBundle']({ data: bytesToBase64(new Uint8Array(await data.arrayBuffer())), signature: bytesToBase64(new Uint8Array(await sig.arrayBuffer())) });
      if (!r.ok) void message.error(`${t('platforms.directory.importError')}：${errorText(r.error)}`);
      else {
        void message.success(t('platforms.directory.imported', { version: r.value.version }));
        onChanged();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className="bs-card" data-testid="directory-status">
      <div className="bs-directory-bar">
        <SafetyCertificateOutlined className="bs-directory-icon" aria-hidden="true" />
        <div className="bs-directory-main">
          <Space size={8} wrap>
            <Typography.Text strong>{t('platforms.directory.title')}</Typography.Text>
            <Tag color="blue" data-testid="directory-version">{t('platforms.directory.version', { version: status.version })}</Tag>
            <Tag>{status.source === 'installed' ? t('platforms.directory.installed') : t('platforms.directory.shipped')}</Tag>
            <Tooltip title={`SM3 ${status.sm3}`}>
              <Tag color="success" icon={<CheckCircleFilled />} data-testid="directory-verified">{t('platforms.directory.verified')}</Tag>
            </Tooltip>
            <Typography.Text type="secondary">{t('platforms.directory.keyId', { id: status.keyId })}</Typography.Text>
            <Typography.Text type="secondary">{t('platforms.directory.issuedAt', { date: status.issuedAt.slice(0, 10) })}</Typography.Text>
          </Space>
          <Typography.Paragraph type="secondary" className="bs-directory-about">{t('platforms.directory.about')}</Typography.Paragraph>
        </div>
        <Tooltip title={t('platforms.directory.importHint')}>
          <Button icon={<CloudDownloadOutlined />} loading={busy} onClick={() => input.current?.click()} data-testid="directory-import">
            {t('platforms.directory.import')}
          </Button>
        </Tooltip>
        <input ref={input} type="file" multiple accept=".json,.sig" hidden data-testid="directory-import-input" onChange={(e) => void onFiles(e.target.files)} />
      </div>
      {status.installedIgnored && <Alert type="warning" showIcon className="bs-directory-ignored" title={t('platforms.directory.ignored', { code: status.installedIgnored.code })} />}
    </Card>
  );
}
