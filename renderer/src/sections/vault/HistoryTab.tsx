// Runs in the renderer. The bid history of the current bidder, read only: every sealed bid from the
// service-side generation history (bid.history, filtered by the bidder's USCC) — when, tender and lot,
// platform, digests of the sealed file and the package, the signing certificate, every recipient,
// uploads with the platform's receipt, where the backup lies — and below it the documents generated
// from the vault (kept in the vault, encrypted).
import { useEffect, useState } from 'react';
import { App, Button, Descriptions, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleOutlined, DownloadOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { useIpc } from '../../hooks/useIpc';
import { exportFile } from '../../files/store';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useVaultSession } from '../../vault/current-bidder';
import type { HistoryEntry } from '../../vault/model';
import type { Entry } from '../../vault/vault';
import { uploadState, uploadView } from '../../vault/project-link';
import type { BidRecord } from '../../../../shared/bid/history';
import { fmtTime, usePlatforms } from '../projects/common';
import { errorText, listProps, shortHash } from './util';

const STATE_COLOR = { receipted: 'green', uploaded: 'cyan', pending: 'blue', failed: 'red', none: 'default' } as const;
const Hash = ({ label, hex }: { label: string; hex: string }) => (
  <div>
    <Typography.Text type="secondary">{label} </Typography.Text>
    <Typography.Text className="bs-mono" copyable={{ text: hex }}>
      {shortHash(hex)}
    </Typography.Text>
  </div>
);

/** CN=… of a distinguished name (the rest in a tooltip). */
const cn = (dn: string) => /CN=([^,]+)/.exec(dn)?.[1] ?? dn;

