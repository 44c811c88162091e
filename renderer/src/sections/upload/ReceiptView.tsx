// Runs in the renderer. The platform's receipt of one upload: who received what and when, the hashes it
// names, and whether its signature verified against the platform's receipt certificate.
import { Alert, Button, Descriptions, Tag, Typography } from 'antd';
import { CheckCircleFilled, DownloadOutlined, ExclamationCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ReceiptSummaryView } from '../../../../shared/ipc/specs/upload';
import { exportFile } from '../../files/store';
import { formatBytes, formatTime } from './format';

export function ReceiptView({ receipt, platformName }: { receipt: ReceiptSummaryView; platformName: string }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="bs-receipt" data-testid="upload-receipt">
      {receipt.duplicate && <Alert type="info" showIcon title={t('upload.duplicate')} className="bs-receipt-note" />}
      <Descriptions size="small" column={1} bordered title={t('upload.receiptTitle')} extra={receipt.fileId && <Button size="small" icon={<DownloadOutlined />} onClick={() => void exportFile(receipt.fileId!)} data-testid="upload-receipt-export">{t('upload.exportReceipt')}</Button>}>
        <Descriptions.Item label={t('upload.receiptSignature')}>
          {receipt.verified ? (
            <Tag color="success" icon={<CheckCircleFilled />} data-testid="upload-receipt-signature">
              {t('upload.signatureValid', { alg: receipt.signatureAlgorithm ?? '' })}
            </Tag>
          ) : (
            <Tag color="warning" icon={<ExclamationCircleFilled />} data-testid="upload-receipt-signature">
              {t('upload.signatureUnchecked')}
            </Tag>
          )}
        </Descriptions.Item>
        {receipt.signer && <Descriptions.Item label={t('upload.receiptSigner')}>{receipt.signer}</Descriptions.Item>}
        <Descriptions.Item label={t('upload.receiptPlatform')}>{platformName}</Descriptions.Item>
        <Descriptions.Item label={t('upload.receiptTime')}>
          <span data-testid="upload-receipt-time">{formatTime(receipt.receivedAt, i18n.language)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('upload.receiptUploadId')}>
          <Typography.Text code copyable>{receipt.uploadId}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('upload.receiptSize')}>
          {formatBytes(receipt.size)} ({t('upload.bytes', { n: receipt.size.toLocaleString() })})
        </Descriptions.Item>
        <Descriptions.Item label="SHA-256">
          <Typography.Text code copyable className="bs-hash" data-testid="upload-receipt-sha256">{receipt.sha256}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="SM3">
          <Typography.Text code copyable className="bs-hash">{receipt.sm3}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}
