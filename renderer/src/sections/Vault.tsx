// Runs in the renderer. Vault: company facts, qualifications, staff, past projects, scans.
import { Alert, Card, Tag, Typography } from 'antd';
import { BankOutlined, DatabaseOutlined, IdcardOutlined, LockOutlined, PlusOutlined, ScanOutlined, TeamOutlined, TrophyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SectionPage } from '../components/SectionPage';
import { EmptyState } from '../components/EmptyState';
import { ComingSoonButton } from '../components/ComingSoonButton';

const CATEGORIES = [
  { key: 'company', icon: <BankOutlined /> },
  { key: 'qualifications', icon: <IdcardOutlined /> },
  { key: 'staff', icon: <TeamOutlined /> },
  { key: 'pastProjects', icon: <TrophyOutlined /> },
  { key: 'scans', icon: <ScanOutlined /> },
] as const;

export default function Vault() {
  const { t } = useTranslation();
  return (
    <SectionPage sectionKey="vault">
      <Alert type="success" showIcon icon={<LockOutlined />} title={t('vault.encryptedAlert')} />
      <Card className="bs-card">
        <EmptyState title={t('vault.emptyTitle')} description={t('vault.emptyDescription')} image={<DatabaseOutlined className="bs-empty-icon" />} />
        <ul className="bs-rows bs-rows-grid">
          {CATEGORIES.map((c) => (
            <li key={c.key} className="bs-row bs-row-boxed">
              <span className="bs-row-avatar" aria-hidden="true">{c.icon}</span>
              <div className="bs-row-body">
                <div className="bs-row-title">
                  {t(`vault.categories.${c.key}.name`)}
                  <Tag className="bs-row-count">{t('vault.itemCount', { count: 0 })}</Tag>
                </div>
                <Typography.Text type="secondary">{t(`vault.categories.${c.key}.content`)}</Typography.Text>
              </div>
            </li>
          ))}
          <li className="bs-row bs-row-add">
            <ComingSoonButton type="default" icon={<PlusOutlined />} label={t('vault.add')} testId="vault-add" />
          </li>
        </ul>
      </Card>
    </SectionPage>
  );
}
