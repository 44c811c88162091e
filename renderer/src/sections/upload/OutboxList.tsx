// Runs in the renderer. The outbox: each sealed bid with its platform, state, live progress (bytes,
// speed, time left), the actions that fit its state, a clear refusal when the deadline passed, and the
// verified receipt once the platform accepted it.
import { Alert, Button, Card, Progress, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CloseOutlined, DeleteOutlined, FileDoneOutlined, PauseOutlined, CaretRightOutlined, RedoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OutboxItemView } from '../../../../shared/ipc/specs/upload';
import type { IpcError } from '../../../../shared/ipc/contract';
import { isErrorCode } from '../../../../shared/errors';
import { useErrorText } from '../../hooks/useErrorText';
import { ReceiptView } from './ReceiptView';
import { formatBytes, formatEta, formatTime } from './format';

const asIpc = (e: { code: string; message: string }): IpcError => ({ code: isErrorCode(e.code) ? e.code : 'E_INTERNAL', message: e.message });

const STATE_COLOR: Record<OutboxItemView['state'], string> = {
  queued: 'default',
  uploading: 'processing',
  paused: 'warning',
  'waiting-network': 'warning',
  done: 'success',
  failed: 'error',
  refused: 'error',
  cancelled: 'default',
};

export type OutboxAction = 'pause' | 'resume' | 'start' | 'cancel' | 'remove';

export function OutboxList({ items, platformName, onAction, busy, openFileId }: { items: OutboxItemView[]; platformName(id: string): string; onAction(a: OutboxAction, id: string): void; busy?: string; /** the sealed file whose row opens expanded (a receipt link from a project) */ openFileId?: string | null }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const act = (a: OutboxAction, it: OutboxItemView, icon: React.ReactNode, label: string, danger = false) => (
    <Tooltip title={label} key={a}>
      <Button size="small" icon={icon} danger={danger} aria-label={label} loading={busy === `${a}:${it.id}`} onClick={() => onAction(a, it.id)} data-testid={`upload-${a}`}>
        {label}
      </Button>
    </Tooltip>
  );
  return (
    <Card className="bs-card bs-card-table" title={t('upload.listTitle')}>
      <Table<OutboxItemView>
        data-testid="upload-outbox"
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={items}
        expandable={{
          rowExpandable: (it) => Boolean(it.receipt) || Boolean(it.error),
          expandedRowRender: (it) =>
            it.receipt ? (
              <ReceiptView receipt={it.receipt} platformName={platformName(it.receipt.platformId)} />
            ) : it.error ? (
              <Alert type="error" showIcon title={it.error.code === 'E_UPLOAD_DEADLINE_PASSED' ? t('upload.deadlineRefused') : it.state === 'refused' ? t('upload.refusedTitle') : t('upload.failedTitle')} description={errorText(asIpc(it.error))} />
            ) : null,
          expandRowByClick: true,
          defaultExpandedRowKeys: items.filter((it) => openFileId && it.fileId === openFileId && it.receipt).map((it) => it.id),
        }}
        columns={[
          {
            title: t('upload.colFile'),
            key: 'file',
            render: (_, it) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{it.fileName}</Typography.Text>
                <Typography.Text type="secondary" className="bs-upload-meta">
                  {formatBytes(it.size)}
                  {it.deadline ? ` · ${t('upload.deadlineLabel', { time: formatTime(it.deadline, i18n.language) })}` : ''}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('upload.colPlatform'), key: 'platform', width: 180, render: (_, it) => platformName(it.platformId) },
          {
            title: t('upload.colState'),
            key: 'state',
            width: 130,
            render: (_, it) => (
              <Tag color={STATE_COLOR[it.state]} data-testid="upload-state" data-state={it.state}>
                {t(`upload.state.${it.state}`)}
              </Tag>
            ),
          },
          {
            title: t('upload.colProgress'),
            key: 'progress',
            width: 320,
            render: (_, it) => {
              const done = it.progress?.bytesDone ?? (it.state === 'done' ? it.size : it.bytesSent);
              const pct = it.size ? Math.floor((done * 100) / it.size) : 100;
              const status = it.state === 'done' ? 'success' : it.state === 'failed' || it.state === 'refused' ? 'exception' : it.state === 'uploading' ? 'active' : 'normal';
              return (
                <div data-testid="upload-progress">
                  <Progress percent={pct} size="small" status={status} />
                  {it.progress && it.state === 'uploading' && (
                    <Typography.Text type="secondary" className="bs-upload-meta">
                      {t('upload.progressLine', { done: formatBytes(it.progress.bytesDone), total: formatBytes(it.progress.bytesTotal), speed: formatBytes(Math.round(it.progress.speed)), eta: formatEta(it.progress.eta) })}
                    </Typography.Text>
                  )}
                  {it.state === 'waiting-network' && it.nextAttemptAt && (
                    <Typography.Text type="warning" className="bs-upload-meta">
                      {t('upload.retryAt', { time: formatTime(it.nextAttemptAt, i18n.language), n: it.attempts + 1 })}
                    </Typography.Text>
                  )}
                  {it.state === 'done' && it.resumedFrom ? (
                    <Typography.Text type="secondary" className="bs-upload-meta">
                      {t('upload.resumedFrom', { offset: formatBytes(it.resumedFrom) })}
                    </Typography.Text>
                  ) : null}
                  {it.error && it.state !== 'done' && (
                    <Typography.Text type="danger" className="bs-upload-meta" data-testid="upload-error">
                      {it.error.code === 'E_UPLOAD_DEADLINE_PASSED' ? t('upload.deadlineRefused') : errorText(asIpc(it.error))}
                    </Typography.Text>
                  )}
                </div>
              );
            },
          },
          {
            title: t('upload.colActions'),
            key: 'actions',
            width: 210,
            render: (_, it) => (
              <Space wrap size={4} onClick={(e) => e.stopPropagation()}>
                {it.state === 'uploading' || it.state === 'queued' || it.state === 'waiting-network' ? act('pause', it, <PauseOutlined />, t('upload.pause')) : null}
                {it.state === 'paused' ? act('resume', it, <CaretRightOutlined />, t('upload.resume')) : null}
                {it.state === 'failed' ? act('start', it, <RedoOutlined />, t('upload.retry')) : null}
                {it.state !== 'done' && it.state !== 'cancelled' && it.state !== 'refused' ? act('cancel', it, <CloseOutlined />, t('upload.cancel'), true) : null}
                {it.state === 'done' ? <Tag icon={<FileDoneOutlined />} color="success">{t('upload.showReceipt')}</Tag> : null}
                {it.state === 'done' || it.state === 'cancelled' || it.state === 'refused' || it.state === 'failed' ? act('remove', it, <DeleteOutlined />, t('upload.remove')) : null}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
