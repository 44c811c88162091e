// Runs in the renderer. The envelope inspector: what a sealed file says about itself without a key
// (bid.inspect) — structure and profile, content cipher, custody, every recipient with its identifier and
// key-encryption algorithm, and the size. A bidder checks here that the file names the platform's
// certificate before uploading it.
import { useEffect, useState } from 'react';
import { App, Card, Col, Descriptions, Empty, Row, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../../../shared/ipc/contract';
import type { InspectView } from '../../../../shared/ipc/specs/bid';
import { client } from '../../ipc/client';
import { useIpc } from '../../hooks/useIpc';
import { useErrorText } from '../../hooks/useErrorText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StoredFilePicker } from '../../files/StoredFilePicker';
import { FileDrop } from '../../files/FileDrop';
import { formatBytes, IpcFailure } from '../../files/store';
import { useVaultSession } from '../../vault/current-bidder';
import { listCertificates } from '../../vault/certificates';

export function Inspector() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [fileId, setFileId] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  // the bidder's own certificates (the vault's), so that a recipient among them is named by its holder
  const { vault, state, current, revision } = useVaultSession();
  const [own, setOwn] = useState<{ key: string; der: string[] }>({ key: '', der: [] });
  const bidderId = state === 'unlocked' ? current?.id : undefined;
  useEffect(() => {
    let live = true;
    if (!bidderId) setOwn({ key: '', der: [] });
    else
      void listCertificates(vault, bidderId)
        .then((rows) => {
          const withDer = rows.filter((r) => r.value.derBase64).slice(0, 64);
          if (live) setOwn({ key: withDer.map((r) => r.fingerprintSha256).join(','), der: withDer.map((r) => r.value.derBase64!) });
        })
        .catch(() => live && setOwn({ key: '', der: [] }));
    return () => {
      live = false;
    };
  }, [vault, bidderId, revision]);
  const info = useIpc(
    () => (fileId ? client['bid.inspect']({ fileId, ...(own.der.length ? { certificates: own.der } : {}) }) : Promise.resolve({ ok: true as const, value: null as InspectView | null })),
    `${fileId}:${own.key}`,
  );
  const v = info.value ?? null;
  return (
    <Row gutter={16}>
      <Col xs={24} xl={8}>
        <Card title={t('seal.inspect.pick')} className="bs-card">
          <Typography.Paragraph type="secondary">{t('seal.inspect.hint')}</Typography.Paragraph>
          <StoredFilePicker tags={{ kind: 'sealed-bid' }} value={fileId ? [fileId] : []} onChange={(ids) => setFileId(ids[0] ?? null)} refreshKey={refresh} testId="inspect-picker" />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            {t('seal.inspect.import')}
          </Typography.Paragraph>
          <FileDrop
            compact
            multiple={false}
            accept=".p7m,.p7s,.p7b,.p7,.bid,.der,.cms,.pem,.b64,.txt,.sm2,.pfx,.p12,.cer,.crt,.key,.csr,.crl"
            tags={{ kind: 'sealed-bid' }}
            testId="inspect-drop"
            onImported={(fs) => {
              setRefresh((n) => n + 1);
              if (fs[0]) setFileId(fs[0].id);
            }}
            onError={(e) => void message.error(e instanceof IpcFailure ? errorText(e.error as IpcError) : String(e))}
          />
        </Card>
      </Col>
      <Col xs={24} xl={16}>
        <Card title={t('seal.inspect.title')} className="bs-card" data-testid="inspect-result">
          {info.status === 'error' && <ErrorAlert title={t('seal.inspect.title')} error={info.error} onRetry={info.reload} />}
          {!v && info.status !== 'error' && <Empty description={t('seal.inspect.hint')} />}
          {v && v.kind === 'artefact' && v.artefact && (
            <div className="bs-stack" data-testid="inspect-artefact">
              <Typography.Paragraph>{t('seal.inspect.notSealed')}</Typography.Paragraph>
              <Descriptions bordered size="small" column={1}>
                <Descriptions.Item label={t('seal.inspect.type')}>
                  <span data-testid="inspect-artefact-kind">
                    {t(`seal.inspect.kinds.${v.artefact.kind}`, { defaultValue: v.artefact.kind })}
                    {v.artefact.messageType ? ` — ${t(`seal.inspect.messageTypes.${v.artefact.messageType}`, { defaultValue: v.artefact.messageType })}` : ''}
                  </span>
                </Descriptions.Item>
                {v.artefact.flavour && <Descriptions.Item label={t('seal.inspect.profile')}>{t(`seal.inspect.flavours.${v.artefact.flavour}`, { defaultValue: v.artefact.flavour })}</Descriptions.Item>}
                <Descriptions.Item label={t('seal.inspect.armour')}>
                  {t(`seal.inspect.armours.${v.artefact.armour}`, { defaultValue: v.artefact.armour })}
                  {v.artefact.label ? <Typography.Text code>{v.artefact.label}</Typography.Text> : null}
                </Descriptions.Item>
                {v.contentType && (
                  <Descriptions.Item label={t('seal.inspect.contentType')}>
                    <Typography.Text code>{v.contentType}</Typography.Text>
                  </Descriptions.Item>
                )}
                {v.artefact.signers !== undefined && <Descriptions.Item label={t('seal.inspect.signers')}>{v.artefact.signers}</Descriptions.Item>}
                {!!v.artefact.certificates?.length && <Descriptions.Item label={t('seal.inspect.certificates')}>{v.artefact.certificates.join('；')}</Descriptions.Item>}
                {v.recipients.length > 0 && <Descriptions.Item label={t('seal.inspect.recipients')}>{v.recipients.map((r) => r.holder ?? r.id).join('；')}</Descriptions.Item>}
                <Descriptions.Item label={t('seal.inspect.size')}>{formatBytes(v.size)}</Descriptions.Item>
              </Descriptions>
            </div>
          )}
          {v && v.kind !== 'artefact' && (
            <div className="bs-stack">
              <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
                <Descriptions.Item label={t('seal.inspect.type')}>{v.kind === 'custody' ? 'BIDSEAL-CUSTODY/1' : v.type}</Descriptions.Item>
                <Descriptions.Item label={t('seal.inspect.profile')}>{v.profile ? t(`seal.inspect.profiles.${v.profile as 'gmt0010' | 'rfc5652'}`) : '—'}</Descriptions.Item>
                <Descriptions.Item label={t('seal.inspect.cipher')}>
                  <span data-testid="inspect-cipher">{v.cipher.toUpperCase()}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('seal.inspect.size')}>{formatBytes(v.size)}</Descriptions.Item>
                <Descriptions.Item label={t('seal.inspect.custody')}>{t(`seal.inspect.custodyValue.${v.custody as 'single' | 'joint' | 'threshold'}`, { k: v.k ?? 1, n: v.n ?? 1 })}</Descriptions.Item>
                <Descriptions.Item label={t('seal.inspect.contentType')}>
                  <Typography.Text code>{v.contentType ?? '—'}</Typography.Text>
                </Descriptions.Item>
              </Descriptions>
              <Table
                size="small"
                pagination={false}
                data-testid="inspect-recipients"
                rowKey={(r) => `${r.party ?? ''}|${r.id}`}
                dataSource={v.recipients}
                columns={[
                  ...(v.kind === 'custody' ? [{ title: t('seal.inspect.party'), dataIndex: 'party', key: 'party' }] : []),
                  { title: t('seal.inspect.holder'), key: 'holder', render: (_v: unknown, r: (typeof v.recipients)[number]) => r.holder ?? t('seal.inspect.holderUnknown') },
                  { title: t('seal.inspect.recipientId'), dataIndex: 'id', key: 'id' },
                  { title: t('seal.inspect.keyAlg'), dataIndex: 'algorithm', key: 'alg', width: 200 },
                ]}
              />
            </div>
          )}
        </Card>
      </Col>
    </Row>
  );
}
