// Runs in the renderer. The outcome of a test signature (keys.testSign), shown the same way for a
// certificate file and a USB key: success with the algorithm and the signer, or the mapped error.
import { Alert, Typography } from 'antd';
import { CheckCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { IpcError, Response } from '../../../../shared/ipc/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { displayName } from './model';

export type TestSignOutcome = { ok: true; value: Response<'keys.testSign'> } | { ok: false; error: IpcError };

const ALGORITHM_LABEL: Record<string, string> = {
  'sm2-sm3': 'SM2-SM3',
  'ecdsa-sha256': 'ECDSA-SHA256',
  'ecdsa-sha384': 'ECDSA-SHA384',
  'rsa-pkcs1-sha256': 'RSA-SHA256 (PKCS#1 v1.5)',
  'rsa-pss-sha256': 'RSA-PSS-SHA256',
};

/** A readable name of a signature algorithm id such as 'ecdsa-sha256'. */
export const algorithmLabel = (alg: string) => ALGORITHM_LABEL[alg] ?? alg.toUpperCase();

export function TestSignResult({ outcome }: { outcome: TestSignOutcome }) {
  const { t } = useTranslation();
  if (!outcome.ok)
    return (
      <div data-testid="test-sign-error" data-code={outcome.error.code} className="bs-test-sign-result">
        <ErrorAlert title={t('certificates.testSign.error')} error={outcome.error} />
      </div>
    );
  const v = outcome.value;
  const vars = { algorithm: algorithmLabel(v.algorithm), name: displayName(v.signer) };
  return (
    <Alert
      className="bs-test-sign-result"
      type={v.verified ? 'success' : 'warning'}
      showIcon
      icon={v.verified ? <CheckCircleFilled /> : undefined}
      data-testid="test-sign-result"
      data-verified={v.verified}
      data-algorithm={v.algorithm}
      title={<Typography.Text strong>{v.verified ? t('certificates.testSign.success', vars) : t('certificates.testSign.notVerified', vars)}</Typography.Text>}
      description={v.verified ? t('certificates.testSign.successDetail', { bytes: v.signatureBytes }) : t('certificates.testSign.notVerifiedDetail')}
    />
  );
}
