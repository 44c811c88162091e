// Runs in the renderer. Seal & encrypt: sign-then-encrypt to the platform's recipients, with
// pre-flight checks and a backup copy.
import { Alert, Card, Table, Tag, Typography } from 'antd';
import { ClockCircleOutlined, LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SectionPage } from '../components/SectionPage';
import { EmptyState } from '../components/EmptyState';
import { ComingSoonButton } from '../components/ComingSoonButton';

const CHECKS = ['certValidAtOpening', 'signaturesVerified', 'recipientsFromDirectory', 'digest', 'backup'] as const;
type Check = (typeof CHECKS)[number];

export default function Seal() {
  const { t } = useTranslation();
  return (
    <SectionPage sectionKey="seal">
      <Card className="bs-card">
        <EmptyState title={t('seal.emptyTitle')} description={t('seal.emptyDescription')} image={<LockOutlined className="bs-empty-icon" />}>
          <ComingSoonButton type="primary" icon={<LockOutlined />} label={t('seal.start')} testId="seal-start" />
        </EmptyState>
      </Card>
      <Card title={t('seal.preflightTitle')} className="bs-card">
        <Typography.Paragraph type="secondary">{t('seal.preflightHint')}</Typography.Paragraph>
        <Table<{ key: Check; index: number }>
          size="middle"
          pagination={false}
          rowKey="key"
          dataSource={CHECKS.map((key, i) => ({ key, index: i + 1 }))}
          columns={[
            { title: '#', dataIndex: 'index', width: 56, align: 'center' },
            { title: t('seal.checkColumn'), key: 'name', width: '28%', render: (_, r) => <strong className="bs-strong">{t(`seal.checks.${r.key}.name`)}</strong> },
            { title: t('seal.descriptionColumn'), key: 'content', render: (_, r) => t(`seal.checks.${r.key}.content`) },
            { title: t('seal.statusColumn'), key: 'status', width: 110, render: () => <Tag icon={<ClockCircleOutlined />}>{t('seal.statusPending')}</Tag> },
          ]}
        />
      </Card>
      <Alert type="warning" showIcon title={t('seal.backupAlert')} />
    </SectionPage>
  );
}
