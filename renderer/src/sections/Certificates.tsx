// Runs in the renderer. Certificates: one certificate for all participating platforms. My
// certificates (files or USB key; the current bidder's, kept in the vault), the check at the bid opening
// time (the encryption certificate must outlive the opening), the trusted CA certificates, and the
// key carriers: certificate files (PKCS#12 / PEM) and the USB key (PKCS#11) reader, each with a test
// signature. Each part lives in ./certificates/.
import { useState } from 'react';
import { Alert, Col, Row } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { SectionPage } from '../components/SectionPage';
import { MyCertificates } from './certificates/MyCertificates';
import { OpeningCheck, type Sm2IdPolicy } from './certificates/OpeningCheck';
import { TrustedCas } from './certificates/TrustedCas';
import { UsbKey } from './certificates/UsbKey';
import { KeyFile } from './certificates/KeyFile';
import { CertKinds } from './certificates/CertKinds';
import { defaultOpening, useMyCertificates } from './certificates/model';
import './certificates/certificates.css';

export default function Certificates() {
  const { t } = useTranslation();
  const mine = useMyCertificates();
  const [opening, setOpening] = useState<Dayjs>(defaultOpening);
  const [policy, setPolicy] = useState<Sm2IdPolicy>('strict');
  const [trustVersion, setTrustVersion] = useState(0);
  return (
    <SectionPage sectionKey="certificates">
      <Alert type="info" showIcon icon={<SafetyCertificateOutlined />} title={t('certificates.oneCertAlertTitle')} description={t('certificates.oneCertAlert')} />
      <MyCertificates mine={mine} />
      <OpeningCheck list={mine.list} opening={opening} setOpening={setOpening} policy={policy} setPolicy={setPolicy} trustVersion={trustVersion} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <TrustedCas onChanged={() => setTrustVersion((v) => v + 1)} />
        </Col>
        <Col xs={24} xl={8}>
          <CertKinds />
        </Col>
      </Row>
      <KeyFile mine={mine} />
      <UsbKey mine={mine} />
    </SectionPage>
  );
}
