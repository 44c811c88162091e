// Runs in the renderer. The generation history (bid.history): every sealed bid with its tender, bidder,
// platform, sealed file hash and size, opening time and upload state; exports of the sealed file and backup.
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { BidRecord } from '../../../../shared/bid/history';
import { client } from '../../ipc/client';
import { useIpc } from '../../hooks/useIpc';
import { ErrorAlert } from '../../components/ErrorAlert';
import { exportFile, formatBytes } from '../../files/store';
import { custodyLabel, fmtTime } from './model';

const UPLOAD_COLOR: Record<string, string> = { queued: 'default', uploading: 'processing', uploaded: 'success', failed: 'error', refused: 'warning' };

export function History({ refreshKey }: { refreshKey: number }) {
  const { t } = useTranslation();
  const h = useIpc(() => client['bid.history']({ filter: {} }), refreshKey);
  const custody = (c: string, n: number) => custodyLabel(t, c, n);
  return (
    <Card title={t('seal.history.title')} className="bs-card bs-card-table" extra={<Button icon={<ReloadOutlined />} onClick={h.reload}>{t('seal.history.refresh')}</Button>} data-testid="seal-history">
      {h.status === 'error' && <ErrorAlert title={t('seal.history.title')} error={h.error} onRetry={h.reload} />}
      <Table<BidRecord>
        size="small"
        rowKey="id"
        loading={h.status === 'loading'}
        locale={{ emptyText: t('seal.history.empty') }}
        dataSource={h.value?.records ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('seal.history.time'), key: 'time', width: 140, render: (_, r) => fmtTime(r.createdAt) },
          {
            title: t('seal.history.project'),
            key: 'project',
            render: (_, r) => (
              <div>
                <strong className="bs-strong">{r.tender.projectId}</strong>
                {r.tender.lot ? ` · ${r.tender.lot}` : ''}
                {r.tender.title && <div><Typography.Text type="secondary">{r.tender.title}</Typography.Text></div>}
              </div>
            ),
          },
          { title: t('seal.history.bidder'), key: 'bidder', render: (_, r) => <div>{r.bidder.name}<div><Typography.Text type="secondary" className="bs-mono">{r.bidder.uscc}</Typography.Text></div></div> },
          { title: t('seal.history.platform'), key: 'platform', width: 100, render: (_, r) => r.platformId ?? t('seal.history.none') },
          {
            title: t('seal.history.sealed'),
            key: 'sealed',
            render: (_, r) => (
              <div>
                {formatBytes(r.sealed.size)} · {r.cipher.toUpperCase()}
                <div><Typography.Text type="secondary">{custody(r.custody, r.recipients.length)}</Typography.Text></div>
                <div><Typography.Text type="secondary" className="bs-hash" title={r.sealed.sm3}>SM3 {r.sealed.sm3.slice(0, 12)}…</Typography.Text></div>
              </div>
            ),
          },
          { title: t('seal.history.opening'), key: 'opening', width: 140, render: (_, r) => (r.openingTime ? fmtTime(r.openingTime) : t('seal.history.none')) },
          { title: t('seal.history.uploads'), key: 'uploads', width: 90, render: (_, r) => (r.uploads.length ? r.uploads.map((u, i) => <Tag key={i} color={UPLOAD_COLOR[u.status]}>{u.platformId}</Tag>) : t('seal.history.none')) },
          {
            title: '',
            key: 'actions',
            width: 110,
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                {r.sealed.fileId && <Button type="link" size="small" icon={<DownloadOutlined />} onClick={() => void exportFile(r.sealed.fileId!)}>{t('seal.result.export')}</Button>}
                {r.backup?.fileId && <Button type="link" size="small" icon={<DownloadOutlined />} onClick={() => void exportFile(r.backup!.fileId!)}>{t('seal.result.exportBackup')}</Button>}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
