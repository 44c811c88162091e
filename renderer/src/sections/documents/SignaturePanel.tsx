// Runs in the renderer. The signature panel, in the manner of Acrobat's: one row per signature with its
// verdict (valid / changed after signing / unknown signer / invalid) and, unfolded, the details a reviewer
// asks for — signer, signing time, algorithms, what the signature covers, what changed after it, trust.
import { Alert, Button, Collapse, Empty, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, QuestionCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { DocumentsMessages } from '../../../i18n/features/documents';
import { VERDICT_COLOR, type SignatureView, type Verdict } from './model';
import { issuerName, problemKey } from '../certificates/model';
import { useErrorText } from '../../hooks/useErrorText';
import { isErrorCode } from '../../../../shared/errors';

const ICON: Record<Verdict, React.ReactNode> = {
  valid: <CheckCircleFilled className="bs-verdict-icon bs-verdict-valid" />,
  changed: <ExclamationCircleFilled className="bs-verdict-icon bs-verdict-changed" />,
  'unknown-signer': <QuestionCircleFilled className="bs-verdict-icon bs-verdict-unknown-signer" />,
  invalid: <CloseCircleFilled className="bs-verdict-icon bs-verdict-invalid" />,
};

type BoundSeal = NonNullable<SignatureView['eseal']>;
type SealStatusKey = keyof DocumentsMessages['sealStatus'];

/** Green when the seal is valid, red when it does not hold (altered, unreadable, signer not listed), amber when it
 *  holds but is expired or its maker is not trusted: `pdf verify` accepts the last, `--strict` does not. */
const sealColor = (e: BoundSeal): string => (!('ok' in e) || !e.ok ? 'error' : e.status === 'valid' ? 'success' : 'warning');

const ETSI_COLOR: Record<SignatureView['verdict'], string> = { valid: 'success', 'valid-with-changes': 'processing', indeterminate: 'warning', invalid: 'error' };

/** A chain that fails only because a CA signed with the empty SM2 user ID (path-validation's 'sm2-empty-id-only'). */
export const emptySm2IdOnly = (s: SignatureView) => !!s.path?.issues.some((p) => p.code === 'sm2-empty-id-only');

/** A trust problem in the UI's language: the certificate pages' wording (certificates.problems) with the
 *  certificate's name, an E_ code through the error messages, anything else by its code. */
function useTrustIssueText() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (i: NonNullable<SignatureView['path']>['issues'][number]): string => {
    if (i.code === 'sm2-empty-id-only') return t('documents.sm2EmptyId.title');
    if (isErrorCode(i.code)) return errorText({ code: i.code, message: '' });
    const k = problemKey(i.code);
    const name = i.subject ? issuerName(i.subject) : t('documents.panel.signerCert');
    return k ? t(`certificates.problems.${k}`, { name }) : t('certificates.problems.other', { name, message: i.code });
  };
}

