// Runs in the renderer. "Check at the bid opening time": every certificate in My certificates is
// validated (certs.validate) at the opening instant under the chosen SM2 ID policy, with the other
// imported CA certificates as intermediates; an encryption certificate that expires before the
// opening gets the loudest warning on the page.
import { useEffect, useState, type HTMLAttributes } from 'react';
import { Alert, DatePicker, Segmented, Table, Tag, Tooltip, Typography } from 'antd';
import { IconCard } from '../../components/IconCard';
import { CheckCircleOutlined, FieldTimeOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { useErrorText } from '../../hooks/useErrorText';
import type { IpcError, VerdictView } from '../../../../shared/ipc/contract';
import { RoleTag } from './common';
import { STATUS_COLOR, displayName, fmtDateTime, isCaCert, isEncryption, isSigning, problemKey, statusKey, usageOf, type MyCert } from './model';

export type Sm2IdPolicy = 'strict' | 'lenient';
type Check = { state: 'loading' } | { state: 'ok'; verdict: VerdictView } | { state: 'error'; error: IpcError };

function useVerdicts(list: MyCert[], opening: Dayjs, policy: Sm2IdPolicy, trustVersion: number): Record<string, Check> {
  const [checks, setChecks] = useState<Record<string, Check>>({});
  const key = list.map((c) => c.view.fingerprintSha256).join(',');
  const at = opening.format();
  useEffect(() => {
    let live = true;
    const cas = list.filter((c) => isCaCert(c.view));
    setChecks((prev) => Object.fromEntries(list.map((c) => [c.view.fingerprintSha256, prev[c.view.fingerprintSha256]?.state === 'ok' ? prev[c.view.fingerprintSha256] : { state: 'loading' }])));
    for (const c of list) {
      const usage = usageOf(c.view);
      const intermediates = cas.filter((x) => x !== c).slice(0, 16).map((x) => x.view.der);
      void client['certs.validate']({ data: c.view.der, intermediates, at, sm2IdPolicy: policy, ...(usage ? { usage } : {}) }).then((r) => {
        if (!live) return;
        setChecks((prev) => ({ ...prev, [c.view.fingerprintSha256]: r.ok ? { state: 'ok', verdict: r.value } : { state: 'error', error: r.error } }));
      });
    }
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by fingerprints, instant and policy
  }, [key, at, policy, trustVersion]);
  return checks;
}

function sm2IdOf(v: VerdictView): 'default' | 'empty' | null {
  if (v.sm2IdUsed.includes('empty')) return 'empty';
  if (v.sm2IdUsed.includes('default')) return 'default';
  return null;
}

function VerdictDetail({ check }: { check: Check | undefined }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (!check || check.state === 'loading') return <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>;
  if (check.state === 'error') return <Typography.Text type="danger">{t('certificates.opening.validateError')}：{errorText(check.error)}</Typography.Text>;
  const v = check.verdict;
  const sk = statusKey(v.status);
  const id = sm2IdOf(v);
  const name = (i: number) => (v.chain[i] ? displayName(v.chain[i]) : `#${i}`);
  return (
    <div className="bs-verdict-detail">
      {sk && t(`certificates.statusHelp.${sk}`) && <div className={sk === 'valid' ? 'bs-verdict-help' : 'bs-verdict-help bs-verdict-help-bad'}>{t(`certificates.statusHelp.${sk}`)}</div>}
      {v.problems.length > 0 && (
        <ul className="bs-verdict-problems" data-testid="verdict-problems">
          {v.problems.map((p, i) => {
            const pk = problemKey(p.code);
            return (
              <li key={i} title={p.message}>
                {pk ? t(`certificates.problems.${pk}`, { name: name(p.certIndex) }) : t('certificates.problems.other', { name: name(p.certIndex), message: p.message })}
              </li>
            );
          })}
        </ul>
      )}
      <div className="bs-verdict-meta">
        {id && (
          <Tag color={id === 'empty' ? 'orange' : 'blue'} bordered={false} data-testid="verdict-sm2id" data-sm2id={id}>
            {t('certificates.opening.sm2Id', { id: id === 'empty' ? t('certificates.opening.sm2IdEmpty') : t('certificates.opening.sm2IdDefault') })}
          </Tag>
        )}
        {v.chain.length > 0 && (
          <Typography.Text type="secondary" className="bs-verdict-chain">
            {t('certificates.opening.chain', { chain: v.chain.map((c) => displayName(c)).join(' → ') })}
          </Typography.Text>
        )}
        {v.evidence.map((list, i) =>
          list.map((e, j) => (
            <Typography.Text key={`${i}-${j}`} type="secondary" className="bs-verdict-evidence" data-testid="verdict-evidence" title={e.source}>
              {t(e.kind === 'crl' ? 'certificates.opening.evidenceCrl' : 'certificates.opening.evidenceOcsp', { name: name(i), by: e.by, produced: fmtDateTime(e.produced) })}
            </Typography.Text>
          )),
        )}
      </div>
    </div>
  );
}

function StatusTag({ check }: { check: Check | undefined }) {
  const { t } = useTranslation();
  if (!check || check.state === 'loading') return <Tag data-testid="verdict-status" data-status="loading">{t('common.loading')}</Tag>;
  if (check.state === 'error') return <Tag color="error" data-testid="verdict-status" data-status="error">{check.error.code}</Tag>;
  const sk = statusKey(check.verdict.status);
  return (
    <Tag color={sk ? STATUS_COLOR[sk] : 'default'} icon={sk === 'valid' ? <CheckCircleOutlined /> : undefined} data-testid="verdict-status" data-status={check.verdict.status} className="bs-verdict-status">
      {sk ? t(`certificates.status.${sk}`) : t('certificates.status.unknown', { status: check.verdict.status })}
    </Tag>
  );
}

export function OpeningCheck({ list, opening, setOpening, policy, setPolicy, trustVersion }: { list: MyCert[]; opening: Dayjs; setOpening: (d: Dayjs) => void; policy: Sm2IdPolicy; setPolicy: (p: Sm2IdPolicy) => void; trustVersion: number }) {
  const { t } = useTranslation();
  const checks = useVerdicts(list, opening, policy, trustVersion);
  const openingText = fmtDateTime(opening);
  const openingMs = opening.valueOf();
  const encExpiring = list.filter((c) => isEncryption(c.view) && new Date(c.view.notAfter).getTime() < openingMs);
  const signExpiring = list.filter((c) => isSigning(c.view) && !isEncryption(c.view) && new Date(c.view.notAfter).getTime() < openingMs);
  const notYet = list.filter((c) => new Date(c.view.notBefore).getTime() > openingMs);
  const allValid = list.length > 0 && list.every((c) => { const k = checks[c.view.fingerprintSha256]; return k?.state === 'ok' && k.verdict.status === 'valid'; });

  return (
    <IconCard
      data-testid="opening-check"
      icon={<FieldTimeOutlined />}
      title={t('certificates.opening.title')}
      lead={t('certificates.opening.description')}
    >
      <div className="bs-opening-controls">
        <label className="bs-field">
          <span className="bs-field-label">{t('certificates.opening.time')}</span>
          <span data-testid="opening-time">
            <DatePicker
              showTime={{ format: 'HH:mm', minuteStep: 5 }}
              format="YYYY-MM-DD HH:mm"
              value={opening}
              allowClear={false}
              placeholder={t('certificates.opening.timePlaceholder')}
              onChange={(d) => d && setOpening(d)}
              style={{ width: 220 }}
            />
          </span>
        </label>
        <div className="bs-field">
          <span className="bs-field-label">
            {t('certificates.opening.policy')}
            <Tooltip title={t('certificates.opening.policyHelp')} styles={{ root: { maxWidth: 380 } }}>
              <QuestionCircleOutlined className="bs-help-icon" aria-label={t('certificates.opening.policyHelp')} data-testid="sm2-policy-help" />
            </Tooltip>
          </span>
          <Segmented<Sm2IdPolicy>
            value={policy}
            onChange={setPolicy}
            data-testid="sm2-policy"
            options={[
              { value: 'strict', label: <span data-testid="sm2-policy-strict">{t('certificates.opening.strict')}</span> },
              { value: 'lenient', label: <span data-testid="sm2-policy-lenient">{t('certificates.opening.lenient')}</span> },
            ]}
          />
        </div>
      </div>

      {list.length === 0 ? (
        <Alert type="info" showIcon title={t('certificates.opening.empty')} />
      ) : (
        <div className="bs-stack">
          {encExpiring.map((c) => (
            <Alert
              key={c.view.fingerprintSha256}
              type="error"
              showIcon
              className="bs-alert-strong"
              data-testid="enc-expiry-warning"
              title={t('certificates.opening.encExpiryTitle')}
              description={t('certificates.opening.encExpiry', { date: fmtDateTime(c.view.notAfter), opening: openingText })}
            />
          ))}
          {signExpiring.map((c) => (
            <Alert
              key={c.view.fingerprintSha256}
              type="warning"
              showIcon
              data-testid="sign-expiry-warning"
              title={t('certificates.opening.signExpiryTitle')}
              description={t('certificates.opening.signExpiry', { date: fmtDateTime(c.view.notAfter), opening: openingText })}
            />
          ))}
          {notYet.map((c) => (
            <Alert key={c.view.fingerprintSha256} type="warning" showIcon title={t('certificates.opening.notYetValidTitle')} description={t('certificates.opening.notYetValid', { name: displayName(c.view), date: fmtDateTime(c.view.notBefore), opening: openingText })} />
          ))}
          {allValid && <Alert type="success" showIcon title={t('certificates.opening.allValid', { opening: openingText })} data-testid="opening-all-valid" />}
          <Table<MyCert>
            size="middle"
            pagination={false}
            rowKey={(c) => c.view.fingerprintSha256}
            dataSource={list}
            data-testid="opening-verdicts"
            onRow={(_, i) => ({ 'data-testid': `verdict-${i ?? 0}` }) as HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('certificates.opening.columnCert'),
                key: 'cert',
                width: 280,
                render: (_, c) => (
                  <div className="bs-verdict-cert">
                    <RoleTag role={c.view.role} />
                    <Typography.Text strong ellipsis={{ tooltip: c.view.subject }}>{displayName(c.view)}</Typography.Text>
                  </div>
                ),
              },
              {
                title: t('certificates.opening.columnUsage'),
                key: 'usage',
                width: 130,
                render: (_, c) => {
                  const u = usageOf(c.view);
                  return <Typography.Text type="secondary">{t(`certificates.opening.usage.${u ?? 'none'}`)}</Typography.Text>;
                },
              },
              { title: t('certificates.opening.columnStatus'), key: 'status', width: 130, render: (_, c) => <StatusTag check={checks[c.view.fingerprintSha256]} /> },
              { title: t('certificates.opening.columnDetail'), key: 'detail', render: (_, c) => <VerdictDetail check={checks[c.view.fingerprintSha256]} /> },
            ]}
          />
        </div>
      )}
    </IconCard>
  );
}
