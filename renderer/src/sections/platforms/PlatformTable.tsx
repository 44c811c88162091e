// Runs in the renderer. The participating platforms as a table with filters (region, business type,
// free text); a row opens the platform's rules. Keeps the 'platforms-table' test id the shell test uses.
import { useMemo, useState } from 'react';
import { App, Button, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { IconCard } from '../../components/IconCard';
import { BankOutlined, ClockCircleOutlined, CheckCircleOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { CustomPlatformForm } from './CustomPlatformForm';
import { useTranslation } from 'react-i18next';
import { KIND_COLOR, useLang, type Platform } from './model';
import { BusinessType } from '../../../../shared/platforms/profile';

export function PlatformTable({ platforms, onOpen, onAdded }: { platforms: Platform[]; onOpen: (p: Platform) => void; /** a platform was added from a search without a hit */ onAdded?: () => void }) {
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const { t } = useTranslation();
  const lang = useLang();
  const [region, setRegion] = useState<string | undefined>();
  const [business, setBusiness] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const regions = useMemo(() => [...new Set(platforms.map((p) => p.region[lang]).filter(Boolean))], [platforms, lang]);
  const shown = platforms.filter(
    (p) =>
      (!region || p.region[lang] === region) &&
      (!business || p.businessTypes.includes(business as Platform['businessTypes'][number])) &&
      (!q.trim() || `${p.name.zh} ${p.name.en} ${p.region.zh} ${p.region.en} ${p.id}`.toLowerCase().includes(q.trim().toLowerCase())),
  );
  return (
    <IconCard
      layout="table"
      icon={<BankOutlined />}
      title={
        <>
          {t('platforms.participating.title')}
          <Typography.Text type="secondary" className="bs-platform-count" data-testid="platforms-count">{t('platforms.participating.count', { shown: shown.length, total: platforms.length })}</Typography.Text>
        </>
      }
    >
      <div className="bs-platform-filters">
        <Input allowClear prefix={<SearchOutlined />} placeholder={t('platforms.filters.search')} value={q} onChange={(e) => setQ(e.target.value)} className="bs-platform-search" data-testid="platforms-search" aria-label={t('platforms.filters.search')} />
        <Select allowClear placeholder={t('platforms.filters.allRegions')} value={region} onChange={setRegion} options={regions.map((r) => ({ value: r, label: r }))} className="bs-platform-select" data-testid="platforms-filter-region" aria-label={t('platforms.filters.region')} />
        <Select allowClear placeholder={t('platforms.filters.allBusiness')} value={business} onChange={setBusiness} options={BusinessType.options.map((b) => ({ value: b, label: t(`platforms.business.${b}`) }))} className="bs-platform-select-wide" data-testid="platforms-filter-business" aria-label={t('platforms.filters.business')} />
      </div>
      <Table<Platform & { index: number }>
        data-testid="platforms-table"
        size="middle"
        pagination={false}
        rowKey="id"
        dataSource={shown.map((p) => ({ ...p, index: platforms.indexOf(p) + 1 }))}
        locale={{
          emptyText: q.trim() ? (
            // a platform not in the directory (a province's own portal): add it right here
            <Space direction="vertical" align="center" data-testid="platforms-search-empty">
              <span>{t('platforms.participating.notFound', { q: q.trim() })}</span>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="platforms-search-add">
                {t('platforms.others.add')}
              </Button>
            </Space>
          ) : (
            t('platforms.participating.empty')
          ),
        }}
        onRow={(p) => ({ onClick: () => onOpen(p), className: 'bs-platform-row' })}
        columns={[
          { title: t('platforms.columns.index'), dataIndex: 'index', width: 60, align: 'center' },
          {
            title: t('platforms.columns.name'),
            key: 'name',
            // never squeezed to a character per line by the fixed columns on a 1024 px screen
            minWidth: 180,
            render: (_, p) => (
              <span className="bs-platform-name" data-testid={`platform-row-${p.id}`}>
                <BankOutlined aria-hidden="true" />
                {p.name[lang]}
              </span>
            ),
          },
          { title: t('platforms.columns.region'), key: 'region', width: 120, render: (_, p) => p.region[lang] },
          { title: t('platforms.columns.kind'), key: 'kind', width: 150, render: (_, p) => <Tag color={KIND_COLOR[p.kind]}>{t(`platforms.kind.${p.kind}`)}</Tag> },
          {
            title: t('platforms.columns.business'),
            key: 'business',
            width: 190,
            render: (_, p) => (
              <Space size={[4, 4]} wrap>
                {p.businessTypes.map((b) => (
                  <Tag key={b} color="geekblue">{t(`platforms.business.${b}`)}</Tag>
                ))}
                {p.unconfirmed.includes('businessTypes') && (
                  <Tooltip title={t('platforms.tbc')}>
                    <Typography.Text type="secondary" className="bs-tbc-inline">{t('platforms.tbcShort')}</Typography.Text>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          {
            title: t('platforms.columns.upload'),
            key: 'upload',
            width: 110,
            render: (_, p) => (p.upload.endpoint ? <Tag icon={<CheckCircleOutlined />} color="success">{t('platforms.uploadConfigured')}</Tag> : <Tooltip title={t('platforms.tbc')}><Tag icon={<ClockCircleOutlined />}>{t('platforms.tbcShort')}</Tag></Tooltip>),
          },
          {
            title: t('platforms.columns.actions'),
            key: 'actions',
            width: 72,
            align: 'center',
            render: (_, p) => (
              <Button type="link" size="small" onClick={(e) => (e.stopPropagation(), onOpen(p))} data-testid={`platform-details-${p.id}`}>
                {t('platforms.details')}
              </Button>
            ),
          },
        ]}
      />
      {adding && (
        <CustomPlatformForm
          open
          initialRegion={q.trim()}
          onClose={() => setAdding(false)}
          onAdded={(p) => {
            setAdding(false);
            setQ('');
            void message.success(t('platforms.custom.added', { name: p.name[lang] }));
            onAdded?.();
          }}
        />
      )}
    </IconCard>
  );
}
