// Runs in the renderer. The company profile (企业基本信息) of a bidder: create a new bidder or edit the
// current one. The unified social credit code is checked with its GB 32100 check character as typed.
import { useEffect, useState } from 'react';
import { App, Button, Col, DatePicker, Form, Input, Popconfirm, Row, Space } from 'antd';
import { DeleteOutlined, MinusCircleOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { isValidUscc } from '../../../../shared/pki/uscc';
import { useVaultSession } from '../../vault/current-bidder';
import type { Bidder } from '../../vault/model';
import { errorText, fromDay, toDay } from './util';
import { TextCol } from './TextCol';

type FormValues = Omit<Bidder, 'establishedOn' | 'licenceAttachmentIds'> & { establishedOn?: Dayjs };

export function useFieldRules() {
  const { t } = useTranslation();
  const required = (field: string) => ({ required: true, whitespace: true, message: t('vault.validation.required', { field: t(`vault.fields.${field}` as 'vault.fields.name') }) });
  const uscc = { validator: (_: unknown, v: string) => (!v || isValidUscc(v.trim().toUpperCase()) ? Promise.resolve() : Promise.reject(new Error(t('vault.validation.uscc')))) };
  const amount = { pattern: /^(0|[1-9]\d{0,13})(\.\d{1,2})?$/, message: t('vault.validation.amount') };
  return { required, uscc, amount };
}

export function CompanyForm({ bidderId, onSaved, onDeleted }: { bidderId?: string; onSaved?: (id: string) => void; onDeleted?: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { vault, refresh, revision } = useVaultSession();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [licence, setLicence] = useState<string[]>([]);
  const rules = useFieldRules();

  useEffect(() => {
    if (!bidderId) {
      form.resetFields();
      return;
    }
    void vault.getBidder(bidderId).then((e) => {
      if (!e.value) return;
      const { establishedOn, licenceAttachmentIds, ...rest } = e.value;
      setLicence(licenceAttachmentIds);
      form.setFieldsValue({ ...rest, establishedOn: toDay(establishedOn) });
    });
  }, [bidderId, vault, form, revision]);

  const save = async (v: FormValues) => {
    setBusy(true);
    try {
      const id = await vault.putBidder({ ...v, uscc: v.uscc.trim().toUpperCase(), establishedOn: fromDay(v.establishedOn), contacts: (v.contacts ?? []).filter((c) => c && (c.name || c.phone)), licenceAttachmentIds: licence }, bidderId);
      message.success(bidderId ? t('vault.common.saved') : t('vault.company.created'));
      await refresh();
      onSaved?.(id);
    } catch (e) {
      message.error(errorText(e, i18n.language));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!bidderId) return;
    await vault.deleteBidder(bidderId);
    message.success(t('vault.common.deleted'));
    await refresh();
    onDeleted?.();
  };

  const f = (k: string) => t(`vault.fields.${k}` as 'vault.fields.name');
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="company-form" initialValues={{ contacts: [{ name: '', phone: '' }] }}>
      <Row gutter={16}>
        <TextCol name="name" label={f('name')} rules={[rules.required('name')]} testId="company-name" />
        <TextCol name="uscc" label={f('uscc')} rules={[rules.required('uscc'), rules.uscc]} normalize={(v: string) => v?.toUpperCase()} maxLength={18} mono testId="company-uscc" />
        <TextCol name="legalRepresentative" label={f('legalRepresentative')} md={8} rules={[rules.required('legalRepresentative')]} testId="company-legal" />
        <TextCol name="registeredCapital" label={f('registeredCapital')} md={8} placeholder="5000 万元" testId="company-capital" />
        <Col xs={24} md={8}>
          <Form.Item name="establishedOn" label={f('establishedOn')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <TextCol name="address" label={f('address')} md={16} testId="company-address" />
        <TextCol name="postcode" label={f('postcode')} md={8} rules={[{ pattern: /^\d{6}$/, message: f('postcode') }]} maxLength={6} testId="company-postcode" />
        <TextCol name="bankName" label={f('bankName')} testId="company-bank" />
        <TextCol name="bankAccount" label={f('bankAccount')} mono testId="company-account" />
      </Row>
      <Form.Item label={t('vault.company.contacts')}>
        <Form.List name="contacts">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((fl, i) => (
                <Space key={fl.key} align="baseline" wrap>
                  <Form.Item name={[fl.name, 'name']} noStyle>
                    <Input placeholder={f('contactName')} data-testid={`contact-name-${i}`} />
                  </Form.Item>
                  <Form.Item name={[fl.name, 'phone']} noStyle>
                    <Input placeholder={f('contactPhone')} data-testid={`contact-phone-${i}`} />
                  </Form.Item>
                  <Form.Item name={[fl.name, 'email']} noStyle rules={[{ type: 'email', message: f('contactEmail') }]}>
                    <Input placeholder={f('contactEmail')} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(fl.name)} aria-label={t('vault.common.delete')} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ name: '', phone: '' })} icon={<PlusOutlined />}>
                {t('vault.company.addContact')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item name="businessScope" label={f('businessScope')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy} data-testid="company-save">
          {t('vault.common.save')}
        </Button>
        {bidderId && (
          <Popconfirm title={t('vault.company.deleteBidder')} description={t('vault.company.deleteBidderConfirm')} onConfirm={() => void remove()} okButtonProps={{ danger: true }}>
            <Button danger icon={<DeleteOutlined />}>
              {t('vault.company.deleteBidder')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    </Form>
  );
}
