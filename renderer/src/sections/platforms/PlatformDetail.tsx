// Runs in the renderer. One platform's rules in plain words: scope (business types), the digital
// envelope it expects, who can open, upload endpoint and size limit, the CA providers and sharing
// apps it lists, the procedure for bidders and notes. Fields the platform has not published are
// tagged "to be confirmed with the platform" instead of being presented as facts.
import { Alert, Descriptions, Drawer, Empty, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { custodyText, fmtBytes, KIND_COLOR, recipientLabel, useLang, type Platform, type Unconfirmed } from './model';

export function PlatformDetail({ platform: p, directoryVersion, onClose }: { platform: Platform | null; directoryVersion?: number; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!p) return <Drawer open={false} onClose={onClose} />;
  const tbc = (f: Unconfirmed) => (p.unconfirmed.includes(f) ? <Tag color="warning" className="bs-tbc" data-testid="tbc-tag">{t('platforms.tbc')}</Tag> : null);
  const none = <Typography.Text type="secondary">{t('platforms.none')}</Typography.Text>;
  const list = (xs: string[]) => (xs.length ? <Space size={[4, 4]} wrap>{xs.map((x) => <Tag key={x}>{x}</Tag>)}</Space> : none);
  const desc = (title: string, items: { key: string; label: string; children: React.ReactNode }[]) => (
    <Descriptions title={title} column={1} size="small" bordered className="bs-platform-desc" styles={{ label: { width: 168 } }} items={items} />
  );
  return (
    <Drawer
      open
      onClose={onClose}
      size={720}
      title={
        <Space direction="vertical" size={0}>
          <span data-testid="platform-detail-title">{p.name[lang]}</span>
          <Typography.Text type="secondary" className="bs-platform-subname" lang={lang === 'zh' ? 'en' : 'zh'}>{p.name[lang === 'zh' ? 'en' : 'zh']}</Typography.Text>
        </Space>
      }
      data-testid="platform-detail"
    >
      <Space direction="vertical" size={20} className="bs-platform-detail">
        {p.unconfirmed.length > 0 && <Alert type="warning" showIcon title={t('platforms.detail.unconfirmedAlert')} />}
        {desc(t('platforms.detail.rules'), [
          { key: 'kind', label: t('platforms.detail.kind'), children: <Tag color={KIND_COLOR[p.kind]}>{t(`platforms.kind.${p.kind}`)}</Tag> },
          { key: 'region', label: t('platforms.detail.region'), children: p.region[lang] || none },
          {
            key: 'business',
            label: t('platforms.detail.businessTypes'),
            children: (
              <Space size={[4, 4]} wrap>
                {p.businessTypes.length ? p.businessTypes.map((b) => <Tag key={b} color="geekblue">{t(`platforms.business.${b}`)}</Tag>) : none}
                {tbc('businessTypes')}
              </Space>
            ),
          },
          { key: 'source', label: t('platforms.detail.source'), children: p.source === 'user' ? t('platforms.detail.sourceUser') : t('platforms.detail.sourceDirectory', { version: directoryVersion ?? '?' }) },
        ])}
        {desc(t('platforms.detail.envelope'), [
          { key: 'cipher', label: t('platforms.detail.cipher'), children: <>{t(`platforms.cipher.${p.envelope.cipher}`)} {tbc('envelope')}</> },
          { key: 'rid', label: t('platforms.detail.recipientId'), children: <>{t(`platforms.recipientIdText.${p.envelope.recipientId}`)} {tbc('envelope')}</> },
          { key: 'rsa', label: t('platforms.detail.rsaPadding'), children: <>{t(`platforms.rsaPaddingText.${p.envelope.rsaPadding}`)} {tbc('envelope')}</> },
          { key: 'custody', label: t('platforms.detail.custody'), children: <span data-testid="platform-custody">{custodyText(t, p)} {tbc('recipients')}</span> },
          {
            key: 'recipients',
            label: t('platforms.detail.recipients'),
            children: p.recipients.length ? (
              <Space direction="vertical" size={2}>
                {p.recipients.map((r, i) => (
                  <span key={i}>
                    <Tag>{t(`platforms.recipientRole.${r.role}`)}</Tag>
                    {recipientLabel(t, r, lang)}
                  </span>
                ))}
              </Space>
            ) : (
              <>{none} {tbc('recipients')}</>
            ),
          },
        ])}
        {desc(t('platforms.detail.upload'), [
          { key: 'endpoint', label: t('platforms.detail.endpoint'), children: <>{p.upload.endpoint ? <Typography.Text code copyable>{p.upload.endpoint}</Typography.Text> : none} {tbc('upload')}</> },
          { key: 'max', label: t('platforms.detail.maxBytes'), children: <>{p.upload.maxBytes ? fmtBytes(p.upload.maxBytes) : none} {tbc('upload')}</> },
          { key: 'receipt', label: t('platforms.detail.receiptCert'), children: p.upload.receiptCertificatePem ? t('platforms.detail.receiptPresent') : none },
        ])}
        {desc(t('platforms.detail.lists'), [
          { key: 'ca', label: t('platforms.detail.caProviders'), children: <>{list(p.caProviders)} {tbc('caProviders')}</> },
          { key: 'apps', label: t('platforms.detail.sharingApps'), children: <>{list(p.sharingApps)} {tbc('sharingApps')}</> },
        ])}
        <div>
          <Typography.Title level={5}>{t('platforms.detail.procedure')}</Typography.Title>
          {p.procedure.length ? (
            <ol className="bs-platform-steps" data-testid="platform-procedure">
              {p.procedure.map((s, i) => (
                <li key={i}>{s[lang]}</li>
              ))}
            </ol>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </div>
        {p.notes && (
          <div>
            <Typography.Title level={5}>{t('platforms.detail.notes')}</Typography.Title>
            {p.notes[lang].split('\n').map((line, i) => (
              <Typography.Paragraph key={i} className="bs-platform-note">{line}</Typography.Paragraph>
            ))}
          </div>
        )}
      </Space>
    </Drawer>
  );
}
