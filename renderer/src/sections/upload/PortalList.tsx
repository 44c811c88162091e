// Runs in the renderer. The outbox's list of bids handed in through a platform's web portal: each with the
// portal's receipt (openable) and, beside it, the sealed file's SHA-256 and SM3 and the receipt's own
// SHA-256. Shown apart from the verified API receipts: BidSeal did not verify these.
import { useState } from 'react';
import { Button, Card, Descriptions, Image, List, Modal, Tag, Typography } from 'antd';
import { EyeOutlined, GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PortalHandInView } from '../../../../shared/ipc/specs/upload';
import { exportFile, readRange } from '../../files/store';
import { formatBeijingTime } from '../../../../shared/bid/beijing-time';
import { formatBytes } from './format';

export function PortalList({ items, platformName }: { items: PortalHandInView[]; platformName(id: string): string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const [preview, setPreview] = useState<{ url: string; name: string }>();
  const openReceipt = async (r: PortalHandInView['receipt']) => {
    if (r.mediaType === 'application/pdf') return void (await exportFile(r.fileId));
    const bytes = await readRange(r.fileId, 0, r.size);
    setPreview({ url: URL.createObjectURL(new Blob([bytes as BlobPart], { type: r.mediaType })), name: r.name });
  };
  const close = () => {
    if (preview) URL.revokeObjectURL(preview.url);
    setPreview(undefined);
  };
  return (
    <Card className="bs-card" title={t('upload.portal.listTitle')} data-testid="portal-list">
      <List
        dataSource={items}
        rowKey={(i) => `${i.recordId}:${i.receipt.fileId}`}
        renderItem={(i) => (
          <List.Item data-testid="portal-item">
            <Descriptions
              size="small"
              column={1}
              bordered
              className="bs-portal-item"
              title={
                <>
                  <Tag color="blue" icon={<GlobalOutlined />} data-testid="portal-item-status">
                    {t('upload.portal.handedIn')}
                  </Tag>
                  <Typography.Text strong>{i.receipt.preparedName ?? i.sealedName}</Typography.Text>
                </>
              }
              extra={
                <Button size="small" icon={<EyeOutlined />} onClick={() => void openReceipt(i.receipt)} data-testid="portal-receipt-open">
                  {t('upload.portal.openReceipt')}
                </Button>
              }
            >
              <Descriptions.Item label={t('upload.colPlatform')}>{platformName(i.platformId)}</Descriptions.Item>
              <Descriptions.Item label={t('upload.colFile')}>
                {i.bidder} · {i.tender}
              </Descriptions.Item>
              <Descriptions.Item label={t('upload.portal.attachedAt')}>{formatBeijingTime(new Date(i.at), lang)}</Descriptions.Item>
              <Descriptions.Item label={t('upload.portal.receipt')}>
                {i.receipt.name} · {formatBytes(i.receipt.size)}
              </Descriptions.Item>
              <Descriptions.Item label={t('upload.portal.receiptSha256')}>
                <Typography.Text code copyable className="bs-hash" data-testid="portal-receipt-sha256">{i.receipt.sha256}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('upload.portal.sealedSha256')}>
                <Typography.Text code copyable className="bs-hash" data-testid="portal-sealed-sha256">{i.receipt.sealed.sha256}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('upload.portal.sealedSm3')}>
                <Typography.Text code copyable className="bs-hash" data-testid="portal-sealed-sm3">{i.receipt.sealed.sm3}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('upload.receiptSignature')}>
                <Typography.Text type="secondary">{t('upload.portal.unverified')}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          </List.Item>
        )}
      />
      <Modal open={Boolean(preview)} title={preview?.name} footer={null} onCancel={close} width={720}>
        {preview && <Image src={preview.url} alt={preview.name} preview={false} data-testid="portal-receipt-image" />}
      </Modal>
    </Card>
  );
}
