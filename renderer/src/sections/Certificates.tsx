// Runs in the renderer. Certificates: one certificate for all participating platforms; USB key
// (PKCS#11) or PKCS#12 file; signing vs encryption certificate; expiry warning. The PKCS#11
// drivers found on this machine come from app.doctor.
import { Alert, Button, Card, Col, Descriptions, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { FileProtectOutlined, ReloadOutlined, SafetyCertificateOutlined, UsbOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../ipc/client';
import { useIpc } from '../hooks/useIpc';
import { SectionPage } from '../components/SectionPage';
import { EmptyState } from '../components/EmptyState';
import { ComingSoonButton } from '../components/ComingSoonButton';
import { ErrorAlert } from '../components/ErrorAlert';

function Pkcs11Modules() {
  const { t } = useTranslation();
  const doctor = useIpc(() => client['app.doctor']({}));
  return (
    <Card
      title={t('certificates.modulesTitle')}
      className="bs-card"
      extra={<Button size="small" icon={<ReloadOutlined />} onClick={doctor.reload} loading={doctor.status === 'loading'}>{t('common.refresh')}</Button>}
      data-testid="pkcs11-modules"
    >
      {doctor.status === 'error' ? (
        <ErrorAlert title={t('settings.diagnosticsError')} error={doctor.error} onRetry={doctor.reload} />
      ) : !doctor.value ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : doctor.value.pkcs11Modules.length === 0 ? (
        <Alert type="info" showIcon title={t('certificates.modulesEmpty')} />
      ) : (
        <Table
          size="small"
          pagination={false}
          rowKey="path"
          dataSource={doctor.value.pkcs11Modules}
          columns={[
            { title: t('certificates.moduleLabel'), dataIndex: 'label', width: 200, render: (v: string) => <Tag color="blue">{v}</Tag> },
            { title: t('certificates.modulePath'), dataIndex: 'path', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          ]}
        />
      )}
    </Card>
  );
}

export default function Certificates() {
  const { t } = useTranslation();
  return (
    <SectionPage sectionKey="certificates">
      <Alert type="info" showIcon icon={<SafetyCertificateOutlined />} title={t('certificates.oneCertAlertTitle')} description={t('certificates.oneCertAlert')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={13}>
          <Card className="bs-card bs-card-fill">
            <EmptyState title={t('certificates.emptyTitle')} description={t('certificates.emptyDescription')} image={<SafetyCertificateOutlined className="bs-empty-icon" />}>
              <ComingSoonButton type="primary" icon={<UsbOutlined />} label={t('certificates.connectToken')} testId="certificates-token" />
              <ComingSoonButton icon={<FileProtectOutlined />} label={t('certificates.importP12')} testId="certificates-p12" />
            </EmptyState>
          </Card>
        </Col>
        <Col xs={24} xl={11}>
          <Card title={t('certificates.kindsTitle')} className="bs-card bs-card-fill">
            <Descriptions
              column={1}
              bordered
              size="small"
              styles={{ label: { width: 128 } }}
              items={[
                { key: 'sign', label: t('certificates.signingCert'), children: t('certificates.signingCertContent') },
                { key: 'enc', label: t('certificates.encryptionCert'), children: t('certificates.encryptionCertContent') },
                { key: 'exp', label: t('certificates.expiry'), children: t('certificates.expiryContent') },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Pkcs11Modules />
    </SectionPage>
  );
}
