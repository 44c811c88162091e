// Runs in the renderer. The seal wizard: documents from the store (signed PDFs first) → platform
// (its profile from the platform directory) or recipient certificates, the bidder's own encryption
// certificate, custody, opening time, bidder and tender → signer (CarrierPicker) and optional test
// decryption identity → the pre-flight check list (bid.preflight) → bid.seal with phase and bytes → the
// result: hashes, recipients, self-check, where the sealed file and the backup lie, export buttons.
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { recipientLabel } from '../platforms/model';
import { useCurrentBidder } from '../../vault/current-bidder';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Form, Input, InputNumber, List, Progress, Result, Row, Select, Space, Steps, Table, Tag, Typography } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, FilePdfOutlined, FileOutlined, LockOutlined, SafetyOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../../../shared/ipc/contract';
import type { PreflightView, SealResultView } from '../../../../shared/ipc/specs/bid';
import { client, newJobId } from '../../ipc/client';
import { useIpc } from '../../hooks/useIpc';
import { useErrorText } from '../../hooks/useErrorText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CarrierPicker, type CarrierChoice } from '../../components/CarrierPicker';
import { FileDrop } from '../../files/FileDrop';
import { exportFile, formatBytes, IpcFailure, type StoredFileView } from '../../files/store';
import { CertFiles, type PickedCert } from './CertFiles';
import { ChecksTable } from './ChecksTable';
import { custodyLabel, groupHex, useJobProgress } from './model';
import { SealCipher } from '../../../../shared/envelope/cipher-names';

const HIDDEN_KINDS = new Set(['sealed-bid', 'bid-backup', 'seal-image', 'eseal', 'eseal-upload']);
const CIPHERS = SealCipher.options;
type CustodyKind = 'platform' | 'bidder' | 'joint' | 'threshold';

interface TenderForm {
  tenderId: string;
  lot?: string;
  title?: string;
  bidderName: string;
  bidderUscc: string;
}

const defaultOpening = () => dayjs().add(14, 'day').hour(9).minute(30).second(0).millisecond(0);

/** a Descriptions row (called as a function: antd reads the Item elements themselves) */
function hashRow(label: string, hex: string) {
  return (
    <Descriptions.Item label={label} key={label}>
      <Typography.Text code copyable={{ text: hex }} className="bs-hash">
        {groupHex(hex)}
      </Typography.Text>
    </Descriptions.Item>
  );
}

