// Runs in the renderer. The PIN dialog of a USB key test signature: shows the token's PIN state first
// (final try in red, earlier wrong PINs in orange, locked = no PIN field, only what to do), then signs
// with keys.testSign (kind 'token', the certificate's URI and the module the token was read with).
// The PIN lives in this dialog's state only and is cleared after each try and when it closes. After a
// wrong PIN the token is read again so the new PIN state shows here and on the token card.
import { useState, type ReactNode } from 'react';
import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import { IconTitle } from '../../components/IconCard';
import { SecretInput } from '../../components/SecretInput';
import { SignatureOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { useErrorText } from '../../hooks/useErrorText';
import type { TokenSlotView } from '../../../../shared/ipc/contract';
import { PinStateTag } from './common';
import { TestSignResult, type TestSignOutcome } from './TestSign';
import { displayName } from './model';

type PinState = TokenSlotView['token']['pinState'];
type TokenCert = TokenSlotView['certificates'][number];
const PIN_STATES: readonly PinState[] = ['locked', 'final-try', 'count-low', 'to-be-changed', 'ok'];
const asPinState = (v: unknown): PinState | undefined => (PIN_STATES as readonly unknown[]).includes(v) ? (v as PinState) : undefined;

/** The warning shown above the PIN field for a PIN state (none for 'ok'). */
function PinStateAlert({ state }: { state: PinState }) {
  const { t } = useTranslation();
  const alerts: Partial<Record<PinState, { type: 'error' | 'warning'; title: string; text: string }>> = {
    'final-try': { type: 'error', title: t('certificates.testSign.finalTry'), text: t('certificates.testSign.finalTryHint') },
    'count-low': { type: 'warning', title: t('certificates.testSign.countLow'), text: t('certificates.testSign.countLowHint') },
    locked: { type: 'error', title: t('certificates.testSign.locked'), text: t('certificates.testSign.lockedHint') },
    'to-be-changed': { type: 'warning', title: t('certificates.testSign.toBeChanged'), text: t('certificates.testSign.toBeChangedHint') },
  };
  const a = alerts[state];
  if (!a) return null;
  return <Alert type={a.type} showIcon title={a.title} description={a.text} className={a.type === 'error' ? 'bs-alert-strong' : 'bs-pin-alert'} data-testid="pin-state-alert" data-pin-state={state} />;
}

export function TokenTestSign({ open, cert, slot, moduleId, onClose, onTokenChanged, onSigned }: {
  open: boolean;
  cert: TokenCert | undefined;
  slot: TokenSlotView;
  moduleId: string;
  onClose: () => void;
  /** read the token again (its PIN state changed) */
  onTokenChanged: () => Promise<void>;
  onSigned: (fingerprint: string) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<TestSignOutcome | undefined>();
  /** the PIN state a failed login reported, used until the token read again says something else */
  const [reported, setReported] = useState<{ state: PinState; readState: PinState } | undefined>();
  const tokenState = slot.token.pinState;
  const pinState = reported && reported.readState === tokenState ? reported.state : tokenState;
  const locked = pinState === 'locked';
  const signed = outcome?.ok === true;

  const close = () => {
    setPin('');
    onClose();
  };

  const onSign = async () => {
    if (!cert || !pin || busy || locked) return;
    setBusy(true);
    const r = await client['keys.testSign']({ carrier: { kind: 'token', uri: cert.uri, moduleId, pin } });
    setPin('');
    setOutcome(r);
    if (r.ok) {
      setReported(undefined);
      onSigned(cert.certificate.fingerprintSha256);
    } else {
      const state = asPinState(r.error.details?.pinState) ?? (r.error.code === 'E_PIN_LOCKED' ? 'locked' : undefined);
      setReported(state && { state, readState: tokenState });
    }
    // a login (right or wrong) changes what the token reports: read it again
    if (r.ok || r.error.code === 'E_PIN_INCORRECT' || r.error.code === 'E_PIN_LOCKED') await onTokenChanged();
    setBusy(false);
  };

  const pinError = outcome && !outcome.ok && (outcome.error.code === 'E_PIN_INCORRECT' || outcome.error.code === 'E_PIN_LOCKED') ? outcome.error : undefined;
  const footer: ReactNode[] = signed || locked
    ? [
        <Button key="close" type={signed ? 'primary' : 'default'} onClick={close} data-testid="pin-close">
          {signed ? t('certificates.testSign.done') : t('certificates.testSign.close')}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={close} data-testid="pin-cancel">
          {t('certificates.testSign.close')}
        </Button>,
        <Button key="ok" type="primary" icon={<SignatureOutlined />} disabled={!pin} loading={busy} onClick={() => void onSign()} data-testid="pin-ok">
          {t('certificates.testSign.sign')}
        </Button>,
      ];

  return (
    <Modal
      open={open}
      title={<IconTitle icon={<SignatureOutlined />}>{t('certificates.testSign.modalTitle')}</IconTitle>}
      onCancel={close}
      afterClose={() => {
        setPin('');
        setOutcome(undefined);
        setReported(undefined);
      }}
      footer={footer}
      maskClosable={!busy}
      closable={!busy}
      width={560}
      destroyOnHidden
    >
      {cert && (
        <div className="bs-pin-body" data-testid="pin-modal">
          <Descriptions
            size="small"
            column={1}
            className="bs-pin-desc"
            styles={{ label: { width: 96 } }}
            items={[
              { key: 'cert', label: t('certificates.testSign.certificate'), children: <Typography.Text strong>{displayName(cert.certificate)}</Typography.Text> },
              { key: 'token', label: t('certificates.testSign.token'), children: `${slot.token.label}${slot.token.serial ? ` · ${slot.token.serial}` : ''}` },
              { key: 'pin', label: t('certificates.testSign.pinState'), children: <PinStateTag state={pinState} /> },
            ]}
          />
          <PinStateAlert state={pinState} />
          {!locked && !signed && (
            <>
              <Typography.Paragraph type="secondary" className="bs-pin-intro">{t('certificates.testSign.intro')}</Typography.Paragraph>
              <label className="bs-field">
                <span className="bs-field-label">{t('certificates.testSign.pin')}</span>
                <SecretInput
                  value={pin}
                  onChange={setPin}
                  onSubmit={() => void onSign()}
                  placeholder={t('certificates.testSign.pinPlaceholder')}
                  refused={!!pinError}
                  disabled={busy}
                  maxLength={256}
                  data-testid="pin-input"
                />
              </label>
              {pinError && (
                <Typography.Text type="danger" strong data-testid="pin-error" data-code={pinError.code}>
                  {errorText(pinError)}
                </Typography.Text>
              )}
            </>
          )}
          {outcome && !pinError && <TestSignResult outcome={outcome} />}
        </div>
      )}
    </Modal>
  );
}
