// Runs in the renderer. The vault's optional USB-key unlock. TokenSlots (settings): wrap the vault key
// to an encryption certificate read from a USB key on the Certificates page (the passphrase confirms),
// list and remove such slots. TokenUnlockForm (lock screen): pick the slot, type the PIN; the Node side
// has the token decrypt the slot (docs.unwrapVaultKey) and the vault checks the key before using it.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, List, Popconfirm, Select, Space, Typography } from 'antd';
import { UsbOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { must } from '../../files/store';
import { useVaultSession } from '../../vault/current-bidder';
import { base64ToBytes, bytesToBase64 } from '../../../../shared/encoding/base64';
import type { Vault } from '../../vault/vault';
import { useMyCertificates } from '../certificates/model';
import { errorText } from './util';

type Slot = Awaited<ReturnType<Vault['tokenSlots']>>[number];

function useTokenSlots(vault: Vault, version: unknown) {
  const [slots, setSlots] = useState<Slot[]>([]);
  useEffect(() => void vault.tokenSlots().then(setSlots, () => setSlots([])), [vault, version]);
  return [slots, setSlots] as const;
}

export function TokenSlots() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { vault } = useVaultSession();
  const mine = useMyCertificates();
  const [version, setVersion] = useState(0);
  const [slots] = useTokenSlots(vault, version);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ fp: string; passphrase: string }>();
  const candidates = mine.list.filter((c) => c.pkcs11Uri && (c.view.role === 'encryption' || c.view.role === 'dual'));

  const add = async (v: { fp: string; passphrase: string }) => {
    const c = candidates.find((x) => x.view.fingerprintSha256 === v.fp);
    if (!c) return;
    setBusy(true);
    try {
      await vault.addTokenSlot(v.passphrase, { certDer: base64ToBytes(c.view.der), uri: c.pkcs11Uri!, label: `${c.view.commonName} · ${c.view.serialNumber}` });
      message.success(t('vault.token.added'));
      form.resetFields();
      setVersion((x) => x + 1);
    } catch (e) {
      message.error(errorText(e, i18n.language));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="vault-token-slots">
      <Typography.Title level={5}>
        <UsbOutlined /> {t('vault.token.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('vault.token.hint')}</Typography.Paragraph>
      {slots.length > 0 && (
        <List
          size="small"
          dataSource={slots}
          renderItem={(s) => (
            <List.Item
              actions={[
                <Popconfirm key="rm" title={t('vault.common.confirmDelete')} onConfirm={() => void vault.removeTokenSlot(s.key).then(() => setVersion((x) => x + 1))}>
                  <Button size="small" danger>
                    {t('vault.token.remove')}
                  </Button>
                </Popconfirm>,
              ]}
            >
              {s.label}
            </List.Item>
          )}
        />
      )}
      {candidates.length === 0 ? (
        <Alert type="info" showIcon title={t('vault.token.none')} />
      ) : (
        <Form form={form} layout="inline" onFinish={(v) => void add(v)} style={{ rowGap: 8 }}>
          <Form.Item name="fp" rules={[{ required: true, message: t('vault.token.choose') }]}>
            <Select style={{ minWidth: 260 }} placeholder={t('vault.token.choose')} options={candidates.map((c) => ({ value: c.view.fingerprintSha256, label: `${c.view.commonName} · ${c.view.serialNumber}` }))} />
          </Form.Item>
          <Form.Item name="passphrase" rules={[{ required: true, message: t('vault.token.passphrase') }]}>
            <Input.Password placeholder={t('vault.token.passphrase')} autoComplete="current-password" />
          </Form.Item>
          <Button htmlType="submit" loading={busy}>
            {t('vault.token.add')}
          </Button>
        </Form>
      )}
    </div>
  );
}

export function TokenUnlockForm() {
  const { t, i18n } = useTranslation();
  const { vault, refresh } = useVaultSession();
  const [slots] = useTokenSlots(vault, 0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ slot: string; pin: string }>();
  if (slots.length === 0) return null;

  const unlock = async (v: { slot: string; pin: string }) => {
    setBusy(true);
    setError(null);
    try {
      await vault.unlockWithToken(v.slot, async (recipientInfo, slot) => {
        const r = await must(client['docs.unwrapVaultKey']({ recipientInfo: bytesToBase64(recipientInfo), carrier: { kind: 'token', uri: slot.uri, pin: v.pin } }));
        return base64ToBytes(r.key);
      });
      await refresh();
    } catch (e) {
      setError(errorText(e, i18n.language));
    } finally {
      form.setFieldValue('pin', '');
      setBusy(false);
    }
  };

  return (
    <div style={{ maxWidth: 380, width: '100%', marginTop: 24 }} data-testid="vault-token-unlock">
      <Typography.Text type="secondary">{t('vault.token.or')}</Typography.Text>
      <Form form={form} layout="vertical" onFinish={(v) => void unlock(v)} initialValues={{ slot: slots[0].key }} style={{ marginTop: 8, textAlign: 'left' }}>
        <Form.Item name="slot" label={t('vault.token.slot')}>
          <Select options={slots.map((s) => ({ value: s.key, label: s.label }))} />
        </Form.Item>
        <Form.Item name="pin" label={t('vault.token.pin')} rules={[{ required: true, message: t('vault.token.pin') }]}>
          <Input.Password autoComplete="off" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Space>
          <Button htmlType="submit" icon={<UsbOutlined />} loading={busy}>
            {t('vault.token.unlock')}
          </Button>
        </Space>
      </Form>
    </div>
  );
}
