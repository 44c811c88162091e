// Runs in the renderer. The short explanation of signing vs encryption certificates and expiry.
import type { ReactNode } from 'react';
import { Card, Typography } from 'antd';
import { ClockCircleOutlined, EditOutlined, LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

export function CertKinds() {
  const { t } = useTranslation();
  const items: Array<{ key: string; icon: ReactNode; title: string; text: string }> = [
    { key: 'sign', icon: <EditOutlined />, title: t('certificates.signingCert'), text: t('certificates.signingCertContent') },
    { key: 'enc', icon: <LockOutlined />, title: t('certificates.encryptionCert'), text: t('certificates.encryptionCertContent') },
    { key: 'exp', icon: <ClockCircleOutlined />, title: t('certificates.expiry'), text: t('certificates.expiryContent') },
  ];
  return (
    <Card title={t('certificates.kindsTitle')} className="bs-card bs-card-fill">
      <ul className="bs-badge-list">
        {items.map((i) => (
          <li key={i.key} className={`bs-kind-${i.key}`}>
            <span className="bs-kind-icon" aria-hidden="true">{i.icon}</span>
            <div>
              <div className="bs-badge-list-title">{i.title}</div>
              <Typography.Paragraph type="secondary" className="bs-kind-text">{i.text}</Typography.Paragraph>
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
