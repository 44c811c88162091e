// Runs in the renderer. Generate standard documents from the vault: the bid letter 投标函 and the
// authorisation letter 法定代表人授权委托书. The company facts come from the current bidder; the
// tender's facts are typed here (the price is shown in Chinese capitals as it will be printed). The
// Node side lays out the PDF and files it in the document store (tags: the bidder's USCC, the project,
// kind "generated"); the result is recorded in the bidder's history with its SM3, ready for signing.
// Opened from a bid project (ProjectGenerate), the tender facts come from the project, what the user
// types is remembered for that project while the vault is unlocked, and the PDF is filed under the
// project's checklist item.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Space, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { client } from '../../ipc/client';
import { exportFile, must, type StoredFileView } from '../../files/store';
import { useVaultSession } from '../../vault/current-bidder';
import type { Bidder, Person } from '../../vault/model';
import type { Entry } from '../../vault/vault';
import type { Project } from '../../../../shared/workspace/project';
import { letterDate, letterFieldsOf, projectDrafts, type LetterTemplate } from '../../vault/project-link';
import { plainYuan, rmbCapitals } from '../../../../shared/docs/rmb-capitals';
import { useFieldRules } from './CompanyForm';
import { errorText } from './util';
import { TextCol } from './TextCol';

interface DocForm {
  template: LetterTemplate;
  tenderee: string;
  projectName: string;
  lot?: string;
  tenderNo?: string;
  price?: string;
  durationDays?: number;
  quality?: string;
  validityDays?: number;
  bond?: string;
  date: Dayjs;
  agentId?: string;
  term?: string;
}

function capitalsOf(v: string | undefined): string {
  try {
    return v ? rmbCapitals(v) : '';
  } catch {
    return '';
  }
}

/** A letter for a bid project: its facts pre-fill the form, the template is fixed, `onGenerated` files the PDF. */
export interface ProjectLetter {
  project: Project;
  template: LetterTemplate;
  /** files the PDF; `tenderee` as typed (a project without a 招标人 learns it) */
  onGenerated(file: StoredFileView, facts: { tenderee: string }): Promise<void>;
}

const DEFAULTS = { template: 'bid-letter' as const, validityDays: 90, quality: '合格' };

function initialValues(link: ProjectLetter | undefined): Partial<DocForm> {
  if (!link) return { ...DEFAULTS, date: dayjs() };
  const { project, template } = link;
  return { ...DEFAULTS, ...letterFieldsOf(project), ...(projectDrafts.get(project.id, template) as Partial<DocForm> | undefined), template, date: dayjs(letterDate(project.deadline, new Date())) };
}

