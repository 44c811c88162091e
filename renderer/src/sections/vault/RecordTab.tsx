// Runs in the renderer. One generic list + form for every record kind of a bidder (qualifications,
// staff, past projects, financial statements, CA certificates): a table of the decrypted rows, a
// modal form described by field specs (kinds.tsx), delete with confirmation. Rows that fail their
// integrity check are counted and reported, never shown.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Table, Tag, type ButtonProps } from 'antd';
import { DeleteOutlined, EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useVaultSession } from '../../vault/current-bidder';
import type { Attachment, Kind, KindInput, KindValue } from '../../vault/model';
import type { Entry } from '../../vault/vault';
import { useFieldRules } from './CompanyForm';
import { errorText, fromDay, toDay, listProps } from './util';
import { isSignatureAttachment } from '../../vault/signatures';

export type FieldType = 'text' | 'textarea' | 'date' | 'amount' | 'signedAmount' | 'year' | 'select' | 'tags' | 'scans' | 'certList' | 'idNumber';
export interface FieldSpec {
  name: string;
  /** key under vault.fields */
  label: string;
  type: FieldType;
  required?: boolean;
  span?: number;
  options?: { value: string; label: string }[];
}

export interface ColumnSpec<K extends Kind> {
  key: string;
  title: string;
  render: (v: KindValue<K>, id: string) => ReactNode;
  width?: number;
}

type FormValues = Record<string, unknown>;

function toForm(fields: FieldSpec[], v: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const f of fields) {
    const x = v[f.name];
    if (f.type === 'date') out[f.name] = toDay(x as string | undefined);
    else if (f.type === 'certList') out[f.name] = ((x as { name: string; number: string; validTo?: string }[]) ?? []).map((c) => ({ ...c, validTo: toDay(c.validTo) }));
    else out[f.name] = x;
  }
  return out;
}

function fromForm(fields: FieldSpec[], v: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const x = v[f.name];
    if (f.type === 'date') out[f.name] = fromDay(x as Dayjs | undefined);
    else if (f.type === 'certList') out[f.name] = ((x as { name: string; number?: string; validTo?: Dayjs }[]) ?? []).filter((c) => c?.name).map((c) => ({ name: c.name, number: c.number ?? '', validTo: fromDay(c.validTo) }));
    else if ((f.type === 'amount' || f.type === 'signedAmount') && !x) out[f.name] = undefined;
    else if (f.type === 'text' || f.type === 'textarea' || f.type === 'idNumber') out[f.name] = (x as string | undefined) ?? '';
    else out[f.name] = x;
  }
  return out;
}

export function useAttachments(bidderId: string | undefined) {
  const { vault, revision } = useVaultSession();
  const [list, setList] = useState<Entry<Attachment>[]>([]);
  useEffect(() => {
    if (!bidderId) return;
    // handwritten signatures are attachments too (vault/signatures.ts), shown on their person, not as scans
    void vault.list('attachments', bidderId).then((l) => setList(l.filter((a) => !isSignatureAttachment(a))), () => setList([]));
  }, [vault, bidderId, revision]);
  return list;
}