export function SignaturePanel({ signatures, sm2IdPolicy = 'strict', onSm2IdPolicy }: { signatures: SignatureView[]; sm2IdPolicy?: 'strict' | 'lenient'; /** verify again with the other policy */ onSm2IdPolicy?: (p: 'strict' | 'lenient') => void }) {
  const { t } = useTranslation();
  const trustIssue = useTrustIssueText();
  const errorText = useErrorText();
  const emptyId = signatures.some(emptySm2IdOnly);
  const policyNote =
    onSm2IdPolicy && (emptyId || sm2IdPolicy === 'lenient') ? (
      <Alert
        type={sm2IdPolicy === 'lenient' ? 'info' : 'warning'}
        showIcon
        data-testid="sm2-empty-id"
        title={sm2IdPolicy === 'lenient' ? t('documents.sm2EmptyId.lenientOn') : t('documents.sm2EmptyId.title')}
        {...(sm2IdPolicy === 'strict' ? { description: t('documents.sm2EmptyId.body') } : {})}
        action={
          <Button size="small" onClick={() => onSm2IdPolicy(sm2IdPolicy === 'lenient' ? 'strict' : 'lenient')} data-testid="sm2-empty-id-toggle">
            {sm2IdPolicy === 'lenient' ? t('documents.sm2EmptyId.strict') : t('documents.sm2EmptyId.lenient')}
          </Button>
        }
        style={{ marginBottom: 8 }}
      />
    ) : null;
  if (signatures.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('documents.panel.none')} data-testid="signature-panel-empty" />;
  const row = (k: keyof DocumentsMessages['panel'], v: React.ReactNode) => (
    <div className="bs-sig-detail" key={k}>
      <span className="bs-sig-detail-label">{t(`documents.panel.${k}`)}</span>
      <span className="bs-sig-detail-value">{v}</span>
    </div>
  );
  const status = (code: string) => t(`documents.sealStatus.${code as SealStatusKey}`, { defaultValue: code });
  const sealRows = (e: BoundSeal) =>
    'name' in e ? (
      <div data-testid="signature-eseal" key="eseal">
        {row('eseal', <span>{e.name} <Typography.Text type="secondary">· {t(`documents.sealVersion.v${e.format}`)}</Typography.Text></span>)}
        {row('esealId', <span className="bs-mono">{e.esId}</span>)}
        {row('esealMaker', e.maker ? <span className="bs-break">{e.maker.subject}</span> : '—')}
        {row(
          'esealHolders',
          <span className="bs-break" data-testid="signature-eseal-holders">
            {[...e.holders, ...(e.holderDigests ? [t('documents.panel.esealHolderDigests', { count: e.holderDigests })] : [])].join('；') || '—'}
          </span>,
        )}
        {row('esealValidity', `${dayjs(e.validStart).format('YYYY-MM-DD')} — ${dayjs(e.validEnd).format('YYYY-MM-DD')}`)}
        {row(
          'esealCheck',
          <span data-testid="signature-eseal-check">
            <Tag color={sealColor(e)}>{status(e.status)}</Tag>
            {e.problems.length > 1 && <ul className="bs-sig-changes">{e.problems.slice(1).map((p) => <li key={p.code}>{status(p.code)}</li>)}</ul>}
          </span>,
        )}
      </div>
    ) : (
      <div data-testid="signature-eseal" key="eseal">
        {row('eseal', <Tag color="error">{status('unreadable')}</Tag>)}
        {row('error', `${e.error.code}: ${e.error.message}`)}
      </div>
    );
  return (
    <>
    {policyNote}
    <Collapse
      size="small"
      data-testid="signature-panel"
      items={signatures.map((s, i) => ({
        key: s.fieldName,
        label: (
          <div className="bs-sig-head" data-testid="signature-row" data-verdict={s.bottomLine} data-kind={s.kind ?? ''}>
            {ICON[s.bottomLine]}
            <div className="bs-sig-head-main">
              <Typography.Text strong>
                {t('documents.panel.revision', { n: i + 1 })} · {s.kind ? t(`documents.kinds.${s.kind}`) : s.fieldName}
              </Typography.Text>
              <Typography.Text type="secondary" className="bs-sig-head-sub">
                {s.signer?.commonName ?? s.signer?.subject ?? t('documents.panel.noSigner')}
                {s.signingTime && ` · ${dayjs(s.signingTime).format('YYYY-MM-DD HH:mm:ss')}`}
              </Typography.Text>
            </div>
            <Tag color={VERDICT_COLOR[s.bottomLine]} data-testid="signature-verdict">{t(`documents.verdict.${s.bottomLine}`)}</Tag>
            {s.eseal && (
              <Tag color={sealColor(s.eseal)} data-testid="signature-eseal-verdict" data-status={s.eseal.status}>
                {t('documents.panel.eseal')} · {t(`documents.sealStatus.${s.eseal.status as SealStatusKey}`, { defaultValue: s.eseal.status })}
              </Tag>
            )}
          </div>
        ),
        children: (
          <div className="bs-sig-details" data-testid="signature-details">
            <Typography.Paragraph className="bs-sig-explain">{t(`documents.verdictHint.${s.bottomLine}`)}</Typography.Paragraph>
            {row('signer', s.signer ? <span className="bs-break">{s.signer.subject}</span> : '—')}
            {s.signer?.certificate?.organization && row('organization', s.signer.certificate.organization)}
            {row('time', s.signingTime ? dayjs(s.signingTime).format('YYYY-MM-DD HH:mm:ss') : '—')}
            {s.timestamp && row('timestamp', `${s.timestamp.genTime ? dayjs(s.timestamp.genTime).format('YYYY-MM-DD HH:mm:ss') : '—'} · ${s.timestamp.tsa ?? ''} · ${t(s.timestamp.intact ? 'documents.panel.intact' : 'documents.panel.broken')}`)}
            {row('algorithm', [s.signatureAlgorithm, s.digestAlgorithm].filter(Boolean).join(' / ') || '—')}
            {row('format', s.subFilter ?? '—')}
            {row(
              'conclusion',
              <span data-testid="signature-conclusion">
                <Tag color={ETSI_COLOR[s.verdict]}>{t(`documents.etsi.${s.verdict}`)}</Tag>
                <span className="bs-mono">{s.indication}{s.subIndication ? ` / ${s.subIndication}` : ''}</span>
              </span>,
            )}
            {s.visualChanges.length > 0 &&
              row('visual', <ul className="bs-sig-changes" data-testid="signature-visual-changes">{s.visualChanges.slice(0, 8).map((v) => <li key={v.what}>{t('documents.visualChange')}{v.page !== null ? ` · ${t('documents.panel.sealOn', { pages: v.page + 1 })}` : ''}: <span className="bs-mono">{v.what}</span></li>)}</ul>)}
            {row('integrity', <Tag color={s.intact ? 'success' : 'error'}>{t(s.intact ? 'documents.panel.intact' : 'documents.panel.broken')}</Tag>)}
            {row('coverage', t(`documents.coverage.${s.coverage}`))}
            {row('modifications', t(`documents.modifications.${s.modifications}`))}
            {s.changes.length > 0 && row('changes', <ul className="bs-sig-changes">{s.changes.slice(0, 8).map((c) => <li key={c} className="bs-mono">{c}</li>)}</ul>)}
            {row('trust', <Tag color={s.trusted ? 'success' : 'default'}>{t(s.trusted ? 'documents.panel.trusted' : 'documents.panel.notTrusted')}</Tag>)}
            {s.path && s.path.issues.length > 0 && row('trustProblems', <ul className="bs-sig-changes" data-testid="signature-trust-problems">{s.path.issues.map((i, n) => <li key={n}>{trustIssue(i)}</li>)}</ul>)}
            {s.eseal && sealRows(s.eseal)}
            {row('seal', s.widgets.length ? t('documents.panel.sealOn', { pages: [...new Set(s.widgets.map((w) => w.page + 1))].join(', ') }) : t('documents.panel.invisible'))}
            {row('field', <span className="bs-mono">{s.fieldName}</span>)}
            {s.error && row('error', <span title={`${s.error.code}: ${s.error.message}`}>{isErrorCode(s.error.code) ? errorText({ code: s.error.code, message: s.error.message }) : s.error.code}</span>)}
          </div>
        ),
      }))}
    />
    </>
  );
}
