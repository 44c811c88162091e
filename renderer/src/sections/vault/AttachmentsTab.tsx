// Runs in the renderer. Scans 扫描件 of a bidder: drag and drop (or pick) files, which are read by the
// browser, hashed (SM3) and stored encrypted in the vault; preview images, download, or put a copy
// into the document store to insert into a bid (tagged with the bidder, kind "scan").
import { useEffect, useState } from 'react';
import { App, Button, Image, Modal, Popconfirm, Space, Table, Typography, Upload } from 'antd';
import { CloudUploadOutlined, DeleteOutlined, DownloadOutlined, EyeOutlined, FileAddOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useVaultSession } from '../../vault/current-bidder';
import { formatBytes, importFiles } from '../../files/store';
import { useAttachments } from './RecordTab';
import { downloadBytes, errorText, shortHash, listProps } from './util';

const MAX_SCAN = 200 * 1024 * 1024;

export function AttachmentsTab({ bidderId }: { bidderId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { vault, refresh, current } = useVaultSession();
  const list = useAttachments(bidderId);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<{ name: string; url?: string } | null>(null);

  useEffect(() => () => void (preview?.url && URL.revokeObjectURL(preview.url)), [preview]);

  const add = async (files: File[]) => {
    setBusy(true);
    try {
      for (const file of files) {
        if (file.size > MAX_SCAN) throw new Error(`${file.name}: > ${formatBytes(MAX_SCAN)}`);
        await vault.addAttachment(bidderId, { name: file.name, mediaType: file.type, bytes: new Uint8Array(await file.arrayBuffer()) });
      }
      message.success(t('vault.attachments.added', { count: files.length }));
      await refresh();
    } catch (e) {
      message.error(errorText(e, i18n.language));
    } finally {
      setBusy(false);
    }
  };

  const withBytes = async (id: string, fn: (meta: { name: string; mediaType: string }, bytes: Uint8Array) => Promise<void> | void) => {
    try {
      const { meta, bytes } = await vault.readAttachment(id);
      await fn(meta, bytes);
    } catch (e) {
      message.error(errorText(e, i18n.language));
    }
  };

  const good = list.filter((a) => !a.tampered);
  const tampered = list.length - good.length;
  let batch: File[] = [];
  return (
    <div data-testid="vault-attachments">
      <Upload.Dragger
        multiple
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file, fileList) => {
          batch.push(file);
          if (batch.length === fileList.length) {
            const files = batch;
            batch = [];
            void add(files);
          }
          return Upload.LIST_IGNORE;
        }}
        data-testid="vault-scan-drop"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('vault.attachments.drop')}</p>
        <p className="ant-upload-hint">{t('vault.attachments.dropHint')}</p>
      </Upload.Dragger>
      {tampered > 0 && <Typography.Text type="danger">{t('vault.common.tamperedRows', { count: tampered })}</Typography.Text>}
      <Table
        style={{ marginTop: 16 }}
        {...listProps(good, t('vault.common.empty'))}
        columns={[
          { key: 'name', title: t('vault.fields.files'), render: (_, a) => <Typography.Text strong>{a.value!.name}</Typography.Text> },
          { key: 'size', title: t('vault.attachments.size'), width: 100, render: (_, a) => formatBytes(a.value!.size) },
          { key: 'sm3', title: t('vault.attachments.sm3'), render: (_, a) => <Typography.Text className="bs-mono" copyable={{ text: a.value!.sm3 }}>{shortHash(a.value!.sm3)}</Typography.Text> },
          { key: 'at', title: t('vault.attachments.addedAt'), render: (_, a) => new Date(a.value!.addedAt).toLocaleString() },
          {
            key: 'actions',
            title: t('vault.common.actions'),
            width: 170,
            render: (_, a) => (
              <Space size={2}>
                <Button
                  type="text"
                  size="small"
                  icon={<EyeOutlined />}
                  aria-label={t('vault.common.preview')}
                  data-testid="scan-preview"
                  onClick={() =>
                    void withBytes(a.id, (meta, bytes) => {
                      const url = meta.mediaType.startsWith('image/') ? URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: meta.mediaType })) : undefined;
                      setPreview({ name: meta.name, url });
                    })
                  }
                />
                <Button type="text" size="small" icon={<DownloadOutlined />} aria-label={t('vault.common.download')} onClick={() => void withBytes(a.id, (meta, bytes) => downloadBytes(bytes, meta.name, meta.mediaType))} />
                <Button
                  type="text"
                  size="small"
                  icon={<FileAddOutlined />}
                  aria-label={t('vault.common.toDocuments')}
                  title={t('vault.common.toDocuments')}
                  data-testid="scan-to-documents"
                  onClick={() =>
                    void withBytes(a.id, async (meta, bytes) => {
                      await importFiles([new File([new Uint8Array(bytes)], meta.name, { type: meta.mediaType })], { ...(current?.id === bidderId ? { bidder: current.uscc } : {}), kind: 'scan' });
                      message.success(t('vault.common.toDocumentsDone'));
                    })
                  }
                />
                <Popconfirm title={t('vault.common.confirmDelete')} onConfirm={() => void vault.remove('attachments', a.id).then(refresh)} okButtonProps={{ danger: true }}>
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('vault.common.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={preview !== null} title={preview?.name} footer={null} onCancel={() => setPreview(null)} width={760} destroyOnHidden>
        {preview?.url ? <Image src={preview.url} alt={preview.name} preview={false} style={{ maxWidth: '100%' }} data-testid="scan-preview-image" /> : <Typography.Text type="secondary"><CloudUploadOutlined /> {t('vault.attachments.noPreview')}</Typography.Text>}
      </Modal>
    </div>
  );
}