export function DocsTab({ bidderId, link }: { bidderId: string; link?: ProjectLetter }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { vault, revision, refresh } = useVaultSession();
  const [form] = Form.useForm<DocForm>();
  const [bidder, setBidder] = useState<Bidder | null>(null);
  const [people, setPeople] = useState<Entry<Person>[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<StoredFileView | null>(null);
  const rules = useFieldRules();
  const template = Form.useWatch('template', form) ?? 'bid-letter';
  const price = Form.useWatch('price', form);
  const bond = Form.useWatch('bond', form);

  useEffect(() => {
    void vault.getBidder(bidderId).then((e) => setBidder(e.value ?? null));
    void vault.list('personnel', bidderId).then(setPeople);
  }, [vault, bidderId, revision]);
  useEffect(() => setResult(null), [bidderId]);

  const complete = bidder && bidder.name && bidder.uscc && bidder.legalRepresentative;

  const generate = async (v: DocForm) => {
    if (!bidder) return;
    setBusy(true);
    setResult(null);
    try {
      const contact = bidder.contacts[0];
      const b = { name: bidder.name, uscc: bidder.uscc, legalRepresentative: bidder.legalRepresentative, address: bidder.address, postcode: bidder.postcode, phone: contact?.phone ?? '' };
      const date = v.date.format('YYYY-MM-DD');
      let data: unknown;
      if (v.template === 'bid-letter') {
        data = { bidder: b, tenderee: v.tenderee, projectName: v.projectName, lot: v.lot ?? '', tenderNo: v.tenderNo ?? '', price: v.price, durationDays: v.durationDays ?? undefined, quality: v.quality ?? '', validityDays: v.validityDays, bond: v.bond || undefined, date };
      } else {
        const agent = people.find((p) => p.id === v.agentId)?.value;
        const rep = people.find((p) => p.value?.name === bidder.legalRepresentative)?.value;
        data = { bidder: b, legalRepresentativeId: rep?.idNumber ?? '', agent: { name: agent?.name ?? '', idNumber: agent?.idNumber ?? '', title: agent?.role ?? '' }, tenderee: v.tenderee ?? '', projectName: v.projectName, lot: v.lot ?? '', tenderNo: v.tenderNo ?? '', term: v.term ?? '', date };
      }
      const tags = { bidder: bidder.uscc, kind: 'generated', ...(link ? { project: link.project.id } : {}) };
      const r = await must(client['docs.generate']({ template: v.template, data, tags }));
      setResult(r.file);
      await vault.put('history', bidderId, { at: new Date().toISOString(), project: v.projectName, platform: link?.project.platformId ?? '', action: 'generated', files: [{ name: r.file.name, sm3: r.file.sm3, fileId: r.file.id }], receipt: '' });
      await refresh();
      if (link) await link.onGenerated(r.file, { tenderee: v.tenderee?.trim() ?? '' });
      else message.success(t('vault.docs.generated', { name: r.file.name }));
    } catch (e) {
      message.error(errorText(e, i18n.language));
    } finally {
      setBusy(false);
    }
  };

  const f = (k: string) => t(`vault.docs.${k}` as 'vault.docs.tenderee');
  const required = (k: string) => ({ required: true, whitespace: true, message: t('vault.validation.required', { field: f(k) }) });
  return (
    <div data-testid="vault-docs">
      <Typography.Paragraph type="secondary">{t('vault.docs.intro')}</Typography.Paragraph>
      {!complete && <Alert type="warning" showIcon title={t('vault.docs.missingCompany')} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void generate(v)}
        initialValues={initialValues(link)}
        onValuesChange={(_c, all: DocForm) => {
          if (!link) return;
          const { date: _d, template: _t, ...typed } = all;
          projectDrafts.set(link.project.id, link.template, typed);
        }}
        disabled={!complete}
      >
        <Form.Item name="template" label={f('template')} hidden={!!link}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="docs-template">
            <Radio.Button value="bid-letter" data-testid="docs-template-bid-letter">{f('bidLetter')}</Radio.Button>
            <Radio.Button value="authorization" data-testid="docs-template-authorization">{f('authorization')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Row gutter={16}>
          <TextCol name="tenderee" label={f('tenderee')} rules={template === 'bid-letter' ? [required('tenderee')] : []} testId="docs-tenderee" />
          <TextCol name="projectName" label={f('projectName')} rules={[required('projectName')]} testId="docs-project" />
          <TextCol name="lot" label={f('lot')} xs={12} md={6} testId="docs-lot" />
          <TextCol name="tenderNo" label={f('tenderNo')} xs={12} md={6} mono testId="docs-tender-no" />
          <Col xs={12} md={6}>
            <Form.Item name="date" label={f('date')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {template === 'bid-letter' ? (
            <>
              <Col xs={12} md={6}>
                <Form.Item name="validityDays" label={f('validityDays')} rules={[{ required: true, message: t('vault.validation.required', { field: f('validityDays') }) }]}>
                  <InputNumber min={1} max={3650} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="price" label={f('price')} normalize={(v: string) => (typeof v === 'string' && /[,，¥￥]/.test(v) ? plainYuan(v) : v)} rules={[{ required: true, message: t('vault.validation.required', { field: f('price') }) }, rules.amount]} extra={capitalsOf(price) && <span data-testid="docs-capitals">{t('vault.docs.capitals', { text: capitalsOf(price) })}</span>}>
                  <Input className="bs-mono" inputMode="decimal" data-testid="docs-price" />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name="durationDays" label={f('durationDays')}>
                  <InputNumber min={1} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name="quality" label={f('quality')}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="bond" label={f('bond')} normalize={(v: string) => (typeof v === 'string' && /[,，¥￥]/.test(v) ? plainYuan(v) : v)} rules={[rules.amount]} extra={capitalsOf(bond) && t('vault.docs.capitals', { text: capitalsOf(bond) })}>
                  <Input className="bs-mono" inputMode="decimal" />
                </Form.Item>
              </Col>
            </>
          ) : (
            <>
              <Col xs={24} md={12}>
                <Form.Item name="agentId" label={f('agent')} extra={f('agentHint')} rules={[{ required: true, message: t('vault.validation.required', { field: f('agent') }) }]}>
                  <Select
                    data-testid="docs-agent"
                    options={people.filter((p) => !p.tampered).map((p) => ({ value: p.id, label: `${p.value!.name}${p.value!.role ? ` · ${p.value!.role}` : ''}` }))}
                    notFoundContent={t('vault.docs.agentNone')}
                    popupRender={(menu) => (
                      <>
                        {menu}
                        <AddPersonInline
                          onAdd={async (name, role) => {
                            const id = await vault.put('personnel', bidderId, { name, role });
                            refresh();
                            form.setFieldValue('agentId', id);
                          }}
                        />
                      </>
                    )}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="term" label={f('term')}>
                  <Input placeholder="自本授权委托书签署之日起至投标有效期届满之日止" />
                </Form.Item>
              </Col>
            </>
          )}
        </Row>
        <Button type="primary" htmlType="submit" icon={<FilePdfOutlined />} loading={busy} data-testid="docs-generate">
          {f('generate')}
        </Button>
      </Form>
      {result && !link && (
        <Card size="small" className="bs-card" style={{ marginTop: 16 }} data-testid="docs-result">
          <Space wrap>
            <FilePdfOutlined style={{ color: '#c0392b', fontSize: 20 }} />
            <Typography.Text strong data-testid="docs-result-name">{result.name}</Typography.Text>
            <Typography.Text type="secondary" className="bs-mono">SM3 {result.sm3.slice(0, 16)}…</Typography.Text>
            <Button icon={<DownloadOutlined />} onClick={() => void exportFile(result.id).catch((e: unknown) => message.error(errorText(e, i18n.language)))} data-testid="docs-result-export">
              {f('open')}
            </Button>
          </Space>
          <div data-testid="docs-result-id" data-file-id={result.id} hidden />
        </Card>
      )}
    </div>
  );
}

/** Adds a person to the staff list from inside the agent picker: an empty list is not a dead end. */
function AddPersonInline({ onAdd }: { onAdd(name: string, role: string): Promise<void> }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [busy, setBusy] = useState(false);
  const add = async () => {
    if (!name.trim()) return;
    setBusy(true);
    try {
      await onAdd(name.trim(), role.trim());
      setName('');
      setRole('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="bs-inline-add" onMouseDown={(e) => e.stopPropagation()} data-testid="docs-agent-add">
      <Input size="small" placeholder={t('vault.docs.agentName')} value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.stopPropagation()} maxLength={60} data-testid="docs-agent-add-name" />
      <Input size="small" placeholder={t('vault.docs.agentRole')} value={role} onChange={(e) => setRole(e.target.value)} onKeyDown={(e) => e.stopPropagation()} maxLength={60} />
      <Button size="small" type="primary" icon={<PlusOutlined />} loading={busy} disabled={!name.trim()} onClick={() => void add()} data-testid="docs-agent-add-submit">
        {t('vault.docs.agentAdd')}
      </Button>
    </div>
  );
}
