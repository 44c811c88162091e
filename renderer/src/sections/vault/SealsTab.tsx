// Runs in the renderer. The bidder's electronic seals 电子印章 (seals.* IPC, electron/services/documents/seal-library.ts):
// import a seal file through the main process's open dialog (desktop) or by dropping it here (its bytes, never a
// path), see each seal's own picture, name, type, holders, maker and validity with its check, delete. Refusals
// (corrupt, unsupported version, altered) come back as typed errors in the user's language.
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Popconfirm, Space, Tag, Typography, Upload } from 'antd';
import { DeleteOutlined, FolderOpenOutlined, InboxOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { useIpc } from '../../hooks/useIpc';
import { useAppInfo } from '../../hooks/appInfo';
import { importFiles, must } from '../../files/store';
import type { SealEntryView } from '../../../../shared/ipc/specs/seals';
import { errorText } from './util';

const STATUS_COLOR = (s: SealEntryView): string => (s.status === 'valid' ? 'success' : s.usable ? 'warning' : 'error');
const day = (iso: string) => iso.slice(0, 10);

/** A blob: URL of the seal's own picture (revoked with the card). */
function usePicture(s: SealEntryView): string | undefined {
  const url = useMemo(() => (s.picture.data && s.picture.mediaType ? URL.createObjectURL(new Blob([Uint8Array.from(atob(s.picture.data), (c) => c.charCodeAt(0))], { type: s.picture.mediaType })) : undefined), [s.picture.data, s.picture.mediaType]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return url;
}

export function SealCard({ seal, onRemove }: { seal: SealEntryView; onRemove?: () => void }) {
  const { t } = useTranslation();
  const url = usePicture(seal);
  const typeLabel = seal.type === 1 || seal.type === 2 ? t(`vault.seals.types.${seal.type}`) : t('vault.seals.types.other', { type: seal.type });
  const holders = [...seal.holders.map((h) => h.subject), ...(seal.holderDigests ? [t('vault.seals.holderDigests', { count: seal.holderDigests })] : [])];
  return (
    <Card
      size="small"
      className="bs-seal-card"
      data-testid="vault-seal"
      data-status={seal.status}
      title={
        <Space>
          <SafetyCertificateOutlined />
          <span data-testid="vault-seal-name">{seal.name}</span>
        </Space>
      }
      extra={
        onRemove && (
          <Popconfirm title={t('vault.seals.removeConfirm')} onConfirm={onRemove} okButtonProps={{ danger: true }}>
            <Button type="text" size="small" danger icon={<DeleteOutlined />} data-testid="vault-seal-remove">
              {t('vault.seals.remove')}
            </Button>
          </Popconfirm>
        )
      }
    >
      <div className="bs-seal-card-body">
        <div className="bs-seal-card-picture">{url ? <img src={url} alt={seal.name} data-testid="vault-seal-picture" /> : <Typography.Text type="secondary">{t('vault.seals.noPicture', { type: seal.picture.type })}</Typography.Text>}</div>
        <Descriptions size="small" column={1} className="bs-seal-card-facts">
          <Descriptions.Item label={t('vault.seals.check')}>
            <Tag color={STATUS_COLOR(seal)} data-testid="vault-seal-status">
              {t(`vault.seals.status.${seal.status}`, { defaultValue: seal.status })}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('vault.seals.type')}>{typeLabel}</Descriptions.Item>
          <Descriptions.Item label={t('vault.seals.esId')}>
            <span className="bs-mono">{seal.esId}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('vault.seals.holders')}>
            <span className="bs-break" data-testid="vault-seal-holders">{holders.join('；') || '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('vault.seals.maker')}>
            <span className="bs-break" data-testid="vault-seal-maker">{seal.maker?.subject ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('vault.seals.validity')}>
            <span data-testid="vault-seal-validity">{`${day(seal.validStart)} — ${day(seal.validEnd)}`}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('vault.seals.size')}>{t('vault.seals.sizeMm', { w: seal.picture.widthMm, h: seal.picture.heightMm })}</Descriptions.Item>
          <Descriptions.Item label={t('vault.seals.format')}>{t(`vault.seals.formats.${seal.format}`)}</Descriptions.Item>
        </Descriptions>
      </div>
      {!seal.usable && <Alert type="error" showIcon title={t('vault.seals.unusable')} />}
    </Card>
  );
}

export function SealsTab({ bidderUscc }: { bidderUscc: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const info = useAppInfo();
  const [refresh, setRefresh] = useState(0);
  const list = useIpc(() => client['seals.list']({ bidder: bidderUscc }), `${bidderUscc}:${refresh}`);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const done = (r: { seal: SealEntryView; alreadyPresent: boolean } | null) => {
    if (!r) return;
    setError(null);
    void message.success(t(r.alreadyPresent ? 'vault.seals.alreadyPresent' : 'vault.seals.imported', { name: r.seal.name }));
    setRefresh((n) => n + 1);
  };
  const run = async (fn: () => Promise<{ seal: SealEntryView; alreadyPresent: boolean } | null>) => {
    setBusy(true);
    try {
      done(await fn());
    } catch (e) {
      setError(errorText(e, i18n.language));
    } finally {
      setBusy(false);
    }
  };
  // the desktop app: the main process shows its open dialog and reads the file
  const pick = () => run(() => must(client['seals.pick']({ bidder: bidderUscc })));
  // dropped or chosen in the page: the bytes go to the store, then the library checks and keeps them
  const upload = (file: File) =>
    run(async () => {
      const [up] = await importFiles([file], { bidder: bidderUscc, kind: 'eseal-upload' });
      return must(client['seals.adopt']({ fileId: up.id, bidder: bidderUscc }));
    });
  const remove = async (s: SealEntryView) => {
    try {
      await must(client['seals.remove']({ fileId: s.fileId }));
      void message.success(t('vault.seals.removed'));
      setRefresh((n) => n + 1);
    } catch (e) {
      setError(errorText(e, i18n.language));
    }
  };

  const seals = list.value?.seals ?? [];
  return (
    <div className="bs-stack" data-testid="vault-seals">
      <Typography.Paragraph type="secondary">{t('vault.seals.lead')}</Typography.Paragraph>
      <Space wrap align="start">
        {info.value?.host === 'electron' && (
          <Button type="primary" icon={<FolderOpenOutlined />} loading={busy} onClick={() => void pick()} data-testid="vault-seal-pick">
            {t('vault.seals.pick')}
          </Button>
        )}
      </Space>
      <div data-testid="vault-seal-drop">
      <Upload.Dragger
        accept=".esl,.seal,.der"
        multiple={false}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          void upload(file);
          return Upload.LIST_IGNORE;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('vault.seals.drop')}</p>
      </Upload.Dragger>
      </div>
      {error && <Alert type="error" showIcon closable onClose={() => setError(null)} title={error} data-testid="vault-seal-error" />}
      {list.status === 'error' && <Alert type="error" showIcon title={errorText(list.error, i18n.language)} />}
      {list.status === 'ok' && seals.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('vault.seals.empty')} />
      ) : (
        <div className="bs-seal-grid">
          {seals.map((s) => (
            <SealCard key={s.fileId} seal={s} onRemove={() => void remove(s)} />
          ))}
        </div>
      )}
    </div>
  );
}
