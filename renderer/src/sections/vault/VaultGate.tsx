// Runs in the renderer. The vault's door: create it with a passphrase (typed twice), or unlock it.
// A wrong passphrase says so and keeps the field; the KDF takes about a second, shown as loading.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useVaultSession } from '../../vault/current-bidder';
import { passphraseRule } from './passphrase-rule';
import { useVaultTask } from './useVaultTask';
import { TokenUnlockForm } from './TokenUnlock';

export function VaultGate({ mode }: { mode: 'create' | 'unlock' }) {
  const { t } = useTranslation();
  const { vault, refresh } = useVaultSession();
  const { busy, run } = useVaultTask();
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ passphrase: string; confirm?: string }>();

  const submit = async (v: { passphrase: string }) => {
    setError(null);
    await run('task', async () => {
      if (mode === 'create') await vault.create(v.passphrase);
      else await vault.unlock(v.passphrase);
      form.resetFields();
      await refresh();
    }, setError);
  };

  return (
    <Card className="bs-card bs-vault-gate" data-testid={`vault-${mode}`}>
      <div className="bs-vault-gate-inner">
        <div className="bs-vault-gate-icon" aria-hidden="true">
          {mode === 'create' ? <SafetyOutlined /> : <LockOutlined />}
        </div>
        <Typography.Title level={4}>{mode === 'create' ? t('vault.gate.createTitle') : t('vault.gate.unlockTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{mode === 'create' ? t('vault.gate.createHint') : t('vault.gate.unlockHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} style={{ maxWidth: 380, width: '100%' }}>
          <Form.Item
            name="passphrase"
            label={t('vault.gate.passphrase')}
            rules={[{ required: true, message: t('vault.validation.required', { field: t('vault.gate.passphrase') }) }, ...(mode === 'create' ? [passphraseRule(t)] : [])]}
          >
            <Input.Password autoFocus autoComplete={mode === 'create' ? 'new-password' : 'current-password'} data-testid="vault-passphrase" />
          </Form.Item>
          {mode === 'create' && (
            <Form.Item
              name="confirm"
              label={t('vault.gate.confirm')}
              dependencies={['passphrase']}
              rules={[
                { required: true, message: t('vault.validation.required', { field: t('vault.gate.confirm') }) },
                ({ getFieldValue }) => ({ validator: (_, value) => (value === getFieldValue('passphrase') ? Promise.resolve() : Promise.reject(new Error(t('vault.gate.mismatch')))) }),
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="vault-passphrase-confirm" />
            </Form.Item>
          )}
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="vault-gate-error" />}
          <Button type="primary" htmlType="submit" loading={!!busy} block data-testid={mode === 'create' ? 'vault-create-submit' : 'vault-unlock-submit'}>
            {busy ? t('vault.gate.deriving') : mode === 'create' ? t('vault.gate.create') : t('vault.gate.unlock')}
          </Button>
        </Form>
        {mode === 'unlock' && <TokenUnlockForm />}
      </div>
    </Card>
  );
}
