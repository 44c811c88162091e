// Runs in the renderer. One token found on a PKCS#11 module: label, maker/model/serial, the PIN state
// as the token reports it (read before any PIN is asked), and its certificates with their pkcs11:
// URIs, an "add to My certificates" button and a "test signature" button (the PIN is asked in
// TokenTestSign's dialog, never here).
import { useState } from 'react';
import { Alert, Button, Descriptions, Tag, Typography } from 'antd';
import { CheckCircleOutlined, CheckOutlined, PlusOutlined, SignatureOutlined, UsbOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TokenSlotView } from '../../../../shared/ipc/contract';
import { useErrorText } from '../../hooks/useErrorText';
import { isErrorCode } from '../../../../shared/errors';
import { PinStateTag, RemainingTag, RoleTag } from './common';
import { TokenTestSign } from './TokenTestSign';
import { displayName, fmtDate, readableUri } from './model';

export { PinStateTag };

type TokenCert = TokenSlotView['certificates'][number];

export function TokenSlot({ slot, moduleId, isAdded, onAdd, onTokenChanged }: {
  slot: TokenSlotView;
  /** the PKCS#11 module the token was read with (used again to sign) */
  moduleId: string;
  isAdded: (fingerprint: string) => boolean;
  onAdd: (c: TokenCert) => void;
  /** read the tokens again (after a login changed the PIN state) */
  onTokenChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const tk = slot.token;
  const [testing, setTesting] = useState<TokenCert | undefined>();
  const [open, setOpen] = useState(false);
  const [signedOk, setSignedOk] = useState<ReadonlySet<string>>(new Set());
  return (
    <div className="bs-token" data-testid="token-slot">
      <div className="bs-token-head">
        <span className="bs-icon-tile bs-row-avatar" aria-hidden="true"><UsbOutlined /></span>
        <div className="bs-token-title">
          <Typography.Text strong className="bs-token-label" data-testid="token-label">{tk.label}</Typography.Text>
          <Typography.Text type="secondary" className="bs-token-sub">{slot.description}</Typography.Text>
        </div>
        <PinStateTag state={tk.pinState} />
      </div>
      <Descriptions
        size="small"
        column={3}
        className="bs-token-desc"
        items={[
          { key: 'm', label: t('certificates.token.manufacturer'), children: tk.manufacturer || '—' },
          { key: 'model', label: t('certificates.token.model'), children: tk.model || '—' },
          { key: 's', label: t('certificates.token.serial'), children: <span className="bs-mono">{tk.serial || '—'}</span> },
        ]}
      />
      {slot.error ? (
        <Alert type="error" showIcon title={t('certificates.token.slotError')} description={errorText({ code: isErrorCode(slot.error) ? slot.error : 'E_TOKEN_ERROR', message: slot.error })} />
      ) : slot.certificates.length === 0 ? (
        <Typography.Text type="secondary">{t('certificates.token.noCerts')}</Typography.Text>
      ) : (
        <ul className="bs-token-certs" data-testid="token-certs">
          {slot.certificates.map((c) => {
            const added = isAdded(c.certificate.fingerprintSha256);
            return (
              <li key={`${c.id}-${c.certificate.fingerprintSha256}`} className="bs-token-cert" data-testid="token-cert">
                <div className="bs-token-cert-main">
                  <div className="bs-token-cert-title">
                    <RoleTag role={c.certificate.role} />
                    <Typography.Text strong>{displayName(c.certificate)}</Typography.Text>
                    <Typography.Text type="secondary">· {c.label || c.id}</Typography.Text>
                  </div>
                  <div className="bs-token-cert-meta">
                    <Typography.Text type="secondary">{t('certificates.token.expiresOn', { date: fmtDate(c.certificate.notAfter) })}</Typography.Text>
                    <RemainingTag cert={c.certificate} />
                    <Typography.Text type="secondary">{c.certificate.publicKey}</Typography.Text>
                    {signedOk.has(c.certificate.fingerprintSha256) && (
                      <Tag color="success" icon={<CheckCircleOutlined />} data-testid="token-test-ok">
                        {t('certificates.token.testSignOk')}
                      </Tag>
                    )}
                  </div>
                  <Typography.Text className="bs-mono bs-uri" copyable={{ text: c.uri }} ellipsis={{ tooltip: readableUri(c.uri) }} data-testid="token-cert-uri">
                    {readableUri(c.uri)}
                  </Typography.Text>
                </div>
                <div className="bs-token-cert-actions">
                  <Button
                    size="small"
                    icon={<SignatureOutlined />}
                    onClick={() => {
                      setTesting(c);
                      setOpen(true);
                    }}
                    data-testid="token-test-sign"
                  >
                    {t('certificates.token.testSign')}
                  </Button>
                  <Button size="small" type={added ? 'default' : 'primary'} ghost={!added} icon={added ? <CheckOutlined /> : <PlusOutlined />} disabled={added} onClick={() => onAdd(c)} data-testid="token-cert-add">
                    {added ? t('certificates.token.added') : t('certificates.token.add')}
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <TokenTestSign
        open={open}
        cert={testing}
        slot={slot}
        moduleId={moduleId}
        onClose={() => setOpen(false)}
        onTokenChanged={onTokenChanged}
        onSigned={(fp) => setSignedOk((s) => new Set(s).add(fp))}
      />
    </div>
  );
}
