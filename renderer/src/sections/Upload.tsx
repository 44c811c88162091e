// Runs in the renderer. Upload: outbox, resumable uploads, receipts.
import { Alert, Card, Col, Row, Statistic } from 'antd';
import { CloudUploadOutlined, FileDoneOutlined, InboxOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SectionPage } from '../components/SectionPage';
import { EmptyState } from '../components/EmptyState';
import { ComingSoonButton } from '../components/ComingSoonButton';

export default function Upload() {
  const { t } = useTranslation();
  const stats = [
    { key: 'outbox', icon: <InboxOutlined /> },
    { key: 'uploading', icon: <SyncOutlined /> },
    { key: 'receipts', icon: <FileDoneOutlined /> },
  ] as const;
  return (
    <SectionPage sectionKey="upload">
      <Alert type="warning" showIcon title={t('upload.deadlineAlert')} />
      <Row gutter={[16, 16]}>
        {stats.map((s) => (
          <Col xs={24} md={8} key={s.key}>
            <Card className="bs-card bs-stat-card">
              <Statistic title={t(`upload.${s.key}`)} value={0} prefix={<span className="bs-stat-icon">{s.icon}</span>} suffix={t('upload.items')} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card className="bs-card">
        <EmptyState title={t('upload.emptyTitle')} description={t('upload.emptyDescription')} image={<CloudUploadOutlined className="bs-empty-icon" />}>
          <ComingSoonButton icon={<InboxOutlined />} label={t('upload.openOutbox')} testId="upload-outbox" />
        </EmptyState>
      </Card>
    </SectionPage>
  );
}
