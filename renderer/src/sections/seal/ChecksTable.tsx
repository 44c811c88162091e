// Runs in the renderer. The pre-flight check list (bid.preflight / bid.seal): one row per check with its
// verdict (pass / note / fail), the certificate or value it is about, and a sentence saying why.
import { Table, Tag } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { BidCheckView } from '../../../../shared/ipc/specs/bid';
import { formatBytes } from '../../files/store';
import { fmtTime } from './model';
import type { CheckId, CheckStatus } from '../../../../shared/bid/preflight';
import type { SealMessages } from '../../../i18n/features/seal';

/** keys that exist for every id/status pair the pre-flight produces (shared/bid/preflight.ts) */
type DetailKey = `seal.checks.${Extract<keyof SealMessages['checks'], `detail_${string}`>}`;

const ICON = { pass: <CheckCircleOutlined />, warn: <ExclamationCircleOutlined />, fail: <CloseCircleOutlined /> };
const COLOR = { pass: 'success', warn: 'warning', fail: 'error' } as const;

export function ChecksTable({ checks }: { checks: BidCheckView[] }) {
  const { t } = useTranslation();
  const params = (c: BidCheckView) => {
    const p: Record<string, string | number> = { ...(c.params ?? {}) };
    for (const k of ['openingTime', 'notAfter', 'notBefore']) if (typeof p[k] === 'string') p[k] = fmtTime(p[k] as string);
    if (typeof p.bytes === 'number') p.size = formatBytes(p.bytes);
    if (typeof p.maxBytes === 'number') p.max = formatBytes(p.maxBytes);
    // "投标函.pdf p.2 （签字）" from the service: the page said in the UI's language
    if (typeof p.where === 'string') p.where = p.where.replace(/\bp\.(\d+)/g, (_, n: string) => t('seal.checks.page', { n }));
    return p;
  };
  return (
    <Table<BidCheckView & { key: number }>
      size="small"
      pagination={false}
      data-testid="seal-checks"
      rowKey="key"
      dataSource={checks.map((c, key) => ({ ...c, key }))}
      rowClassName={(r) => `bs-check-${r.status}`}
      columns={[
        { title: t('seal.checks.column'), key: 'name', width: '30%', render: (_, r) => <strong className="bs-strong">{t(`seal.checks.${r.id as CheckId}`)}</strong> },
        { title: t('seal.checks.subject'), key: 'subject', width: '24%', render: (_, r) => r.subject ?? '' },
        { title: t('seal.checks.detail'), key: 'detail', render: (_, r) => t(`seal.checks.detail_${r.id}_${r.status as CheckStatus}` as DetailKey, params(r)) },
        {
          title: t('seal.checks.status'),
          key: 'status',
          width: 96,
          render: (_, r) => (
            <Tag color={COLOR[r.status]} icon={ICON[r.status]} data-testid={`check-${r.id}-${r.status}`}>
              {t(`seal.checks.status_${r.status}`)}
            </Tag>
          ),
        },
      ]}
    />
  );
}
