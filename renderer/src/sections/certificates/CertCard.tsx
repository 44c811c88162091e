// Runs in the renderer. One certificate in "My certificates": role, holder, USCC, issuer, validity,
// algorithm, serial, source and (folded) fingerprints.
import { Button, Collapse, Descriptions, Popconfirm, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, LinkOutlined, UsbOutlined, WarningOutlined, FileTextOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { KeyUsages, RemainingTag, RoleTag, ValidityText } from './common';
import { displayName, groupHex, isCaCert, issuerName, readableUri, type MyCert } from './model';

export function CertCard({ cert, pairedWith, onRemove, index }: { cert: MyCert; pairedWith?: string; onRemove: () => void; index: number }) {
  const { t } = useTranslation();
  const v = cert.view;
  const items = [
    {
      key: 'holder',
      label: t('certificates.mine.holder'),
      children: (
        <span>
          <Typography.Text strong>{v.commonName || '—'}</Typography.Text>
          {v.organization && <Typography.Text type="secondary"> · {v.organization}</Typography.Text>}
        </span>
      ),
    },
    ...(v.uscc
      ? [
          {
            key: 'uscc',
            label: t('certificates.mine.uscc'),
            children: (
              <span data-testid="cert-uscc">
                <Typography.Text copyable className="bs-mono">{v.uscc.code}</Typography.Text>
                {!v.uscc.valid && (
                  <Tag color="warning" icon={<WarningOutlined />} className="bs-cert-inline-tag" data-testid="cert-uscc-invalid">
                    {t('certificates.mine.usccInvalid')}
                  </Tag>
                )}
              </span>
            ),
          },
        ]
      : []),
    {
      key: 'issuer',
      label: t('certificates.mine.issuer'),
      children: (
        <Tooltip title={v.issuer}>
          <span data-testid="cert-issuer">{issuerName(v.issuer)}</span>
        </Tooltip>
      ),
    },
    {
      key: 'validity',
      label: t('certificates.mine.validity'),
      children: (
        <span className="bs-cert-validity-row">
          <ValidityText cert={v} />
          <RemainingTag cert={v} />
        </span>
      ),
    },
    { key: 'alg', label: t('certificates.mine.algorithm'), children: `${v.publicKey} · ${v.signatureAlgorithm}` },
    { key: 'serial', label: t('certificates.mine.serial'), children: <Typography.Text className="bs-mono" copyable>{v.serialNumber}</Typography.Text> },
    ...(v.keyUsage?.length ? [{ key: 'ku', label: t('certificates.mine.keyUsage'), children: <KeyUsages names={v.keyUsage} /> }] : []),
    {
      key: 'source',
      label: t('certificates.mine.source'),
      children: cert.pkcs11Uri ? (
        <span className="bs-cert-source">
          <Tag icon={<UsbOutlined />} color="geekblue">{t('certificates.mine.sourceToken')}</Tag>
          <Typography.Text className="bs-mono bs-uri" copyable={{ text: cert.pkcs11Uri }} ellipsis={{ tooltip: readableUri(cert.pkcs11Uri) }} data-testid="cert-uri">
            {readableUri(cert.pkcs11Uri)}
          </Typography.Text>
        </span>
      ) : (
        <span className="bs-cert-source">
          <FileTextOutlined /> {cert.fileName ?? '—'}
        </span>
      ),
    },
  ];
  return (
    <div className={`bs-cert-card bs-cert-card-${v.role}`} data-testid={`my-cert-${index}`} data-role={v.role} data-fingerprint={v.fingerprintSha256}>
      <div className="bs-cert-card-head">
        <div className="bs-cert-card-title">
          <RoleTag role={v.role} />
          <Typography.Text strong className="bs-cert-name" ellipsis={{ tooltip: v.subject }}>
            {displayName(v)}
          </Typography.Text>
        </div>
        <Popconfirm title={t('certificates.mine.removeConfirm')} onConfirm={onRemove} okText={t('certificates.mine.remove')} okButtonProps={{ danger: true }}>
          <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('certificates.mine.remove')} data-testid="cert-remove">
            {t('certificates.mine.remove')}
          </Button>
        </Popconfirm>
      </div>
      {pairedWith && (
        <Tag color="green" icon={<LinkOutlined />} className="bs-cert-paired" data-testid="cert-paired">
          {t('certificates.mine.pairedWith', { name: pairedWith })}
        </Tag>
      )}
      {isCaCert(v) && v.issuer !== v.subject && <Typography.Paragraph type="secondary" className="bs-cert-ca-hint">{t('certificates.mine.caHint')}</Typography.Paragraph>}
      <Descriptions column={1} size="small" className="bs-cert-desc" styles={{ label: { width: 132 } }} items={items} />
      <Collapse
        ghost
        size="small"
        className="bs-cert-fp"
        items={[
          {
            key: 'fp',
            label: t('certificates.mine.fingerprints'),
            children: (
              <dl className="bs-fp-list">
                <dt>SHA-256</dt>
                <dd>
                  <Typography.Text className="bs-mono" copyable={{ text: v.fingerprintSha256 }}>{groupHex(v.fingerprintSha256)}</Typography.Text>
                </dd>
                <dt>SM3</dt>
                <dd>
                  <Typography.Text className="bs-mono" copyable={{ text: v.fingerprintSm3 }}>{groupHex(v.fingerprintSm3)}</Typography.Text>
                </dd>
              </dl>
            ),
          },
        ]}
      />
    </div>
  );
}
