// Runs in the renderer. One bid project: the path prepare → sign → seal → submit for the chosen lot,
// each step saying what is missing before the next can start, and the record of what was sealed and
// submitted. Status comes from projects.status (derived from documents, history and receipts).
import { useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Popover, Segmented, Space, Steps, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, CloudUploadOutlined, FileProtectOutlined, DeleteOutlined, FileAddOutlined, FilePdfOutlined, LockOutlined, PlusOutlined, SignatureOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { useIpc } from '../../hooks/useIpc';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop } from '../../files/FileDrop';
import { StoredFilePicker } from '../../files/StoredFilePicker';
import { IpcFailure, type StoredFileView } from '../../files/store';
import type { IpcError } from '../../../../shared/ipc/contract';
import type { ChecklistItem, Project } from '../../../../shared/workspace/project';
import { STATUS_COLOR, STEP_OF, fmtTime, itemTitle, usePlatforms } from './common';
import { Countdown } from './Countdown';
import { TenderChecklist } from './TenderChecklist';
import { formatBeijingTime } from '../../../../shared/bid/beijing-time';

const UPLOAD_STATES = { queued: 1, uploading: 1, uploaded: 1, failed: 1, refused: 1 } as const;

const CONVERTIBLE = /\.(docx?|odt|rtf|wps)$/i;
const asIpcError = (e: unknown): IpcError => (e instanceof IpcFailure ? (e.error as IpcError) : { code: 'E_INTERNAL', message: String(e) });

