// Runs in the renderer. Open & self-check (bid.open): a sealed file from the store, one or more decryption
// identities (key file or USB key; several for joint or threshold custody), then the verdict — who opened
// it, the manifest signature, and every document's SM3/SHA-256 against the manifest. The documents enter
// the store only when everything verified; each can be exported from here.
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Progress, Row, Space, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, DownloadOutlined, PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../../../shared/ipc/contract';
import type { OpenResultView } from '../../../../shared/ipc/specs/bid';
import { client, newJobId } from '../../ipc/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CarrierPicker, type CarrierChoice } from '../../components/CarrierPicker';
import { StoredFilePicker } from '../../files/StoredFilePicker';
import { exportFile, formatBytes } from '../../files/store';
import { fmtTime, useJobProgress } from './model';

export function OpenBid() {
  const { t } = useTranslation();
  const [fileId, setFileId] = useState<string | null>(null);
  const [parties, setParties] = useState<CarrierChoice[]>([]);
  const [current, setCurrent] = useState<CarrierChoice | null>(null);
  const [pickerKey, setPickerKey] = useState(0);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJobProgress(jobId);
  const [result, setResult] = useState<OpenResultView | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const identities = [...parties, ...(current ? [current] : [])];
  const run = async () => {
    if (!fileId || identities.length === 0) return;
    const id = newJobId();
    setJobId(id);
    setError(null);
    setResult(null);
    const r = await client['bid.open']({ fileId, identity: identities.map((c) => c.carrier), jobId: id });
    setJobId(null);
    if (r.ok) setResult(r.value);
    else setError(r.error);
  };

  return (
    <Row gutter={16}>
      <Col xs={24} xl={10}>
        <Card title={t('seal.open.title')} className="bs-card" data-testid="open-form">
          <Typography.Paragraph type="secondary">{t('seal.open.hint')}</Typography.Paragraph>
          <div className="bs-stack">
            <StoredFilePicker tags={{ kind: 'sealed-bid' }} value={fileId ? [fileId] : []} onChange={(ids) => setFileId(ids[0] ?? null)} testId="open-picker" />
            <Typography.Text strong>{t('seal.open.identity')}</Typography.Text>
            <Typography.Text type="secondary">{t('seal.open.identityHint')}</Typography.Text>
            {parties.length > 0 && (
              <Space wrap>
                {parties.map((p, i) => (
                  <Tag key={i} closable onClose={() => setParties(parties.filter((x) => x !== p))}>
                    {p.signer}
                  </Tag>
                ))}
              </Space>
            )}
            <CarrierPicker key={pickerKey} purpose="decrypt" onChange={setCurrent} testId="open-identity" />
            <Space>
              <Button
                icon={<PlusOutlined />}
                disabled={!current}
                onClick={() => {
                  if (current) setParties([...parties, current]);
                  setCurrent(null);
                  setPickerKey((n) => n + 1);
                }}
              >
                {t('seal.open.addParty')}
              </Button>
              <Button type="primary" icon={<UnlockOutlined />} disabled={!fileId || identities.length === 0 || job !== null} loading={job !== null} onClick={() => void run()} data-testid="open-run">
                {t('seal.open.run')}
              </Button>
            </Space>
            {job && (
              <div data-testid="open-progress">
                <Typography.Text>
                  {t(`seal.progress.phase.${job.phase}`, { defaultValue: job.phase })} · {t('seal.progress.bytes', { done: formatBytes(job.done), total: formatBytes(job.total) })}
                </Typography.Text>
                <Progress percent={job.total ? Math.floor((100 * job.done) / job.total) : 0} status="active" />
              </div>
            )}
          </div>
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <Card title={t('seal.open.bottomLine')} className="bs-card" data-testid="open-result">
          {error && <ErrorAlert title={t('seal.open.run')} error={error} />}
          {result && (
            <div className="bs-stack">
              <Alert
                type={result.bottomLine === 'valid' ? 'success' : 'error'}
                showIcon
                title={t(`seal.open.bottom.${result.bottomLine as 'valid' | 'changed' | 'invalid-signature' | 'no-manifest'}`)}
                description={result.manifest ? t('seal.open.manifest', { tender: `${result.manifest.tenderId}${result.manifest.lot ? ` · ${result.manifest.lot}` : ''}`, bidder: result.manifest.bidder.name, uscc: result.manifest.bidder.uscc }) : undefined}
                data-testid="open-verdict"
              />
              <Descriptions bordered size="small" column={1}>
                <Descriptions.Item label={t('seal.open.openedBy')}>{result.openedBy.join('; ')}</Descriptions.Item>
                <Descriptions.Item label={t('seal.open.signature')}>
                  {result.signature?.intact ? (
                    <span>
                      <CheckCircleOutlined style={{ color: 'var(--ant-color-success)' }} /> {t('seal.open.signatureOk', { signer: result.signature.signer ?? '' })}
                      {result.signature.signingTime ? ` · ${fmtTime(result.signature.signingTime)}` : ''}
                      {result.signature.matchesBidder && <div><Typography.Text type="secondary">{t('seal.open.matchesBidder')}</Typography.Text></div>}
                    </span>
                  ) : (
                    <span>
                      <CloseCircleOutlined /> {t('seal.open.signatureBad')}
                    </span>
                  )}
                </Descriptions.Item>
              </Descriptions>
              <Table
                size="small"
                pagination={false}
                rowKey="name"
                data-testid="open-files"
                dataSource={result.files}
                columns={[
                  { title: t('seal.open.file'), dataIndex: 'name', key: 'name' },
                  { title: t('seal.documents.size'), key: 'size', width: 110, align: 'right', render: (_, f) => (f.size === null ? '—' : formatBytes(f.size)) },
                  { title: t('seal.open.verdict'), key: 'verdict', width: 110, render: (_, f) => <Tag color={f.verdict === 'ok' ? 'success' : 'error'}>{t(`seal.open.verdicts.${f.verdict as 'ok' | 'changed' | 'missing' | 'unlisted'}`)} · SM3</Tag> },
                  { title: '', key: 'x', width: 56, render: (_, f) => f.file && <Button type="link" size="small" icon={<DownloadOutlined />} aria-label={t('seal.result.export')} onClick={() => void exportFile(f.file!.id)} /> },
                ]}
              />
            </div>
          )}
        </Card>
      </Col>
    </Row>
  );
}
