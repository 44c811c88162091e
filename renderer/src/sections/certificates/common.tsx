// Runs in the renderer. Small presentational pieces shared by the certificate cards.
import type { ReactNode } from 'react';
import { Tag, Tooltip } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, ExclamationCircleOutlined, LockOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CertView, TokenSlotView } from '../../../../shared/ipc/contract';
import { daysSince, daysUntil, fmtDateTime } from './model';

const ROLE_COLOR: Record<CertView['role'], string> = { signing: 'blue', encryption: 'purple', dual: 'cyan', ca: 'gold', unknown: 'default' };

export function RoleTag({ role }: { role: CertView['role'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={ROLE_COLOR[role]} className="bs-cert-role" data-testid="cert-role" data-role={role}>
      {t(`certificates.roles.${role}`)}
    </Tag>
  );
}

/** Remaining validity from now: red when expired, orange under 30 days. */
export function RemainingTag({ cert }: { cert: CertView }) {
  const { t } = useTranslation();
  const now = Date.now();
  if (new Date(cert.notBefore).getTime() > now) return <Tag color="warning">{t('certificates.mine.notYetValid')}</Tag>;
  const days = daysUntil(cert.notAfter, now);
  if (new Date(cert.notAfter).getTime() < now)
    return (
      <Tag color="error" icon={<ExclamationCircleOutlined />} data-testid="cert-remaining" data-state="expired">
        {t('certificates.mine.expiredAgo', { count: Math.max(1, daysSince(cert.notAfter, now)) })}
      </Tag>
    );
  return (
    <Tag color={days < 30 ? 'warning' : 'success'} icon={<ClockCircleOutlined />} data-testid="cert-remaining" data-state={days < 30 ? 'soon' : 'ok'}>
      {t('certificates.mine.daysLeft', { count: days })}
    </Tag>
  );
}

const KU_KEYS = ['digitalSignature', 'nonRepudiation', 'contentCommitment', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'] as const;
type KuKey = (typeof KU_KEYS)[number];
const isKu = (n: string): n is KuKey => (KU_KEYS as readonly string[]).includes(n);

/** Key usages in plain words (the X.509 names on hover). */
export function KeyUsages({ names }: { names: string[] }) {
  const { t } = useTranslation();
  return (
    <span className="bs-ku-list">
      {names.map((n) => (
        <Tooltip key={n} title={n}>
          <Tag bordered={false} className="bs-ku">
            {isKu(n) ? t(`certificates.mine.keyUsages.${n}`) : n}
          </Tag>
        </Tooltip>
      ))}
    </span>
  );
}

export function ValidityText({ cert }: { cert: CertView }) {
  return (
    <Tooltip title={`${fmtDateTime(cert.notBefore)} ~ ${fmtDateTime(cert.notAfter)}`}>
      <span className="bs-cert-validity">
        {fmtDateTime(cert.notBefore).slice(0, 10)} ~ {fmtDateTime(cert.notAfter).slice(0, 10)}
      </span>
    </Tooltip>
  );
}

type PinState = TokenSlotView['token']['pinState'];
const PIN: Record<PinState, { key: 'ok' | 'countLow' | 'finalTry' | 'locked' | 'toBeChanged'; color: string; icon: ReactNode }> = {
  ok: { key: 'ok', color: 'success', icon: <CheckCircleOutlined /> },
  'count-low': { key: 'countLow', color: 'warning', icon: <WarningOutlined /> },
  'final-try': { key: 'finalTry', color: 'error', icon: <ExclamationCircleOutlined /> },
  locked: { key: 'locked', color: 'error', icon: <LockOutlined /> },
  'to-be-changed': { key: 'toBeChanged', color: 'warning', icon: <WarningOutlined /> },
};

/** The PIN state a token reports (read before any PIN is asked). */
export function PinStateTag({ state }: { state: PinState }) {
  const { t } = useTranslation();
  const p = PIN[state];
  return (
    <Tag color={p.color} icon={p.icon} data-testid="token-pin-state" data-pin-state={state} className="bs-pin-tag">
      {t(`certificates.token.pinState.${p.key}`)}
    </Tag>
  );
}
