// Runs in the renderer. The expiry dashboard: every qualification, staff certificate and CA
// certificate of the bidder checked against the bid's deadline (documents) and opening (certificates).
import { useEffect, useMemo, useState } from 'react';
import { Alert, DatePicker, Form, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { useVaultSession } from '../../vault/current-bidder';
import { expiryReport, type ExpiryItem, type ExpiryStatus } from '../../vault/expiry';
import type { CaCertificate, Person, Qualification } from '../../vault/model';
import type { Entry } from '../../vault/vault';

const COLORS: Record<ExpiryStatus, string> = { expired: 'error', 'before-deadline': 'error', soon: 'warning', ok: 'success', 'no-date': 'default' };

export function ExpiryTab({ bidderId }: { bidderId: string }) {
  const { t } = useTranslation();
  const { vault, revision } = useVaultSession();
  const [data, setData] = useState<{ qualifications: Entry<Qualification>[]; personnel: Entry<Person>[]; certificates: Entry<CaCertificate>[] } | null>(null);
  const [deadline, setDeadline] = useState<Dayjs | null>(() => dayjs().add(20, 'day').hour(9).minute(30).second(0));
  const [opening, setOpening] = useState<Dayjs | null>(null);

  useEffect(() => {
    void Promise.all([vault.list('qualifications', bidderId), vault.list('personnel', bidderId), vault.list('certificates', bidderId)]).then(([qualifications, personnel, certificates]) => setData({ qualifications, personnel, certificates }));
  }, [vault, bidderId, revision]);

  const items = useMemo<ExpiryItem[]>(() => (data ? expiryReport(data, { now: new Date(), deadline: deadline?.toDate(), opening: (opening ?? deadline)?.toDate() }) : []), [data, deadline, opening]);
  const bad = items.filter((i) => i.status === 'expired' || i.status === 'before-deadline').length;
  const soon = items.filter((i) => i.status === 'soon').length;

  return (
    <div data-testid="vault-expiry">
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label={t('vault.expiry.deadline')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={deadline} onChange={setDeadline} data-testid="expiry-deadline" />
        </Form.Item>
        <Form.Item label={t('vault.expiry.opening')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={opening} onChange={setOpening} placeholder={deadline?.format('YYYY-MM-DD HH:mm')} />
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary">{t('vault.expiry.hint')}</Typography.Paragraph>
      {items.length > 0 && <Alert type={bad ? 'error' : soon ? 'warning' : 'success'} showIcon title={bad || soon ? t('vault.expiry.summary', { bad, soon }) : t('vault.expiry.allGood')} style={{ marginBottom: 12 }} data-testid="expiry-summary" />}
      <Table
        size="middle"
        rowKey={(i) => `${i.kind}/${i.recordId}/${i.label}`}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('vault.common.empty') }}
        columns={[
          { key: 'status', title: t('vault.expiry.status'), render: (_, i) => <Tag color={COLORS[i.status]}>{t(`vault.expiry.statuses.${i.status}`)}</Tag> },
          { key: 'kind', title: t('vault.expiry.kind'), render: (_, i) => t(`vault.expiry.kinds.${i.kind}`) },
          {
            key: 'label',
            title: t('vault.expiry.item'),
            render: (_, i) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{i.label}</Typography.Text>
                {i.detail && (
                  <Typography.Text type="secondary" className="bs-mono">
                    {i.detail}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { key: 'validTo', title: t('vault.expiry.validTo'), render: (_, i) => i.validTo?.slice(0, 10) ?? '—' },
          { key: 'days', title: t('vault.expiry.daysLeft'), render: (_, i) => (i.daysLeft === undefined ? '—' : i.daysLeft) },
        ]}
      />
    </div>
  );
}