export function SealWizard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const zh = i18n.language.startsWith('zh');
  const [step, setStep] = useState(0);
  const [refresh, setRefresh] = useState(0);
  // an agency works for one bidder at a time: only that bidder's documents are offered
  const bidder = useCurrentBidder();
  const files = useIpc(() => client['files.list']({ tags: bidder ? { bidder: bidder.uscc } : {} }), `${refresh}:${bidder?.uscc}`);
  const platforms = useIpc(() => client['platforms.list']({}), 'platforms');
  const [fileIds, setFileIds] = useState<string[]>([]);
  const [platformId, setPlatformId] = useState<string>('');
  const [recipients, setRecipients] = useState<PickedCert[]>([]);
  const [bidderCert, setBidderCert] = useState<PickedCert[]>([]);
  const [custody, setCustody] = useState<CustodyKind | 'default'>('default');
  const [k, setK] = useState(2);
  const [cipher, setCipher] = useState<string>('default');
  const [opening, setOpening] = useState<Dayjs>(defaultOpening);
  const [form] = Form.useForm<TenderForm>();
  const [tender, setTender] = useState<TenderForm | null>(null);
  const [signer, setSigner] = useState<CarrierChoice | null>(null);
  const [selfCheckOn, setSelfCheckOn] = useState(true);
  const [selfCheck, setSelfCheck] = useState<CarrierChoice | null>(null);
  const [pre, setPre] = useState<PreflightView | null>(null);
  const [checking, setChecking] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJobProgress(jobId);
  const [result, setResult] = useState<SealResultView | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [projectId, setProjectId] = useState<string | undefined>();

  // From a bid project (?project=…&lot=…): its signed documents, platform, opening time and tender.
  useEffect(() => {
    const id = params.get('project');
    if (!id) return;
    void (async () => {
      const [p, st] = await Promise.all([client['projects.get']({ id }), client['projects.status']({ id })]);
      if (!p.ok || !st.ok) return setError(p.ok ? (st.ok ? null : st.error) : p.error);
      const lot = p.value.lots.find((l) => l.id === params.get('lot')) ?? p.value.lots[0]!;
      setProjectId(id);
      setFileIds(st.value.items.flatMap((i) => i.files.filter((f) => f.current.mediaType === 'application/pdf' || f.current.mediaType === 'application/ofd').map((f) => f.current.id)));
      setPlatformId(p.value.platformId);
      setOpening(dayjs(p.value.openingTime));
      const v: TenderForm = { tenderId: p.value.tenderNo || p.value.id, lot: lot.name, title: p.value.title, bidderName: p.value.bidder.name, bidderUscc: p.value.bidder.uscc };
      setTender(v);
      form.setFieldsValue(v);
    })();
    // the form instance is stable; run once per link
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [params]);

  const docs = useMemo(() => {
    const list = (files.value?.files ?? []).filter((f) => !HIDDEN_KINDS.has(f.tags.kind ?? ''));
    const rank = (f: StoredFileView) => (f.tags.kind === 'signed-pdf' || f.tags.kind === 'signed-ofd' ? 0 : f.mediaType === 'application/pdf' || f.mediaType === 'application/ofd' ? 1 : 2);
    return [...list].sort((a, b) => rank(a) - rank(b) || (a.addedAt < b.addedAt ? 1 : -1));
  }, [files.value]);
  const chosen = docs.filter((d) => fileIds.includes(d.id));
  const totalSize = chosen.reduce((n, d) => n + d.size, 0);
  const platformList = platforms.value?.platforms ?? [];
  const platform = platformList.find((p) => p.id === platformId);

  const custodyValue = custody === 'default' ? undefined : custody === 'threshold' ? `threshold:${k}` : custody;
  const target = () => ({
    ...(platformId ? { platformId } : {}),
    recipientCerts: recipients.map((r) => r.view.der),
    ...(bidderCert[0] ? { bidderCert: bidderCert[0].view.der } : {}),
    ...(custodyValue ? { custody: custodyValue } : {}),
    ...(cipher !== 'default' ? { cipher: cipher as (typeof CIPHERS)[number] } : {}),
  });

  const runPreflight = async () => {
    setChecking(true);
    setError(null);
    const r = await client['bid.preflight']({ ...target(), fileIds, ...(signer ? { signer: signer.carrier } : {}), openingTime: opening.toISOString(), ...(tender ? { bidderUscc: tender.bidderUscc } : {}) });
    setChecking(false);
    if (r.ok) setPre(r.value);
    else {
      setPre(null);
      setError(r.error);
    }
  };

  const seal = async () => {
    if (!signer || !tender) return;
    const id = newJobId();
    setError(null);
    setJobId(id);
    const r = await client['bid.seal']({
      ...target(),
      fileIds,
      meta: { tenderId: tender.tenderId, ...(tender.lot ? { lot: tender.lot } : {}), ...(tender.title ? { title: tender.title } : {}), bidderName: tender.bidderName, bidderUscc: tender.bidderUscc, ...(projectId ? { projectId } : {}) },
      signer: signer.carrier,
      ...(selfCheckOn && selfCheck ? { selfCheck: selfCheck.carrier } : {}),
      openingTime: opening.toISOString(),
      backup: true,
      jobId: id,
    });
    setJobId(null);
    if (r.ok) {
      setResult(r.value);
      setStep(3);
    } else {
      setError(r.error);
      const checks = (r.error as IpcError & { details?: { checks?: PreflightView['checks'] } }).details?.checks;
      if (checks && pre) setPre({ ...pre, ok: false, checks });
    }
  };

  const reset = () => {
    setStep(0);
    setResult(null);
    setPre(null);
    setError(null);
    setFileIds([]);
    setRefresh((n) => n + 1);
  };

  const exp = async (id: string) => {
    try {
      await exportFile(id);
    } catch (e) {
      void message.error(e instanceof IpcFailure ? errorText(e.error as IpcError) : String(e));
    }
  };

  const custodyText = (c: string) => custodyLabel(t, c, result?.recipients.length ?? 0);
  const canNext1 = fileIds.length > 0;
  // the key manager remembers the bidder's key per tender and judges it against the opening time
  const keyScope = tender ? { bidder: tender.bidderUscc, project: tender.lot ? `${tender.tenderId}/${tender.lot}` : tender.tenderId, openingTime: opening.toISOString() } : undefined;
  const canNext2 = (platformId || recipients.length > 0 || bidderCert.length > 0) && opening.isAfter(dayjs());
  const verdict = pre ? (pre.ok ? (pre.checks.some((c) => c.status === 'warn') ? 'warned' : 'passed') : 'failed') : null;

  return (
    <div className="bs-stack" data-testid="seal-wizard">
      <Steps
        current={step}
        size="small"
        items={[{ title: t('seal.steps.documents') }, { title: t('seal.steps.recipients') }, { title: t('seal.steps.signer') }, { title: t('seal.steps.result') }]}
      />

      {step === 0 && (
        <Card title={t('seal.documents.title')} className="bs-card" data-testid="seal-step-documents">
          <Typography.Paragraph type="secondary">{t('seal.documents.hint')}</Typography.Paragraph>
          {files.status === 'error' && <ErrorAlert title={t('seal.documents.title')} error={files.error} onRetry={files.reload} />}
          <Table<StoredFileView>
            size="small"
            rowKey="id"
            data-testid="seal-documents"
            pagination={docs.length > 10 ? { pageSize: 10 } : false}
            loading={files.status === 'loading'}
            locale={{ emptyText: t('seal.documents.none') }}
            rowSelection={{ selectedRowKeys: fileIds, onChange: (keys) => setFileIds(keys as string[]) }}
            dataSource={docs}
            columns={[
              {
                title: t('seal.documents.name'),
                key: 'name',
                render: (_, f) => (
                  <Space size={6}>
                    {f.mediaType === 'application/pdf' ? <FilePdfOutlined /> : <FileOutlined />}
                    <span>{f.name}</span>
                    {(f.tags.kind === 'signed-pdf' || f.tags.kind === 'signed-ofd') && <Tag color="blue">{t('seal.documents.signed')}</Tag>}
                  </Space>
                ),
              },
              { title: t('seal.documents.size'), key: 'size', width: 120, align: 'right', render: (_, f) => formatBytes(f.size) },
            ]}
          />
          <div style={{ marginTop: 12 }}>
            <FileDrop compact onImported={(fs) => { setRefresh((n) => n + 1); setFileIds((ids) => [...ids, ...fs.map((f) => f.id)]); }} onError={(e) => void message.error(e instanceof IpcFailure ? errorText(e.error as IpcError) : String(e))} testId="seal-file-drop" />
          </div>
          <Space style={{ marginTop: 12, justifyContent: 'space-between', width: '100%' }}>
            <Typography.Text type="secondary" data-testid="seal-selected">
              {fileIds.length > 0 ? t('seal.documents.selected', { count: fileIds.length, size: formatBytes(totalSize) }) : ''}
            </Typography.Text>
            <Button type="primary" disabled={!canNext1} onClick={() => setStep(1)} data-testid="seal-next-1">
              {t('seal.next')}
            </Button>
          </Space>
        </Card>
      )}

      {step === 1 && (
        <Form form={form} layout="vertical" requiredMark initialValues={tender ?? undefined} onFinish={(v) => { setTender(v); setPre(null); setStep(2); }}>
          <Row gutter={16}>
            <Col xs={24} xl={13}>
              <Card title={t('seal.recipients.platformTitle')} className="bs-card" data-testid="seal-step-recipients">
                <Form.Item label={t('seal.recipients.platform')}>
                  {platforms.status === 'error' ? (
                    <Alert type="info" showIcon title={t('seal.recipients.directoryUnavailable')} />
                  ) : (
                    <Select
                      data-testid="seal-platform"
                      value={platformId}
                      loading={platforms.status === 'loading'}
                      showSearch={{ optionFilterProp: 'label' }}
                      onChange={setPlatformId}
                      options={[{ value: '', label: t('seal.recipients.noPlatform') }, ...platformList.map((p) => ({ value: p.id, label: zh ? p.name.zh : p.name.en }))]}
                    />
                  )}
                  {platform && (
                    <Typography.Text type="secondary">
                      {platform.envelope.cipher.toUpperCase()} · {t('seal.recipients.platformCerts', { count: platform.recipients.length, names: platform.recipients.map((r) => recipientLabel(t, r, zh ? 'zh' : 'en')).join(zh ? '、' : ', ') })}
                    </Typography.Text>
                  )}
                </Form.Item>
                <Form.Item label={t('seal.recipients.recipientCerts')} extra={t('seal.recipients.recipientCertsHint')}>
                  <CertFiles value={recipients} onChange={setRecipients} multiple testId="seal-recipient-certs" />
                </Form.Item>
                <Form.Item label={t('seal.recipients.bidderCert')} extra={t('seal.recipients.bidderCertHint')}>
                  <CertFiles value={bidderCert} onChange={setBidderCert} multiple={false} mine testId="seal-bidder-cert" />
                </Form.Item>
                <Row gutter={12}>
                  <Col span={14}>
                    <Form.Item label={t('seal.recipients.custody')}>
                      <Select
                        data-testid="seal-custody"
                        value={custody}
                        onChange={setCustody}
                        options={[
                          { value: 'default', label: platform ? t('seal.recipients.cipherDefault') : t('seal.recipients.custodyOptions.platform') },
                          ...(['platform', 'bidder', 'joint', 'threshold'] as const).map((c) => ({ value: c, label: t(`seal.recipients.custodyOptions.${c}`, { k }) })),
                        ]}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={10}>
                    {custody === 'threshold' ? (
                      <Form.Item label={t('seal.recipients.threshold')}>
                        <InputNumber min={1} max={16} value={k} onChange={(v) => setK(v ?? 2)} style={{ width: '100%' }} />
                      </Form.Item>
                    ) : (
                      <Form.Item label={t('seal.recipients.cipher')}>
                        <Select data-testid="seal-cipher" value={cipher} onChange={setCipher} options={[{ value: 'default', label: t('seal.recipients.cipherDefault') }, ...CIPHERS.map((c) => ({ value: c, label: c.toUpperCase() }))]} />
                      </Form.Item>
                    )}
                  </Col>
                </Row>
                <Form.Item label={t('seal.recipients.opening')} extra={t('seal.recipients.openingHint')} required>
                  <DatePicker data-testid="seal-opening" showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={opening} onChange={(d) => d && setOpening(d)} style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
                </Form.Item>
              </Card>
            </Col>
            <Col xs={24} xl={11}>
              <Card title={t('seal.recipients.tenderTitle')} className="bs-card">
                <Form.Item name="tenderId" label={t('seal.recipients.tenderId')} rules={[{ required: true, whitespace: true, message: t('seal.recipients.required') }]}>
                  <Input data-testid="seal-tender-id" maxLength={256} />
                </Form.Item>
                <Form.Item name="lot" label={t('seal.recipients.lot')}>
                  <Input data-testid="seal-lot" maxLength={256} />
                </Form.Item>
                <Form.Item name="title" label={t('seal.recipients.title')}>
                  <Input data-testid="seal-title" maxLength={500} />
                </Form.Item>
                <Form.Item name="bidderName" label={t('seal.recipients.bidderName')} rules={[{ required: true, whitespace: true, message: t('seal.recipients.required') }]}>
                  <Input data-testid="seal-bidder-name" maxLength={512} />
                </Form.Item>
                <Form.Item name="bidderUscc" label={t('seal.recipients.uscc')} normalize={(v: string) => v.toUpperCase().trim()} rules={[{ required: true, len: 18, message: t('seal.recipients.required') }]}>
                  <Input data-testid="seal-uscc" maxLength={18} className="bs-mono" />
                </Form.Item>
              </Card>
            </Col>
          </Row>
          <Space style={{ justifyContent: 'space-between', width: '100%' }}>
            <Button onClick={() => setStep(0)}>{t('seal.back')}</Button>
            <Button type="primary" htmlType="submit" disabled={!canNext2} data-testid="seal-next-2">
              {t('seal.next')}
            </Button>
          </Space>
        </Form>
      )}

      {step === 2 && (
        <>
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Card title={t('seal.signer.title')} className="bs-card" data-testid="seal-step-signer">
                <Typography.Paragraph type="secondary">{t('seal.signer.hint')}</Typography.Paragraph>
                <CarrierPicker onChange={(c) => { setSigner(c); setPre(null); }} {...(keyScope ? { scope: keyScope } : {})} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('seal.signer.selfCheckTitle')} className="bs-card" data-testid="seal-self-check">
                <Typography.Paragraph type="secondary">{t('seal.signer.selfCheckHint')}</Typography.Paragraph>
                <Checkbox checked={selfCheckOn} onChange={(e) => setSelfCheckOn(e.target.checked)} data-testid="seal-self-check-on">
                  {t('seal.signer.selfCheckEnable')}
                </Checkbox>
                {selfCheckOn && <div style={{ marginTop: 12 }}><CarrierPicker purpose="decrypt" onChange={setSelfCheck} testId="seal-self-check-identity" {...(keyScope ? { scope: keyScope } : {})} /></div>}
              </Card>
            </Col>
          </Row>
          <Card
            title={t('seal.steps.signer')}
            className="bs-card"
            extra={
              <Button icon={<SafetyOutlined />} onClick={() => void runPreflight()} loading={checking} disabled={!signer || job !== null} data-testid="seal-preflight">
                {pre ? t('seal.signer.rerun') : t('seal.signer.run')}
              </Button>
            }
          >
            {pre && (
              <div className="bs-stack">
                <Alert type={verdict === 'failed' ? 'error' : verdict === 'warned' ? 'warning' : 'success'} showIcon title={verdict ? t(`seal.signer.${verdict}`) : ''} data-testid="seal-preflight-verdict" />
                <Descriptions size="small" column={1} bordered data-testid="seal-preflight-plan">
                  <Descriptions.Item label={t('seal.result.recipients')}>
                    {pre.recipients.map((r) => (
                      <div key={`${r.issuer}|${r.serialNumber}`}>
                        {r.role && <Tag color={r.role === 'bidder' ? 'blue' : 'gold'}>{t(`seal.roles.${r.role as 'platform' | 'escrow' | 'tenderer' | 'bidder' | 'other'}`)}</Tag>}
                        {r.subject} <Typography.Text type="secondary">· {r.keyKind?.toUpperCase()} · {r.serialNumber}</Typography.Text>
                      </div>
                    ))}
                  </Descriptions.Item>
                  <Descriptions.Item label={`${t('seal.result.cipher')} / ${t('seal.result.custody')}`}>
                    {pre.cipher.toUpperCase()} · {custodyLabel(t, pre.custody, pre.recipients.length)}
                    {pre.platformName ? ` · ${zh ? pre.platformName.zh : pre.platformName.en}` : ''}
                  </Descriptions.Item>
                </Descriptions>
                <ChecksTable checks={pre.checks} />
              </div>
            )}
            {error && <div style={{ marginTop: 12 }}><ErrorAlert title={t('seal.signer.seal')} error={error} /></div>}
            {job && (
              <div data-testid="seal-progress" style={{ marginTop: 12 }}>
                <Typography.Text>
                  {t(`seal.progress.phase.${job.phase}`, { defaultValue: job.phase })} · {t('seal.progress.bytes', { done: formatBytes(job.done), total: formatBytes(job.total) })}
                </Typography.Text>
                <Progress percent={job.total ? Math.floor((100 * job.done) / job.total) : 0} status="active" />
                <Button onClick={() => void client['jobs.cancel']({ jobId: job.id })} data-testid="seal-cancel">
                  {t('seal.progress.cancel')}
                </Button>
              </div>
            )}
          </Card>
          <Space style={{ justifyContent: 'space-between', width: '100%' }}>
            <Button onClick={() => setStep(1)} disabled={job !== null}>
              {t('seal.back')}
            </Button>
            <Button type="primary" icon={<LockOutlined />} disabled={!pre?.ok || !signer || job !== null || (selfCheckOn && !selfCheck)} loading={job !== null} onClick={() => void seal()} data-testid="seal-run">
              {t('seal.signer.seal')}
            </Button>
          </Space>
        </>
      )}

      {step === 3 && result && (
        <Card className="bs-card" data-testid="seal-result">
          <Result
            status="success"
            title={t('seal.result.title')}
            subTitle={t('seal.result.subTitle')}
            extra={[
              // the next step: the upload page with this sealed file, its platform, record and project filled in
              <Button
                key="u"
                type="primary"
                icon={<CloudUploadOutlined />}
                onClick={() => navigate(`/upload?file=${result.sealed.id}${platformId ? `&platform=${platformId}` : ''}${result.historyId ? `&record=${result.historyId}` : ''}${projectId ? `&project=${projectId}` : ''}`)}
                data-testid="seal-go-upload"
              >
                {t('seal.result.upload')}
              </Button>,
              <Button key="e" icon={<DownloadOutlined />} onClick={() => void exp(result.sealed.id)} data-testid="seal-export">
                {t('seal.result.export')}
              </Button>,
              ...(result.backup
                ? [
                    <Button key="b" icon={<DownloadOutlined />} onClick={() => void exp(result.backup!.id)} data-testid="seal-export-backup">
                      {t('seal.result.exportBackup')}
                    </Button>,
                  ]
                : []),
              <Button key="a" onClick={reset}>
                {t('seal.result.another')}
              </Button>,
            ]}
          />
          {result.historyError && <Alert type="warning" showIcon title={t('seal.result.historyError', { message: result.historyError.message })} style={{ marginBottom: 16 }} />}
          <Descriptions bordered size="small" column={1} data-testid="seal-result-details">
            <Descriptions.Item label={t('seal.result.sealedFile')}>
              <strong data-testid="seal-result-name">{result.sealed.name}</strong> · {formatBytes(result.bytes)}
            </Descriptions.Item>
            {hashRow(`${t('seal.result.sealedFile')} ${t('seal.result.sha256')}`, result.sha256)}
            {hashRow(`${t('seal.result.sealedFile')} ${t('seal.result.sm3')}`, result.sm3)}
            {hashRow(t('seal.result.packageSm3'), result.packageSm3)}
            <Descriptions.Item label={t('seal.result.cipher')}>{result.cipher.toUpperCase()}</Descriptions.Item>
            <Descriptions.Item label={t('seal.result.custody')}>{custodyText(result.custody)}</Descriptions.Item>
            <Descriptions.Item label={t('seal.result.recipients')}>
              <List
                size="small"
                dataSource={result.recipients}
                renderItem={(r) => (
                  <List.Item>
                    <Space size={6} wrap>
                      {r.role && <Tag color={r.role === 'bidder' ? 'blue' : 'gold'}>{t(`seal.roles.${r.role as 'platform' | 'escrow' | 'tenderer' | 'bidder' | 'other'}`)}</Tag>}
                      <span>{r.subject}</span>
                      <Typography.Text type="secondary">
                        {r.serialNumber} · {t('seal.recipients.validUntil', { date: dayjs(r.notAfter).format('YYYY-MM-DD') })}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            </Descriptions.Item>
            <Descriptions.Item label={t('seal.result.selfCheck')}>
              <div data-testid="seal-result-selfcheck">
                <div>✓ {t('seal.result.selfCheckListed')}</div>
                {result.selfCheck.opened && <div>✓ {t('seal.result.selfCheckOpened', { who: result.selfCheck.openedBy?.join(', ') })}</div>}
              </div>
            </Descriptions.Item>
            {result.backup && (
              <Descriptions.Item label={t('seal.result.backupFile')}>
                <div>
                  <strong>{result.backup.name}</strong> · {formatBytes(result.backup.size)}
                </div>
                <Typography.Text type="warning">{t('seal.result.backupHint')}</Typography.Text>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('seal.result.documents')}>
              {result.documents.map((d) => (
                <div key={d.name}>
                  {d.name} · {formatBytes(d.size)} · <Typography.Text type="secondary" className="bs-hash">SM3 {d.sm3.slice(0, 16)}…</Typography.Text>
                </div>
              ))}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </div>
  );
}
