// Runs in the renderer. Documents & signing: import PDFs, place seals, sign a batch with one PIN.
import { Alert, Card, Col, Row, Typography } from 'antd';
import { FilePdfOutlined, KeyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SectionPage } from '../components/SectionPage';
import { EmptyState } from '../components/EmptyState';
import { ComingSoonButton } from '../components/ComingSoonButton';
import { SealGlyph, type SealKind } from '../components/SealGlyph';

const SEAL_KINDS: SealKind[] = ['company', 'legalRep', 'paging'];

export default function Documents() {
  const { t } = useTranslation();
  return (
    <SectionPage sectionKey="documents">
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card className="bs-card bs-card-fill">
            <EmptyState title={t('documents.emptyTitle')} description={t('documents.emptyDescription')} image={<FilePdfOutlined className="bs-empty-icon" />}>
              <ComingSoonButton type="primary" icon={<FilePdfOutlined />} label={t('documents.importPdf')} testId="documents-import" />
            </EmptyState>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t('documents.sealTypesTitle')} className="bs-card bs-card-fill">
            <ul className="bs-rows">
              {SEAL_KINDS.map((k) => (
                <li key={k} className="bs-row">
                  <SealGlyph kind={k} />
                  <div className="bs-row-body">
                    <div className="bs-row-title">{t(`documents.sealTypes.${k}.name`)}</div>
                    <Typography.Text type="secondary">{t(`documents.sealTypes.${k}.content`)}</Typography.Text>
                  </div>
                </li>
              ))}
            </ul>
          </Card>
        </Col>
      </Row>
      <Alert type="info" showIcon icon={<KeyOutlined />} title={t('documents.batchTitle')} description={t('documents.batchContent')} />
    </SectionPage>
  );
}