function SealedBids({ uscc }: { uscc: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const lang = i18n.language;
  const platforms = usePlatforms();
  const history = useIpc(() => client['bid.history']({ filter: { bidderUscc: uscc } }), uscc);
  const h = (k: string) => t(`vault.history.${k}` as 'vault.history.empty');
  if (history.status === 'error') return <ErrorAlert title={h('loadFailed')} error={history.error} onRetry={history.reload} />;
  const rows = [...(history.value?.records ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const exportReceipt = (id: string) => void exportFile(id).catch((e: unknown) => message.error(errorText(e, lang)));

  const details = (r: BidRecord) => (
    <Descriptions size="small" column={1} bordered data-testid="bid-record-details">
      <Descriptions.Item label={h('sealedFile')}>
        <Typography.Text className="bs-mono" copyable>{r.sealed.path}</Typography.Text>
        <Hash label="SM3" hex={r.sealed.sm3} />
        <Hash label="SHA-256" hex={r.sealed.sha256} />
      </Descriptions.Item>
      <Descriptions.Item label={h('packageSm3')}>
        <Typography.Text className="bs-mono" copyable>{r.packageSm3}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={h('cipher')}>
        {r.cipher} · {r.custody}
      </Descriptions.Item>
      <Descriptions.Item label={h('signer')}>
        <div>{r.signer.subject}</div>
        <Typography.Text type="secondary">
          {r.signer.issuer} · {h('serial')} <span className="bs-mono">{r.signer.serialNumber}</span> · {h('validTo')} {r.signer.notAfter.slice(0, 10)}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={h('recipients')}>
        {r.recipients.map((x, i) => (
          <div key={i}>
            {x.role && <Tag>{t(`vault.history.roles.${x.role}`)}</Tag>}
            {x.subject} <Typography.Text type="secondary" className="bs-mono">{x.serialNumber}</Typography.Text>
          </div>
        ))}
      </Descriptions.Item>
      <Descriptions.Item label={h('backup')}>
        {r.backup ? (
          <>
            <Typography.Text className="bs-mono" copyable>{r.backup.path}</Typography.Text>
            <Hash label="SHA-256" hex={r.backup.sha256} />
          </>
        ) : (
          h('noBackup')
        )}
      </Descriptions.Item>
      {r.uploads.map(uploadView).map((u, i) => (
        <Descriptions.Item key={i} label={`${h('upload')} ${i + 1}`}>
          <Space wrap>
            <Tag color={u.receipt ? 'green' : u.status === 'uploaded' ? 'cyan' : u.status === 'failed' || u.status === 'refused' ? 'red' : 'default'}>{t(`projects.detail.uploadStates.${u.status as 'queued'}`, { defaultValue: u.status })}</Tag>
            <span>{fmtTime(u.at, lang)}</span>
            <span>{platforms.nameOf(u.platformId, lang)}</span>
            {u.receipt && (
              <>
                <span>
                  {h('receipt')} {u.receipt.receivedAt ? fmtTime(u.receipt.receivedAt, lang) : ''} {u.receipt.uploadId && <span className="bs-mono">{u.receipt.uploadId}</span>}
                </span>
                {u.receipt.verified ? (
                  <Tag icon={<CheckCircleOutlined />} color="green">{h('receiptVerified')}</Tag>
                ) : (
                  <Tag icon={<WarningOutlined />} color="orange">{h('receiptUnverified')}</Tag>
                )}
                {u.receipt.fileId && (
                  <Button size="small" icon={<DownloadOutlined />} onClick={() => exportReceipt(u.receipt!.fileId!)}>
                    {h('exportReceipt')}
                  </Button>
                )}
              </>
            )}
            {u.error && <Typography.Text type="danger">{u.error.code}: {u.error.message}</Typography.Text>}
          </Space>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );

  return (
    <div data-testid="vault-bid-history">
      <Typography.Title level={5}>{h('sealedTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{h('sealedHint')}</Typography.Paragraph>
      <Table<BidRecord>
        {...listProps(rows, h('sealedEmpty'))}
        loading={history.status === 'loading'}
        expandable={{ expandedRowRender: details }}
        columns={[
          { key: 'at', title: h('sealedAt'), render: (_, r) => fmtTime(r.createdAt, lang) },
          {
            key: 'tender',
            title: h('tender'),
            render: (_, r) => (
              <>
                <Typography.Text strong>{r.tender.title || r.tender.projectId}</Typography.Text>
                {r.tender.lot && <div>{r.tender.lot}</div>}
              </>
            ),
          },
          { key: 'platform', title: h('platform'), render: (_, r) => (r.platformId ? platforms.nameOf(r.platformId, lang) : '—') },
          { key: 'sm3', title: 'SM3', render: (_, r) => <Typography.Text className="bs-mono" copyable={{ text: r.sealed.sm3 }}>{shortHash(r.sealed.sm3)}</Typography.Text> },
          {
            key: 'signer',
            title: h('signer'),
            render: (_, r) => (
              <Tooltip title={`${r.signer.subject} · ${r.signer.serialNumber}`}>
                <span>{cn(r.signer.subject)}</span>
              </Tooltip>
            ),
          },
          { key: 'recipients', title: h('recipients'), render: (_, r) => t('vault.history.recipientsCount', { count: r.recipients.length }) },
          {
            key: 'upload',
            title: h('upload'),
            render: (_, r) => {
              const s = uploadState(r);
              return (
                <Tag color={STATE_COLOR[s]} data-testid="bid-record-upload">
                  {t(`vault.history.states.${s}`)}
                </Tag>
              );
            },
          },
          { key: 'backup', title: h('backup'), render: (_, r) => (r.backup ? <Tooltip title={r.backup.path}><Typography.Text className="bs-mono">{r.backup.path.split(/[\\/]/).pop()}</Typography.Text></Tooltip> : '—') },
        ]}
      />
    </div>
  );
}

function GeneratedDocs({ bidderId }: { bidderId: string }) {
  const { t } = useTranslation();
  const { vault, revision } = useVaultSession();
  const [rows, setRows] = useState<Entry<HistoryEntry>[]>([]);
  useEffect(() => void vault.list('history', bidderId).then(setRows), [vault, bidderId, revision]);
  const f = (k: string) => t(`vault.fields.${k}` as 'vault.fields.name');
  const good = rows.filter((r) => !r.tampered).sort((a, b) => b.value!.at.localeCompare(a.value!.at));
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('vault.history.generatedTitle')}
      </Typography.Title>
      <Table
        data-testid="vault-history"
        {...listProps(good, t('vault.history.empty'))}
        columns={[
          { key: 'at', title: f('at'), render: (_, e) => new Date(e.value!.at).toLocaleString() },
          { key: 'action', title: f('action'), render: (_, e) => <Tag>{t(`vault.actions.${e.value!.action}`)}</Tag> },
          { key: 'project', title: f('projectName'), render: (_, e) => e.value!.project },
          {
            key: 'files',
            title: f('files'),
            render: (_, e) =>
              e.value!.files.map((x) => (
                <div key={x.sm3}>
                  {x.name} <Typography.Text type="secondary" className="bs-mono">SM3 {shortHash(x.sm3)}</Typography.Text>
                </div>
              )),
          },
        ]}
      />
    </>
  );
}

export function HistoryTab({ bidderId }: { bidderId: string }) {
  const { current } = useVaultSession();
  return (
    <>
      {current?.id === bidderId && <SealedBids uscc={current.uscc} />}
      <GeneratedDocs bidderId={bidderId} />
    </>
  );
}
