// Runs in the renderer. "Trusted CA certificates": the user's trust store (trust.list), import of CA
// certificate files (trust.import) and removal (trust.remove). Changes bump `onChanged` so the
// opening-time check runs again.
import { useRef, useState } from 'react';
import { App, Button, Popconfirm, Skeleton, Table, Tag, Tooltip, Typography } from 'antd';
import { IconCard } from '../../components/IconCard';
import { DeleteOutlined, ImportOutlined, SafetyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { useIpc } from '../../hooks/useIpc';
import { useErrorText } from '../../hooks/useErrorText';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { Response } from '../../../../shared/ipc/contract';
import { RemainingTag } from './common';
import { CERT_ACCEPT } from './MyCertificates';
import { bytesToBase64, displayName, fmtDate, fmtDateTime } from './model';

type Entry = Response<'trust.list'>['entries'][number];
const BY_KEY = { user: 'user', 'platform-directory': 'platformDirectory', bundled: 'bundled' } as const;
const BY_COLOR = { user: 'blue', 'platform-directory': 'purple', bundled: 'default' } as const;

export function TrustedCas({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const list = useIpc(() => client['trust.list']({}));
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  const onFiles = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    try {
      let added = 0;
      let present = 0;
      for (const file of Array.from(files)) {
        const r = await client['trust.import']({ data: bytesToBase64(new Uint8Array(await file.arrayBuffer())), fileName: file.name.slice(0, 255) });
        if (!r.ok) {
          void message.error(`${t('certificates.trust.importError')}（${file.name}）：${errorText(r.error)}`);
          continue;
        }
        added += r.value.added;
        present += r.value.alreadyPresent;
      }
      if (added) void message.success(t('certificates.trust.added', { count: added }));
      else if (present) void message.info(t('certificates.trust.alreadyPresent'));
      if (added) {
        list.reload();
        onChanged();
      }
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const onRemove = async (id: string) => {
    const r = await client['trust.remove']({ id });
    if (!r.ok) {
      void message.error(`${t('certificates.trust.removeError')}：${errorText(r.error)}`);
      return;
    }
    void message.success(t('certificates.trust.removed'));
    list.reload();
    onChanged();
  };

  return (
    <IconCard
      layout="fill"
      data-testid="trusted-cas"
      icon={<SafetyOutlined />}
      title={t('certificates.trust.title')}
      lead={t('certificates.trust.description')}
      extra={
        <Button icon={<ImportOutlined />} loading={busy} onClick={() => input.current?.click()} data-testid="trust-import">
          {t('certificates.trust.import')}
        </Button>
      }
    >
      <input ref={input} type="file" multiple accept={CERT_ACCEPT} hidden data-testid="trust-import-input" onChange={(e) => void onFiles(e.target.files)} />
      {list.status === 'error' ? (
        <ErrorAlert title={t('certificates.trust.listError')} error={list.error} onRetry={list.reload} />
      ) : !list.value ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <Table<Entry>
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={list.value.entries}
          data-testid="trusted-list"
          locale={{ emptyText: <div className="bs-table-empty"><div>{t('certificates.trust.empty')}</div><Typography.Text type="secondary">{t('certificates.trust.emptyHint')}</Typography.Text></div> }}
          columns={[
            {
              title: t('certificates.trust.subject'),
              key: 'subject',
              render: (_, e) => (
                <div className="bs-trust-subject">
                  <Typography.Text strong ellipsis={{ tooltip: e.certificate.subject }}>{displayName(e.certificate)}</Typography.Text>
                  <Typography.Text type="secondary" ellipsis={{ tooltip: e.certificate.subject }} className="bs-trust-dn">{e.certificate.organization ?? e.certificate.subject}</Typography.Text>
                </div>
              ),
            },
            {
              title: t('certificates.trust.validUntil'),
              key: 'until',
              width: 130,
              render: (_, e) => (
                <div className="bs-trust-until">
                  <span className="bs-nowrap">{fmtDate(e.certificate.notAfter)}</span>
                  <RemainingTag cert={e.certificate} />
                </div>
              ),
            },
            { title: t('certificates.trust.source'), key: 'by', width: 100, render: (_, e) => <Tag color={BY_COLOR[e.by]}>{t(`certificates.trust.by.${BY_KEY[e.by]}`)}</Tag> },
            {
              title: t('certificates.trust.importedAt'),
              key: 'at',
              width: 110,
              render: (_, e) => (
                <Tooltip title={fmtDateTime(e.importedAt)}>
                  <Typography.Text type="secondary" className="bs-nowrap">{fmtDate(e.importedAt)}</Typography.Text>
                </Tooltip>
              ),
            },
            {
              title: t('certificates.trust.actions'),
              key: 'actions',
              width: 76,
              align: 'center',
              render: (_, e) => (
                <Popconfirm title={t('certificates.trust.removeConfirm')} onConfirm={() => onRemove(e.id)} okText={t('certificates.trust.remove')} okButtonProps={{ danger: true }}>
                  <Button type="text" danger size="small" icon={<DeleteOutlined />} data-testid="trust-remove" aria-label={t('certificates.trust.remove')}>
                    {t('certificates.trust.remove')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      )}
    </IconCard>
  );
}
