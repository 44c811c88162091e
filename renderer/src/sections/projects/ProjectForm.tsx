// Runs in the renderer. New bid project: tender, platform, lots, deadline and opening time. The
// checklist starts from what tenders usually ask for and is edited on the project page.
import { Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import type { IpcError } from '../../../../shared/ipc/contract';
import type { Project } from '../../../../shared/workspace/project';
import { ErrorAlert } from '../../components/ErrorAlert';
import { usePlatforms } from './common';

interface Values {
  title: string;
  tenderNo?: string;
  tenderer?: string;
  platformId: string;
  lots: { name: string }[];
  deadline: Dayjs;
  openingTime: Dayjs;
}

export function ProjectForm({ open, bidder, onClose, onCreated }: { open: boolean; bidder: Project['bidder']; onClose(): void; onCreated(p: Project): void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  const platforms = usePlatforms();
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    const r = await client['projects.create']({
      bidder,
      title: v.title.trim(),
      tenderNo: v.tenderNo?.trim() ?? '',
      tenderer: v.tenderer?.trim() ?? '',
      platformId: v.platformId,
      lots: v.lots.map((l, i) => ({ id: `lot-${i + 1}`, name: l.name.trim() })),
      deadline: v.deadline.toISOString(),
      openingTime: v.openingTime.toISOString(),
    });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    form.resetFields();
    onCreated(r.value);
  };
  return (
    <Modal open={open} title={t('projects.form.title')} onCancel={onClose} footer={null} destroyOnHidden width={640}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ lots: [{ name: t('projects.form.defaultLot') }] }} data-testid="project-form">
        <Form.Item name="title" label={t('projects.form.name')} rules={[{ required: true, whitespace: true, message: t('projects.form.nameRequired') }]}>
          <Input maxLength={300} data-testid="project-title" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="tenderNo" label={t('projects.form.tenderNo')} style={{ flex: 1, marginRight: 12 }}>
            <Input maxLength={100} data-testid="project-tender-no" />
          </Form.Item>
          <Form.Item name="tenderer" label={t('projects.form.tenderer')} style={{ flex: 1 }}>
            <Input maxLength={200} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="platformId" label={t('projects.form.platform')} rules={[{ required: true, message: t('projects.form.platformRequired') }]}>
          <Select
            data-testid="project-platform"
            loading={platforms.loading}
            showSearch={{ optionFilterProp: 'label' }}
            options={platforms.list.map((p) => ({ value: p.id, label: `${p.name[i18n.language.startsWith('zh') ? 'zh' : 'en']}` }))}
          />
        </Form.Item>
        <Form.List name="lots">
          {(fields, { add, remove }) => (
            <Form.Item label={t('projects.form.lots')} required>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('projects.form.lotName') }]} style={{ marginBottom: 8, width: 420 }}>
                    <Input placeholder={t('projects.form.lotName')} maxLength={200} />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined aria-label={t('projects.remove')} onClick={() => remove(f.name)} />}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })}>
                {t('projects.form.addLot')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Space size="large">
          <Form.Item name="deadline" label={t('projects.form.deadline')} rules={[{ required: true, message: t('projects.form.timeRequired') }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="project-deadline" />
          </Form.Item>
          <Form.Item
            name="openingTime"
            label={t('projects.form.opening')}
            dependencies={['deadline']}
            rules={[
              { required: true, message: t('projects.form.timeRequired') },
              ({ getFieldValue }) => ({
                validator: (_r, v: Dayjs | undefined) => {
                  const d = getFieldValue('deadline') as Dayjs | undefined;
                  return !v || !d || !v.isBefore(d) ? Promise.resolve() : Promise.reject(new Error(t('projects.form.openingBeforeDeadline')));
                },
              }),
            ]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="project-opening" />
          </Form.Item>
        </Space>
        {error && <ErrorAlert title={t('projects.form.title')} error={error} />}
        <Space style={{ marginTop: 12 }}>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="project-submit">
            {t('projects.form.submit')}
          </Button>
          <Button onClick={onClose}>{t('projects.form.cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}
