// Runs in the renderer. Shared-certificate usage per platform and month (stats.monthly), with CSV and
// Excel export (stats.export writes the report into the document store; then the usual save/download).
import { useEffect, useRef, useState } from 'react';
import { App, Button, DatePicker, Skeleton, Space, Table, Typography } from 'antd';
import { IconCard } from '../../components/IconCard';
import { BarChartOutlined, FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { useIpc } from '../../hooks/useIpc';
import { useErrorText } from '../../hooks/useErrorText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { exportFile } from '../../files/store';
import type { Response } from '../../../../shared/ipc/contract';
import { useLang } from './model';

type Row = Response<'stats.monthly'>['rows'][number];

export function UsageStats() {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [month, setMonth] = useState<Dayjs | null>(null);
  const m = month?.format('YYYY-MM');
  const stats = useIpc(() => client['stats.monthly'](m ? { month: m } : {}));
  const [busy, setBusy] = useState<'csv' | 'xlsx' | null>(null);

  const first = useRef(true);
  const { reload } = stats;
  useEffect(() => {
    if (first.current) return void (first.current = false); // useIpc loaded on mount
    reload();
  }, [m, reload]);

  const doExport = async (format: 'csv' | 'xlsx') => {
    setBusy(format);
    try {
      const r = await client['stats.export']({ format, lang, ...(m ? { month: m } : {}) });
      if (!r.ok) return void message.error(`${t('platforms.stats.exportError')}：${errorText(r.error)}`);
      void message.success(t('platforms.stats.exported', { name: r.value.name }));
      await exportFile(r.value.id).catch((e: unknown) => void message.error(`${t('platforms.stats.exportError')}：${e instanceof Error ? e.message : String(e)}`));
    } finally {
      setBusy(null);
    }
  };

  const rows = stats.value?.rows ?? [];
  const total = rows.reduce((a, r) => ({ sealed: a.sealed + r.sealed, uploaded: a.uploaded + r.uploaded, uploadFailed: a.uploadFailed + r.uploadFailed }), { sealed: 0, uploaded: 0, uploadFailed: 0 });
  return (
    <IconCard
      layout="table"
      data-testid="usage-stats"
      icon={<BarChartOutlined />}
      title={t('platforms.stats.title')}
      lead={t('platforms.stats.description')}
      extra={
        <Space size={8} wrap>
          <DatePicker picker="month" allowClear value={month} onChange={setMonth} placeholder={t('platforms.stats.allMonths')} aria-label={t('platforms.stats.month')} data-testid="stats-month" />
          <Button icon={<FileTextOutlined />} loading={busy === 'csv'} onClick={() => void doExport('csv')} data-testid="stats-export-csv">
            {t('platforms.stats.exportCsv')}
          </Button>
          <Button icon={<FileExcelOutlined />} loading={busy === 'xlsx'} onClick={() => void doExport('xlsx')} data-testid="stats-export-xlsx">
            {t('platforms.stats.exportXlsx')}
          </Button>
        </Space>
      }
    >
      {stats.status === 'error' ? (
        <ErrorAlert title={t('platforms.stats.loadError')} error={stats.error} onRetry={stats.reload} />
      ) : !stats.value ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <Table<Row>
          data-testid="stats-table"
          size="small"
          pagination={false}
          rowKey={(r) => `${r.month}:${r.platformId ?? ''}`}
          dataSource={rows}
          locale={{ emptyText: t('platforms.stats.empty') }}
          columns={[
            { title: t('platforms.stats.columns.month'), dataIndex: 'month', width: 100 },
            { title: t('platforms.stats.columns.platform'), key: 'platform', render: (_, r) => r.platformName[lang] },
            { title: t('platforms.stats.columns.sealed'), dataIndex: 'sealed', width: 130, align: 'right' },
            { title: t('platforms.stats.columns.uploaded'), dataIndex: 'uploaded', width: 110, align: 'right' },
            { title: t('platforms.stats.columns.uploadFailed'), dataIndex: 'uploadFailed', width: 110, align: 'right' },
            { title: t('platforms.stats.columns.certificates'), dataIndex: 'certificates', width: 110, align: 'right' },
          ]}
          summary={() =>
            rows.length > 0 && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  <Typography.Text strong>{t('platforms.stats.total')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">{total.sealed}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">{total.uploaded}</Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">{total.uploadFailed}</Table.Summary.Cell>
                <Table.Summary.Cell index={5} />
              </Table.Summary.Row>
            )
          }
        />
      )}
    </IconCard>
  );
}
