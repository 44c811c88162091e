// Runs in the renderer. Platforms: the participating trading platforms (static names; endpoint and
// recipient data will come from a signed directory bundle).
import { Alert, Card, Table, Tag } from 'antd';
import { BankOutlined, ClockCircleOutlined, SafetyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SectionPage } from '../components/SectionPage';

type PlatformKey = 'beijing' | 'shanghai' | 'zhejiang' | 'shandong' | 'henan' | 'chongqing' | 'shenzhen' | 'hangzhou' | 'guangzhou' | 'huaneng' | 'powerchina' | 'jiangsuTendering';
type PlatformType = 'typePublic' | 'typeEnterprise' | 'typeTendering';

export const PLATFORMS: ReadonlyArray<{ key: PlatformKey; type: PlatformType }> = [
  { key: 'beijing', type: 'typePublic' },
  { key: 'shanghai', type: 'typePublic' },
  { key: 'zhejiang', type: 'typePublic' },
  { key: 'shandong', type: 'typePublic' },
  { key: 'henan', type: 'typePublic' },
  { key: 'chongqing', type: 'typePublic' },
  { key: 'shenzhen', type: 'typePublic' },
  { key: 'hangzhou', type: 'typePublic' },
  { key: 'guangzhou', type: 'typePublic' },
  { key: 'huaneng', type: 'typeEnterprise' },
  { key: 'powerchina', type: 'typeEnterprise' },
  { key: 'jiangsuTendering', type: 'typeTendering' },
];

const TYPE_COLOR: Record<PlatformType, string> = { typePublic: 'blue', typeEnterprise: 'cyan', typeTendering: 'geekblue' };

export default function Platforms() {
  const { t } = useTranslation();
  return (
    <SectionPage sectionKey="platforms">
      <Alert type="info" showIcon icon={<SafetyOutlined />} title={t('platforms.bundleAlertTitle')} description={t('platforms.bundleAlert')} />
      <Card className="bs-card bs-card-table">
        <Table
          data-testid="platforms-table"
          size="middle"
          pagination={false}
          rowKey="key"
          dataSource={PLATFORMS.map((p, i) => ({ ...p, index: i + 1 }))}
          columns={[
            { title: t('platforms.columnIndex'), dataIndex: 'index', width: 72, align: 'center' },
            {
              title: t('platforms.columnName'),
              key: 'name',
              render: (_, p) => (
                <span className="bs-platform-name">
                  <BankOutlined aria-hidden="true" />
                  {t(`platforms.list.${p.key}`)}
                </span>
              ),
            },
            { title: t('platforms.columnType'), key: 'type', width: 240, render: (_, p) => <Tag color={TYPE_COLOR[p.type]}>{t(`platforms.${p.type}`)}</Tag> },
            { title: t('platforms.columnStatus'), key: 'status', width: 170, render: () => <Tag icon={<ClockCircleOutlined />}>{t('platforms.statusPending')}</Tag> },
          ]}
        />
      </Card>
    </SectionPage>
  );
}
