// Runs in the renderer. "Add a platform of your own": name, region, the platform's encryption
// certificate file(s), upload endpoint, size limit and envelope profile. The certificates are checked
// on the Node side (platforms.addCustom): a signing, CA or expired certificate is refused there.
import { useRef, useState } from 'react';
import { Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Tag } from 'antd';
import { FileProtectOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import type { IpcError } from '../../../../shared/ipc/contract';
import { bytesToBase64 } from '../../../../shared/encoding/base64';
import { BusinessType, EnvelopeProfile } from '../../../../shared/platforms/profile';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { Platform } from './model';

const CERT_ACCEPT = '.cer,.crt,.pem,.der';
type Picked = { name: string; text: string };

async function readCert(f: File): Promise<Picked> {
  const bytes = new Uint8Array(await f.arrayBuffer());
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2000));
  return { name: f.name, text: head.includes('-----BEGIN') ? new TextDecoder().decode(bytes) : bytesToBase64(bytes) };
}

interface Values {
  name: string;
  nameEn?: string;
  region?: string;
  endpoint?: string;
  maxMb?: number;
  cipher: EnvelopeProfile['cipher'];
  recipientId: EnvelopeProfile['recipientId'];
  rsaPadding: EnvelopeProfile['rsaPadding'];
  includeBidder: boolean;
  business?: Platform['businessTypes'];
  notes?: string;
}

export function CustomPlatformForm({ open, onClose, onAdded, initialRegion }: { open: boolean; onClose: () => void; onAdded: (p: Platform) => void; /** a region searched for without a hit ("福建") */ initialRegion?: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [certs, setCerts] = useState<Picked[]>([]);
  const [receipt, setReceipt] = useState<Picked | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const certInput = useRef<HTMLInputElement>(null);
  const receiptInput = useRef<HTMLInputElement>(null);

  const reset = () => {
    form.resetFields();
    setCerts([]);
    setReceipt(null);
    setError(null);
  };

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await client['platforms.addCustom']({
        name: { zh: v.name, ...(v.nameEn ? { en: v.nameEn } : {}) },
        ...(v.region ? { region: v.region } : {}),
        ...(v.endpoint ? { endpoint: v.endpoint } : {}),
        ...(v.maxMb ? { maxBytes: Math.round(v.maxMb * 1024 * 1024) } : {}),
        encryptionCertificates: certs.map((c) => c.text),
        ...(receipt ? { receiptCertificate: receipt.text } : {}),
        envelope: { cipher: v.cipher, recipientId: v.recipientId, rsaPadding: v.rsaPadding, includeBidderRecipient: v.includeBidder },
        businessTypes: v.business ?? [],
        ...(v.notes ? { notes: v.notes } : {}),
      });
      if (!r.ok) return setError(r.error);
      reset();
      onAdded(r.value);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('platforms.custom.title')}
      onCancel={() => (reset(), onClose())}
      okText={t('platforms.custom.submit')}
      cancelText={t('platforms.custom.cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      width={640}
      destroyOnHidden
      data-testid="custom-platform-form"
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ cipher: 'sm4-cbc', recipientId: 'issuerAndSerial', rsaPadding: 'oaep', includeBidder: true, ...(initialRegion ? { region: initialRegion } : {}) }}>
        <Form.Item name="name" label={t('platforms.custom.name')} rules={[{ required: true, whitespace: true, message: t('platforms.custom.nameRequired') }]}>
          <Input maxLength={200} data-testid="custom-name" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('platforms.custom.nameEn')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="region" label={t('platforms.custom.region')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('platforms.custom.certs')} extra={t('platforms.custom.certsHint')}>
          <Space direction="vertical" size={6}>
            <Button icon={<UploadOutlined />} onClick={() => certInput.current?.click()} data-testid="custom-pick-certs">
              {t('platforms.custom.pickCerts')}
            </Button>
            {certs.length > 0 && (
              <Space size={[4, 4]} wrap data-testid="custom-certs">
                {certs.map((c, i) => (
                  <Tag key={i} icon={<FileProtectOutlined />} closable onClose={() => setCerts((xs) => xs.filter((_, j) => j !== i))}>
                    {c.name}
                  </Tag>
                ))}
              </Space>
            )}
          </Space>
          <input
            ref={certInput}
            type="file"
            multiple
            accept={CERT_ACCEPT}
            style={{ display: 'none' }}
            data-testid="custom-cert-input"
            onChange={async (e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = '';
              const read = await Promise.all(files.map(readCert));
              setCerts((xs) => [...xs, ...read].slice(0, 8));
            }}
          />
        </Form.Item>
        <Form.Item name="endpoint" label={t('platforms.custom.endpoint')} rules={[{ pattern: /^https?:\/\/\S+$/, message: t('platforms.custom.endpointInvalid') }]}>
          <Input placeholder="https://" maxLength={2000} data-testid="custom-endpoint" />
        </Form.Item>
        <Form.Item name="maxMb" label={t('platforms.custom.maxMb')}>
          <InputNumber min={1} max={1024 * 1024} precision={0} className="bs-grow" />
        </Form.Item>
        <Form.Item label={t('platforms.custom.receiptCert')}>
          <Space size={8}>
            <Button icon={<UploadOutlined />} onClick={() => receiptInput.current?.click()}>
              {t('platforms.custom.pickReceipt')}
            </Button>
            {receipt && (
              <Tag icon={<FileProtectOutlined />} closable onClose={() => setReceipt(null)}>
                {receipt.name}
              </Tag>
            )}
          </Space>
          <input
            ref={receiptInput}
            type="file"
            accept={CERT_ACCEPT}
            style={{ display: 'none' }}
            onChange={async (e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) setReceipt(await readCert(f));
            }}
          />
        </Form.Item>
        <Space size={12} wrap className="bs-custom-envelope">
          <Form.Item name="cipher" label={t('platforms.custom.cipher')}>
            <Select className="bs-custom-select" options={EnvelopeProfile.shape.cipher.unwrap().options.map((c) => ({ value: c, label: c.toUpperCase() }))} />
          </Form.Item>
          <Form.Item name="recipientId" label={t('platforms.custom.recipientId')}>
            <Select className="bs-custom-select" options={[{ value: 'issuerAndSerial', label: 'issuerAndSerial' }, { value: 'ski', label: 'SKI' }]} />
          </Form.Item>
          <Form.Item name="rsaPadding" label={t('platforms.custom.rsaPadding')}>
            <Select className="bs-custom-select" options={[{ value: 'oaep', label: 'OAEP' }, { value: 'pkcs1', label: 'PKCS#1 v1.5' }]} />
          </Form.Item>
        </Space>
        <Form.Item name="includeBidder" valuePropName="checked">
          <Checkbox>{t('platforms.custom.includeBidder')}</Checkbox>
        </Form.Item>
        <Form.Item name="business" label={t('platforms.custom.business')}>
          <Select mode="multiple" options={BusinessType.options.map((b) => ({ value: b, label: t(`platforms.business.${b}`) }))} />
        </Form.Item>
        <Form.Item name="notes" label={t('platforms.custom.notes')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
      </Form>
      {error && <ErrorAlert title={t('platforms.custom.error')} error={error} />}
    </Modal>
  );
}