export function RecordTab<K extends Kind>({ kind, bidderId, fields, columns, testId, defaults, extraActions, onRemove }: { kind: K; bidderId: string; fields: FieldSpec[]; columns: ColumnSpec<K>[]; testId: string; defaults?: Record<string, unknown>; extraActions?: ReactNode; /** removes a row with what hangs on it (a person's signatures) */ onRemove?: (id: string) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { vault, revision, refresh } = useVaultSession();
  const [rows, setRows] = useState<Entry<KindValue<K>>[]>([]);
  const [editing, setEditing] = useState<{ id?: string; value?: object } | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const rules = useFieldRules();
  const attachments = useAttachments(bidderId);
  const scanOptions = useMemo(() => attachments.filter((a) => !a.tampered).map((a) => ({ value: a.id, label: a.value!.name })), [attachments]);

  const load = useCallback(() => {
    void vault.list(kind, bidderId).then(setRows, (e: unknown) => message.error(errorText(e, i18n.language)));
  }, [vault, kind, bidderId, message, i18n.language]);
  useEffect(load, [load, revision]);

  const open = (entry?: Entry<KindValue<K>>) => {
    form.resetFields();
    form.setFieldsValue(entry?.value ? toForm(fields, entry.value as Record<string, unknown>) : { ...defaults });
    setEditing({ id: entry?.id, value: entry?.value as object | undefined });
  };

  const save = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      // fields the form does not show (a certificate's DER and fingerprints) are kept, not dropped
      await vault.put(kind, bidderId, { ...editing?.value, ...fromForm(fields, v) } as KindInput<K>, editing?.id);
      message.success(t('vault.common.saved'));
      setEditing(null);
      await refresh();
    } catch (e) {
      message.error(errorText(e, i18n.language));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: string) => {
    await (onRemove ? onRemove(id) : vault.remove(kind, id));
    message.success(t('vault.common.deleted'));
    await refresh();
  };

  const label = (k: string) => t(`vault.fields.${k}` as 'vault.fields.name');
  const good = rows.filter((r): r is Entry<KindValue<K>> & { value: KindValue<K> } => !r.tampered);
  const tampered = rows.length - good.length;

  const control = (f: FieldSpec): ReactNode => {
    const tid = `${testId}-field-${f.name}`;
    switch (f.type) {
      case 'textarea':
        return <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid={tid} />;
      case 'date':
        return <DatePicker style={{ width: '100%' }} data-testid={tid} />;
      case 'year':
        return <InputNumber min={1990} max={2100} style={{ width: '100%' }} data-testid={tid} />;
      case 'select':
        return <Select options={f.options} data-testid={tid} />;
      case 'tags':
        return <Select mode="tags" tokenSeparators={[',', '，', '、']} data-testid={tid} />;
      case 'scans':
        return <Select mode="multiple" options={scanOptions} placeholder={t('vault.attachments.pick')} optionFilterProp="label" data-testid={tid} />;
      case 'amount':
      case 'signedAmount':
        return <Input inputMode="decimal" className="bs-mono" data-testid={tid} />;
      case 'idNumber':
        return <Input className="bs-mono" maxLength={18} autoComplete="off" data-testid={tid} />;
      default:
        return <Input data-testid={tid} />;
    }
  };

  return (
    <div data-testid={testId}>
      {tampered > 0 && <Alert type="error" showIcon title={t('vault.common.tamperedRows', { count: tampered })} style={{ marginBottom: 12 }} data-testid="vault-tampered" />}
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open()} data-testid={`${testId}-add`}>
          {t('vault.common.add')}
        </Button>
        {extraActions}
      </Space>
      <Table
        {...listProps(good, t('vault.common.empty'))}
        columns={[
          ...columns.map((c) => ({ key: c.key, title: c.title, width: c.width, render: (_: unknown, e: (typeof good)[number]) => c.render(e.value, e.id) })),
          {
            key: 'actions',
            title: t('vault.common.actions'),
            width: 120,
            render: (_: unknown, e: (typeof good)[number]) => (
              <Space size={4}>
                <Button type="text" size="small" icon={<EditOutlined />} aria-label={t('vault.common.edit')} onClick={() => open(e)} />
                <Popconfirm title={t('vault.common.confirmDelete')} onConfirm={() => void remove(e.id)} okButtonProps={{ danger: true }}>
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('vault.common.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={editing !== null} title={t(`vault.tabs.${kind}` as 'vault.tabs.company')} onCancel={() => setEditing(null)} onOk={() => void save()} confirmLoading={busy} okText={t('vault.common.save')} cancelText={t('vault.common.cancel')} width={720} destroyOnHidden okButtonProps={{ 'data-testid': `${testId}-save` } as ButtonProps}>
        <Form form={form} layout="vertical" preserve={false}>
          <Row gutter={16}>
            {fields.map((f) =>
              f.type === 'certList' ? (
                <Col span={24} key={f.name}>
                  <Form.Item label={label(f.name)}>
                    <Form.List name={f.name}>
                      {(items, { add, remove: rm }) => (
                        <Space direction="vertical" style={{ width: '100%' }}>
                          {items.map((it, i) => (
                            <Space key={it.key} align="baseline" wrap>
                              <Form.Item name={[it.name, 'name']} rules={[rules.required('certName')]} noStyle>
                                <Input placeholder={label('certName')} data-testid={`${testId}-cert-name-${i}`} />
                              </Form.Item>
                              <Form.Item name={[it.name, 'number']} noStyle>
                                <Input placeholder={label('number')} data-testid={`${testId}-cert-number-${i}`} />
                              </Form.Item>
                              <Form.Item name={[it.name, 'validTo']} noStyle>
                                <DatePicker placeholder={label('validTo')} data-testid={`${testId}-cert-valid-${i}`} />
                              </Form.Item>
                              <MinusCircleOutlined onClick={() => rm(it.name)} aria-label={t('vault.common.delete')} />
                            </Space>
                          ))}
                          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', number: '' })} data-testid={`${testId}-cert-add`}>
                            {label('certName')}
                          </Button>
                        </Space>
                      )}
                    </Form.List>
                  </Form.Item>
                </Col>
              ) : (
                <Col xs={24} md={f.span ?? 12} key={f.name}>
                  <Form.Item
                    name={f.name}
                    label={label(f.label)}
                    rules={[
                      ...(f.required ? [rules.required(f.label)] : []),
                      ...(f.type === 'amount' ? [rules.amount] : []),
                      ...(f.type === 'signedAmount' ? [{ pattern: /^-?(0|[1-9]\d{0,13})(\.\d{1,2})?$/, message: t('vault.validation.amount') }] : []),
                      ...(f.name === 'validTo'
                        ? [
                            ({ getFieldValue }: { getFieldValue: (n: string) => unknown }) => ({
                              validator: (_: unknown, v: Dayjs | undefined) => {
                                const from = getFieldValue('validFrom') as Dayjs | undefined;
                                return !v || !from || !v.isBefore(from) ? Promise.resolve() : Promise.reject(new Error(t('vault.validation.dateOrder')));
                              },
                            }),
                          ]
                        : []),
                    ]}
                  >
                    {control(f)}
                  </Form.Item>
                </Col>
              ),
            )}
          </Row>
        </Form>
      </Modal>
    </div>
  );
}

export const scanCount = (ids: string[] | undefined) => (ids && ids.length ? <Tag>{ids.length}</Tag> : null);