export default function ProjectDetail() {
  const { projectId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [rev, setRev] = useState(0);
  const project = useIpc(() => client['projects.get']({ id: projectId }), `${projectId}:${rev}`);
  const status = useIpc(() => client['projects.status']({ id: projectId }), `${projectId}:${rev}`);
  const platforms = usePlatforms();
  const [lotId, setLotId] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const reload = () => setRev((r) => r + 1);

  if (project.status === 'error') return <ErrorAlert title={t('projects.title')} error={project.error} onRetry={project.reload} />;
  const p = project.value;
  if (!p) return <Card loading className="bs-card" />;
  const lang = i18n.language;
  const lot = p.lots.find((l) => l.id === lotId) ?? p.lots[0]!;
  const lotView = status.value?.lots.find((l) => l.lot.id === lot.id);
  const st = lotView?.status ?? 'draft';
  const filesOf = (itemId: string) => status.value?.items.find((i) => i.id === itemId)?.files ?? [];
  const bidderTags = { bidder: p.bidder.uscc, project: p.id };

  /** Applies an edit to the freshest copy (the server refuses stale ones) and reloads. */
  const save = async (edit: (p: Project) => Project) => {
    const fresh = await client['projects.get']({ id: p.id });
    if (!fresh.ok) return setError(fresh.error);
    const r = await client['projects.update'](edit(fresh.value));
    if (!r.ok) setError(r.error);
    else setError(null);
    reload();
  };
  const link = (itemId: string, ids: string[]) => save((q) => ({ ...q, checklist: q.checklist.map((i) => (i.id === itemId ? { ...i, fileIds: [...new Set([...i.fileIds, ...ids])] } : i)) }));
  const unlink = (itemId: string, id: string) => save((q) => ({ ...q, checklist: q.checklist.map((i) => (i.id === itemId ? { ...i, fileIds: i.fileIds.filter((x) => x !== id) } : i)) }));
  const convert = async (itemId: string, f: StoredFileView, linkedId: string) => {
    const r = await client['documents.convert']({ fileId: f.id });
    if (!r.ok) return setError(r.error);
    await save((q) => ({ ...q, checklist: q.checklist.map((i) => (i.id === itemId ? { ...i, fileIds: i.fileIds.map((x) => (x === linkedId ? r.value.id : x)) } : i)) }));
  };
  const addItem = () => save((q) => ({ ...q, checklist: [...q.checklist, { id: `other-${Date.now().toString(36)}`, kind: 'other', title: t('projects.detail.newItemTitle'), required: false, fileIds: [] }] }));

  const missingNames = (lotView?.missing ?? []).map((id) => itemTitle(t, p.checklist.find((i) => i.id === id) ?? { kind: 'other' })).join('、');
  const unsigned = status.value?.items.flatMap((i) => i.files.filter((f) => !f.signed && p.checklist.find((c) => c.id === i.id)?.required)) ?? [];
  const latest = lotView?.records[0];
  const hours = status.value ? Math.floor(status.value.hoursToDeadline) : undefined;

  return (
    <section className="bs-section" data-testid="project-detail" aria-labelledby="project-title">
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/projects')} style={{ paddingLeft: 0 }}>
          {t('projects.detail.back')}
        </Button>
        <Card className="bs-card">
          <Typography.Title level={2} id="project-title" style={{ marginTop: 0 }}>
            {p.title}
          </Typography.Title>
          <Countdown title={p.title} deadline={p.deadline} opening={p.openingTime} />
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
            <Descriptions.Item label={t('projects.detail.bidder')}>{p.bidder.name}</Descriptions.Item>
            <Descriptions.Item label={t('projects.detail.platform')}>{platforms.nameOf(p.platformId, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('projects.detail.tenderNo')}>{p.tenderNo || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('projects.detail.tenderer')}>{p.tenderer || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('projects.detail.deadline')}>
              <span data-testid="project-deadline">{formatBeijingTime(new Date(p.deadline), lang.startsWith('zh') ? 'zh' : 'en')}</span> {hours !== undefined && <Tag color={hours < 0 ? 'default' : hours < 48 ? 'red' : 'blue'}>{hours < 0 ? t('projects.detail.past') : t('projects.detail.hoursLeft', { hours })}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('projects.detail.opening')}><span data-testid="project-opening">{formatBeijingTime(new Date(p.openingTime), lang.startsWith('zh') ? 'zh' : 'en')}</span></Descriptions.Item>
          </Descriptions>
          {p.lots.length > 1 && <Segmented value={lot.id} onChange={(v) => setLotId(String(v))} options={p.lots.map((l) => ({ value: l.id, label: l.name }))} data-testid="project-lots" />}
          <Steps
            style={{ marginTop: 16 }}
            current={STEP_OF[st]}
            data-testid="project-steps"
            items={[
              { title: t('projects.pathSteps.prepare.title'), icon: <FileAddOutlined /> },
              { title: t('projects.pathSteps.sign.title'), icon: <SignatureOutlined /> },
              { title: t('projects.pathSteps.seal.title'), icon: <LockOutlined /> },
              { title: t('projects.pathSteps.upload.title'), icon: <CloudUploadOutlined /> },
            ]}
          />
          <div style={{ marginTop: 8 }}>
            <Tag color={STATUS_COLOR[st]} data-testid="project-lot-status">
              {t(`projects.status.${st}`)}
            </Tag>
          </div>
        </Card>
        {error && <ErrorAlert title={p.title} error={error} />}

        <HintCard title={t('projects.detail.checklistTitle')} hint={t('projects.detail.checklistHint')} extra={<Space wrap><TenderChecklist project={p} onApply={save} /><Button icon={<PlusOutlined />} onClick={addItem}>{t('projects.detail.addItem')}</Button></Space>}>
          <Table<ChecklistItem>
            data-testid="project-checklist"
            rowKey="id"
            pagination={false}
            dataSource={p.checklist}
            columns={[
              {
                title: t('projects.detail.item'),
                key: 'item',
                width: 220,
                render: (_v, item) => (
                  <Space direction="vertical" size={4}>
                    <Typography.Text strong>{itemTitle(t, item)}</Typography.Text>
                    <Space size={4}>
                      <Switch
                        size="small"
                        checked={item.required}
                        aria-label={t('projects.detail.required')}
                        data-testid={`required-${item.id}`}
                        onChange={(required) => void save((q) => ({ ...q, checklist: q.checklist.map((i) => (i.id === item.id ? { ...i, required } : i)) }))}
                      />
                      <Typography.Text type="secondary">{item.required ? t('projects.detail.required') : t('projects.detail.optional')}</Typography.Text>
                      {!item.fileIds.length && (
                        <Button size="small" type="text" danger aria-label={t('projects.detail.removeItem')} icon={<DeleteOutlined />} onClick={() => void save((q) => ({ ...q, checklist: q.checklist.filter((i) => i.id !== item.id) }))} />
                      )}
                    </Space>
                  </Space>
                ),
              },
              {
                title: t('projects.detail.documents'),
                key: 'docs',
                render: (_v, item) => {
                  const files = filesOf(item.id);
                  if (!files.length) return <Typography.Text type="secondary">{t('projects.detail.noDocument')}</Typography.Text>;
                  return (
                    <Space direction="vertical" size={4}>
                      {files.map((f) => (
                        <Space key={f.linkedId} wrap>
                          <FilePdfOutlined />
                          <Typography.Text>{f.current.name}</Typography.Text>
                          {f.current.mediaType === 'application/pdf' || f.current.mediaType === 'application/ofd' ? <Tag color={f.signed ? 'green' : 'gold'}>{f.signed ? t('projects.detail.signedTag') : t('projects.detail.unsignedTag')}</Tag> : null}
                          {CONVERTIBLE.test(f.current.name) && (
                            <Button size="small" onClick={() => void convert(item.id, f.current, f.linkedId)}>
                              {t('projects.detail.convert')}
                            </Button>
                          )}
                          <Button size="small" type="link" danger onClick={() => void unlink(item.id, f.linkedId)}>
                            {t('projects.detail.unlink')}
                          </Button>
                        </Space>
                      ))}
                    </Space>
                  );
                },
              },
              {
                title: '',
                key: 'add',
                width: 300,
                render: (_v, item) => (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <FileDrop compact accept=".pdf,.ofd,.doc,.docx,.wps,.odt,.rtf" tags={{ ...bidderTags, kind: 'document' }} testId={`drop-${item.id}`} onImported={(fs) => void link(item.id, fs.map((f) => f.id))} onError={(e) => setError(asIpcError(e))} />
                    <Space wrap>
                      <Popover trigger="click" content={<div style={{ width: 360 }}><StoredFilePicker tags={{ bidder: p.bidder.uscc }} mediaType={['application/pdf', 'application/ofd']} onChange={(ids) => void link(item.id, ids)} /></div>}>
                        <Button size="small">{t('projects.detail.addFromStore')}</Button>
                      </Popover>
                      {(item.kind === 'bid-letter' || item.kind === 'authorization') && (
                        <Button size="small" data-testid={`generate-${item.kind}`} onClick={() => navigate(`/vault?generate=${item.kind}&project=${p.id}&item=${item.id}`)}>
                          {t('projects.detail.generate')}
                        </Button>
                      )}
                    </Space>
                  </Space>
                ),
              },
            ]}
          />
        </HintCard>

        <HintCard title={t('projects.detail.signTitle')} hint={t('projects.detail.signHint')}>
          {lotView?.missing.length ? <Alert type="warning" showIcon title={t('projects.detail.missingFirst', { items: missingNames })} /> : null}
          {unsigned.length === 0 && !lotView?.missing.length ? <Alert type="success" showIcon title={t('projects.detail.allSigned')} /> : null}
          <Space direction="vertical" style={{ marginTop: 8 }}>
            {unsigned.map((f) => (
              <Space key={f.current.id}>
                <Typography.Text>{f.current.name}</Typography.Text>
                <Button size="small" type="primary" icon={<SignatureOutlined />} data-testid={`sign-${f.current.id}`} onClick={() => navigate(`/documents?file=${f.current.id}&project=${p.id}`)}>
                  {t('projects.detail.signDocument')}
                </Button>
              </Space>
            ))}
          </Space>
        </HintCard>

        <HintCard title={t('projects.detail.sealTitle')} hint={t('projects.detail.sealHint')}>
          <Space>
            <Button type="primary" icon={<LockOutlined />} disabled={STEP_OF[st] < 2} data-testid="project-seal" onClick={() => navigate(`/seal?project=${p.id}&lot=${lot.id}`)}>
              {t('projects.detail.sealNow')}
            </Button>
            {STEP_OF[st] < 2 && <Typography.Text type="secondary">{t('projects.detail.sealNeedsSigned')}</Typography.Text>}
          </Space>
        </HintCard>

        <HintCard title={t('projects.detail.uploadTitle')} hint={t('projects.detail.uploadHint')}>
          <Space>
            <Button type="primary" icon={<CloudUploadOutlined />} disabled={!latest} data-testid="project-upload" onClick={() => latest && navigate(`/upload?record=${latest.id}${latest.sealedFileId ? `&file=${latest.sealedFileId}` : ''}&platform=${p.platformId}&project=${p.id}`)}>
              {t('projects.detail.uploadNow')}
            </Button>
            {!latest && <Typography.Text type="secondary">{t('projects.detail.uploadNeedsSealed')}</Typography.Text>}
          </Space>
        </HintCard>

        <Card className="bs-card" title={t('projects.detail.historyTitle')}>
          <Table
            data-testid="project-history"
            rowKey="id"
            size="small"
            pagination={false}
            locale={{ emptyText: t('projects.detail.historyEmpty') }}
            dataSource={lotView?.records ?? []}
            columns={[
              { title: t('projects.detail.sealedAt'), dataIndex: 'createdAt', render: (v: string) => fmtTime(v, lang) },
              { title: t('projects.detail.sm3'), dataIndex: 'sm3', render: (v: string) => <Typography.Text code copyable={{ text: v }}>{v.slice(0, 16)}…</Typography.Text> },
              { title: t('projects.detail.backup'), dataIndex: 'backupPath', render: (v?: string) => (v ? <Typography.Text copyable>{v}</Typography.Text> : '—') },
              {
                title: t('projects.detail.uploads'),
                key: 'uploads',
                render: (_v, r) =>
                  r.uploads.length ? (
                    r.uploads.map((u, i) => {
                      const label = `${u.receipted ? t('projects.detail.receipted') : u.status === 'portal' ? t('upload.portal.handedIn') : u.status in UPLOAD_STATES ? t(`projects.detail.uploadStates.${u.status as keyof typeof UPLOAD_STATES}`) : u.status} · ${fmtTime(u.at, lang)}`;
                      // a receipt opens in the upload page's receipt view (the sealed file's outbox row, expanded)
                      return u.receipted && r.sealedFileId ? (
                        <Tooltip key={i} title={t('projects.detail.receiptOpen')}>
                          <Button size="small" type="link" className="bs-tag-link" icon={<FileProtectOutlined />} onClick={() => navigate(`/upload?receipt=${r.sealedFileId}`)} data-testid="project-receipt-open">
                            {label}
                          </Button>
                        </Tooltip>
                      ) : (
                        <Tag key={i} color={u.receipted ? 'green' : u.status === 'portal' ? 'blue' : u.status === 'uploaded' ? 'cyan' : u.status === 'failed' || u.status === 'refused' ? 'red' : 'default'}>
                          {label}
                        </Tag>
                      );
                    })
                  ) : (
                    <Typography.Text type="secondary">{t('projects.detail.notUploaded')}</Typography.Text>
                  ),
              },
            ]}
          />
        </Card>
      </Space>
    </section>
  );
}

/** A card of the project page: its title, one line on what it is for, then its content. */
function HintCard({ title, hint, extra, children }: { title: ReactNode; hint: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card className="bs-card" title={title} extra={extra}>
      <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
      {children}
    </Card>
  );
}
