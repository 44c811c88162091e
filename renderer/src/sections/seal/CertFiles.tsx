// Runs in the renderer. Recipient certificates chosen as files (.cer/.crt/.pem/.p7b), read by certs.inspect so
// the bidder sees whose certificate it is, its role and its end date before anything is sealed; or picked
// from "My certificates" (the encryption ones). Only public certificates pass through here.
import { useState } from 'react';
import { App, Button, List, Select, Space, Tag, Typography, Upload } from 'antd';
import { DeleteOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CertView } from '../../../../shared/ipc/contract';
import { client } from '../../ipc/client';
import { useErrorText } from '../../hooks/useErrorText';
import { isEncryption, useMyCertificates } from '../certificates/model';
import { fileToBase64, fmtTime } from './model';

export interface PickedCert {
  view: CertView;
  source: string;
}

const ROLE_COLOR: Record<CertView['role'], string> = { encryption: 'blue', signing: 'red', dual: 'purple', ca: 'default', unknown: 'default' };

export function CertFiles({ value, onChange, multiple, testId, mine }: { value: PickedCert[]; onChange(v: PickedCert[]): void; multiple: boolean; testId: string; mine?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const my = useMyCertificates();
  const [busy, setBusy] = useState(false);
  const add = (items: PickedCert[]) => {
    const next = multiple ? [...value] : [];
    for (const i of items) if (!next.some((x) => x.view.fingerprintSha256 === i.view.fingerprintSha256)) next.push(i);
    onChange(multiple ? next : next.slice(-1));
  };
  const read = async (f: File) => {
    setBusy(true);
    try {
      const r = await client['certs.inspect']({ data: await fileToBase64(f) });
      if (!r.ok) return void message.error(`${t('seal.recipients.badCert', { name: f.name })}: ${errorText(r.error)}`);
      add(r.value.certificates.filter((c) => !c.isCa).map((view) => ({ view, source: f.name })));
    } finally {
      setBusy(false);
    }
  };
  const myEnc = my.list.filter((c) => isEncryption(c.view) && !c.view.isCa);
  return (
    <div className="bs-stack" data-testid={testId}>
      {value.length > 0 && (
        <List
          size="small"
          bordered
          dataSource={value}
          renderItem={(c) => (
            <List.Item
              data-testid={`${testId}-item`}
              actions={[<Button key="rm" type="text" size="small" icon={<DeleteOutlined />} aria-label="remove" onClick={() => onChange(value.filter((x) => x !== c))} />]}
            >
              <List.Item.Meta
                avatar={<SafetyCertificateOutlined />}
                title={
                  <Space size={6} wrap>
                    <span>{c.view.commonName || c.view.subject}</span>
                    <Tag color={ROLE_COLOR[c.view.role]}>{t(`certificates.roles.${c.view.role}`)}</Tag>
                  </Space>
                }
                description={
                  <Typography.Text type="secondary">
                    {c.view.organization ?? ''} · {c.view.publicKey} · {t('seal.recipients.validUntil', { date: fmtTime(c.view.notAfter) })} · {c.source}
                  </Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      )}
      <Space wrap>
        <Upload accept=".cer,.crt,.pem,.der,.p7b" multiple={multiple} showUploadList={false} beforeUpload={(f) => (void read(f), false)}>
          <Button icon={<UploadOutlined />} loading={busy} data-testid={`${testId}-add`}>
            {t('seal.recipients.addCert')}
          </Button>
        </Upload>
        {mine && myEnc.length > 0 && (
          <Select
            style={{ minWidth: 260 }}
            placeholder={t('seal.recipients.fromMyCerts')}
            value={null}
            options={myEnc.map((c) => ({ value: c.view.fingerprintSha256, label: `${c.view.commonName} · ${fmtTime(c.view.notAfter)}` }))}
            onChange={(fp: string) => {
              const c = myEnc.find((x) => x.view.fingerprintSha256 === fp);
              if (c) add([{ view: c.view, source: c.fileName ?? 'USB Key' }]);
            }}
          />
        )}
      </Space>
    </div>
  );
}
