// Runs in the renderer. Handing a sealed bid in through a platform's web portal (the directory names no
// upload endpoint): what the portal expects (待确认 where the directory does not say), the hand-in copy
// prepared under its name (a folder chosen in the main process, or a download in the Node host), the
// portal opened in the default browser, and the portal's receipt attached to the bid's history. The
// renderer names the platform and the sealed bid only; the address and any folder come from the host.
import { useRef, useState } from 'react';
import { Alert, Button, Card, Descriptions, Space, Tag, Typography, message } from 'antd';
import { ExportOutlined, FileAddOutlined, GlobalOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { useIpc } from '../../hooks/useIpc';
import { ErrorAlert } from '../../components/ErrorAlert';
import { importFiles, IpcFailure } from '../../files/store';
import type { IpcError } from '../../../../shared/ipc/contract';
import { formatBytes } from './format';

export function PortalHandIn({ platformId, fileId, recordId, bidder, onAttached }: { platformId: string; fileId: string; recordId?: string; bidder?: string; onAttached(): void }) {
  const { t } = useTranslation();
  const ref = recordId ? { recordId } : { fileId };
  const plan = useIpc(() => client['upload.portalPlan']({ platformId, ...ref }), `${platformId}:${fileId}:${recordId ?? ''}`);
  const [error, setError] = useState<IpcError>();
  const [busy, setBusy] = useState<string>();
  const [link, setLink] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const p = plan.value;
  const tbc = <Tag color="warning">{t('upload.portal.tbc')}</Tag>;

  const run = async (what: string, fn: () => Promise<void>) => {
    setBusy(what);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      setError(e instanceof IpcFailure ? (e.error as IpcError) : { code: 'E_INTERNAL', message: String(e) });
    } finally {
      setBusy(undefined);
    }
  };
  const prepare = () =>
    run('prepare', async () => {
      const r = await client['upload.portalPrepare']({ platformId, ...ref });
      if (!r.ok) throw new IpcFailure(r.error);
      if (r.value.kind === 'download') {
        // the Node host: the browser saves the checked copy under the portal's name
        const a = document.createElement('a');
        a.href = r.value.url;
        a.download = r.value.name;
        document.body.append(a);
        a.click();
        a.remove();
      } else if (!r.value.path) return;
      void message.success(r.value.kind === 'saved' && r.value.path ? t('upload.portal.savedTo', { path: r.value.path }) : t('upload.portal.prepared', { name: r.value.name }));
    });
  const open = () =>
    run('open', async () => {
      const r = await client['upload.portalOpen']({ platformId });
      if (!r.ok) throw new IpcFailure(r.error);
      setLink(r.value.url);
      if (r.value.opened) void message.success(t('upload.portal.opened'));
      else window.open(r.value.url, '_blank', 'noopener,noreferrer'); // the Node host: this page is the browser
    });
  const attach = (file: File) =>
    run('attach', async () => {
      const [stored] = await importFiles([file], { kind: 'portal-receipt', ...(bidder ? { bidder } : {}) });
      const r = await client['upload.portalAttach']({ platformId, ...(p ? { recordId: p.recordId } : ref), receiptFileId: stored!.id });
      if (!r.ok) throw new IpcFailure(r.error);
      void message.success(t('upload.portal.attached', { name: file.name }));
      onAttached();
    });

  if (plan.status === 'error') return <ErrorAlert title={t('upload.portal.title')} error={plan.error} onRetry={plan.reload} />;
  return (
    <Card size="small" className="bs-portal" title={t('upload.portal.title')} data-testid="portal-handin" loading={!p}>
      {p && (
        <Space direction="vertical" size="middle" className="bs-portal-body">
          <Typography.Paragraph type="secondary" className="bs-portal-intro">{t('upload.portal.intro')}</Typography.Paragraph>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('upload.portal.fileName')}>
              <Typography.Text code copyable data-testid="portal-file-name">{p.fileName}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('upload.portal.pattern')}>{p.requirements.fileNamePattern ? <Typography.Text code>{p.requirements.fileNamePattern}</Typography.Text> : <>{tbc} {t('upload.portal.defaultPattern')}</>}</Descriptions.Item>
            <Descriptions.Item label={t('upload.portal.maxBytes')}>
              <span data-testid="portal-max-bytes">
                {p.requirements.maxBytes === null ? tbc : formatBytes(p.requirements.maxBytes)} · {t('upload.portal.sealedSize')} {formatBytes(p.sealed.size)}
                {p.sizeOk === false && (
                  <Tag color="error" icon={<WarningOutlined />} className="bs-portal-flag">
                    {t('upload.portal.tooLarge')}
                  </Tag>
                )}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('upload.portal.formats')}>
              {p.requirements.formats === null ? tbc : p.requirements.formats.map((f) => <Tag key={f}>.{f}</Tag>)}
              {p.formatOk === false && <Tag color="error">{t('upload.portal.formatMismatch')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('upload.portal.portalUrl')}>{p.requirements.portal ? <Typography.Text copyable>{p.requirements.portal}</Typography.Text> : tbc}</Descriptions.Item>
            <Descriptions.Item label={t('upload.portal.sealedSha256')}>
              <Typography.Text code copyable className="bs-hash">{p.sealed.sha256}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Space wrap>
            <Button type="primary" icon={<ExportOutlined />} onClick={() => void prepare()} loading={busy === 'prepare'} data-testid="portal-prepare">
              {t('upload.portal.prepare')}
            </Button>
            <Button icon={<GlobalOutlined />} onClick={() => void open()} loading={busy === 'open'} disabled={!p.requirements.portal} data-testid="portal-open">
              {t('upload.portal.open')}
            </Button>
            <Button icon={<FileAddOutlined />} onClick={() => input.current?.click()} loading={busy === 'attach'} data-testid="portal-attach">
              {t('upload.portal.attach')}
            </Button>
            <input
              ref={input}
              type="file"
              style={{ display: 'none' }}
              accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
              data-testid="portal-attach-input"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void attach(f);
              }}
            />
          </Space>
          {link && (
            <Typography.Link href={link} target="_blank" rel="noopener noreferrer" data-testid="portal-link">
              {t('upload.portal.openLink', { url: link })}
            </Typography.Link>
          )}
          <Typography.Text type="secondary">{t('upload.portal.attachHelp')}</Typography.Text>
          <Alert type="info" showIcon title={t('upload.portal.unverified')} />
          {error && <ErrorAlert title={t('upload.portal.title')} error={error} />}
        </Space>
      )}
    </Card>
  );
}
